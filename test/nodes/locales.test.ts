// Every node speaks en-US and de with the same keys, every key its editor and badges use exists (in
// its own catalogue or in the shared texts, the account's `common`), no node repeats a shared text,
// and every editor file keeps the literal registerType the Flow Library's checker parses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES } from '../../nodes/lib/errors';

const root = path.resolve(__dirname, '../..');
const NODES = [
  'hyundai-kia-account',
  'hyundai-kia-status',
  'hyundai-kia-lock',
  'hyundai-kia-climate',
  'hyundai-kia-windows',
  'hyundai-kia-charge',
  'hyundai-kia-events',
];
/** Nodes without an input message: no message contract, no error list in their help. */
const NO_INPUT = ['hyundai-kia-account', 'hyundai-kia-events'];
const ACTION_NODES = NODES.filter((t) => !NO_INPUT.includes(t));
const LANGS = ['en-US', 'de'];
/** The actions of each command node, as the runtime validates them (badge keys `status.done.<action>`). */
const COMMANDS: Record<string, string[]> = {
  'hyundai-kia-lock': ['lock', 'unlock'],
  'hyundai-kia-climate': ['start', 'stop'],
  'hyundai-kia-windows': ['open', 'close', 'vent'],
  'hyundai-kia-charge': ['start', 'stop', 'openPort', 'closePort', 'setTargets', 'setCurrent'],
};

type Catalog = Record<string, unknown>;
const catalog = (lang: string, type: string): Catalog =>
  JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, `${type}.json`), 'utf8')) as Catalog;

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(cat: Catalog, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], cat);
}

/** The shared texts as the editor and the runtime name them: `<module>/<node set>:<key>`. */
const SHARED_PREFIX = 'node-red-contrib-hyundai-kia/hyundai-kia-account:';
const shared = (lang: string): Catalog => catalog(lang, 'hyundai-kia-account');
/** A data-i18n key of `type`'s dialog, looked up where Node-RED looks: a namespaced key in that catalogue. */
const resolve = (lang: string, type: string, key: string): unknown =>
  key.startsWith(SHARED_PREFIX) ? lookup(shared(lang), key.slice(SHARED_PREFIX.length)) : lookup(catalog(lang, type), key);

/** The rows resources/editor.js writes into the dialogs, with their data-i18n keys. */
const editorJs = fs.readFileSync(path.join(root, 'resources', 'editor.js'), 'utf8');
const sharedKeysInEditorJs = [...editorJs.matchAll(/SHARED\s*\+\s*'([a-zA-Z.]+)/g)].map(
  (m) => `${SHARED_PREFIX}hyundai-kia-account.common.${m[1]}`,
);

describe('locales and editor files', () => {
  for (const type of NODES) {
    describe(type, () => {
      it('has the same keys in en-US and de, none empty', () => {
        const [en, de] = LANGS.map((lang) => catalog(lang, type));
        assert.deepEqual(keysOf(de).sort(), keysOf(en).sort());
        for (const cat of [en, de]) {
          for (const key of keysOf(cat)) assert.ok(String(lookup(cat, key)).trim() !== '', `${key} is empty`);
        }
      });

      it('has help in both languages with Node-RED help sections', () => {
        for (const lang of LANGS) {
          const help = fs.readFileSync(path.join(root, 'locales', lang, `${type}.html`), 'utf8');
          assert.match(help, new RegExp(`<script type="text/html" data-help-name="${type}">`));
          assert.match(help, /^<script[^>]*>\s*<p>/, 'the first paragraph is the palette tooltip');
          const sections = NO_INPUT.includes(type) ? ['<h3>Details</h3>'] : ['<h3>Details</h3>', 'INVALID_INPUT', 'msg.errorDetails'];
          for (const s of sections) assert.ok(help.includes(s) || lang !== 'en-US', `${lang} help lacks ${s}`);
          if (!NO_INPUT.includes(type))
            assert.equal((help.match(/<h3>/g) ?? []).length, 5, `${lang}: inputs, outputs, details, errors, badge`);
        }
      });

      it('registers its type literally in the palette category, with an icon that exists', () => {
        const html = fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8');
        assert.match(html, new RegExp(`RED\\.nodes\\.registerType\\('${type}', \\{`));
        assert.match(html, new RegExp(`data-template-name="${type}"`));
        if (type === 'hyundai-kia-account') {
          assert.match(html, /category: 'config'/);
        } else {
          assert.match(html, /category: 'hyundai kia'/);
          assert.match(html, new RegExp(`icon: '${type}\\.svg'`));
        }
        assert.ok(fs.existsSync(path.join(root, 'icons', `${type}.svg`)));
      });

      it('resolves every data-i18n key of its editor in its catalogue', () => {
        const html = fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8');
        const keys = [...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]);
        assert.ok(keys.length > 5 || html.includes('data-hyundai-kia-row'));
        for (const lang of LANGS) {
          for (const key of keys) assert.equal(typeof resolve(lang, type, key), 'string', `${lang}: ${key}`);
        }
      });
    });
  }

  it('has every shared text resources/editor.js names (form rows, vehicle picker) in both languages', () => {
    assert.ok(sharedKeysInEditorJs.length >= 6, sharedKeysInEditorJs.join());
    for (const lang of LANGS) {
      for (const key of sharedKeysInEditorJs) {
        const prefix = key.endsWith('.') ? key.slice(SHARED_PREFIX.length, -1) : key.slice(SHARED_PREFIX.length);
        assert.ok(lookup(shared(lang), prefix) !== undefined, `${lang}: ${key}`);
      }
      for (const row of ['name', 'account', 'vehicle', 'vehicleHint', 'confirm', 'confirmHint']) {
        assert.equal(typeof lookup(shared(lang), `hyundai-kia-account.common.label.${row}`), 'string', `${lang}: label.${row}`);
      }
      for (const pick of ['only', 'loading', 'notDeployed', 'failed']) {
        assert.equal(typeof lookup(shared(lang), `hyundai-kia-account.common.picker.${pick}`), 'string', `${lang}: picker.${pick}`);
      }
    }
  });

  it('has every badge text the runtime can show: the session and error badges shared, the results per node', () => {
    const session = [
      'ready',
      'refreshing',
      'waiting',
      'reading',
      'reloginRequired',
      'otpRequiredEmail',
      'otpRequiredSms',
      'loginFailed',
      'rateLimited',
      'circuitOpen',
    ];
    const sharedBadges = [...session, ...ERROR_CODES.map((code) => `error.${code}`), 'sent', 'unconfirmed'];
    for (const lang of LANGS) {
      for (const key of sharedBadges) {
        assert.equal(typeof lookup(shared(lang), `hyundai-kia-account.common.status.${key}`), 'string', `${lang} shared: status.${key}`);
      }
    }
    for (const type of ACTION_NODES) {
      const own = COMMANDS[type] ? COMMANDS[type].map((a) => `done.${a}`) : ['charging', 'battery', 'locked', 'unlocked', 'updated'];
      for (const lang of LANGS) {
        const cat = catalog(lang, type);
        for (const key of own) assert.equal(typeof lookup(cat, `${type}.status.${key}`), 'string', `${lang} ${type}: status.${key}`);
        // One place for each shared text: a copy in a node's catalogue would drift from it.
        for (const key of sharedBadges)
          assert.equal(lookup(cat, `${type}.status.${key}`), undefined, `${lang} ${type} repeats status.${key}`);
        for (const row of ['name', 'account', 'vehicle', 'vehicleHint', 'confirm', 'confirmHint']) {
          assert.equal(lookup(cat, `${type}.label.${row}`), undefined, `${lang} ${type} repeats label.${row}`);
        }
      }
    }
  });
});
