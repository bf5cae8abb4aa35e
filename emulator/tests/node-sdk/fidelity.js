// Aliyun's official Node device SDK (alibabacloud-iot-device-sdk) judges the emulator: if the
// SDK can connect, subscribe, publish, post properties and receive a cloud message, and is
// refused with CONNACK 4 for a wrong DeviceSecret, the emulator speaks Aliyun's dialect.
//
// Usage: node fidelity.js WS_URL HTTP_URL PRODUCT_KEY DEVICE_NAME DEVICE_SECRET
// Prints one line per step; exits 0 when every step passed, 1 with the reason otherwise.
'use strict';

const iot = require('alibabacloud-iot-device-sdk');

const [wsUrl, httpUrl, productKey, deviceName, deviceSecret] = process.argv.slice(2);
if (!deviceSecret) {
  console.error('usage: node fidelity.js WS_URL HTTP_URL PRODUCT_KEY DEVICE_NAME DEVICE_SECRET');
  process.exit(2);
}

const step = (name) => console.log(`ok - ${name}`);

function within(ms, what, executor) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    executor(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}

async function api(method, path, body) {
  const res = await fetch(httpUrl + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function logHas(predicate, what) {
  for (let i = 0; i < 50; i++) {
    const { entries } = await api('GET', `/api/log?productKey=${productKey}&deviceName=${deviceName}`);
    const hit = entries.find(predicate);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the emulator's log never showed ${what}`);
}

async function main() {
  const device = iot.device({ productKey, deviceName, deviceSecret, brokerUrl: wsUrl, keepalive: 60 });
  await within(10000, 'CONNACK 0', (ok, fail) => {
    device.on('connect', ok);
    device.on('error', (e) => fail(new Error(`connect failed: ${e && e.message}`)));
  });
  step('connected over ws:// with the SDK\'s own client id, username and hmacsha1 signature');

  const getTopic = `/${productKey}/${deviceName}/user/get`;
  const granted = await within(5000, 'SUBACK', (ok, fail) => {
    device.subscribe(getTopic, { qos: 1 }, (err, res) => (err ? fail(err) : ok(res)));
  });
  if (!granted || granted[0].qos === 128) throw new Error(`subscribe refused: ${JSON.stringify(granted)}`);
  step(`subscribed ${getTopic} (granted QoS ${granted[0].qos})`);

  const updateTopic = `/${productKey}/${deviceName}/user/update`;
  const text = `hello from the official SDK ${Date.now()}`;
  device.publish(updateTopic, text);
  await logHas((e) => e.kind === 'publish_up' && e.topic === updateTopic && e.payload === text, 'the SDK\'s publish');
  step(`published to ${updateTopic}; the emulator logged it`);

  const reply = await within(5000, 'property post_reply', (ok) => {
    device.postProps({ Temperature: 21.5, Humidity: 40 }, ok);
  });
  if (!reply || reply.code !== 200) throw new Error(`property post reply: ${JSON.stringify(reply)}`);
  step(`posted properties; post_reply code ${reply.code}`);

  const cloudText = `hello from the cloud ${Date.now()}`;
  const received = within(5000, 'the cloud-to-device message', (ok) => {
    device.on('message', (topic, payload) => {
      if (topic === getTopic && payload.toString() === cloudText) ok();
    });
  });
  const sent = await api('POST', '/api/publish', { topic: getTopic, payload: cloudText, qos: 1 });
  if (!sent.delivered) throw new Error(`HTTP publish not delivered: ${JSON.stringify(sent)}`);
  await received;
  step('received a message published through the HTTP API');
  device.end();

  const impostor = iot.device({ productKey, deviceName, deviceSecret: 'not-the-secret', brokerUrl: wsUrl, keepalive: 60 });
  const refusal = await within(10000, 'a refusal', (ok, fail) => {
    impostor.on('connect', () => fail(new Error('a wrong DeviceSecret was accepted')));
    impostor.on('error', (args) => ok(Array.isArray(args) ? args[0] : args));
  });
  impostor.end(true);
  if (!refusal || refusal.code !== 4) throw new Error(`expected CONNACK 4, got ${refusal && refusal.code}: ${refusal && refusal.message}`);
  step(`a wrong DeviceSecret is refused with CONNACK ${refusal.code} (${refusal.message})`);
}

main().then(
  () => process.exit(0),
  (e) => { console.error(`not ok - ${e.message}`); process.exit(1); },
);
