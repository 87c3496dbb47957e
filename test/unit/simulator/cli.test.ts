// `npm run simulator`: starts, prints its URL and the demo credentials, stops on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../../nodes/lib/simulator/cli.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('simulator: command line', () => {
  it('listens on SIM_PORT, prints URL and credentials, exits 0 on SIGTERM', async function () {
    this.timeout(15000);
    const port = await freePort();
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLI], {
      env: { ...process.env, SIM_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ctrl-C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    assert.match(out, new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
    assert.match(out, /refresh token [A-Z0-9]{48}/);
    assert.match(out, /demo-eu@example\.com/);
    // No full VIN in the output (looked for outside the refresh token, which is random A-Z0-9 and may
    // hold a VIN-shaped run by chance).
    assert.doesNotMatch(out.replace(/refresh token [A-Z0-9]{48}/, ''), /\b(KN|KM|5N|KL)[A-Z0-9]{15}\b/);
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/spa/vehicles`);
    assert.equal(answer.status, 401);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
});
