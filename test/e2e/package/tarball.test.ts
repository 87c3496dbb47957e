// The package as a user installs it: the tracked files only (a fresh clone: no dist/), `npm pack`
// (its prepack builds), `npm install <tarball>` into an empty Node-RED user folder, then that
// Node-RED (4.1, or 5 when NODE_RED_DIR says so) must register every node and read the demo car.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeRed, catchToHttp, httpDriven, tab } from '../harness';
import { nodeRedVersion } from '../../support/node-red-dir';

const REPO = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  'node-red': { nodes: Record<string, string> };
};
const TYPES = Object.keys(manifest['node-red'].nodes);

/** Copies what a clone of the working tree holds: tracked and new (not ignored) files, no build output. */
function copyWorkingTree(to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    const source = path.join(REPO, file);
    if (!fs.existsSync(source)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(source, path.join(to, file));
  }
  // The devDependencies the build needs (TypeScript), as `npm ci` would have put them there.
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

/** The relative links and images of a markdown file (no web links, no anchors). */
function localLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g), ...markdown.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#')).map((t) => t.split('#')[0]))];
}

describe(`the packed tarball installed into an empty Node-RED ${nodeRedVersion()} user folder`, function () {
  this.timeout(300_000);
  let stage: string;
  let files: string[];
  let tarball: string;
  let red: NodeRed | undefined;

  before(function () {
    stage = fs.mkdtempSync(path.join(os.tmpdir(), 'hyundai-kia-pack-'));
    const clone = path.join(stage, 'clone');
    copyWorkingTree(clone);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', stage], {
        cwd: clone,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(stage, packed[0].filename);
    files = packed[0].files.map((f) => f.path);
  });

  after(async function () {
    await red?.stop();
    if (stage) fs.rmSync(stage, { recursive: true, force: true });
  });

  it('holds the built nodes with their editor files, icons and texts, the examples, the licence and the changelog', function () {
    for (const type of TYPES) {
      const js = manifest['node-red'].nodes[type];
      assert.ok(files.includes(js), `${js} missing`);
      assert.ok(files.includes(js.replace(/\.js$/, '.html')), `${type}.html missing`);
      for (const lang of ['en-US', 'de']) {
        assert.ok(files.includes(`dist/nodes/locales/${lang}/${type}.json`), `${lang}/${type}.json missing`);
        assert.ok(files.includes(`dist/nodes/locales/${lang}/${type}.html`), `${lang}/${type}.html missing`);
      }
    }
    assert.ok(
      files.some((f) => f.startsWith('dist/nodes/icons/')),
      'no icons',
    );
    assert.ok(files.includes(path.posix.join('dist/nodes/lib/index.js')), 'the library entry (main) missing');
    // The editor code the dialogs share, at the package root where Node-RED serves resources/ from.
    for (const file of fs.readdirSync(path.join(REPO, 'resources')))
      assert.ok(files.includes(`resources/${file}`), `resources/${file} missing`);
    const examples = fs.readdirSync(path.join(REPO, 'examples')).filter((f) => f.endsWith('.json'));
    for (const example of examples) assert.ok(files.includes(`examples/${example}`), `examples/${example} missing`);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) assert.ok(files.includes(file), `${file} missing`);
    assert.ok(!files.some((f) => f.startsWith('test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))), 'tests or sources packed');
  });

  it('holds every file the READMEs link to or show (the package page, the simulator README)', function () {
    for (const readme of ['README.md', 'nodes/lib/simulator/README.md']) {
      assert.ok(files.includes(readme), `${readme} missing`);
      const links = localLinks(fs.readFileSync(path.join(REPO, readme), 'utf8'));
      assert.ok(links.length >= 1, `${readme} has no local link: the check would prove nothing`);
      const missing = links.filter((link) => !files.includes(path.posix.normalize(path.posix.join(path.posix.dirname(readme), link))));
      assert.deepEqual(missing, [], `${readme}: links missing from the tarball`);
    }
  });

  it('registers every node type from the installed package (GET /nodes)', async function () {
    const userDir = path.join(stage, 'user');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'empty-node-red', private: true }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
      cwd: userDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const installed = path.join(userDir, 'node_modules', manifest.name);
    assert.equal(fs.lstatSync(installed).isSymbolicLink(), false, 'installed as a copy, not a link to the repo');

    red = await NodeRed.start({ userDir });
    const answer = await red.admin('GET', '/nodes', { headers: { Accept: 'application/json' } });
    assert.equal(answer.status, 200);
    const sets = (answer.body as Array<{ module: string; types: string[]; enabled: boolean; err?: string; version?: string }>).filter(
      (set) => set.module === manifest.name,
    );
    assert.deepEqual(
      sets.filter((set) => set.err).map((set) => set.err),
      [],
      'node sets that failed to load',
    );
    assert.deepEqual(sets.flatMap((set) => set.types).sort(), [...TYPES].sort());
    for (const set of sets) assert.equal(set.enabled, true, `${set.types.join(',')} not enabled`);
    // The editor gets each node's form from the same module: the node sets' HTML must be served too.
    const html = await red.admin('GET', '/nodes', { headers: { Accept: 'text/html' } });
    for (const type of TYPES) assert.match(html.text, new RegExp(`registerType\\(\\s*'${type}'`), `${type} has no editor form`);
    // ... and every editor file those forms load from the package's resources/ folder.
    const loaded = [...new Set([...html.text.matchAll(/<script src="(resources\/[^"]+)"><\/script>/g)].map((m) => m[1]))];
    assert.deepEqual(loaded.sort(), [
      'resources/node-red-contrib-hyundai-kia/account-dialog.js',
      'resources/node-red-contrib-hyundai-kia/editor.js',
    ]);
    for (const url of loaded) {
      const file = await red.admin('GET', `/${url}`);
      assert.equal(file.status, 200, `${url} not served`);
      assert.match(file.text, /window\.HyundaiKiaEditor/, url);
    }
  });

  it('reads the demo car through a flow', async function () {
    assert.ok(red, 'Node-RED did not start');
    const account = {
      id: 'pack-demo-account',
      type: 'hyundai-kia-account',
      name: 'Demo car',
      region: 'demo',
      brand: 'kia',
      authMode: 'password',
    };
    const status = { id: 'pack-status', type: 'hyundai-kia-status', account: account.id, mode: 'cached', maxAgeMinutes: 60 };
    await red.deploy([
      tab('pack', 'tarball'),
      account,
      ...httpDriven('pack', '/status', status),
      ...catchToHttp('pack', 'pack-catch', [status.id]),
    ]);
    const answer = await red.http('POST', '/status', {});
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.at, 'out', JSON.stringify(answer.body));
    assert.equal(typeof answer.body.payload.ev.soc, 'number');
    assert.equal(typeof answer.body.vehicle.vin, 'string');
  });
});
