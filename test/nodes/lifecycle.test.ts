// Re-deploys, shared sessions and secrets: what a long-running Node-RED must be able to rely on.
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import * as path from 'node:path';
import { NODES, account, actionFlow, helper, nextMessage, roundTrip, statusesOf } from './flow-helper';
import type { FlowNode } from './flow-helper';
import { leaks, secretsOf, startSim } from './sim';
import type { Sim } from './sim';

/** Sessions the library holds open (one per cloud identity in use). */
const sessions = require(path.resolve(__dirname, '../../dist/nodes/lib/account/index.js')) as { activeSessionCount(): number };

/**
 * Live timers created by the package's own code (not the simulator, not Node's HTTP keep-alive
 * sockets): async_hooks sees a Timeout start, and its destroy when it fires or is cleared.
 */
function ownTimers() {
  const live = new Map<number, string>();
  // Stack frames name dist/nodes/*.js, or nodes/*.ts where source maps apply; the simulator is not ours.
  const root = path.resolve(__dirname, '../..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ours = new RegExp(`${root}[\\\\/](dist[\\\\/])?nodes[\\\\/](?!lib[\\\\/]simulator)`);
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (ours.test(stack)) live.set(id, stack);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  // Node reports a cleared timer's destroy asynchronously: let those reports arrive before counting.
  const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  return { count: async () => (await settle(), live.size), stacks: () => [...live.values()], stop: () => hook.disable() };
}

describe('node lifecycle (against the simulator)', function () {
  let sim: Sim;
  let creds: Record<string, Record<string, string>>;
  before(async () => {
    sim = await startSim();
    const eu = sim.credentials.eu;
    creds = { acc: { username: eu.username, password: eu.password, pin: eu.pin } };
  });
  after(() => sim.close());
  afterEach(() => helper.unload());

  it('100 re-deploys leave no timer and no session behind', async function () {
    this.timeout(30_000);
    const timers = ownTimers();
    try {
      const flow = (i: number): FlowNode[] =>
        actionFlow(
          { id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached', name: `r${i}` },
          account('acc', { apiBaseUrl: sim.url, name: `a${i}` }),
        );
      await helper.load(NODES, flow(0), creds);
      assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
      const running = await timers.count();
      assert.ok(running > 0, 'a logged-in session keeps its refresh timers');
      for (let i = 1; i <= 100; i++) await helper.setFlows(flow(i), 'full', creds);
      assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out', 'still works after 100 re-deploys');
      const afterRedeploys = await timers.count();
      assert.ok(afterRedeploys <= running, `timers: ${afterRedeploys} after re-deploys, ${running} before`);
      await helper.unload();
      assert.equal(sessions.activeSessionCount(), 0, 'no session is left open');
      assert.equal(await timers.count(), 0, `no timer of the package is left after the flows stop:\n${timers.stacks().join('\n\n')}`);
    } finally {
      timers.stop();
    }
  });

  it('re-deploying only the action nodes leaves one badge listener on the account', async () => {
    const flow = (i: number): FlowNode[] =>
      actionFlow(
        { id: 'n1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', name: `r${i}` },
        account('acc', { apiBaseUrl: sim.url }),
      );
    await helper.load(NODES, flow(0), creds);
    const accountNode = helper.getNode('acc') as unknown as { account: { listenerCount(event: string): number } };
    assert.equal(accountNode.account.listenerCount('state'), 1);
    for (let i = 1; i <= 20; i++) await helper.setFlows(flow(i), 'nodes', creds);
    assert.equal(helper.getNode('acc'), accountNode as unknown, 'the account node was not restarted');
    assert.equal(accountNode.account.listenerCount('state'), 1);
  });

  it('many action nodes on one account raise no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const many: FlowNode[] = Array.from({ length: 25 }, (_, i) => ({
        id: `s${i}`,
        z: 'f1',
        type: 'hyundai-kia-status',
        account: 'acc',
        wires: [],
      }));
      await helper.load(
        NODES,
        actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc' }, account('acc', { apiBaseUrl: sim.url }), ...many),
        creds,
      );
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.filter((name) => name === 'MaxListenersExceededWarning'),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('two account nodes with the same credentials share one session: one login, one refresh', async () => {
    sim.control.resetCounters();
    const flow: FlowNode[] = [
      ...actionFlow(
        { id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode: 'cached' },
        account('acc', { apiBaseUrl: sim.url }),
        account('acc2', { apiBaseUrl: sim.url, name: 'same login, second node' }),
        { id: 'n2', z: 'f1', type: 'hyundai-kia-status', account: 'acc2', mode: 'cached', wires: [['out2']] },
        { id: 'out2', z: 'f1', type: 'helper' },
      ),
    ];
    await helper.load(NODES, flow, { acc: creds.acc, acc2: { ...creds.acc } });
    const both = () =>
      Promise.all([nextMessage('out2'), roundTrip('n1', { payload: 'cached' }), helper.getNode('n2').receive({ payload: 'cached' })]);
    await both();
    assert.equal(sessions.activeSessionCount(), 1, 'one session under both account nodes');
    assert.equal(sim.counters().tokenCalls.password, 1, 'one login for both nodes');
    sim.control.expireAccessTokens();
    await both();
    assert.equal(sim.counters().tokenCalls.refresh, 1, 'one refresh for both nodes');
    assert.equal(sim.counters().tokenCalls.password, 1);
  });

  it('no secret in any log line, badge, error or command output', async () => {
    const flow = actionFlow(
      { id: 'n1', type: 'hyundai-kia-lock', account: 'acc', action: 'lock', confirm: false },
      account('acc', { apiBaseUrl: sim.url }),
    );
    await helper.load(NODES, flow, creds);
    const outputs: unknown[] = [];
    for (const payload of ['unlock', 'lock', 'fly', { action: 'lock', confirm: 'x' }])
      outputs.push((await roundTrip('n1', { payload })).msg);
    sim.control.expireAccessTokens();
    sim.control.revokeRefreshTokens();
    outputs.push((await roundTrip('n1', { payload: 'lock' })).msg);
    // The log lines themselves: their timestamps are numbers that may hold a short PIN's digits.
    const logged = JSON.stringify(helper.log().args.map((args) => (args[0] as { msg?: unknown } | undefined)?.msg));
    const shown = JSON.stringify(statusesOf('n1'));
    // The contract's VehicleInfo carries the VIN (a flow may address the car by it): that field only.
    const sent = JSON.stringify(outputs, (key, value) => (key === 'vin' ? '(vehicle info)' : value));
    assert.ok(logged.length > 2, 'something was logged');
    for (const secret of secretsOf(sim)) {
      for (const [where, text] of [
        ['log', logged],
        ['badge', shown],
        ['message', sent],
      ]) {
        assert.ok(!leaks(text, secret), `a secret (${secret.length} chars) appears in a ${where}`);
      }
    }
  });
});
