// The protection in a real Node-RED runtime against the simulator: the status node's stale answers,
// msg.refused, mode `update`, the events node, the events admin route, and the last good state
// across a restart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Account } from '../../nodes/lib';
import { NODES, TAB, account, actionFlow, helper, nextMessage, roundTrip, statusesOf, until } from './flow-helper';
import type { FlowNode } from './flow-helper';
import { leaks, secretsOf, startSim } from './sim';
import type { Sim } from './sim';

describe('protection in Node-RED (against the simulator)', function () {
  let sim: Sim;
  const pwd = (): Record<string, Record<string, string>> => ({
    acc: { username: sim.credentials.eu.username, password: sim.credentials.eu.password, pin: sim.credentials.eu.pin },
  });
  const tokenCreds = (): Record<string, Record<string, string>> => ({
    acc: { refreshToken: sim.credentials.eu.refreshToken, pin: sim.credentials.eu.pin },
  });
  const accountOf = (): Account => (helper.getNode('acc') as unknown as { account: Account }).account;
  const statusFlow = (node: Record<string, unknown>, acc: Record<string, unknown> = {}): FlowNode[] =>
    actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc', ...node } as never, account('acc', { apiBaseUrl: sim.url, ...acc }));

  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(async () => {
    await helper.unload();
    await sim.close();
  });

  it('staleOnError: the last good state with msg.stale while rate limited, under a grey badge; off → the error', async () => {
    await helper.load(NODES, statusFlow({ mode: 'cached', maxAgeMinutes: 10_080 }), pwd());
    const fresh = await roundTrip('n1', { payload: 'cached' });
    assert.equal(fresh.at, 'out');
    assert.equal(fresh.msg.stale, false);

    sim.control.exhaustQuota('eu');
    const stale = await roundTrip('n1', { payload: 'cached', topic: 'keep' });
    assert.equal(stale.at, 'out', JSON.stringify(stale.msg.error));
    assert.equal(stale.msg.stale, true);
    assert.equal(stale.msg.staleReason, 'RATE_LIMITED');
    assert.equal(stale.msg.topic, 'keep');
    assert.deepEqual(stale.msg.payload, fresh.msg.payload);
    assert.equal(stale.msg.lastUpdated, (fresh.msg.payload as { updatedAt: string }).updatedAt);
    assert.deepEqual(statusesOf('n1').pop(), {
      fill: 'grey',
      shape: 'ring',
      text: 'node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common.status.rateLimited',
    });
    await helper.unload();

    await helper.load(NODES, statusFlow({ mode: 'cached', staleOnError: false }), pwd());
    const failed = await roundTrip('n1', { payload: 'cached' });
    assert.equal(failed.at, 'caught');
    assert.equal((failed.msg.error as { code: string }).code, 'RATE_LIMITED');
  });

  it('a cloud outage with no state known yet stays an error; once one is known it is sent stale', async () => {
    await helper.load(NODES, statusFlow({ mode: 'cached' }), pwd());
    sim.control.failNext('5031', 3, 'status/latest'); // the read and its two retries
    const first = await roundTrip('n1', { payload: 'cached' });
    assert.equal(first.at, 'caught');
    assert.equal((first.msg.error as { code: string }).code, 'CLOUD_UNAVAILABLE');
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    sim.control.failNext('5031', 3, 'status/latest');
    const stale = await roundTrip('n1', { payload: 'cached' });
    assert.equal(stale.at, 'out');
    assert.equal(stale.msg.stale, true);
    assert.equal(stale.msg.staleReason, 'CLOUD_UNAVAILABLE');
  });

  it('msg.stale is true when the data is older than maxAgeMinutes', async () => {
    await helper.load(NODES, statusFlow({ mode: 'cached', maxAgeMinutes: 0 }), pwd());
    const old = await roundTrip('n1', { payload: 'cached' });
    assert.equal(old.msg.stale, true);
    const young = await roundTrip('n1', { payload: { mode: 'cached', maxAgeMinutes: 10_080 } });
    assert.equal(young.msg.stale, false);
  });

  it('a refused forced read answers the cached copy with msg.refused and wakes nothing', async () => {
    await helper.load(NODES, statusFlow({ mode: 'force' }, { forceRefresh: 'never' }), pwd());
    const { at, msg } = await roundTrip('n1', { payload: 'force' });
    assert.equal(at, 'out');
    assert.equal(msg.refused, 'forceRefresh');
    assert.equal(typeof (msg.payload as { locked: unknown }).locked, 'boolean');
    assert.equal(sim.counters().forceRefreshes, 0);
  });

  it('mode update: sends without input on the first poll and when a read finds changed data', async () => {
    const flow: FlowNode[] = [
      TAB,
      { id: 'n1', z: 'f1', type: 'hyundai-kia-status', account: 'acc', mode: 'update', inputs: 0, wires: [['out']] },
      { id: 'reader', z: 'f1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached', wires: [[]] },
      { id: 'locker', z: 'f1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', wires: [['locked']] },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'locked', z: 'f1', type: 'helper' },
      account('acc', { apiBaseUrl: sim.url, pollMinutes: 60 }),
    ];
    const firstPoll = new Promise<Record<string, unknown>>((resolve) => {
      // Subscribe before the flow starts: the first poll runs at once.
      const started = helper.load(NODES, flow, pwd());
      void started.then(() => nextMessage('out', 6000).then(resolve));
    });
    const first = await firstPoll;
    assert.equal(first.stale, false);
    const before = (first.payload as { locked: boolean }).locked;

    const lockedAnswer = nextMessage('locked');
    helper.getNode('locker').receive({ payload: before ? 'unlock' : 'lock' });
    await lockedAnswer;
    const update = nextMessage('out');
    helper.getNode('reader').receive({ payload: 'cached' });
    const changed = await update;
    assert.equal((changed.payload as { locked: boolean }).locked, !before);
    assert.ok(changed.vehicle);
  });

  it('the events node reports a refresh, a rate limit and a re-login; the events route lists them with the budget', async () => {
    const flow: FlowNode[] = [
      TAB,
      { id: 'ev', z: 'f1', type: 'hyundai-kia-events', account: 'acc', wires: [['out']] },
      { id: 'out', z: 'f1', type: 'helper' },
      account('acc', { apiBaseUrl: sim.url, authMode: 'refreshToken', dailyBudget: 1, minForceIntervalMinutes: 0 }),
    ];
    await helper.load(NODES, flow, tokenCreds());
    const events: Array<Record<string, unknown>> = [];
    helper.getNode('out').on('input', (msg: Record<string, unknown>) => events.push(msg));
    const acc = accountOf();

    await acc.refreshToken();
    await acc.refreshForce();
    await assert.rejects(acc.refreshForce(), (e: { code: string }) => e.code === 'RATE_LIMITED');
    sim.control.revokeRefreshTokens();
    await assert.rejects(acc.refreshToken(), (e: { code: string }) => e.code === 'AUTH_FAILED');

    // Node-RED delivers messages asynchronously.
    await until(() => events.some((m) => m.topic === 'reauth-required'), 'the reauth-required message');
    const names = events.map((m) => m.topic);
    for (const name of ['token-refreshed', 'budget-low', 'rate-limited', 'refresh-failed', 'reauth-required'])
      assert.ok(names.includes(name), `${name} in ${names.join()}`);
    const limited = events.find((m) => m.topic === 'rate-limited')?.payload as {
      event: string;
      code: string;
      retryAfterSeconds: number;
      at: string;
    };
    assert.equal(limited.event, 'rate-limited');
    assert.equal(limited.code, 'RATE_LIMITED');
    assert.ok(limited.retryAfterSeconds > 0);
    assert.ok(!Number.isNaN(Date.parse(limited.at)));

    const route = await helper.request().get('/hyundai-kia/accounts/acc/events');
    assert.equal(route.status, 200);
    const body = route.body as { budget: { used: number; limit: number; resetsAt: string }; events: Array<{ event: string }> };
    assert.equal(body.budget.used, 1);
    assert.equal(body.budget.limit, 1);
    assert.ok(body.events.some((e) => e.event === 'reauth-required'));
    const token = await helper.request().get('/hyundai-kia/accounts/acc/token');
    assert.deepEqual((token.body as { budget: unknown }).budget, body.budget);
    for (const secret of secretsOf(sim)) assert.ok(!leaks(JSON.stringify(body) + JSON.stringify(events), secret), 'a secret in an event');
  });

  it('the last good state survives a Node-RED restart: stale answers before any cloud call succeeds', async () => {
    const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-protect-'));
    const original = helper.settings({});
    try {
      helper.settings({ userDir });
      await helper.load(NODES, statusFlow({ mode: 'cached' }), pwd());
      const fresh = await roundTrip('n1', { payload: 'cached' });
      assert.equal(fresh.at, 'out');
      await helper.unload();

      sim.control.exhaustQuota('eu');
      await helper.load(NODES, statusFlow({ mode: 'cached' }), pwd());
      const after = await roundTrip('n1', { payload: 'cached' });
      assert.equal(after.at, 'out', JSON.stringify(after.msg.error));
      assert.equal(after.msg.stale, true);
      assert.deepEqual(after.msg.payload, fresh.msg.payload);
    } finally {
      helper.settings({ userDir: original.userDir, credentialSecret: original.credentialSecret });
      fs.rmSync(userDir, { recursive: true, force: true });
    }
  });
});
