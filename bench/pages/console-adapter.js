// Injected into the console (d) after it connected and subscribed, after common.js: reads what
// the console shows (`message-count`) and the counters it keeps on `window.mqttConsole`.
(function () {
  const b = window.bench;
  const c = () => window.mqttConsole || {};
  const countEl = document.querySelector('[data-testid="message-count"]');
  const send = document.querySelector('[data-testid="pub-send"]');
  const read = () => parseInt(countEl.textContent, 10) || 0;
  let onShown = null;
  b.count = read();
  // The count is shown once per animation frame; each change is a mutation of its text.
  new MutationObserver(() => {
    b.count = read();
    b.seen();
    if (onShown !== null) { const r = onShown; onShown = null; r(performance.now()); }
  }).observe(countEl, { characterData: true, childList: true, subtree: true });
  b.wasmMemory = () => c().wasmMemory || 0;
  // The page mounted, then (after the harness clicked Connect) the handshake took this long.
  b.loadToConnack = () => c().mountedAt + (c().connackAt - c().connectAt);
  b.startRoundTrips = (n) => b.roundTrips(n, () => new Promise((resolve) => {
    onShown = (shown) => resolve({ start: c().publishAt, engine: c().receivedAt, shown });
    send.click();
  }));
  b.ready = true;
})();
