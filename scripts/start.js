#!/usr/bin/env node
// `npm start`: the project's own Node-RED on http://127.0.0.1:1880 with the package installed and the
// demo flow deployed against the built-in simulator (region `demo`): no account, nothing to install.
// Runs after `npm run build` (see package.json). The user folder `.node-red/` is git-ignored.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// USER_DIR lets the end-to-end tests run the same start-up in a folder of their own.
const userDir = path.resolve(process.env.USER_DIR || path.join(root, '.node-red'));
const port = Number(process.env.PORT || 1880);
const host = process.env.HOST || '127.0.0.1';

fs.mkdirSync(path.join(userDir, 'node_modules'), { recursive: true });

// Install this package into the user folder the way the palette manager would (a link to the repo),
// and the dashboard the demo's car card uses.
function linkModule(name, target) {
  const link = path.join(userDir, 'node_modules', name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(target, link, 'dir');
}
linkModule('node-red-contrib-hyundai-kia', root);
linkModule('@flowfuse/node-red-dashboard', path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json')));
fs.writeFileSync(
  path.join(userDir, 'package.json'),
  JSON.stringify({ name: 'hyundai-kia-demo', private: true, dependencies: { 'node-red-contrib-hyundai-kia': `file:${root}` } }, null, 2),
);

// The demo flow is deployed on the first start; after that the user's own edits are kept.
const flowFile = path.join(userDir, 'flows.json');
if (!fs.existsSync(flowFile) || process.env.RESET_DEMO === '1') {
  fs.copyFileSync(path.join(root, 'examples', 'demo.json'), flowFile);
}

const settingsFile = path.join(userDir, 'settings.js');
fs.writeFileSync(
  settingsFile,
  `module.exports = ${JSON.stringify(
    {
      uiHost: host,
      uiPort: port,
      flowFile: 'flows.json',
      userDir,
      credentialSecret: 'hyundai-kia-demo (the demo stores no real credentials)',
      logging: { console: { level: 'info', metrics: false, audit: false } },
      editorTheme: { tours: false, projects: { enabled: false } },
      // No first-run question about update checks: the demo machine may have no internet anyway.
      telemetry: { enabled: false },
    },
    null,
    2,
  )};\n`,
);

const red = spawn(process.execPath, [require.resolve('node-red/red.js'), '--userDir', userDir, '--settings', settingsFile], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let announced = false;
red.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Started flows/.test(String(chunk))) {
    announced = true;
    process.stdout.write(`\nThe demo is running: open http://${host}:${port}/ (Ctrl-C stops it)\n\n`);
    // The second demo account: Kia USA with a one-time code, on a simulated cloud (scripts/kia-demo.js).
    if (process.env.KIA_DEMO !== '0') {
      require('./kia-demo')({ base: `http://${host}:${port}`, log: (line) => process.stdout.write(`${line}\n`) }).catch((err) =>
        process.stdout.write(`Kia USA demo not started: ${err.message}\n`),
      );
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => red.kill('SIGINT'));
red.on('exit', (code) => process.exit(code ?? 0));
