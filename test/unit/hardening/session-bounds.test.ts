// The session's own guards, with fake timers: a hung token endpoint fails a refresh in about a
// minute, a strategy that returns a broken set is a cloud fault (retried, never a refusal), a
// lifetime out of range never refreshes per call, and a hung read is retried once, not twice.
import assert from 'node:assert/strict';
import type { AxiosError } from 'axios';
import { isRetryableRead } from '../../../nodes/lib/clouds/http';
import { VehicleError } from '../../../nodes/lib/errors';
import { SESSION_LIFETIME_MS } from '../../../nodes/lib/session/refresh-schedule';
import { FakeCloud, HOUR, installClock, manager, primed, type Clock } from '../session/helpers';

const timeout = (): Error => Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' });

describe('hardening: session bounds', () => {
  let clock: Clock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('a hung token endpoint (30 s per attempt) fails the refresh within about a minute, not 3 × 30 s', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud, { random: () => 0.999 });
    clock.tick(2 * HOUR);
    cloud.gate = () => new Promise((resolve) => setTimeout(resolve, 30_000));
    cloud.refreshPlan = [timeout(), timeout(), timeout()];
    cloud.loginPlan = [timeout(), timeout(), timeout()];
    const callsBefore = cloud.tokenCalls;
    const started = Date.now();
    const pending = m.getAccessToken().catch((e: unknown) => e as VehicleError);
    await clock.tickAsync(70_000);
    const err = await pending;
    assert.ok(err instanceof VehicleError, String(err));
    assert.equal(err.code, 'CLOUD_UNAVAILABLE');
    assert.equal(cloud.tokenCalls - callsBefore, 2, 'no third attempt after the minute');
    assert.ok((err.durationMs ?? Infinity) <= 62_000, `${err.durationMs} ms`);
    assert.ok(Date.now() - started <= 70_000);
  });

  for (const [label, fresh] of [
    ['no access token', { accessToken: '', refreshToken: 'r', expiresAt: 0 }],
    ['an expiry that is not a number', { accessToken: 'a', refreshToken: 'r', expiresAt: Number.NaN }],
  ] as const) {
    it(`a strategy answering with ${label} is CLOUD_UNAVAILABLE, retried, and never re-login required`, async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud, { random: () => 0 });
      clock.tick(2 * HOUR);
      cloud.refreshPlan = [() => ({ ...fresh }), () => ({ ...fresh }), () => ({ ...fresh })];
      cloud.loginPlan = [() => ({ ...fresh }), () => ({ ...fresh }), () => ({ ...fresh })];
      const [err] = await Promise.all([m.getAccessToken().catch((e: unknown) => e as VehicleError), clock.tickAsync(1_000)]);
      assert.equal((err as VehicleError).code, 'CLOUD_UNAVAILABLE');
      assert.notEqual(m.status().state, 'reauth-required');
      cloud.refreshPlan = [];
      cloud.loginPlan = [];
      assert.equal(await m.getAccessToken(), cloud.latestAccessToken, 'the next refresh works');
    });
  }

  for (const lifetimeMs of [-HOUR, 0, 1e300, Number.MAX_VALUE]) {
    it(`a strategy lifetime of ${lifetimeMs} ms is clamped: no refresh per call, and the status keeps valid dates`, async () => {
      const cloud = new FakeCloud();
      cloud.lifetimeMs = lifetimeMs;
      const m = manager(cloud, { random: () => 0 });
      await m.getAccessToken();
      for (let i = 0; i < 10; i++) {
        await m.executeWithRetry(async (t) => t);
        clock.tick(10);
      }
      assert.ok(cloud.tokenCalls <= 2, `${cloud.tokenCalls} token calls for 10 calls in 100 ms`);
      const status = m.status();
      assert.ok(status.expiresAt === null || Date.parse(status.expiresAt) - Date.now() <= SESSION_LIFETIME_MS.max);
      assert.doesNotThrow(() => JSON.stringify(m.status()));
    });
  }

  it('a hung read is retried once, not twice (two request timeouts in all)', () => {
    const error = (retryCount: number): AxiosError =>
      ({ code: 'ECONNABORTED', config: { method: 'get', 'axios-retry': { retryCount } } }) as unknown as AxiosError;
    assert.equal(isRetryableRead(error(0)), true);
    assert.equal(isRetryableRead(error(1)), false);
    assert.equal(isRetryableRead({ code: 'ECONNABORTED', config: { method: 'post' } } as unknown as AxiosError), false);
  });
});
