// A token store that cannot be read: logged at warn (no secret), and for a chain that exists the
// session asks the user (AUTH_FAILED naming the likely cause) instead of spending the pasted token.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, secretsOf, type Harness } from '../account/helpers';

describe('hardening: a damaged token store', () => {
  let h: Harness;
  beforeEach(async () => (h = await harness()));
  afterEach(async () => {
    for (const secret of secretsOf(h.sim)) for (const line of h.log.lines) assert.ok(!line.includes(secret), line);
    await h.close();
  });

  async function chainIn(dir: string): Promise<void> {
    const first = h.eu({ tokenStoreDir: dir, tokenStoreSecret: 'secret-one' });
    await first.vehicles(); // refreshes once: the pasted token is spent, the rotated one stored
    await first.close();
  }

  it('a changed credentialSecret: warned, then AUTH_FAILED naming the likely cause, and the pasted token is not presented again', async () => {
    const dir = h.tempDir();
    await chainIn(dir);
    const before = h.sim.control.counters();
    const second = h.eu({ tokenStoreDir: dir, tokenStoreSecret: 'secret-two' });
    const err = (await second.vehicles().catch((e: unknown) => e)) as { code: string; message: string };
    assert.equal(err.code, 'AUTH_FAILED');
    assert.match(err.message, /credentialSecret/);
    assert.equal(second.tokenStatus().state, 'reauth-required');
    assert.match(second.tokenStatus().lastError?.message ?? '', /credentialSecret/);
    const after = h.sim.control.counters();
    assert.equal(after.tokenCalls.refresh, before.tokenCalls.refresh, 'no token call with the spent pasted token');
    assert.equal(after.reuseDetections, 0);
    assert.ok(
      h.log.lines.some((l) => l.startsWith('warn') && /cannot be decrypted.*credentialSecret/.test(l)),
      h.log.lines.join('\n'),
    );
  });

  it('a damaged file: warned ("damaged") and AUTH_FAILED too; "Refresh now" is the user\'s way to try the pasted token', async () => {
    const dir = h.tempDir();
    await chainIn(dir);
    // the token file (the car memory, <hash>.state.json, sits beside it)
    const file = readdirSync(dir).find((f) => /^[0-9a-f]{32}\.json$/.test(f))!;
    writeFileSync(join(dir, file), '{"v":1,"iv":"trunc');
    const second = h.eu({ tokenStoreDir: dir, tokenStoreSecret: 'secret-one' });
    await assert.rejects(
      second.vehicles(),
      (e: { code: string; message: string }) => e.code === 'AUTH_FAILED' && /damaged|decrypted/.test(e.message),
    );
    assert.ok(h.log.lines.some((l) => l.startsWith('warn') && /Token store: .*(damaged|cannot be decrypted)/.test(l)));
    // The user presses "Refresh now": the pasted token is tried, and the strict cloud says it was spent.
    await assert.rejects(second.refreshToken(), { code: 'AUTH_FAILED' });
    assert.equal(h.sim.control.counters().reuseDetections, 1);
  });

  it('a password account with a damaged store simply logs in again (nothing can be spent twice)', async () => {
    const dir = h.tempDir();
    const us = h.us({ tokenStoreDir: dir, tokenStoreSecret: 'one' });
    await us.vehicles();
    await us.close();
    const again = h.us({ tokenStoreDir: dir, tokenStoreSecret: 'two' });
    assert.equal((await again.vehicles()).length, 1);
    assert.equal(again.tokenStatus().state, 'ready');
  });
});
