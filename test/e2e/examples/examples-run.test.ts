// The example flows running in Node-RED: each loads as a user imports it and starts every node;
// the demo answers on the demo region (status, a confirmed command, errors at the Catch node, the
// dashboard card, the token route of the keepalive example); every inject of the per-node examples
// is answered, and only those meant to fail reach the catch node.
import assert from 'node:assert/strict';
import {
  ALL_NODES,
  Inbox,
  exampleNames,
  helper,
  isCommandResult,
  isVehicleState,
  loggedErrors,
  perNodeExamples,
  press,
  readExample,
  startServerWithAdmin,
} from './example-flows';
import type { FlowNode, Msg } from './example-flows';

const idsOf = (flow: FlowNode[], type: string): string[] => flow.filter((n) => n.type === type).map((n) => n.id);
const KEEPALIVE = '06 - session keepalive.json';

describe('example flows in Node-RED', function () {
  let baseUrl: string;
  before(async () => {
    baseUrl = await startServerWithAdmin();
  });
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  describe('as imported (demo region)', () => {
    for (const name of exampleNames()) {
      it(`${name}: loads, every node starts, nothing logs an error`, async () => {
        const flow = readExample(name);
        await helper.load(ALL_NODES, flow);
        for (const node of flow.filter((n) => n.type !== 'tab')) {
          assert.ok(helper.getNode(node.id), `${node.id} (${node.type}) started`);
        }
        assert.deepEqual(loggedErrors(), []);
      });
    }
  });

  describe('demo.json (demo region)', () => {
    const card = (row: string): string => `hk-demo-card-${row}`;

    it('reads the car on start into its debug node and the dashboard card', async () => {
      await helper.load(ALL_NODES, readExample('demo.json'));
      const inbox = new Inbox(['hk-demo-status-debug', card('car'), card('soc'), card('range'), card('locked'), card('charging')]);
      const { msg } = await inbox.find(['hk-demo-status-debug'], (m) => isVehicleState(m.payload), 5000);
      const state = msg.payload;
      assert.equal(msg.vehicle.name, 'Demo EV6');
      assert.equal(typeof msg.stale, 'boolean');
      assert.equal(msg.lastUpdated, state.updatedAt);

      const shown = async (row: string): Promise<unknown> => (await inbox.find([card(row)], () => true, 2000)).msg.payload;
      assert.equal(await shown('car'), 'Demo EV6 (EV6)');
      assert.equal(await shown('soc'), state.ev.soc);
      assert.equal(await shown('range'), `${state.range.value} ${state.range.unit}`);
      assert.equal(await shown('locked'), state.locked ? 'locked' : 'unlocked');
      assert.equal(await shown('charging'), state.ev.charging ? 'charging' : 'plugged in, not charging');
    });

    it('unlocks with the inject: the command ends "success", then the status and the card show the car unlocked', async function () {
      this.timeout(15_000);
      await helper.load(ALL_NODES, readExample('demo.json'));
      const inbox = new Inbox(['hk-demo-status-debug', 'hk-demo-lock-debug', 'hk-demo-errors', card('locked')]);
      await inbox.find([card('locked')], (m) => m.payload === 'locked', 5000);
      const from = inbox.count;
      press('hk-demo-unlock');
      const result = await inbox.find(['hk-demo-lock-debug', 'hk-demo-errors'], () => true, 10_000, from);
      assert.equal(result.at, 'hk-demo-lock-debug', JSON.stringify(result.msg.error));
      assert.equal(result.msg.payload.command, 'unlock');
      assert.equal(result.msg.payload.result, 'success');
      const again = await inbox.find(['hk-demo-status-debug'], (m) => isVehicleState(m.payload), 3000, from);
      assert.equal(again.msg.payload.locked, false);
      await inbox.find([card('locked')], (m) => m.payload === 'unlocked', 2000, from);
    });

    it('a bad request ends at the catch node with the code and msg.errorDetails, and costs no command', async () => {
      await helper.load(ALL_NODES, readExample('demo.json'));
      const inbox = new Inbox(['hk-demo-errors', 'hk-demo-climate-debug']);
      helper.getNode('hk-demo-climate-node').receive({ payload: { action: 'start', temperature: 99 } });
      const { msg } = await inbox.find(['hk-demo-errors'], () => true, 3000);
      assert.equal(msg.error.code, 'INVALID_INPUT');
      assert.match(msg.error.message, /temperature/);
      assert.equal(msg.error.source.id, 'hk-demo-climate-node');
      assert.equal(msg.errorDetails.code, 'INVALID_INPUT');
      assert.equal(msg.errorDetails.retryable, false);
      assert.deepEqual(inbox.messagesAt('hk-demo-climate-debug'), []);
    });
  });

  describe(`${KEEPALIVE} (demo region)`, () => {
    // The example finds this Node-RED's port as a user's would: in PORT, which Node-RED's settings.js reads.
    const port = process.env.PORT;
    before(() => (process.env.PORT = new URL(baseUrl).port));
    after(() => (port === undefined ? delete process.env.PORT : (process.env.PORT = port)));

    it('shows the token status from the admin route, "refresh now" refreshes, and the badges follow', async function () {
      this.timeout(15_000);
      await helper.load(ALL_NODES, readExample(KEEPALIVE));
      const id = (n: string): string => `hk-ex-keepalive-${n}`;
      const inbox = new Inbox([id('token-debug'), id('badge-debug')]);

      const line = /^ready, token valid for (\d+):(\d\d), (\d+) refreshes, 0 failures$/;
      const first = await inbox.find([id('token-debug')], (m) => line.test(m.payload), 6000);
      // What the http request node got: a TokenStatus, never a token.
      const route = await fetch(`${baseUrl}/hyundai-kia/accounts/hk-example-account/token`);
      const body = await route.text();
      assert.equal(route.status, 200);
      assert.equal(JSON.parse(body).state, 'ready');
      assert.doesNotMatch(body, /accessToken|"refreshToken"|password|"pin"/i);
      const [, minutes, , refreshes] = line.exec(first.msg.payload) as RegExpExecArray;
      assert.ok(Number(minutes) <= 3, 'demo tokens live 3 minutes');

      const from = inbox.count;
      press(id('refresh-now'));
      const after = await inbox.find([id('token-debug')], (m) => line.test(m.payload), 4000, from);
      assert.equal(Number((line.exec(after.msg.payload) as RegExpExecArray)[3]), Number(refreshes) + 1);
      await inbox.find([id('badge-debug')], (m) => /^car status: yellow ring/.test(m.payload), 2000);
      await inbox.find([id('badge-debug')], (m) => /^car status: green dot/.test(m.payload), 2000);
    });
  });

  describe('per-node examples: every inject (demo region)', () => {
    for (const name of perNodeExamples().filter((n) => n !== KEEPALIVE)) {
      it(`${name}: answers every inject, and only those meant to fail reach the catch node`, async function () {
        // The demo car takes about 2 s per command and 5 s per forced read, one after the other.
        this.timeout(30_000);
        const flow = readExample(name);
        await helper.load(ALL_NODES, flow);
        const nodes = new Map(flow.map((n) => [n.id, n]));
        const catcher = flow.find((n) => n.type === 'catch') as FlowNode;
        const errors = (catcher.wires as string[][])[0][0];
        const debugs = idsOf(flow, 'debug');
        const inbox = new Inbox(debugs);
        const injects = flow.filter((n) => n.type === 'inject');
        assert.ok(injects.length >= 3);

        for (const inject of injects) {
          const target = nodes.get((inject.wires as string[][])[0][0]) as FlowNode;
          const expected = target.type === 'hyundai-kia-status' ? isVehicleState : isCommandResult;
          const from = inbox.count;
          press(inject.id);
          const answer = await inbox.find(debugs, (m: Msg) => m.error !== undefined || expected(m.payload), 8000, from);
          const failure = /\b(INVALID_INPUT|UNSUPPORTED)\b/.exec(String(inject.name));
          if (failure) {
            assert.equal(answer.at, errors, `${inject.name}: fails`);
            assert.equal(answer.msg.error.code, failure[1]);
            assert.equal(answer.msg.error.source.id, target.id);
          } else {
            assert.notEqual(answer.at, errors, `${inject.name}: ${JSON.stringify(answer.msg.error)}`);
            // A command waits for the car ("success") unless the node or the message says not to ("sent").
            const askedConfirm = inject.payloadType === 'json' ? JSON.parse(String(inject.payload)).confirm : undefined;
            if (target.type !== 'hyundai-kia-status') {
              assert.equal(answer.msg.payload.result, (askedConfirm ?? target.confirm) === false ? 'sent' : 'success', String(inject.name));
            }
          }
        }
        assert.deepEqual(loggedErrors(), []);
      });
    }
  });
});
