// The editor definitions run in a sandbox with a stand-in RED, after the shared editor code of
// resources/ as Node-RED loads it: the contract's properties, the numeric validators of the dialogs,
// credential types, labels, the common form rows written into the templates and the vehicle picker.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { EDITOR_RANGES } from '../../nodes/lib';

interface Definition {
  category: string;
  defaults: Record<string, { value: unknown; type?: string; required?: boolean; validate?: (v: unknown) => boolean }>;
  credentials?: Record<string, { type: string }>;
  label(this: Record<string, unknown>): string;
  icon?: string;
}

const root = path.resolve(__dirname, '../..');
const accounts: Record<string, { region: string }> = { 'acc-eu': { region: 'eu' }, 'acc-us': { region: 'us' } };
const definitions: Record<string, Definition> = {};
/** The dialog templates, as the editor's DOM holds them (the shared rows write into them). */
const templates: Record<string, string> = {};
// The account node exports the library's ranges as this setting; the dialogs validate with them.
const RED = {
  nodes: { registerType: (type: string, def: Definition) => (definitions[type] = def), node: (id: string) => accounts[id] ?? null },
  settings: { hyundaiKiaAccountRanges: JSON.parse(JSON.stringify(EDITOR_RANGES)) },
  _: (k: string) => k,
};
/** jQuery as far as loading the definitions uses it: the text of a dialog template. */
function $(selector: string): { text(value?: string): string | undefined } {
  const type = /^script\[data-template-name="([^"]+)"\]$/.exec(selector)?.[1];
  if (!type || !(type in templates)) throw new Error(`unexpected selector at load time: ${selector}`);
  return {
    text(value?: string) {
      if (value === undefined) return templates[type];
      templates[type] = value;
      return undefined;
    },
  };
}
// As in a browser, `window` is the global object.
const sandbox = vm.createContext({ RED, $ });
sandbox.window = sandbox;
const sources: string[] = [];
for (const file of fs.readdirSync(path.join(root, 'nodes')).filter((f) => /^hyundai-kia-.*\.html$/.test(f))) {
  const html = fs.readFileSync(path.join(root, 'nodes', file), 'utf8');
  const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1, `${file}: one definition script`);
  for (const m of html.matchAll(/<script type="text\/html" data-template-name="([^"]+)">([\s\S]*?)<\/script>/g)) templates[m[1]] = m[2];
  // Node-RED runs a .html's <script src> files before its own scripts.
  for (const m of html.matchAll(/<script src="resources\/node-red-contrib-hyundai-kia\/([\w-]+\.js)"><\/script>/g)) {
    vm.runInContext(fs.readFileSync(path.join(root, 'resources', m[1]), 'utf8'), sandbox);
    sources.push(`${file}: ${m[1]}`);
  }
  vm.runInContext(scripts[0], sandbox);
}

const PROPERTIES: Record<string, string[]> = {
  'hyundai-kia-account': [
    'name',
    'region',
    'brand',
    'authMode',
    'otpMethod',
    'apiBaseUrl',
    'refreshBufferMinutes',
    'keepaliveMinutes',
    'autoRefresh',
    'requestTimeoutSeconds',
    'dailyBudget',
    'forceRefresh',
    'minForceIntervalMinutes',
    'quietHours',
    'min12vSoc',
    'pollMinutes',
  ],
  'hyundai-kia-status': ['name', 'account', 'vehicle', 'mode', 'maxAgeMinutes', 'staleOnError', 'inputs'],
  'hyundai-kia-lock': ['name', 'account', 'vehicle', 'action', 'confirm'],
  'hyundai-kia-climate': ['name', 'account', 'vehicle', 'action', 'temperature', 'defrost', 'heating', 'durationMinutes', 'confirm'],
  'hyundai-kia-windows': ['name', 'account', 'vehicle', 'action', 'confirm'],
  'hyundai-kia-charge': ['name', 'account', 'vehicle', 'action', 'targetAc', 'targetDc', 'current', 'confirm'],
  'hyundai-kia-events': ['name', 'account', 'events'],
};

const valid = (type: string, prop: string, value: unknown, node: Record<string, unknown> = {}): boolean =>
  definitions[type].defaults[prop].validate?.call(node, value) ?? true;

describe('editor definitions', () => {
  it('defines the seven types with exactly the contract properties', () => {
    assert.deepEqual(Object.keys(definitions).sort(), Object.keys(PROPERTIES).sort());
    for (const [type, props] of Object.entries(PROPERTIES)) {
      assert.deepEqual(Object.keys(definitions[type].defaults).sort(), [...props].sort(), type);
      if (type !== 'hyundai-kia-account') {
        assert.equal(definitions[type].defaults.account.type, 'hyundai-kia-account');
        assert.equal(definitions[type].defaults.account.required, true);
      }
    }
  });

  it('keeps the credentials out of the properties, with secrets as password fields', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(definitions['hyundai-kia-account'].credentials)), {
      username: { type: 'text' },
      password: { type: 'password' },
      pin: { type: 'password' },
      refreshToken: { type: 'password' },
    });
  });

  it('validates the protection fields: budget, force interval, quiet hours, 12 V and poll', () => {
    const a = 'hyundai-kia-account';
    for (const [prop, good, bad] of [
      ['dailyBudget', ['', 1, '40', 100000], [0, 2.5, 'x', 100001]],
      ['minForceIntervalMinutes', [0, 60, '240'], [-1, 'x', 10081]],
      ['quietHours', ['', '22:00-07:00', '9:30 - 17:00'], ['22-7', '25:00-07:00', 'night']],
      ['min12vSoc', [0, 50, 100], [-1, 101, 'x']],
      ['pollMinutes', [0, 1, 1440], [0.5, 1441, 'x']],
    ] as Array<[string, unknown[], unknown[]]>) {
      for (const v of good) assert.equal(valid(a, prop, v), true, `${prop} ${String(v)}`);
      for (const v of bad) assert.equal(valid(a, prop, v), false, `${prop} ${String(v)}`);
    }
  });

  it('validates the refresh buffer (1–60), the keepalive (0 or 5–1440) and the API base URL', () => {
    const a = 'hyundai-kia-account';
    for (const [v, ok] of [
      [0, false],
      [1, true],
      [5, true],
      ['60', true],
      [61, false],
      [2.5, false],
      ['x', false],
    ] as const) {
      assert.equal(valid(a, 'refreshBufferMinutes', v), ok, `buffer ${v}`);
    }
    for (const [v, ok] of [
      [0, true],
      [1, false],
      [4, false],
      [5, true],
      ['1440', true],
      [1441, false],
      [-5, false],
    ] as const) {
      assert.equal(valid(a, 'keepaliveMinutes', v), ok, `keepalive ${v}`);
    }
    for (const [v, ok] of [
      ['', true],
      ['http://127.0.0.1:8080', true],
      ['https://proxy.example', true],
      ['ftp://x', false],
      ['proxy', false],
    ] as const) {
      assert.equal(valid(a, 'apiBaseUrl', v), ok, `apiBaseUrl ${v}`);
    }
    assert.deepEqual(
      ['refreshBufferMinutes', 'keepaliveMinutes', 'autoRefresh'].map((p) => definitions[a].defaults[p].value),
      [5, 60, true],
    );
  });

  it('validates charge targets (50–100, step 10) and climate duration in the action dialogs', () => {
    for (const [v, ok] of [
      ['', true],
      [50, true],
      ['80', true],
      [75, false],
      [40, false],
      [110, false],
    ] as const) {
      assert.equal(valid('hyundai-kia-charge', 'targetAc', v), ok, `targetAc ${v}`);
      assert.equal(valid('hyundai-kia-charge', 'targetDc', v), ok, `targetDc ${v}`);
    }
    assert.equal(valid('hyundai-kia-climate', 'durationMinutes', 10), true);
    assert.equal(valid('hyundai-kia-climate', 'durationMinutes', 2.5), false);
    assert.equal(valid('hyundai-kia-climate', 'durationMinutes', 31), false);
  });

  it("validates the climate temperature with the library range of the account's region (EU 14–30 °C in halves, US 62–82 °F)", () => {
    const eu = { account: 'acc-eu' };
    const us = { account: 'acc-us' };
    for (const [v, ok] of [
      ['', true],
      [14, true],
      ['21.5', true],
      [30, true],
      [13.5, false],
      [31, false],
      [21.3, false],
      [70, false],
    ] as const) {
      assert.equal(valid('hyundai-kia-climate', 'temperature', v, eu), ok, `EU ${v}`);
    }
    for (const [v, ok] of [
      [62, true],
      ['82', true],
      [70, true],
      [61, false],
      [83, false],
      [70.5, false],
      [21, false],
    ] as const) {
      assert.equal(valid('hyundai-kia-climate', 'temperature', v, us), ok, `US ${v}`);
    }
  });

  it('validates the request timeout (5–120 s, empty = 30)', () => {
    for (const [v, ok] of [
      ['', true],
      [5, true],
      ['30', true],
      [120, true],
      [4, false],
      [121, false],
      ['x', false],
    ] as const) {
      assert.equal(valid('hyundai-kia-account', 'requestTimeoutSeconds', v), ok, `timeout ${v}`);
    }
    assert.equal(definitions['hyundai-kia-account'].defaults.requestTimeoutSeconds.value, 30);
  });

  it('labels nodes by their name, else by their action, and puts them in the palette category', () => {
    const _ = (k: string) => `«${k}»`;
    assert.equal(definitions['hyundai-kia-lock'].label.call({ name: '', action: 'unlock', _ }), '«hyundai-kia-lock.actions.unlock»');
    assert.equal(definitions['hyundai-kia-status'].label.call({ name: 'Car', mode: 'force', _ }), 'Car');
    assert.equal(definitions['hyundai-kia-account'].label.call({ name: '', region: 'eu', brand: 'kia' }), 'kia eu');
    for (const type of Object.keys(PROPERTIES).filter((t) => t !== 'hyundai-kia-account')) {
      assert.equal(definitions[type].category, 'hyundai kia');
    }
  });

  it('loads the shared editor code from resources/ in every dialog, the account also its own', () => {
    for (const type of Object.keys(PROPERTIES)) assert.ok(sources.includes(`${type}.html: editor.js`), type);
    assert.ok(sources.includes('hyundai-kia-account.html: account-dialog.js'));
    const editor = sandbox.HyundaiKiaEditor as Record<string, unknown>;
    for (const f of ['rows', 'range', 'vehiclePicker', 'accountRegions', 'accountPanels']) assert.equal(typeof editor[f], 'function', f);
  });

  it('writes the common rows into the dialogs, with the shared texts, and offers them the vehicle picker', () => {
    const shared = 'node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common.label.';
    for (const type of Object.keys(PROPERTIES).filter((t) => t !== 'hyundai-kia-account')) {
      const template = templates[type];
      assert.doesNotMatch(template, /data-hyundai-kia-row/, `${type}: a placeholder left`);
      const ids = [...template.matchAll(/id="(node-input-[\w-]+)"/g)].map((m) => m[1]);
      // Every property has its input (Node-RED fills node-input-<property> before oneditprepare).
      for (const prop of PROPERTIES[type].filter((p) => p !== 'inputs' || type === 'hyundai-kia-status')) {
        assert.ok(ids.includes(`node-input-${prop}`), `${type}: node-input-${prop}`);
      }
      assert.equal(new Set(ids).size, ids.length, `${type}: an id twice`);
      assert.ok(template.includes(`data-i18n="${shared}name"`) && template.includes(`data-i18n="${shared}account"`), type);
      if (PROPERTIES[type].includes('vehicle')) {
        assert.match(template, /id="node-input-vehicle-pick"/);
        assert.match(template, new RegExp(`data-i18n="\\[placeholder\\]${shared.replace(/\./g, '\\.')}vehicleHint"`));
        const html = fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8');
        assert.match(html, /HyundaiKiaEditor\.vehiclePicker\(\)/);
      }
      if (PROPERTIES[type].includes('confirm')) assert.ok(template.includes(`data-i18n="${shared}confirmHint"`), type);
    }
  });
});
