import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VehicleError } from '../../../nodes/lib/errors';
import { FakeCloud, HOUR, T0, expiredError, installClock, manager, settle, type Clock } from './helpers';

describe('session: single flight', () => {
  it('P1 50 concurrent callers on an expired token cause exactly one token call and all use the new token', async () => {
    let now = T0;
    const cloud = new FakeCloud(() => now);
    const m = manager(cloud, { now: () => now });
    await m.getAccessToken();
    now += 2 * HOUR;
    const used: string[] = [];
    const results = await Promise.all(Array.from({ length: 50 }, () => m.executeWithRetry(async (t) => (used.push(t), t))));
    assert.equal(cloud.refreshCalls, 1);
    assert.equal(cloud.loginCalls, 1);
    assert.ok(results.every((t) => t === cloud.latestAccessToken));
    assert.ok(used.every((t) => t === cloud.latestAccessToken));
  });

  it('P1 over random completion orders (fc.scheduler, 150 runs): one token call, every caller succeeds with the new token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 25 }), async (s, n) => {
        let now = T0;
        const cloud = new FakeCloud(() => now);
        const m = manager(cloud, { now: () => now });
        await m.getAccessToken();
        now += 2 * HOUR;
        cloud.gate = () => s.schedule(Promise.resolve(), 'token endpoint');
        const op = async (t: string) => {
          await s.schedule(Promise.resolve(), 'api');
          if (t !== cloud.latestAccessToken) throw expiredError();
          return t;
        };
        const calls = Array.from({ length: n }, (_, i) => (i % 2 ? m.executeWithRetry(op) : m.getAccessToken()));
        const results = await s.waitFor(Promise.all(calls));
        assert.equal(cloud.refreshCalls, 1);
        assert.ok(results.every((t) => t === cloud.latestAccessToken));
        assert.equal(cloud.reuseDetected, 0);
      }),
      { numRuns: 150 },
    );
  });

  it('P2 stale 401s for a token that looks valid: one refresh, each request re-sent once with the new token (fc.scheduler, 150 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 20 }), async (s, n) => {
        const now = T0;
        const cloud = new FakeCloud(() => now);
        const m = manager(cloud, { now: () => now });
        const first = await m.getAccessToken();
        // The cloud revoked the token early: locally it still looks valid for an hour.
        let accepted = 'none';
        cloud.gate = () => s.schedule(Promise.resolve(), 'token endpoint');
        let apiCalls = 0;
        const op = async (t: string) => {
          apiCalls += 1;
          await s.schedule(Promise.resolve(), 'api');
          if (t !== accepted) throw expiredError();
          return t;
        };
        const originalRefresh = cloud.refresh.bind(cloud);
        cloud.refresh = async (current) => {
          const set = await originalRefresh(current);
          accepted = set.accessToken;
          return set;
        };
        const results = await s.waitFor(Promise.all(Array.from({ length: n }, () => m.executeWithRetry(op))));
        assert.notEqual(first, accepted);
        assert.equal(cloud.refreshCalls, 1);
        assert.equal(apiCalls, 2 * n);
        assert.ok(results.every((t) => t === accepted));
        assert.equal(m.status().retriesAfterExpiry, n);
      }),
      { numRuns: 150 },
    );
  });

  describe('with fake timers', () => {
    let clock: Clock;
    beforeEach(() => (clock = installClock()));
    afterEach(() => clock.uninstall());

    it('P19 a caller waiting for a hung refresh gives up with a typed error, and the lock is free afterwards', async () => {
      const cloud = new FakeCloud();
      let release: () => void = () => undefined;
      cloud.gate = () => new Promise<void>((resolve) => (release = resolve));
      const m = manager(cloud, { lockWaitTimeoutMs: 5_000 });
      const owner = m.getAccessToken();
      const waiting = () =>
        m.getAccessToken().then(
          () => null,
          (err: unknown) => err,
        );
      const atTheLock = waiting(); // arrives before the refresh started: queues for the lock
      await settle(clock);
      const joined = waiting(); // arrives while the refresh runs: joins it
      await clock.tickAsync(5_001);
      for (const err of (await Promise.all([atTheLock, joined])) as VehicleError[]) {
        assert.ok(err instanceof VehicleError);
        assert.equal(err.code, 'TOKEN_REFRESH_FAILED');
        assert.equal(err.retryable, true);
      }
      release();
      assert.equal(await owner, cloud.latestAccessToken);
      cloud.gate = null;
      await m.refreshTokenSafely();
      assert.equal(cloud.tokenCalls, 2);
    });

    it('P19 a refresh that throws never leaves the lock held', async () => {
      const cloud = new FakeCloud();
      cloud.loginPlan = [new VehicleError('CONFIG_INVALID', 'bad region')];
      const m = manager(cloud);
      await assert.rejects(m.getAccessToken(), { code: 'CONFIG_INVALID' });
      await settle(clock);
      assert.equal(await m.getAccessToken(), cloud.latestAccessToken);
      assert.equal(cloud.loginCalls, 2);
    });
  });
});
