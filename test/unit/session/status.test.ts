import assert from 'node:assert/strict';
import type { TokenStatus } from '../../../nodes/lib/types';
import { FakeCloud, HOUR, T0, installClock, manager, unavailableError, type Clock } from './helpers';

describe('session: status and state events', () => {
  let clock: Clock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('emits a TokenStatus on every change: refreshing, ready, error; the status has every contract field and no secret', async () => {
    const cloud = new FakeCloud();
    const m = manager(cloud, { refreshAttempts: 1 });
    const events: TokenStatus[] = [];
    m.on('state', (s: TokenStatus) => events.push(s));
    assert.deepEqual(m.status(), {
      state: 'idle',
      hasToken: false,
      hasRefreshToken: false,
      expiresAt: null,
      isExpired: true,
      secondsUntilExpiry: null,
      lastRefreshAt: null,
      refreshCount: 0,
      refreshFailures: 0,
      retriesAfterExpiry: 0,
      circuit: 'closed',
      lastError: null,
      stats: { refreshMs: { p50: null, p95: null, p99: null }, refreshSuccessRate: null },
    });
    cloud.gate = async () => void clock.tick(200); // the login takes 200 ms
    await m.getAccessToken();
    const ready = m.status();
    assert.equal(ready.state, 'ready');
    assert.equal(ready.hasToken, true);
    assert.equal(ready.hasRefreshToken, true);
    assert.equal(ready.expiresAt, new Date(T0 + 200 + HOUR).toISOString());
    assert.equal(ready.secondsUntilExpiry, 3600);
    assert.equal(ready.lastRefreshAt, new Date(T0 + 200).toISOString());
    assert.deepEqual(ready.stats, { refreshMs: { p50: 200, p95: 200, p99: 200 }, refreshSuccessRate: 1 });

    clock.tick(2 * HOUR);
    cloud.gate = async () => void clock.tick(50);
    cloud.refreshPlan = [unavailableError()];
    await assert.rejects(m.getAccessToken());
    const failed = m.status();
    assert.equal(failed.state, 'error');
    assert.equal(failed.isExpired, true);
    assert.equal(failed.refreshFailures, 1);
    assert.equal(failed.lastError?.code, 'TOKEN_REFRESH_FAILED');
    assert.deepEqual(failed.stats, { refreshMs: { p50: 50, p95: 200, p99: 200 }, refreshSuccessRate: 0.5 });
    assert.deepEqual(
      events.map((e) => e.state),
      ['idle', 'refreshing', 'ready', 'refreshing', 'error'],
    );
    assert.ok(!JSON.stringify(events).includes('access-') && !JSON.stringify(events).includes('refresh-1'));
  });

  it('a listener that throws does not fail the refresh', async () => {
    const cloud = new FakeCloud();
    const m = manager(cloud);
    m.on('state', () => {
      throw new Error('listener bug');
    });
    assert.equal(await m.getAccessToken(), 'access-1');
    assert.equal(m.status().state, 'ready');
  });
});
