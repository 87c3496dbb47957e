import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTokenStore } from '../../../nodes/lib/session';

const WRITER = path.join(__dirname, 'fixtures', 'store-writer.ts');
const IDENTITY = 'us|hyundai|crash@example.com';

/** Starts the writer, kills it with SIGKILL `afterMs` after its first completed save; returns the last reported generation. */
function runAndKill(dir: string, start: number, afterMs: number, secret: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WRITER, dir, IDENTITY, String(start)], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { ...process.env, STORE_SECRET: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = start;
    let buffered = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) last = Math.max(last, Number(line.split(' ')[1]));
      if (!armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(last));
  });
}

describe('session: token store crash consistency', function () {
  this.timeout(30_000);

  it('P15 a writer killed (SIGKILL) mid-write again and again always leaves the complete old or the complete new set', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hk-crash-'));
    try {
      const reader = new FileTokenStore({ dir, secret: 'crash-secret' });
      let generation = 0;
      const kills = 12;
      for (let i = 0; i < kills; i++) {
        const reported = await runAndKill(dir, generation, 1 + Math.floor(Math.random() * 40), 'crash-secret');
        const loaded = await reader.load(IDENTITY);
        assert.ok(loaded, `run ${i}: the file must always be readable`);
        const found = Number(String(loaded.tokens.accessToken).split('-')[1]);
        // Every save that reported completion is durable; at most the one in flight may also have landed.
        assert.ok(found === reported || found === reported + 1, `run ${i}: found ${found}, last reported ${reported}`);
        assert.equal(loaded.tokens.refreshToken, `refresh-${found}`);
        assert.equal(loaded.savedAt, found);
        generation = found; // restart from what survived, as a restarted session would
      }
      assert.ok(generation > kills, 'the writer made progress between kills');
      // Temp files of killed writers are cleaned up on the next load.
      assert.ok(await reader.load(IDENTITY));
      assert.deepEqual(
        (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')),
        [],
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
