// The mqtt.js pages (b) and (c): subscribe to bench/#, count messages, and with `list` append
// each one to the DOM.
function benchMqttJs(list) {
  const b = window.bench;
  const echoTopic = list ? "bench/echo/c" : "bench/echo/b";
  let onEcho = null;
  const client = mqtt.connect(b.broker, {
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    clientId: "bench-mqttjs-" + Math.floor(Math.random() * 1e9),
  });
  client.on("connect", () => {
    b.connackAt = performance.now();
    client.subscribe("bench/#", { qos: 0 }, (err) => {
      if (err) b.closed = "subscribe failed: " + err.message;
      else b.ready = true;
    });
  });
  client.on("error", (e) => { b.closed = "mqtt.js error: " + e.message; });
  client.on("message", list
    ? (topic, payload) => {
        const li = document.createElement("li");
        li.textContent = topic + " " + payload.toString();
        list.appendChild(li);
        b.count += 1;
        b.seen();
        if (onEcho !== null && topic === echoTopic) { const r = onEcho; onEcho = null; r(); }
      }
    : (topic) => {
        b.count += 1;
        b.seen();
        if (onEcho !== null && topic === echoTopic) { const r = onEcho; onEcho = null; r(); }
      });
  b.loadToConnack = () => b.connackAt;
  b.startRoundTrips = (n) => b.roundTrips(n, () => new Promise((resolve) => {
    onEcho = async () => {
      const engine = performance.now();
      // With a list, the echo is shown in the frame after it was appended.
      resolve(list ? { engine, shown: await b.frame() } : { engine });
    };
    client.publish(echoTopic, b.payload, { qos: 0 });
  }));
}
