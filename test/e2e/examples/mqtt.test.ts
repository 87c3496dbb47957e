// The MQTT bridge example against a real broker (mosquitto) and the demo car: Home Assistant
// discovery configs and the state arrive retained, and commands from MQTT topics reach the car.
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { ALL_NODES, helper, isVehicleState, loggedErrors, readExample } from './example-flows';
import { startMosquitto } from './mosquitto';
import type { Broker } from './mosquitto';

interface Received {
  topic: string;
  text: string;
  retain: boolean;
}

/** A client that records every message on `hyundai-kia/#` and `homeassistant/#`. */
async function listen(url: string): Promise<{ client: MqttClient; got: Received[] }> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const got: Received[] = [];
  client.on('message', (topic, payload, packet) => got.push({ topic, text: payload.toString(), retain: packet.retain }));
  await client.subscribeAsync(['hyundai-kia/#', 'homeassistant/#'], { qos: 1 });
  return { client, got };
}

async function until<T>(find: () => T | undefined, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const CONFIG_TOPIC = /^homeassistant\/(sensor|binary_sensor|lock|switch)\/([A-Za-z0-9_-]+)\/config$/;
const isConfig = (m: Received): boolean => CONFIG_TOPIC.test(m.topic);

describe('mqtt-home-assistant.json against mosquitto (demo region)', function () {
  let broker: Broker | undefined;
  const clients: MqttClient[] = [];

  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await helper.unload();
    await broker?.stop();
  });

  it('publishes retained discovery configs and the state; LOCK / UNLOCK on the lock command topic move the car', async function () {
    this.timeout(30_000);
    const url = (broker as Broker).url;
    const flow = readExample('mqtt-home-assistant.json').map((node) =>
      node.type === 'mqtt-broker' ? { ...node, port: String((broker as Broker).port) } : node,
    );
    const live = await listen(url);
    clients.push(live.client);
    await helper.load(ALL_NODES, flow);

    // The state, and the configs of the demo EV: 3 sensors, 2 binary sensors, the lock, 2 switches.
    const first = await until(() => live.got.find((m) => /^hyundai-kia\/[^/]+\/state$/.test(m.topic)), 'the state topic', 8000);
    const car = first.topic.split('/')[1];
    const state = JSON.parse(first.text);
    assert.ok(isVehicleState(state));
    assert.equal(state.locked, true, 'the demo car starts locked');
    await until(() => (live.got.filter(isConfig).length >= 8 ? true : undefined), '8 discovery configs', 3000);

    // A client that comes later (Home Assistant after a restart) gets all of it, retained.
    const late = await listen(url);
    clients.push(late.client);
    await until(() => (late.got.filter(isConfig).length >= 8 && late.got.some((m) => m.topic.endsWith('/state')) ? true : undefined), 'retained copies', 3000);
    assert.ok(late.got.every((m) => m.retain), 'every message a late subscriber gets is retained');
    const configs = late.got.filter(isConfig).map((m) => {
      const [, component, objectId] = CONFIG_TOPIC.exec(m.topic) as RegExpExecArray;
      return { component, objectId, config: JSON.parse(m.text) as Record<string, any> };
    });
    const uniqueIds = configs.map((c) => c.config.unique_id);
    assert.equal(new Set(uniqueIds).size, configs.length, 'unique_id is set and unique');
    for (const { objectId, config } of configs) {
      assert.equal(config.unique_id, objectId);
      assert.equal(config.state_topic, `hyundai-kia/${car}/state`);
      assert.ok(config.name && config.value_template && config.device?.identifiers?.length, objectId);
    }
    const named = (component: string): string[] => configs.filter((c) => c.component === component).map((c) => c.config.name).sort();
    assert.deepEqual(named('sensor'), ['12 V battery', 'Battery', 'Range']);
    assert.deepEqual(named('binary_sensor'), ['Charging', 'Plugged in']);
    assert.deepEqual(named('lock'), ['Doors']);
    assert.deepEqual(named('switch'), ['Charge', 'Climate']);
    const command = (component: string, name: string): string => {
      const found = configs.find((c) => c.component === component && c.config.name === name);
      return String(found?.config.command_topic);
    };
    assert.equal(command('lock', 'Doors'), `hyundai-kia/${car}/lock/set`);
    assert.equal(command('switch', 'Climate'), `hyundai-kia/${car}/climate/set`);
    assert.equal(command('switch', 'Charge'), `hyundai-kia/${car}/charging/set`);
    assert.doesNotMatch(JSON.stringify(late.got), /\b[A-HJ-NPR-Z0-9]{17}\b/, 'no VIN in a topic or a payload');

    // Commands, as Home Assistant sends them.
    const lockedAfter = async (payload: string, locked: boolean): Promise<void> => {
      const from = live.got.length;
      await live.client.publishAsync(command('lock', 'Doors'), payload, { qos: 1 });
      await until(
        () => live.got.slice(from).find((m) => m.topic === `hyundai-kia/${car}/state` && JSON.parse(m.text).locked === locked),
        `the state locked: ${locked} after ${payload}`,
        10_000,
      );
    };
    await lockedAfter('UNLOCK', false);
    await lockedAfter('LOCK', true);

    // An unknown command is ignored with a warning, not sent to the car.
    await live.client.publishAsync(`hyundai-kia/${car}/lock/set`, 'OPEN', { qos: 1 });
    await until(
      () => (helper.log().args.some((a) => /ignored lock "OPEN"/.test(String((a[0] as { msg: unknown }).msg))) ? true : undefined),
      'the warning',
      2000,
    );

    // Home Assistant announcing itself gets the configs again.
    const before = live.got.filter(isConfig).length;
    await live.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
    await until(() => (live.got.filter(isConfig).length >= before + 8 ? true : undefined), 'the configs again', 3000);
    assert.deepEqual(loggedErrors(), []);
  });
});
