// The example flows as files: valid Node-RED flow JSON a user can import, on the demo region
// without credentials, with a comment saying what each shows, and the properties the editors define.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { DASHBOARD_TYPES, exampleNames, perNodeExamples, readExample } from './example-flows';
import type { FlowNode } from './example-flows';

const root = path.resolve(__dirname, '../../..');
/** The one demo account every example file (not the demo flow) shares. */
const EXAMPLE_ACCOUNT = 'hk-example-account';
const PLACEMENT = ['id', 'type', 'z', 'x', 'y', 'w', 'h', 'g', 'wires'];
/** Properties that point at a config node. */
const CONFIG_REFS = ['account', 'group', 'page', 'ui', 'theme', 'broker'];

/**
 * The `defaults` of every node type registered by an editor .html file. The definitions run in a
 * sandbox where everything else (RED.validators, jQuery, RED._) is a harmless stand-in.
 */
function editorDefaults(file: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const anything: any = new Proxy(function () {}, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : anything),
    apply: () => anything,
    construct: () => anything,
  });
  const RED = new Proxy({}, {
    get: (_t, key) =>
      key === 'nodes'
        ? new Proxy({}, { get: (_n, k) => (k === 'registerType' ? (type: string, def: { defaults: object }) => (found[type] = Object.keys(def.defaults)) : anything) })
        : anything,
  });
  const html = fs.readFileSync(file, 'utf8');
  for (const [, script] of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) {
    // HyundaiKiaEditor: the shared editor code of resources/ (only the property names matter here).
    vm.runInNewContext(script, { RED, $: anything, window: anything, document: anything, jQuery: anything, HyundaiKiaEditor: anything });
  }
  return found;
}

const defaults: Record<string, string[]> = {};
for (const file of fs.readdirSync(path.join(root, 'nodes')).filter((f) => /^hyundai-kia-.*\.html$/.test(f))) {
  Object.assign(defaults, editorDefaults(path.join(root, 'nodes', file)));
}
const dashboardDir = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json'));
for (const dir of ['nodes/config', 'nodes/widgets']) {
  for (const file of fs.readdirSync(path.join(dashboardDir, dir)).filter((f) => f.endsWith('.html'))) {
    Object.assign(defaults, editorDefaults(path.join(dashboardDir, dir, file)));
  }
}

const byId = (flow: FlowNode[]): Map<string, FlowNode> => new Map(flow.map((n) => [n.id, n]));
const ofType = (flow: FlowNode[], type: string): FlowNode[] => flow.filter((n) => n.type === type);

describe('example flows (files)', () => {
  const names = exampleNames();

  it('has the demo, one example per node, the session keepalive, the dashboard and the MQTT bridge', () => {
    for (const name of ['demo.json', 'dashboard.json', 'mqtt-home-assistant.json', '06 - session keepalive.json']) {
      assert.ok(names.includes(name), name);
    }
    const covered = new Set(perNodeExamples().flatMap((n) => readExample(n).map((node) => node.type)));
    for (const type of ['status', 'lock', 'climate', 'windows', 'charge']) assert.ok(covered.has(`hyundai-kia-${type}`), type);
    assert.ok(DASHBOARD_TYPES.length > 10, 'the dashboard node types are read from its package');
  });

  for (const name of names) {
    describe(name, () => {
      const flow = readExample(name);
      const nodes = byId(flow);

      it('is an array of nodes with unique ids, wired only to nodes in the file', () => {
        assert.ok(Array.isArray(flow) && flow.length > 0);
        assert.equal(nodes.size, flow.length, 'unique ids');
        for (const node of flow) {
          assert.equal(typeof node.id, 'string');
          assert.equal(typeof node.type, 'string');
          for (const target of (node.wires ?? []).flat()) assert.ok(nodes.has(target), `${node.id} is wired to ${target}`);
          if (node.z !== undefined) assert.equal(nodes.get(node.z)?.type, 'tab', `${node.id} sits on a tab of the file`);
          for (const key of CONFIG_REFS) {
            // (an mqtt-broker's `broker` is its host name)
            if (typeof node[key] === 'string' && node[key] !== '' && node.type !== 'mqtt-broker') {
              assert.ok(nodes.has(node[key] as string), `${node.id}.${key} names a config node in the file`);
            }
          }
          if (node.type === 'catch' || node.type === 'status') {
            for (const target of (node.scope as string[] | null) ?? []) assert.ok(nodes.has(target), `${node.id} watches ${target}`);
          }
        }
      });

      it('says what it shows in a comment on its one tab', () => {
        assert.equal(ofType(flow, 'tab').length, 1);
        const comments = ofType(flow, 'comment');
        assert.ok(comments.some((c) => String(c.name).length > 10 && String(c.info).length > 200), 'a comment with a read-me');
      });

      it('runs on the demo region with no credentials anywhere', () => {
        const accounts = ofType(flow, 'hyundai-kia-account');
        assert.equal(accounts.length, 1);
        assert.equal(accounts[0].region, 'demo');
        for (const node of flow) assert.equal(node.credentials, undefined, `${node.id} carries no credentials`);
        assert.doesNotMatch(JSON.stringify(flow), /password"\s*:\s*"[^"]|refreshToken"\s*:\s*"[^"]|"pin"\s*:/);
        for (const node of flow.filter((n) => n.type.startsWith('hyundai-kia-') && n.type !== 'hyundai-kia-account')) {
          assert.equal(node.account, accounts[0].id, `${node.id} uses the demo account`);
        }
      });

      it("uses only the properties its nodes' editors define (ours and the dashboard's)", () => {
        for (const node of flow.filter((n) => n.type.startsWith('hyundai-kia-') || DASHBOARD_TYPES.includes(n.type))) {
          const known = defaults[node.type];
          assert.ok(known, `${node.type} has an editor definition`);
          const extra = Object.keys(node).filter((k) => !PLACEMENT.includes(k) && !known.includes(k));
          assert.deepEqual(extra, [], `${node.id} (${node.type}) has properties its editor does not define`);
          if (node.type.startsWith('hyundai-kia-')) {
            const missing = known.filter((k) => !(k in node));
            assert.deepEqual(missing, [], `${node.id} sets every property of its editor`);
          }
        }
      });
    });
  }

  it('all examples share one demo account (same id, same content), so importing several adds it once', () => {
    const accounts = names.filter((n) => n !== 'demo.json').map((name) => ({ name, found: ofType(readExample(name), 'hyundai-kia-account') }));
    for (const { name, found } of accounts) {
      assert.equal(found.length, 1, `${name} brings one account`);
      assert.equal(found[0].id, EXAMPLE_ACCOUNT, `${name} uses the shared example account`);
      assert.deepEqual(found[0], accounts[0].found[0], `${name}'s account is the same as ${accounts[0].name}'s`);
    }
  });

  it('shares only identical config nodes between examples, and no id with the demo flow npm start deploys', () => {
    const demoIds = new Set(readExample('demo.json').map((n) => n.id));
    const seen = new Map<string, { file: string; node: FlowNode }>();
    for (const name of names.filter((n) => n !== 'demo.json')) {
      for (const node of readExample(name)) {
        assert.ok(!demoIds.has(node.id), `${name}: ${node.id} is also in demo.json (importing it into the demo would ask)`);
        const before = seen.get(node.id);
        if (!before) {
          seen.set(node.id, { file: name, node });
          continue;
        }
        assert.equal(node.z, undefined, `${node.id} appears in ${before.file} and ${name}, but only config nodes may`);
        assert.deepEqual(node, before.node, `config node ${node.id} is the same in ${before.file} and ${name}`);
      }
    }
  });

  it("hard-codes no Node-RED port and no account id in a URL: the keepalive example takes them from PORT and the tab's ACCOUNT", () => {
    for (const name of names) {
      for (const node of ofType(readExample(name), 'http request')) {
        const url = String(node.url);
        assert.doesNotMatch(url, /:\d+\//, `${name}: ${node.id} names a port`);
        for (const account of ofType(readExample(name), 'hyundai-kia-account')) assert.ok(!url.includes(account.id), `${name}: ${node.id} names the account id`);
      }
    }
  });

  it('covers every mode and action of the nodes, by property or by payload', () => {
    const asked = (file: string, type: string, key: string): Set<string> => {
      const flow = readExample(file);
      const nodes = byId(flow);
      const values = new Set<string>();
      for (const node of ofType(flow, type)) values.add(String(node[key]));
      for (const inject of ofType(flow, 'inject')) {
        const target = nodes.get((inject.wires as string[][])[0][0]);
        if (target?.type !== type) continue;
        if (inject.payloadType === 'str') values.add(String(inject.payload));
        if (inject.payloadType === 'json') values.add(String(JSON.parse(String(inject.payload))[key]));
      }
      return values;
    };
    const covers = (file: string, type: string, key: string, all: string[]): void => {
      const got = asked(file, type, key);
      for (const value of all) assert.ok(got.has(value), `${file}: ${type} ${key} ${value}`);
    };
    covers('01 - read the car status.json', 'hyundai-kia-status', 'mode', ['cached', 'force', 'smart']);
    covers('02 - lock and unlock.json', 'hyundai-kia-lock', 'action', ['lock', 'unlock']);
    covers('03 - climate.json', 'hyundai-kia-climate', 'action', ['start', 'stop']);
    covers('04 - windows.json', 'hyundai-kia-windows', 'action', ['open', 'close', 'vent']);
    covers('05 - charging.json', 'hyundai-kia-charge', 'action', ['start', 'stop', 'openPort', 'closePort', 'setTargets', 'setCurrent']);
  });

  it('puts the demo on one tab with its dashboard on /dashboard, and the MQTT broker on localhost:1883', () => {
    const demo = readExample('demo.json');
    assert.equal(ofType(demo, 'tab')[0].label, 'Hyundai / Kia demo');
    assert.equal(ofType(demo, 'ui-base')[0].path, '/dashboard');
    for (const type of ['ui-page', 'ui-group', 'ui-gauge', 'ui-text', 'ui-button', 'catch', 'debug']) {
      assert.ok(ofType(demo, type).length > 0, `demo.json has a ${type}`);
    }
    const every5 = demo.find((n) => n.type === 'inject' && n.once === true);
    assert.equal(every5?.repeat, '300');
    const broker = ofType(readExample('mqtt-home-assistant.json'), 'mqtt-broker')[0];
    assert.equal(`${broker.broker}:${broker.port}`, 'localhost:1883');
  });
});
