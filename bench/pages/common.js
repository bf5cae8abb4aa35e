// Shared by every benchmark page (and injected into the console): `window.bench` is what the
// harness (bench/src) reads. Each page sets `bench.count` as messages arrive and calls
// `bench.seen()` after each one; the harness calls `bench.expect(n)` before a stream starts.
(function () {
  const b = (window.bench = window.bench || {});
  b.count = b.count || 0;
  b.longest = 0;
  b.longtasks = 0;
  // Registered at once, so it sees every task of the stream that the harness starts later.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.longtasks += 1;
        if (e.duration > b.longest) b.longest = e.duration;
      }
    }).observe({ type: "longtask" });
  } catch (e) {
    b.longtaskError = String(e);
  }
  b.resetLongtasks = () => {
    b.longest = 0;
    b.longtasks = 0;
  };
  // The next `n` messages: the first one seen and the moment the last one is seen.
  b.expect = (n) => {
    b.target = b.count + n;
    b.firstAt = undefined;
    b.firstCount = undefined;
    b.doneAt = undefined;
  };
  b.seen = () => {
    if (b.firstAt === undefined && b.target !== undefined) {
      b.firstAt = performance.now();
      b.firstCount = b.count;
    }
    if (b.doneAt === undefined && b.count >= b.target) b.doneAt = performance.now();
  };
  // Messages per second between the first and the last message of the stream.
  b.rate = () =>
    b.doneAt === undefined || b.doneAt <= b.firstAt
      ? null
      : ((b.target - b.firstCount) * 1000) / (b.doneAt - b.firstAt);
  // Memory after a full garbage collection (Chromium runs with --expose-gc and precise
  // memory info): the JS heap, and the wasm memory where the page has one.
  b.memory = () => {
    if (window.gc) {
      window.gc();
      window.gc();
    }
    const js = performance.memory ? performance.memory.usedJSHeapSize : null;
    return { js, wasm: b.wasmMemory ? b.wasmMemory() : 0 };
  };
  b.sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  b.frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  // `n` publish → echo round trips, one at a time (times are performance.now() values).
  // `once` publishes and resolves with `engine` (the echo received), `shown` (the echo on
  // screen, for pages that show it) and `start` (when the publish call began, for a page whose
  // publish is a click, so that `engine` is timed from the same point as mqtt.js's `publish()`;
  // the time from the click is kept as `clicked`).
  b.roundTrips = async (n, once) => {
    const engine = [];
    const shown = [];
    const clicked = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const t = await once();
      engine.push(t.engine - (t.start === undefined ? t0 : t.start));
      if (t.start !== undefined) clicked.push(t.engine - t0);
      if (t.shown !== undefined) shown.push(t.shown - t0);
      await b.sleep(5);
    }
    b.rtt = { engine, shown, clicked };
  };
  // The page's URL names the broker: ?ws=ws://127.0.0.1:PORT
  b.broker = new URLSearchParams(location.search).get("ws");
  b.payload = "x".repeat(100);
})();
