#!/usr/bin/env node
// `npm start`: the project's own Node-RED on http://127.0.0.1:1880 with the package installed and the
// demo flow deployed against the built-in simulator (region `demo`): no account, nothing to install.
// Runs after `npm run build` (see package.json). The user folder `.node-red/` is git-ignored.
// PORT, HOST and USER_DIR change where it listens and keeps its files; RESET_DEMO=1 puts the demo flow
// back. A port that is already taken (often by another Node-RED) ends it at once with exit code 1.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// USER_DIR lets the end-to-end tests run the same start-up in a folder of their own.
const userDir = path.resolve(process.env.USER_DIR || path.join(root, '.node-red'));
const port = Number(process.env.PORT || 1880);
const host = process.env.HOST || '127.0.0.1';
const url = `http://${host}:${port}/`;
// NODE_RED_DIR runs another install's Node-RED (CI runs the demo on Node-RED 5 too).
const nodeRedDir = process.env.NODE_RED_DIR
  ? path.resolve(process.env.NODE_RED_DIR)
  : path.dirname(require.resolve('node-red/package.json'));

/** Resolves when `port` is free at `host`; rejects with the listen error (EADDRINUSE, ...) otherwise. */
function checkPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function portProblem(err) {
  if (err.code === 'EADDRINUSE') {
    return (
      `Port ${port} on ${host} is already in use (another Node-RED?), so the demo did not start:\n` +
      `${url} is NOT the demo. Stop the other program, or use another port: PORT=1881 npm start`
    );
  }
  return `Cannot listen on ${url} (${err.code || err.message}). Try another port or host: PORT=1881 HOST=127.0.0.1 npm start`;
}

/** Installs this package into the user folder the way the palette manager would (a link to the repo). */
function linkModule(name, target) {
  const link = path.join(userDir, 'node_modules', name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(target, link, 'dir');
}

/** The package, the dashboard the demo's car card uses, the demo flow (first start only) and settings.js. */
function prepareUserDir() {
  fs.mkdirSync(path.join(userDir, 'node_modules'), { recursive: true });
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
  const settings = {
    uiHost: host,
    uiPort: port,
    flowFile: 'flows.json',
    userDir,
    credentialSecret: 'hyundai-kia-demo (the demo stores no real credentials)',
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    // No first-run question about update checks: the demo machine may have no internet anyway.
    telemetry: { enabled: false },
  };
  fs.writeFileSync(settingsFile, `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  return settingsFile;
}

/** Runs Node-RED; says "running" only once it listens AND has started the demo flow. */
function runNodeRed(settingsFile) {
  const red = spawn(process.execPath, [path.join(nodeRedDir, 'red.js'), '--userDir', userDir, '--settings', settingsFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let announced = false;
  red.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (announced) return;
    output += String(chunk);
    if (/Server now running at/.test(output) && /Started flows/.test(output)) {
      announced = true;
      output = '';
      process.stdout.write(`\nThe demo is running: open ${url} (Ctrl-C stops it)\n\n`);
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
}

async function main() {
  try {
    await checkPort();
  } catch (err) {
    process.stderr.write(`\n${portProblem(err)}\n\n`);
    process.exit(1);
  }
  runNodeRed(prepareUserDir());
}

void main();
