// The MQTT bridge example against a real broker (mosquitto) and the demo car: Home Assistant
// discovery configs and the state arrive retained, commands from MQTT topics reach the car, the
// templates render (real Jinja2, as Home Assistant does) also on null values, and the availability
// topic says "offline" when Node-RED stops and, by the last will, when it dies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { ALL_NODES, helper, isVehicleState, loggedErrors, readExample } from './example-flows';
import { startMosquitto } from './mosquitto';
import type { Broker } from './mosquitto';
import { NodeRed } from '../harness';

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

const CONFIG_TOPIC = /^homeassistant\/(sensor|binary_sensor|lock|switch|device_tracker)\/([A-Za-z0-9_-]+)\/config$/;
const isConfig = (m: Received): boolean => CONFIG_TOPIC.test(m.topic);
const AVAILABILITY = 'hyundai-kia/bridge/availability';
/** The demo EV's entities: 4 sensors, 2 binary sensors, the lock, 2 switches and the tracker. */
const ENTITIES = 10;

/** Renders Home Assistant templates with Jinja2 (what Home Assistant uses), `value_json` set per case. */
function renderJinja(cases: Array<{ template: string; value_json: unknown }>): string[] {
  const script = [
    'import json, sys, jinja2',
    'env = jinja2.Environment()',
    'cases = json.load(sys.stdin)',
    "print(json.dumps([env.from_string(c['template']).render(value_json=c['value_json']) for c in cases]))",
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 with jinja2 (Debian: python3-jinja2) failed: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

/** A VehicleState the car reported nothing in: every field present and null, as the contract says. */
function nothingReported(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(state).map((key) => [key, null]));
}

/** The example, pointed at the test's broker. */
function bridgeFlow(broker: Broker): ReturnType<typeof readExample> {
  return readExample('mqtt-home-assistant.json').map((node) => (node.type === 'mqtt-broker' ? { ...node, port: String(broker.port) } : node));
}

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
    const flow = bridgeFlow(broker as Broker);
    const live = await listen(url);
    clients.push(live.client);
    await helper.load(ALL_NODES, flow);

    // The state, and the configs of the demo EV: 3 sensors, 2 binary sensors, the lock, 2 switches.
    const first = await until(() => live.got.find((m) => /^hyundai-kia\/[^/]+\/state$/.test(m.topic)), 'the state topic', 8000);
    const car = first.topic.split('/')[1];
    const state = JSON.parse(first.text);
    assert.ok(isVehicleState(state));
    assert.equal(state.locked, true, 'the demo car starts locked');
    await until(() => (live.got.filter(isConfig).length >= ENTITIES ? true : undefined), `${ENTITIES} discovery configs`, 3000);

    // A client that comes later (Home Assistant after a restart) gets all of it, retained.
    const late = await listen(url);
    clients.push(late.client);
    await until(
      () => (late.got.filter(isConfig).length >= ENTITIES && late.got.some((m) => m.topic.endsWith('/state')) && late.got.some((m) => m.topic === AVAILABILITY) ? true : undefined),
      'retained copies',
      3000,
    );
    assert.equal(late.got.find((m) => m.topic === AVAILABILITY)?.text, 'online', 'the bridge says it is online');
    assert.ok(late.got.every((m) => m.retain), 'every message a late subscriber gets is retained');
    const configs = late.got.filter(isConfig).map((m) => {
      const [, component, objectId] = CONFIG_TOPIC.exec(m.topic) as RegExpExecArray;
      return { component, objectId, config: JSON.parse(m.text) as Record<string, any> };
    });
    const uniqueIds = configs.map((c) => c.config.unique_id);
    assert.equal(new Set(uniqueIds).size, configs.length, 'unique_id is set and unique');
    for (const { component, objectId, config } of configs) {
      assert.equal(config.unique_id, objectId);
      assert.equal(config.availability_topic, AVAILABILITY, objectId);
      assert.deepEqual([config.payload_available, config.payload_not_available], ['online', 'offline']);
      assert.equal(config.device?.manufacturer, 'Kia', 'the brand (the tab\'s BRAND), not "Hyundai / Kia"');
      if (component === 'device_tracker') {
        assert.equal(config.json_attributes_topic, `hyundai-kia/${car}/state`);
        assert.equal(config.source_type, 'gps');
      } else {
        assert.equal(config.state_topic, `hyundai-kia/${car}/state`);
        assert.ok(config.name && config.value_template && config.device?.identifiers?.length, objectId);
      }
    }
    const named = (component: string): string[] => configs.filter((c) => c.component === component).map((c) => c.config.name).sort();
    assert.deepEqual(named('sensor'), ['12 V battery', 'EV battery', 'Odometer', 'Range']);
    assert.deepEqual(named('device_tracker'), ['Location']);
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

    // The templates as Home Assistant renders them: the car's values, and "None" (unknown) where the car reported nothing.
    const templated = configs.filter((c) => c.config.value_template);
    const template = (name: string): string => String(templated.find((c) => c.config.name === name)?.config.value_template);
    const real = renderJinja(templated.map((c) => ({ template: c.config.value_template, value_json: state })));
    assert.deepEqual(
      Object.fromEntries(templated.map((c, i) => [c.config.name, real[i]])),
      {
        Doors: 'LOCKED',
        Climate: state.climate.on ? 'ON' : 'OFF',
        Range: String(state.range.value),
        Odometer: String(state.odometer.value),
        '12 V battery': String(state.battery12v.soc),
        'EV battery': String(state.ev.soc),
        Charging: state.ev.charging ? 'ON' : 'OFF',
        'Plugged in': state.ev.pluggedIn ? 'ON' : 'OFF',
        Charge: state.ev.charging ? 'ON' : 'OFF',
      },
    );
    const empty = nothingReported(state);
    const unknown = renderJinja(templated.map((c) => ({ template: c.config.value_template, value_json: empty })));
    assert.deepEqual(unknown, templated.map(() => 'None'), 'a value the car did not report renders "None" (unknown), not an error');
    const partly = { ...state, ev: { ...state.ev, soc: null, charging: null }, climate: { ...state.climate, on: null } };
    assert.deepEqual(renderJinja(['EV battery', 'Charging', 'Climate'].map((name) => ({ template: template(name), value_json: partly }))), ['None', 'None', 'None']);
    const tracker = configs.find((c) => c.component === 'device_tracker')?.config as Record<string, string>;
    const [where, nowhere] = renderJinja([
      { template: tracker.json_attributes_template, value_json: state },
      { template: tracker.json_attributes_template, value_json: empty },
    ]);
    assert.deepEqual(JSON.parse(where), { latitude: state.location.lat, longitude: state.location.lon, gps_accuracy: 10 });
    assert.deepEqual(JSON.parse(nowhere), {});

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
    await until(() => (live.got.filter(isConfig).length >= before + ENTITIES ? true : undefined), 'the configs again', 3000);
    assert.deepEqual(loggedErrors(), []);

    // Node-RED stops the flow (a deploy, a clean shutdown): the bridge says goodbye, retained.
    await helper.unload();
    const gone = await listen(url);
    clients.push(gone.client);
    await until(() => (gone.got.find((m) => m.topic === AVAILABILITY)?.text === 'offline' ? true : undefined), 'availability offline after a stop', 3000);
  });

  it('goes "offline" by its last will when Node-RED dies without a goodbye', async function () {
    this.timeout(60_000);
    const url = (broker as Broker).url;
    const red = await NodeRed.start();
    try {
      await red.deploy(bridgeFlow(broker as Broker));
      const watcher = await listen(url);
      clients.push(watcher.client);
      await until(() => (watcher.got.filter((m) => m.topic === AVAILABILITY).at(-1)?.text === 'online' ? true : undefined), 'online', 10_000);
      const from = watcher.got.length;
      await red.kill();
      // mosquitto publishes the will once it notices the dead connection (at once for a closed socket).
      await until(() => (watcher.got.slice(from).some((m) => m.topic === AVAILABILITY && m.text === 'offline') ? true : undefined), 'the last will', 10_000);
      const later = await listen(url);
      clients.push(later.client);
      await until(() => (later.got.find((m) => m.topic === AVAILABILITY)?.text === 'offline' ? true : undefined), 'the will, retained', 3000);
    } finally {
      await red.stop();
    }
  });
});
