// The message rules in a real Node-RED against the simulator: misspelt, empty, boolean, array and
// differently cased payloads and every msg.vehicle form. The car moves only when a message clearly
// asks, and every message ends in exactly one output or one error at the Catch node.
import assert from 'node:assert/strict';
import { NODES, account, actionFlow, helper, roundTrip } from './flow-helper';
import { cloudCalls, startSim } from './sim';
import type { Sim } from './sim';

describe('message rules (Node-RED flows against the simulator)', function () {
  this.timeout(30_000);
  let sim: Sim;
  const creds = (): Record<string, Record<string, string>> => ({
    acc: { username: sim.credentials.eu.username, password: sim.credentials.eu.password, pin: sim.credentials.eu.pin },
  });
  const load = (node: Record<string, unknown>): Promise<void> =>
    helper.load(NODES, actionFlow({ id: 'n1', account: 'acc', ...node } as never, account('acc', { apiBaseUrl: sim.url })), creds());
  const commands = (): number => sim.counters().commands;

  before(async () => (sim = await startSim()));
  after(() => sim.close());
  afterEach(() => helper.unload());

  async function refused(payload: unknown, says: RegExp): Promise<void> {
    const before = cloudCalls(sim);
    const { at, msg } = await roundTrip('n1', { payload });
    assert.equal(at, 'caught', `payload ${JSON.stringify(payload)} must not pass`);
    const error = msg.error as { code?: string; message?: string };
    assert.equal((msg.errorDetails as { code?: string }).code, 'INVALID_INPUT');
    assert.match(String(error.message), says, JSON.stringify(payload));
    assert.equal(cloudCalls(sim), before, `no cloud call for ${JSON.stringify(payload)}`);
  }

  it('a climate node set to "start" does not start on { acton: "stop" }, false, [] or {}', async () => {
    await load({ type: 'hyundai-kia-climate', action: 'start', confirm: false });
    await refused({ acton: 'stop' }, /unknown key "acton".*allowed keys: action, temperature/);
    await refused(false, /msg.payload false/);
    await refused([], /as an array/);
    await refused({}, /empty object/);
    await refused('strat', /action must be one of start, stop.*"strat"/);
    assert.equal(commands(), 0);
  });

  it('a lock node: false, [], {}, null, a missing payload and a Buffer never lock; "LOCK", "Unlock", a number, "" and true do, once each', async () => {
    await load({ type: 'hyundai-kia-lock', action: 'lock', confirm: false });
    for (const [payload, says] of [
      [false, /false/],
      [[], /array/],
      [[{ action: 'lock' }], /array/],
      [{}, /empty object/],
      [null, /null/],
      [undefined, /missing/],
      [Buffer.from('lock'), /Buffer/],
      [{ action: 'lock', colour: 'red' }, /unknown key "colour"/],
    ] as const) {
      await refused(payload, says);
    }
    assert.equal(commands(), 0);
    const asked: Array<[unknown, string]> = [
      ['LOCK', 'lock'],
      ['Unlock', 'unlock'],
      [1732520000000, 'lock'],
      ['', 'lock'],
      [true, 'lock'],
      [{ action: 'UNLOCK' }, 'unlock'],
      [{ confirm: false }, 'lock'],
    ];
    for (const [payload, command] of asked) {
      const before = commands();
      const { at, msg } = await roundTrip('n1', { payload });
      assert.equal(at, 'out', `${JSON.stringify(payload)}: ${JSON.stringify(msg.error)}`);
      assert.equal((msg.payload as { command: string }).command, command);
      assert.equal(commands(), before + 1, `one command for ${JSON.stringify(payload)}`);
    }
  });

  it('charge and windows read their actions in any case ("openport", "VENT"); the status node its mode ("FORCE")', async () => {
    await load({ type: 'hyundai-kia-windows', action: 'close', confirm: false });
    const windows = await roundTrip('n1', { payload: 'VENT' });
    assert.equal(windows.at, 'out', JSON.stringify(windows.msg.error));
    assert.equal((windows.msg.payload as { command: string }).command, 'setWindows');
    await helper.unload();
    await load({ type: 'hyundai-kia-status', mode: 'cached' });
    const forced = sim.counters().forceRefreshes;
    const status = await roundTrip('n1', { payload: 'FORCE' });
    assert.equal(status.at, 'out', JSON.stringify(status.msg.error));
    assert.equal(sim.counters().forceRefreshes, forced + 1);
    await refused({ mode: 'cached', temperature: 20 }, /unknown key "temperature"/);
  });

  it('msg.vehicle as the id, the VIN (any case), a VehicleInfo, { id } and { vin }; anything else is INVALID_INPUT', async () => {
    await load({ type: 'hyundai-kia-status', mode: 'cached' });
    const first = await roundTrip('n1', { payload: '' });
    assert.equal(first.at, 'out', JSON.stringify(first.msg.error));
    const info = first.msg.vehicle as { id: string; vin: string };
    for (const vehicle of [info.id, info.vin, info.vin.toLowerCase(), info, { id: info.id }, { vin: info.vin }]) {
      const { at, msg } = await roundTrip('n1', { payload: '', vehicle });
      assert.equal(at, 'out', `${JSON.stringify(vehicle)}: ${JSON.stringify(msg.error)}`);
      assert.equal((msg.vehicle as { id: string }).id, info.id);
    }
    for (const vehicle of [42, {}, [info.id], { name: 'car' }, true]) {
      const before = cloudCalls(sim);
      const { at, msg } = await roundTrip('n1', { payload: '', vehicle });
      assert.equal(at, 'caught', JSON.stringify(vehicle));
      assert.match(String((msg.error as { message: string }).message), /msg.vehicle must be .*\{ id \} or \{ vin \}/);
      assert.equal(cloudCalls(sim), before);
    }
  });

  it('a command whose answer is lost reaches the Catch node as CLOUD_UNAVAILABLE with errorDetails.maybeSent, never as "sent"', async () => {
    await load({ type: 'hyundai-kia-lock', action: 'lock', confirm: false });
    const car = sim.control.vehicles().find((v) => v.region === 'eu')!.vehicleId;
    const warm = await roundTrip('n1', { payload: 'unlock', vehicle: car });
    assert.equal(warm.at, 'out', JSON.stringify(warm.msg.error));
    sim.control.failNext('html', 1, '/control/door');
    const { at, msg } = await roundTrip('n1', { payload: 'lock', vehicle: car });
    assert.equal(at, 'caught');
    const details = msg.errorDetails as { code: string; maybeSent?: boolean; retryable: boolean };
    assert.deepEqual([details.code, details.maybeSent, details.retryable], ['CLOUD_UNAVAILABLE', true, true]);
  });

  it('a burst of mixed good and bad messages: each ends in exactly one output or one error, and only the good ones move the car', async () => {
    await helper.load(
      NODES,
      actionFlow(
        { id: 'n1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', confirm: false } as never,
        account('acc', { apiBaseUrl: sim.url }),
        { id: 'completer', z: 'f1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['completed']] },
        { id: 'completed', z: 'f1', type: 'helper' },
      ),
      creds(),
    );
    const payloads: unknown[] = ['lock', false, 'UNLOCK', [], {}, 'lokc', 5, { acton: 'unlock' }, true, null];
    // The clear asks in order: lock, unlock, lock (5), lock (true). The last two are identical and queued
    // one after the other, so they share one cloud call: the car moves three times and ends locked.
    const good = 3;
    const seen = new Map<string, string[]>();
    const record =
      (where: string) =>
      (msg: Record<string, unknown>): void => {
        const tag = String(msg.tag);
        seen.set(tag, [...(seen.get(tag) ?? []), where]);
      };
    helper.getNode('out').on('input', record('out'));
    helper.getNode('caught').on('input', record('caught'));
    helper.getNode('completed').on('input', record('completed'));
    const before = commands();
    payloads.forEach((payload, i) => helper.getNode('n1').receive({ payload, tag: `m${i}` }));
    const deadline = Date.now() + 20_000;
    const ended = (): number => [...seen.values()].filter((v) => v.includes('out') || v.includes('caught')).length;
    while (ended() < payloads.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100)); // a doubled answer would arrive now
    for (let i = 0; i < payloads.length; i++) {
      const ends = (seen.get(`m${i}`) ?? []).filter((w) => w !== 'completed');
      assert.equal(ends.length, 1, `message ${i} (${JSON.stringify(payloads[i])}) ended ${JSON.stringify(ends)}`);
      // done() for an output (the Complete node sees it), done(err) for an error (the Catch node sees it).
      const completed = (seen.get(`m${i}`) ?? []).filter((w) => w === 'completed').length;
      assert.equal(completed, ends[0] === 'out' ? 1 : 0, `message ${i}`);
    }
    assert.equal(commands() - before, good, 'the car moved once per clear ask (identical neighbours sharing one), never for the others');
  });
});
