import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTokenStore, MemoryTokenStore, TokenManager, type StoredTokens, type TokenStore } from '../../../nodes/lib/session';
import type { TokenSet } from '../../../nodes/lib/types';
import { FakeCloud, HOUR, T0, installClock, manager, primed, recordingLogger, settle, type Clock } from './helpers';

const IDENTITY = 'eu|kia|driver@example.com';
const SECRET_TOKEN = 'RT' + 'X9'.repeat(23);

function stored(n: number, refreshToken = `${SECRET_TOKEN}-${n}`): StoredTokens {
  return {
    tokens: { accessToken: `access-${n}`, refreshToken, expiresAt: T0 + HOUR, issuedAt: T0, deviceId: 'dev-1' },
    fingerprint: null,
    savedAt: T0,
  };
}

describe('session: token store', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hk-store-'))));
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('round-trips a set, encrypted (no token in the file), file and key with mode 0600, the file named by a hash', async () => {
    const store = new FileTokenStore({ dir });
    await store.save(IDENTITY, stored(1));
    assert.deepEqual(await store.load(IDENTITY), stored(1));
    const names = (await fs.readdir(dir)).sort();
    assert.equal(names.length, 2);
    assert.ok(names.every((n) => !n.includes('driver') && !n.endsWith('.tmp')));
    const file = store.fileFor(IDENTITY);
    const text = await fs.readFile(file, 'utf8');
    assert.ok(!text.includes(SECRET_TOKEN) && !text.includes('access-1') && !text.includes('driver'));
    assert.match(text, /aes-256-gcm/);
    if (process.platform !== 'win32') {
      for (const name of names) assert.equal((await fs.stat(path.join(dir, name))).mode & 0o777, 0o600, name);
    }
    assert.equal(await store.load('us|hyundai|someone-else'), null);
  });

  it('with a secret (credentialSecret): no key file; another secret cannot read it (null and a warning, never a throw)', async () => {
    const log = recordingLogger();
    await new FileTokenStore({ dir, secret: 'one' }).save(IDENTITY, stored(2));
    assert.deepEqual(await fs.readdir(dir), [path.basename(new FileTokenStore({ dir }).fileFor(IDENTITY))]);
    assert.deepEqual(await new FileTokenStore({ dir, secret: 'one' }).load(IDENTITY), stored(2));
    assert.equal(await new FileTokenStore({ dir, secret: 'two', logger: log }).load(IDENTITY), null);
    assert.ok(log.lines.some((l) => l.level === 'warn'));
  });

  it('a corrupt, truncated or swapped file loads as null with a warning', async () => {
    const log = recordingLogger();
    const store = new FileTokenStore({ dir, secret: 's', logger: log });
    await store.save(IDENTITY, stored(3));
    const file = store.fileFor(IDENTITY);
    const good = await fs.readFile(file, 'utf8');
    for (const bad of [good.slice(0, good.length / 2), 'not json', good.replace(/"data":"./, '"data":"A'), '{}']) {
      await fs.writeFile(file, bad);
      assert.equal(await store.load(IDENTITY), null);
    }
    // Another identity's file copied over this one does not decrypt (the file name is bound in).
    await store.save('other', stored(4));
    await fs.copyFile(store.fileFor('other'), file);
    assert.equal(await store.load(IDENTITY), null);
    assert.equal(log.lines.filter((l) => l.level === 'warn').length, 5);
    assert.ok(!log.text().includes(SECRET_TOKEN));
  });

  it('concurrent saves in one process are serialised: the last one wins and no temp file is left', async () => {
    const store = new FileTokenStore({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(IDENTITY, stored(i))));
    assert.deepEqual(await store.load(IDENTITY), stored(19));
    assert.ok((await fs.readdir(dir)).every((n) => !n.endsWith('.tmp')));
  });

  it("MemoryTokenStore keeps a copy, not the caller's object", async () => {
    const store = new MemoryTokenStore();
    const set = stored(5);
    await store.save(IDENTITY, set);
    set.tokens.accessToken = 'changed';
    assert.equal((await store.load(IDENTITY))?.tokens.accessToken, 'access-5');
  });
});

describe('session: persistence', () => {
  let clock: Clock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  /** A store that records when saves finish relative to the cloud's answers and the callers. */
  class SpyStore implements TokenStore {
    readonly inner = new MemoryTokenStore();
    failNext = 0;
    constructor(private readonly events: string[]) {}
    load(identity: string) {
      return this.inner.load(identity);
    }
    async save(identity: string, s: StoredTokens) {
      await new Promise((r) => setImmediate(r));
      if (this.failNext > 0) {
        this.failNext -= 1;
        this.events.push('save failed');
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      }
      this.events.push(`saved ${s.tokens.accessToken}`);
      return this.inner.save(identity, s);
    }
  }

  it('P14 the rotated set is persisted before any caller gets the new token; the old refresh token is never sent again', async () => {
    const cloud = new FakeCloud();
    const store = new SpyStore(cloud.events);
    const m = await primed(cloud, { store });
    clock.tick(2 * HOUR);
    const callers = Array.from({ length: 5 }, () => m.executeWithRetry(async (t) => void cloud.events.push(`use ${t}`)));
    await Promise.all(callers);
    assert.deepEqual(cloud.events.slice(0, 4), ['login', 'saved access-1', 'refresh', 'saved access-2']);
    assert.ok(cloud.events.slice(4).every((e) => e === 'use access-2'));
    for (let i = 0; i < 5; i++) {
      clock.tick(2 * HOUR);
      await m.getAccessToken();
    }
    assert.equal(cloud.reuseDetected, 0);
    assert.equal((await store.load(cloud.identity))?.tokens.refreshToken, 'refresh-7');
  });

  it('P14 a failing save keeps the new set in memory, warns, and persists again on the next refresh', async () => {
    const cloud = new FakeCloud();
    const store = new SpyStore(cloud.events);
    const log = recordingLogger();
    const m = await primed(cloud, { store, logger: log });
    clock.tick(2 * HOUR);
    store.failNext = 1;
    assert.equal(await m.getAccessToken(), 'access-2');
    assert.ok(log.lines.some((l) => l.level === 'warn' && /could not store/.test(l.message)));
    assert.equal((await store.load(cloud.identity))?.tokens.accessToken, 'access-1');
    clock.tick(2 * HOUR);
    assert.equal(await m.getAccessToken(), 'access-3'); // refreshed with the in-memory refresh-2
    assert.equal(cloud.reuseDetected, 0);
    assert.equal((await store.load(cloud.identity))?.tokens.refreshToken, 'refresh-3');
  });

  it('a restart uses the stored, rotated set (no login); a newly pasted refresh token wins over it', async () => {
    const store = new MemoryTokenStore();
    const cloud = new FakeCloud();
    cloud.canLogin = false;
    cloud.seed = { accessToken: '', refreshToken: 'pasted-1', expiresAt: 0 };
    cloud.seedFingerprint = 'fp-1';
    const first = manager(cloud, { store });
    assert.equal(await first.getAccessToken(), 'access-1');
    await first.stop();

    const second = manager(cloud, { store });
    assert.equal(await second.getAccessToken(), 'access-1'); // from the store, no call
    assert.equal(cloud.tokenCalls, 1);
    clock.tick(2 * HOUR);
    const presented: Array<string | undefined> = [];
    const refresh = cloud.refresh.bind(cloud);
    cloud.refresh = (current: TokenSet) => (presented.push(current.refreshToken), refresh(current));
    assert.equal(await second.getAccessToken(), 'access-2');
    await second.stop();

    cloud.seed = { accessToken: '', refreshToken: 'pasted-2', expiresAt: 0 };
    cloud.seedFingerprint = 'fp-2';
    const third = manager(cloud, { store });
    await third.getAccessToken();
    assert.deepEqual(presented, ['refresh-1', 'pasted-2']);
    assert.equal(cloud.reuseDetected, 0);
  });

  it('a store that throws on load is a warning, not a failure', async () => {
    const cloud = new FakeCloud();
    const log = recordingLogger();
    const store: TokenStore = { load: () => Promise.reject(new Error('EIO')), save: async () => undefined };
    const m = new TokenManager({ strategy: cloud, store, logger: log });
    assert.equal(await m.getAccessToken(), 'access-1');
    assert.ok(log.lines.some((l) => l.level === 'warn'));
  });

  it('P20 stop: waiters are rejected with a typed error, the running refresh completes and is persisted, within the bound', async () => {
    const cloud = new FakeCloud();
    const events: string[] = [];
    const store = new SpyStore(events);
    const m = await primed(cloud, { store });
    clock.tick(2 * HOUR);
    let release: () => void = () => undefined;
    cloud.gate = () => new Promise<void>((resolve) => (release = resolve));
    const owner = m.getAccessToken();
    const waiters = Array.from({ length: 3 }, () => m.getAccessToken().catch((e: { code: string }) => e.code));
    await settle(clock);
    const stopped = m.stop();
    assert.deepEqual(await Promise.all(waiters), ['CLOUD_UNAVAILABLE', 'CLOUD_UNAVAILABLE', 'CLOUD_UNAVAILABLE']);
    release();
    await stopped;
    assert.equal(await owner, 'access-2');
    assert.deepEqual(events, ['saved access-1', 'saved access-2']);
    await assert.rejects(m.getAccessToken(), { code: 'CLOUD_UNAVAILABLE' });
    assert.equal(clock.countTimers(), 0);
  });

  it('P20 stop does not sit out a backoff, and never waits longer than stopTimeoutMs for a hung refresh', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud, { stopTimeoutMs: 2_000 });
    clock.tick(2 * HOUR);
    cloud.refreshPlan = [Object.assign(new Error('x'), { code: 'ECONNREFUSED' })];
    const pending = m.getAccessToken().catch((e: { code: string }) => e.code);
    await settle(clock);
    await m.stop(); // resolves without advancing the clock: the backoff sleep was cancelled
    assert.equal(await pending, 'CLOUD_UNAVAILABLE');

    const hung = new FakeCloud();
    hung.gate = () => new Promise<void>(() => undefined);
    const n = manager(hung, { stopTimeoutMs: 2_000 });
    void n.getAccessToken().catch(() => undefined);
    await settle(clock);
    let done = false;
    const stopping = n.stop().then(() => (done = true));
    await clock.tickAsync(1_999);
    assert.equal(done, false);
    await clock.tickAsync(1);
    await stopping;
    assert.equal(done, true);
  });
});
