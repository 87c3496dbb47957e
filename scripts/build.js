#!/usr/bin/env node
// Build: compile the TypeScript into dist/, then put every editor file Node-RED looks for beside
// the compiled node .js files (it resolves .html, icons/ and locales/ relative to each node's .js).
// resources/ (the editor code the dialogs share) is not copied: Node-RED serves it from the package
// root, so it ships as it is (package.json "files").
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

/** Copies every file under `from` that is not TypeScript into the same place under `to`. */
function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyAssets(source, target);
    } else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

copyAssets(path.join(root, 'nodes'), path.join(dist, 'nodes'));
for (const folder of ['icons', 'locales']) {
  const source = path.join(root, folder);
  if (fs.existsSync(source)) copyAssets(source, path.join(dist, 'nodes', folder));
}
