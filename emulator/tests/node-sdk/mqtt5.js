// An independent MQTT 5 client (npm `mqtt` 5) judges the emulator's MQTT 5: a login with
// properties and Aliyun's CONNACK properties read back, user properties on a cloud message, a
// topic alias used by the client, no local, and the version lock seen from 3.1.1 afterwards.
//
// Usage: node mqtt5.js WS_URL HTTP_URL PRODUCT_KEY DEVICE_NAME DEVICE_SECRET
// Prints one line per step; exits 0 when every step passed, 1 with the reason otherwise.
'use strict';

const crypto = require('crypto');
const mqtt = require('mqtt');

const [wsUrl, httpUrl, productKey, deviceName, deviceSecret] = process.argv.slice(2);
if (!deviceSecret) {
  console.error('usage: node mqtt5.js WS_URL HTTP_URL PRODUCT_KEY DEVICE_NAME DEVICE_SECRET');
  process.exit(2);
}

const step = (name) => console.log(`ok - ${name}`);
const fail = (why) => { throw new Error(why); };

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
  if (!res.ok) fail(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function logHas(predicate, what) {
  for (let i = 0; i < 50; i++) {
    const { entries } = await api('GET', `/api/log?productKey=${productKey}&deviceName=${deviceName}`);
    const hit = entries.find(predicate);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fail(`the emulator's log never showed ${what}`);
}

function options(protocolVersion, id) {
  const content = `clientId${id}deviceName${deviceName}productKey${productKey}`;
  return {
    protocolVersion,
    clientId: `${id}|securemode=3,signmethod=hmacsha1|`,
    username: `${deviceName}&${productKey}`,
    password: crypto.createHmac('sha1', deviceSecret).update(content).digest('hex'),
    keepalive: 60,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  };
}

function connect(opts) {
  return within(8000, 'CONNACK', (ok, ko) => {
    const client = mqtt.connect(wsUrl, opts);
    client.once('connect', (connack) => ok({ client, connack }));
    client.once('error', (e) => { client.end(true); ko(e); });
  });
}

async function main() {
  const { client, connack } = await connect({
    ...options(5, 'judge5'),
    properties: { userProperties: { purpose: 'judge' }, receiveMaximum: 16 },
  });
  const p = connack.properties || {};
  const want = {
    maximumQoS: 1, retainAvailable: true, maximumPacketSize: 262144, topicAliasMaximum: 20,
    wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: false,
    sharedSubscriptionAvailable: true, serverKeepAlive: 60,
  };
  for (const [name, value] of Object.entries(want)) {
    if (p[name] !== value) fail(`CONNACK ${name} is ${JSON.stringify(p[name])}, expected ${value}`);
  }
  step('MQTT 5 login with properties; CONNACK carries Aliyun\'s capabilities and echoes keepalive 60');

  const getTopic = `/${productKey}/${deviceName}/user/get`;
  await within(5000, 'SUBACK', (ok, ko) => client.subscribe(getTopic, { qos: 1 }, (e, g) => (e ? ko(e) : ok(g))));
  const received = within(5000, 'the cloud message', (ok) => {
    client.on('message', (topic, payload, packet) => {
      if (topic === getTopic && payload.toString() === 'with properties') ok(packet);
    });
  });
  await api('POST', '/api/publish', {
    topic: getTopic, payload: 'with properties', qos: 1,
    userProperties: [{ key: 'trace', value: 'a' }, { key: 'region', value: 'local' }],
  });
  const packet = await received;
  const props = (packet.properties && packet.properties.userProperties) || {};
  if (props.trace !== 'a' || props.region !== 'local') fail(`user properties: ${JSON.stringify(props)}`);
  step('a cloud message from the HTTP API arrives with its user properties');

  const updateTopic = `/${productKey}/${deviceName}/user/update`;
  await within(5000, 'PUBACK with alias', (ok, ko) => client.publish(updateTopic, 'alias set', { qos: 1, properties: { topicAlias: 1 } }, (e) => (e ? ko(e) : ok())));
  await within(5000, 'PUBACK by alias', (ok, ko) => client.publish('', 'alias used', { qos: 1, properties: { topicAlias: 1 } }, (e) => (e ? ko(e) : ok())));
  await logHas((e) => e.kind === 'publish_up' && e.topic === updateTopic && e.payload === 'alias used', 'the message sent by alias');
  step('topic alias 1 set, then used with an empty topic; the emulator resolved it');

  const own = `/sys/${productKey}/${deviceName}/thing/deviceinfo/update`;
  let echoes = 0;
  client.on('message', (topic) => { if (topic === own) echoes += 1; });
  await within(5000, 'SUBACK', (ok, ko) => client.subscribe(own, { qos: 1, nl: false }, (e, g) => (e ? ko(e) : ok(g))));
  await within(5000, 'PUBACK', (ok, ko) => client.publish(own, '{}', { qos: 1 }, (e) => (e ? ko(e) : ok())));
  await new Promise((r) => setTimeout(r, 300));
  if (echoes !== 1) fail(`without no local the device got ${echoes} copies of its own message`);
  await within(5000, 'SUBACK', (ok, ko) => client.subscribe(own, { qos: 1, nl: true }, (e, g) => (e ? ko(e) : ok(g))));
  await within(5000, 'PUBACK', (ok, ko) => client.publish(own, '{}', { qos: 1 }, (e) => (e ? ko(e) : ok())));
  await new Promise((r) => setTimeout(r, 300));
  if (echoes !== 1) fail('with no local the device still got its own message');
  step('no local: the own message comes back without it, not with it');
  await new Promise((r) => client.end(false, {}, r));

  let refused = null;
  try {
    const old = await connect(options(4, 'judge311'));
    old.client.end(true);
  } catch (e) {
    refused = e;
  }
  if (!refused || refused.code !== 1) fail(`3.1.1 after MQTT 5: ${refused ? refused.message : 'accepted'}`);
  const lock = await api('GET', `/api/version-lock?productKey=${productKey}&deviceName=${deviceName}`);
  if (lock.mqtt5Locked !== true) fail(`version lock: ${JSON.stringify(lock)}`);
  step('version lock: a 3.1.1 login after MQTT 5 gets CONNACK 1');

  await api('DELETE', `/api/version-lock?productKey=${productKey}&deviceName=${deviceName}`);
  const again = await connect(options(4, 'judge311'));
  again.client.end(true);
  step('the lock cleared through the HTTP API; 3.1.1 logs in again');
}

main().then(
  () => process.exit(0),
  (e) => { console.log(`not ok - ${e.message}`); process.exit(1); },
);
