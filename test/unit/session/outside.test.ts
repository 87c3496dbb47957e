// The outside view: only the package main's API, a real HTTP token endpoint and API on 127.0.0.1,
// and an injected clock (the session's `now` and `timers`), so real sockets are never faked.

import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import FakeTimers from '@sinonjs/fake-timers';
import { TokenManager, VehicleError, isTokenExpiredError } from '../../../nodes/lib';
import type { AuthStrategy, TokenSet } from '../../../nodes/lib';

const HOUR = 3_600_000;
const BUFFER_MINUTES = 5;

interface Cloud {
  url: string;
  tokenCalls: number;
  apiCalls: number;
  /** What the token endpoint answers next: 'ok', an HTTP status, or 'reject' (400 invalid_grant). */
  tokenPlan: Array<'ok' | 'reject' | number>;
  /** When set, the API answers every call with this token-expired 401. */
  apiAlwaysExpired: boolean;
  current: string | null;
  close(): Promise<void>;
}

async function startCloud(): Promise<Cloud> {
  let serial = 0;
  const cloud = {
    tokenCalls: 0,
    apiCalls: 0,
    tokenPlan: [] as Array<'ok' | 'reject' | number>,
    apiAlwaysExpired: false,
    current: null as string | null,
  };
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/token') {
      cloud.tokenCalls += 1;
      const plan = cloud.tokenPlan.shift() ?? 'ok';
      if (plan === 'reject') return send(400, { error: 'invalid_grant' });
      if (typeof plan === 'number') return send(plan, { error: 'unavailable' });
      serial += 1;
      cloud.current = `access-${serial}`;
      return send(200, { access_token: cloud.current, refresh_token: `refresh-${serial}`, expires_in: 3600 });
    }
    if (req.url !== '/api') return send(404, { error: 'not found' });
    cloud.apiCalls += 1;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (cloud.apiAlwaysExpired || token !== cloud.current) return send(401, { error: 'Key not authorized: Token is expired' });
    return send(200, { ok: true, token });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(cloud, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** An error shaped like axios's, so the library can classify it. */
async function httpError(res: Response): Promise<Error> {
  const data = await res.json().catch(() => ({}));
  return Object.assign(new Error(`Request failed with status code ${res.status}`), { response: { status: res.status, headers: {}, data } });
}

function strategyFor(cloud: Cloud, now: () => number, canLogin: boolean): AuthStrategy {
  const grant = async (body: unknown): Promise<TokenSet> => {
    const res = await fetch(`${cloud.url}/token`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status === 400) throw new VehicleError('AUTH_FAILED', 'refresh token rejected', { httpStatus: 400 });
    if (!res.ok) throw await httpError(res);
    const json = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
    return { accessToken: json.access_token, refreshToken: json.refresh_token, expiresAt: now() + json.expires_in * 1000 };
  };
  return {
    identity: 'outside|test',
    canLogin,
    initial: () => (canLogin ? null : { accessToken: '', refreshToken: 'pasted', expiresAt: 0 }),
    login: () => grant({ grant: 'password' }),
    refresh: (current) => grant({ grant: 'refresh', refreshToken: current.refreshToken }),
  };
}

async function callApi(cloud: Cloud, token: string): Promise<string> {
  const res = await fetch(`${cloud.url}/api`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await httpError(res);
  return ((await res.json()) as { token: string }).token;
}

describe('outside test: the token session through the package main', function () {
  this.timeout(20_000);
  let cloud: Cloud;
  let clock: FakeTimers.Clock;
  let manager: TokenManager;

  const create = (opts: { canLogin?: boolean; autoRefresh?: boolean } = {}) => {
    clock = FakeTimers.createClock(Date.UTC(2026, 5, 1));
    manager = new TokenManager({
      strategy: strategyFor(cloud, () => clock.now, opts.canLogin ?? true),
      refreshBufferMinutes: BUFFER_MINUTES,
      keepaliveMinutes: 60,
      autoRefresh: opts.autoRefresh ?? false,
      now: () => clock.now,
      timers: { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as never) },
    });
    return manager;
  };

  beforeEach(async () => (cloud = await startCloud()));
  afterEach(async () => {
    await manager?.stop();
    await cloud.close();
  });

  it('300 concurrent callers on an expired token: exactly one token call, every call succeeds', async () => {
    create();
    await manager.getAccessToken();
    clock.tick(2 * HOUR);
    const before = cloud.tokenCalls;
    const results = await Promise.all(Array.from({ length: 300 }, () => manager.executeWithRetry((t) => callApi(cloud, t))));
    assert.equal(cloud.tokenCalls - before, 1);
    assert.equal(results.length, 300);
    assert.ok(results.every((t) => t === cloud.current));
  });

  it('one retry, then AUTH_FAILED', async () => {
    create();
    await manager.getAccessToken();
    cloud.apiAlwaysExpired = true;
    const apiBefore = cloud.apiCalls;
    const err = await manager.executeWithRetry((t) => callApi(cloud, t)).catch((e: unknown) => e);
    assert.ok(err instanceof VehicleError);
    assert.equal(err.code, 'AUTH_FAILED');
    assert.equal(cloud.apiCalls - apiBefore, 2);
    assert.equal(cloud.tokenCalls, 2);
  });

  it('other errors pass through untouched', async () => {
    create();
    const mine = new RangeError('not the cloud');
    assert.equal(await manager.executeWithRetry(() => Promise.reject(mine)).catch((e: unknown) => e), mine);
    let http404: unknown;
    const caught = await manager
      .executeWithRetry(async (t) => {
        const res = await fetch(`${cloud.url}/nothing-here`, { headers: { authorization: `Bearer ${t}` } });
        http404 = Object.assign(new Error('not found'), { response: { status: 404, headers: {}, data: await res.json() } });
        throw http404;
      })
      .catch((e: unknown) => e);
    assert.equal(caught, http404);
    assert.equal(isTokenExpiredError(caught), false);
    assert.equal(cloud.tokenCalls, 1);
  });

  it('a failed refresh is not cached', async () => {
    create();
    await manager.getAccessToken();
    clock.tick(2 * HOUR);
    cloud.tokenPlan = [503, 503, 503];
    const failing = manager.getAccessToken().catch((e: unknown) => e);
    while (cloud.tokenCalls < 4) await clock.tickAsync(500);
    const err = (await failing) as VehicleError;
    assert.equal(err.code, 'TOKEN_REFRESH_FAILED');
    assert.equal(err.retryable, true);
    assert.equal(await manager.executeWithRetry((t) => callApi(cloud, t)), cloud.current);
    assert.equal(cloud.tokenCalls, 5);
  });

  it('reauth-required: no further token calls after advancing 24 h, every call fails at once', async () => {
    create({ canLogin: false, autoRefresh: true });
    manager.start();
    await manager.getAccessToken();
    assert.equal(cloud.tokenCalls, 1);
    cloud.tokenPlan = ['reject'];
    clock.tick(2 * HOUR);
    await assert.rejects(manager.getAccessToken(), { code: 'AUTH_FAILED' });
    assert.equal(manager.status().state, 'reauth-required');
    const calls = cloud.tokenCalls;
    await clock.tickAsync(24 * HOUR);
    await assert.rejects(
      manager.executeWithRetry((t) => callApi(cloud, t)),
      { code: 'AUTH_FAILED' },
    );
    assert.equal(cloud.tokenCalls, calls);
    assert.equal(clock.countTimers(), 0);
  });

  it('the proactive refresh happens exactly at expiresAt − buffer, not 1 ms before', async () => {
    create({ autoRefresh: true });
    manager.start();
    await manager.getAccessToken();
    const expiresAt = Date.parse(manager.status().expiresAt as string);
    const refreshAt = expiresAt - BUFFER_MINUTES * 60_000;
    await clock.tickAsync(refreshAt - 1 - clock.now);
    await new Promise((r) => setTimeout(r, 50)); // real time for any stray HTTP call to land
    assert.equal(cloud.tokenCalls, 1);
    await clock.tickAsync(1);
    while (cloud.tokenCalls < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(cloud.tokenCalls, 2);
    assert.equal(manager.status().refreshCount, 2);
  });
});
