// The session events are read off TokenStatus changes: each change tells what happened, and a state
// the session gains later (e.g. `otp-required`) is reported under its own name without new code.
import { strict as assert } from 'node:assert';
import type { TokenStatus } from '../../../nodes/lib';
import { SessionEvents, type SessionEvent } from '../../../nodes/lib/protect/session-events';

const base: TokenStatus = {
  state: 'ready',
  hasToken: true,
  hasRefreshToken: true,
  expiresAt: null,
  isExpired: false,
  secondsUntilExpiry: 100,
  lastRefreshAt: null,
  refreshCount: 1,
  refreshFailures: 0,
  retriesAfterExpiry: 0,
  circuit: 'closed',
  lastError: null,
  stats: { refreshMs: { p50: null, p95: null, p99: null }, refreshSuccessRate: null },
};

describe('Protection: session events from status changes', () => {
  let seen: SessionEvent[];
  let events: SessionEvents;
  beforeEach(() => {
    seen = [];
    events = new SessionEvents(
      () => Date.UTC(2026, 5, 1, 12),
      (e) => seen.push(e),
      () => 3,
    );
    events.observe(base);
  });

  it('tells refreshes, failures with code and attempts, circuit changes; plain operation is no news', () => {
    events.observe({ ...base, state: 'refreshing' });
    events.observe({ ...base, refreshCount: 2 });
    events.observe({
      ...base,
      refreshCount: 2,
      refreshFailures: 1,
      state: 'error',
      lastError: { code: 'TOKEN_REFRESH_FAILED', message: 'x' },
      circuit: 'open',
    });
    events.observe({ ...base, refreshCount: 3, refreshFailures: 1, circuit: 'half-open' });
    events.observe({ ...base, refreshCount: 3, refreshFailures: 1, circuit: 'closed' });
    assert.deepEqual(
      seen.map((e) => e.event),
      ['token-refreshed', 'refresh-failed', 'circuit-open', 'token-refreshed', 'circuit-closed'],
    );
    assert.deepEqual({ code: seen[1].code, attempts: seen[1].attempts }, { code: 'TOKEN_REFRESH_FAILED', attempts: 3 });
    assert.equal(seen[0].at, '2026-06-01T12:00:00.000Z');
  });

  it('a state the session enters is its own event, a new one included', () => {
    events.observe({ ...base, state: 'reauth-required', lastError: { code: 'AUTH_FAILED', message: 'x' } });
    events.observe({ ...base, state: 'otp-required' as TokenStatus['state'] });
    events.observe({ ...base, state: 'some-future-state' as TokenStatus['state'] });
    assert.deepEqual(
      seen.map((e) => [e.event, e.code]),
      [
        ['reauth-required', 'AUTH_FAILED'],
        ['otp-required', undefined],
        ['some-future-state', undefined],
      ],
    );
  });

  it('keeps the last 20, oldest first', () => {
    for (let i = 0; i < 25; i += 1) events.add('budget-low', { used: i });
    const list = events.list();
    assert.equal(list.length, 20);
    assert.equal(list[0].used, 5);
    assert.equal(list[19].used, 24);
  });
});
