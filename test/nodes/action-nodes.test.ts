// The five action nodes in a real Node-RED runtime against the simulator: the message contract,
// overrides, errors at a Catch node with msg.errorDetails, and INVALID_INPUT costing no cloud call.
import assert from 'node:assert/strict';
import { NODES, account, actionFlow, helper, roundTrip, until } from './flow-helper';
import { cloudCalls, startSim } from './sim';
import type { Sim } from './sim';

describe('action nodes (against the simulator)', function () {
  let sim: Sim;
  const creds = (): Record<string, Record<string, string>> => ({
    acc: { username: sim.credentials.eu.username, password: sim.credentials.eu.password, pin: sim.credentials.eu.pin },
  });
  const flowWith = (node: Record<string, unknown>) =>
    actionFlow({ id: 'n1', account: 'acc', ...node } as never, account('acc', { apiBaseUrl: sim.url }));

  before(async () => {
    sim = await startSim();
  });
  after(() => sim.close());
  afterEach(() => helper.unload());

  it('status: sends the VehicleState with msg.vehicle, msg.stale, msg.lastUpdated, and keeps other properties', async () => {
    await helper.load(NODES, flowWith({ type: 'hyundai-kia-status', mode: 'cached' }), creds());
    const { at, msg } = await roundTrip('n1', { payload: 1732520000000, topic: 'car', keep: { a: 1 } });
    assert.equal(at, 'out', JSON.stringify(msg.error));
    const state = msg.payload as Record<string, unknown>;
    for (const field of ['updatedAt', 'locked', 'doors', 'windows', 'climate', 'ev', 'range', 'odometer', 'battery12v', 'tires']) {
      assert.ok(field in state, `VehicleState.${field}`);
    }
    const vehicle = msg.vehicle as Record<string, unknown>;
    assert.equal(typeof vehicle.id, 'string');
    assert.equal(typeof msg.stale, 'boolean');
    assert.equal(msg.lastUpdated, state.updatedAt);
    assert.equal(msg.topic, 'car');
    assert.deepEqual(msg.keep, { a: 1 });
  });

  it('lock: a string payload is the action and overrides the property', async () => {
    await helper.load(NODES, flowWith({ type: 'hyundai-kia-lock', action: 'lock', confirm: false }), creds());
    const { at, msg } = await roundTrip('n1', { payload: 'unlock' });
    assert.equal(at, 'out', JSON.stringify(msg.error));
    const result = msg.payload as Record<string, unknown>;
    assert.match(String(result.command), /unlock/i);
    assert.equal(result.result, 'sent');
    assert.equal(sim.counters().commands, 1);
  });

  it('climate, windows and charge: object payloads override the properties', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, RegExp]> = [
      [
        { type: 'hyundai-kia-climate', action: 'stop', confirm: true },
        { action: 'start', temperature: 22, defrost: true, confirm: false },
        /climate|start/i,
      ],
      [{ type: 'hyundai-kia-windows', action: 'close', confirm: false }, { action: 'vent' }, /window|vent/i],
      [{ type: 'hyundai-kia-charge', action: 'start', confirm: false }, { action: 'setTargets', targetAc: 80, targetDc: 90 }, /target/i],
    ];
    for (const [node, payload, command] of cases) {
      await helper.load(NODES, flowWith(node), creds());
      const { at, msg } = await roundTrip('n1', { payload, vehicle: '' });
      assert.equal(at, 'out', `${String(node.type)}: ${JSON.stringify(msg.error)}`);
      assert.match(String((msg.payload as Record<string, unknown>).command), command);
      await helper.unload();
    }
  });

  it('reads and commands a US car the same way', async () => {
    const us = sim.credentials.us;
    const flow = actionFlow(
      { id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' },
      account('acc', { region: 'us', brand: 'hyundai', apiBaseUrl: sim.url }),
      { id: 'n2', z: 'f1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', confirm: false, wires: [['out']] },
    );
    await helper.load(NODES, flow, { acc: { username: us.username, password: us.password, pin: us.pin } });
    const status = await roundTrip('n1', { payload: 'cached' });
    assert.equal(status.at, 'out', JSON.stringify(status.msg.error));
    assert.equal((status.msg.vehicle as Record<string, unknown>).protocol, 'us-hyundai');
    const lock = await roundTrip('n2', { payload: 'lock' });
    assert.equal(lock.at, 'out', JSON.stringify(lock.msg.error));
  });

  it('the demo region works without credentials, and a confirmed command answers "success"', async function () {
    this.timeout(10_000);
    const flow = actionFlow(
      { id: 'n1', type: 'hyundai-kia-lock', account: 'acc', action: 'unlock', confirm: true },
      account('acc', { region: 'demo' }),
    );
    await helper.load(NODES, flow, {});
    const { at, msg } = await roundTrip('n1', { payload: 1732520000000 });
    assert.equal(at, 'out', JSON.stringify(msg.error));
    assert.deepEqual(
      [(msg.payload as Record<string, unknown>).command, (msg.payload as Record<string, unknown>).result],
      ['unlock', 'success'],
    );
  });

  it('INVALID_INPUT reaches the Catch node with errorDetails, says what is allowed, and costs no cloud call', async () => {
    await helper.load(NODES, flowWith({ type: 'hyundai-kia-charge', action: 'start', confirm: false }), creds());
    const before = cloudCalls(sim);
    const bad: Array<[unknown, RegExp]> = [
      ['fly', /action must be one of start, stop, openPort, closePort, setTargets, setCurrent/],
      [{ action: 'setTargets', targetAc: 75 }, /targetAc must be a multiple of 10/],
      [{ action: 'setCurrent', current: 80 }, /current must be one of 100, 90, 60/],
      [{ action: 'start', confirm: 'maybe' }, /confirm must be true or false/],
    ];
    for (const [payload, says] of bad) {
      const { at, msg } = await roundTrip('n1', { payload, topic: 't' });
      assert.equal(at, 'caught');
      const error = msg.error as Record<string, unknown>;
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(String(error.message), says);
      const details = msg.errorDetails as Record<string, unknown>;
      assert.equal(details.code, 'INVALID_INPUT');
      assert.equal(details.retryable, false);
      assert.equal(details.attempts, 0);
      assert.equal(typeof details.durationMs, 'number');
      assert.equal(msg.topic, 't');
    }
    const bogusVehicle = await roundTrip('n1', { payload: 'start', vehicle: 42 });
    assert.equal((bogusVehicle.msg.error as Record<string, unknown>).code, 'INVALID_INPUT');
    assert.equal(cloudCalls(sim), before, 'no token or API call for a bad message');
  });

  it('ranges the library checks (temperature, duration, max age) are INVALID_INPUT without a cloud call too', async () => {
    const flow = actionFlow(
      { id: 'n1', type: 'hyundai-kia-climate', account: 'acc', action: 'start', confirm: false },
      account('acc', { apiBaseUrl: sim.url }),
      { id: 'n2', z: 'f1', type: 'hyundai-kia-status', account: 'acc', mode: 'smart', wires: [['out']] },
    );
    await helper.load(NODES, flow, creds());
    const before = cloudCalls(sim);
    const bad: Array<[string, unknown, RegExp]> = [
      ['n1', { temperature: 45 }, /temperature must be from 14 to 30/],
      ['n1', { temperature: 21.3 }, /steps of 0.5/],
      ['n1', { durationMinutes: 45 }, /durationMinutes/],
      ['n2', { mode: 'smart', maxAgeMinutes: 99999 }, /maxAgeMinutes/],
    ];
    for (const [node, payload, says] of bad) {
      const { at, msg } = await roundTrip(node, { payload });
      assert.equal(at, 'caught', JSON.stringify(payload));
      assert.equal((msg.error as Record<string, unknown>).code, 'INVALID_INPUT');
      assert.match(String((msg.error as Record<string, unknown>).message), says);
    }
    assert.equal(cloudCalls(sim), before, 'no token or API call for a bad message');
  });

  it('a cloud error reaches the Catch node with its code and details, and no output', async () => {
    await helper.load(NODES, flowWith({ type: 'hyundai-kia-status', mode: 'cached' }), creds());
    const first = await roundTrip('n1', { payload: 'cached' });
    assert.equal(first.at, 'out');
    const { at, msg } = await roundTrip('n1', { payload: 'cached', vehicle: 'no-such-car' });
    assert.equal(at, 'caught');
    assert.equal((msg.error as Record<string, unknown>).code, 'CONFIG_INVALID');
    const details = msg.errorDetails as Record<string, unknown>;
    assert.equal(details.code, 'CONFIG_INVALID');
    assert.equal(typeof details.attempts, 'number');
  });

  it('answers every message of a burst exactly once: done() for results, done(err) with a code for failures', async () => {
    const flow = flowWith({ type: 'hyundai-kia-lock', action: 'lock', confirm: false });
    flow.push(
      { id: 'completer', z: 'f1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['completed']] },
      { id: 'completed', z: 'f1', type: 'helper' },
    );
    await helper.load(NODES, flow, creds());
    const seen = { out: 0, caught: 0, completed: 0 };
    const codes: string[] = [];
    helper.getNode('out').on('input', () => (seen.out += 1));
    helper.getNode('completed').on('input', () => (seen.completed += 1));
    helper.getNode('caught').on('input', (msg: Record<string, unknown>) => {
      seen.caught += 1;
      codes.push(String((msg.error as Record<string, unknown>).code));
    });
    // Commands sent without waiting for the car still wait for each other: the car stays reserved
    // until the previous command settles, so the cloud never answers VEHICLE_BUSY.
    const burst = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? 'fly' : i % 2 ? 'unlock' : 'lock'));
    for (const payload of burst) helper.getNode('n1').receive({ payload });
    await until(() => seen.out + seen.caught >= burst.length, 'every message answered', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(seen.out + seen.caught, burst.length, 'no message dropped or answered twice');
    assert.equal(seen.completed, seen.out, 'done() once per result');
    assert.ok(seen.out >= 1);
    assert.equal(codes.filter((c) => c === 'INVALID_INPUT').length, 4);
    assert.ok(
      codes.every((c) => c === 'INVALID_INPUT'),
      codes.join(),
    );
    assert.equal(seen.out, 8, 'every valid command went through');
  });

  it('a node without an account ends every message with CONFIG_INVALID', async () => {
    await helper.load(NODES, actionFlow({ id: 'n1', type: 'hyundai-kia-lock', account: '', action: 'lock' }), {});
    const { at, msg } = await roundTrip('n1', { payload: 'lock' });
    assert.equal(at, 'caught');
    assert.equal((msg.error as Record<string, unknown>).code, 'CONFIG_INVALID');
  });

  it('an account with a missing credential is CONFIG_INVALID at every node, without a cloud call', async () => {
    const before = cloudCalls(sim);
    await helper.load(NODES, flowWith({ type: 'hyundai-kia-lock', action: 'lock' }), { acc: { username: 'x' } });
    const { at, msg } = await roundTrip('n1', { payload: 'lock' });
    assert.equal(at, 'caught');
    assert.equal((msg.error as Record<string, unknown>).code, 'CONFIG_INVALID');
    assert.equal(cloudCalls(sim), before);
  });
});
