import assert from 'node:assert/strict';
import { VehicleError } from '../../../nodes/lib/errors';
import {
  FakeCloud,
  HOUR,
  MINUTE,
  expiredError,
  installClock,
  manager,
  primed,
  recordingLogger,
  refusedError,
  resetError,
  settle,
  unavailableError,
  type Clock,
} from './helpers';

describe('session: retry on expiry and refresh failures', () => {
  let clock: Clock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('P3 an operation that keeps failing on expiry: 2 calls, 1 refresh, then AUTH_FAILED, no loop', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    let calls = 0;
    const err = await m
      .executeWithRetry(async () => {
        calls += 1;
        throw expiredError();
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof VehicleError);
    assert.equal(err.code, 'AUTH_FAILED');
    assert.equal(calls, 2);
    assert.equal(cloud.refreshCalls, 1);
    assert.equal(m.status().retriesAfterExpiry, 1);
  });

  it('P3 the retry uses the new token and its result is returned', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    const seen: string[] = [];
    const result = await m.executeWithRetry(async (t) => {
      seen.push(t);
      if (seen.length === 1) throw expiredError();
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(seen, ['access-1', 'access-2']);
  });

  it('P11 every other error passes through unchanged (same object), without a refresh or a retry', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    const errors: unknown[] = [
      unavailableError(),
      resetError(),
      new VehicleError('VEHICLE_BUSY', 'busy'),
      Object.assign(new Error('Forbidden'), {
        response: { status: 403, headers: {}, data: { error: 'Key not authorized: Token is expired' } },
      }),
      new TypeError('a bug in the caller'),
      'a string',
    ];
    for (const thrown of errors) {
      let calls = 0;
      const caught = await m
        .executeWithRetry(async () => {
          calls += 1;
          throw thrown;
        })
        .catch((e: unknown) => e);
      assert.equal(caught, thrown);
      assert.equal(calls, 1);
    }
    assert.equal(cloud.refreshCalls, 0);
  });

  it('P4 a failed refresh is not cached: the next call starts a new refresh', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud, { refreshAttempts: 1 });
    clock.tick(2 * HOUR);
    cloud.refreshPlan = [unavailableError()];
    await assert.rejects(m.getAccessToken(), { code: 'TOKEN_REFRESH_FAILED', retryable: true });
    assert.equal(m.status().state, 'error');
    assert.equal(await m.getAccessToken(), cloud.latestAccessToken);
    assert.equal(cloud.refreshCalls, 2);
    assert.equal(m.status().state, 'ready');
  });

  it('transient failures are retried with backoff (3 attempts), then CLOUD_UNAVAILABLE "cannot reach the cloud" with attempts and duration', async () => {
    const cloud = new FakeCloud();
    cloud.canLogin = false;
    cloud.seed = { accessToken: '', refreshToken: 'pasted', expiresAt: 0 };
    const log = recordingLogger();
    const m = manager(cloud, { logger: log, random: () => 0.999 });
    cloud.refreshPlan = [refusedError(), refusedError(), refusedError()];
    const pending = m.getAccessToken().catch((e: unknown) => e);
    await clock.tickAsync(999); // the first delay is at most 1 s
    assert.equal(cloud.refreshCalls, 2);
    await clock.tickAsync(2_000); // the second at most 2 s
    const err = (await pending) as VehicleError;
    assert.equal(cloud.refreshCalls, 3);
    assert.equal(err.code, 'CLOUD_UNAVAILABLE');
    assert.match(err.message, /cannot reach the cloud \(ECONNREFUSED\)/);
    assert.equal(err.attempts, 3);
    assert.ok((err.durationMs ?? 0) >= 2_900);
    assert.ok(log.lines.some((l) => l.level === 'info' && /retrying/.test(l.message)));
    assert.ok(log.lines.some((l) => l.level === 'error' && /refresh failed/.test(l.message)));
  });

  it('an attempt that may have reached the server is retried as a login, never with the same refresh token', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    clock.tick(2 * HOUR);
    cloud.refreshPlan = [resetError()];
    const pending = m.getAccessToken();
    await clock.tickAsync(1_000);
    assert.equal(await pending, cloud.latestAccessToken);
    assert.deepEqual(cloud.events, ['login', 'refresh', 'login']);
    assert.equal(cloud.reuseDetected, 0);
  });

  it('a connection that was never made is retried with the same refresh token', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    clock.tick(2 * HOUR);
    cloud.refreshPlan = [refusedError()];
    const pending = m.getAccessToken();
    await clock.tickAsync(1_000);
    assert.equal(await pending, cloud.latestAccessToken);
    assert.deepEqual(cloud.events, ['login', 'refresh', 'refresh']);
  });

  it('Retry-After is honoured but capped at the backoff cap', async () => {
    const cloud = new FakeCloud();
    cloud.canLogin = false;
    cloud.seed = { accessToken: '', refreshToken: 'pasted', expiresAt: 0 };
    const m = manager(cloud, { random: () => 0 });
    cloud.refreshPlan = [Object.assign(new Error('429'), { response: { status: 429, headers: { 'retry-after': '86400' }, data: {} } })];
    const pending = m.getAccessToken();
    await clock.tickAsync(9_999);
    assert.equal(cloud.refreshCalls, 1);
    await clock.tickAsync(1);
    assert.equal(await pending, cloud.latestAccessToken);
    assert.equal(cloud.refreshCalls, 2);
  });

  it('a rejected refresh token falls back to a login when the password is known', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    clock.tick(2 * HOUR);
    cloud.refreshPlan = ['reject'];
    assert.equal(await m.getAccessToken(), cloud.latestAccessToken);
    assert.deepEqual(cloud.events, ['login', 'refresh', 'login']);
    assert.equal(m.status().state, 'ready');
  });

  it('P13 a rejected refresh token without a password is terminal: reauth-required, zero further token calls for 24 h, every call fails at once', async () => {
    const cloud = new FakeCloud();
    cloud.canLogin = false;
    cloud.seed = { accessToken: '', refreshToken: 'pasted', expiresAt: 0 };
    const m = manager(cloud, { keepaliveMinutes: 30 });
    const states: string[] = [];
    m.on('state', (s) => states.push(s.state));
    m.start();
    await settle(clock);
    assert.equal(cloud.refreshCalls, 1); // started with the pasted token
    cloud.refreshPlan = ['reject'];
    await clock.tickAsync(30 * MINUTE); // the keepalive refresh is rejected
    assert.equal(cloud.refreshCalls, 2);
    await assert.rejects(m.getAccessToken(), { code: 'AUTH_FAILED' });
    assert.equal(m.status().state, 'reauth-required');
    const callsAfter = cloud.tokenCalls;
    await clock.tickAsync(24 * HOUR);
    let opCalls = 0;
    await assert.rejects(
      m.executeWithRetry(async () => ++opCalls),
      { code: 'AUTH_FAILED' },
    );
    await assert.rejects(m.refreshTokenSafely(), { code: 'AUTH_FAILED' });
    assert.equal(opCalls, 0);
    assert.equal(cloud.tokenCalls, callsAfter);
    assert.equal(clock.countTimers(), 0);
    assert.ok(states.includes('reauth-required'));
    // "Refresh now" tries once more; the cloud accepts a newly pasted token after credentialsChanged.
    cloud.refreshPlan = ['reject'];
    await assert.rejects(m.refreshToken(), { code: 'AUTH_FAILED' });
    assert.equal(cloud.tokenCalls, callsAfter + 1);
    cloud.seed = { accessToken: '', refreshToken: 'pasted-again', expiresAt: 0 };
    cloud.seedFingerprint = 'new';
    const presented: Array<string | undefined> = [];
    const refresh = cloud.refresh.bind(cloud);
    cloud.refresh = (current) => (presented.push(current.refreshToken), refresh(current));
    await m.credentialsChanged();
    assert.equal(await m.getAccessToken(), cloud.latestAccessToken);
    assert.deepEqual(presented, ['pasted-again']);
    assert.equal(m.status().state, 'ready');
    await m.stop();
  });

  it('a rejected login is terminal too (wrong password: no retries that could lock the account)', async () => {
    const cloud = new FakeCloud();
    cloud.loginPlan = ['reject'];
    const m = manager(cloud);
    await assert.rejects(m.getAccessToken(), { code: 'AUTH_FAILED' });
    await assert.rejects(m.getAccessToken(), { code: 'AUTH_FAILED' });
    assert.equal(cloud.loginCalls, 1);
    assert.equal(m.status().state, 'reauth-required');
    // The user pressed "Refresh now" after fixing the password on the cloud side.
    const status = await m.refreshToken();
    assert.equal(status.state, 'ready');
    assert.equal(cloud.loginCalls, 2);
  });

  it('rejects options that make no sense with CONFIG_INVALID, and honours an explicit 0 buffer', async () => {
    const cloud = new FakeCloud();
    assert.throws(() => manager(cloud, { refreshBufferMinutes: -1 }), { code: 'CONFIG_INVALID' });
    assert.throws(() => manager(cloud, { keepaliveMinutes: 0.5 }), { code: 'CONFIG_INVALID' });
    assert.throws(() => manager(cloud, { refreshAttempts: Number.NaN }), { code: 'CONFIG_INVALID' });
    const m = await primed(cloud, { refreshBufferMinutes: 0, clockSkewMs: 0 });
    clock.tick(HOUR - 1);
    await m.getAccessToken();
    assert.equal(cloud.tokenCalls, 1);
    clock.tick(1);
    await m.getAccessToken();
    assert.equal(cloud.refreshCalls, 1);
  });
});
