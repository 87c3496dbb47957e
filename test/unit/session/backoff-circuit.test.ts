import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VehicleError, parseRetryAfter } from '../../../nodes/lib/errors';
import { backoffDelay, CircuitBreaker } from '../../../nodes/lib/session';
import { FakeCloud, HOUR, T0, installClock, primed, refusedError, unavailableError, type Clock } from './helpers';

describe('session: backoff', () => {
  const retryAfterValue = fc.oneof(
    fc.nat({ max: 200_000 }).map(String),
    fc.date({ min: new Date(T0 - 1e9), max: new Date(T0 + 1e9), noInvalidDate: true }).map((d) => d.toUTCString()),
    fc.string(),
    fc.integer({ min: -1e6, max: -1 }).map(String),
  );

  it('P10 for every attempt, base, cap, random and Retry-After: 0 ≤ delay ≤ cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        retryAfterValue,
        (retry, baseMs, capMs, r, header) => {
          const retryAfter = parseRetryAfter(header, T0);
          const delay = backoffDelay(retry, { baseMs, capMs, random: () => r }, retryAfter);
          assert.ok(Number.isFinite(delay));
          assert.ok(delay >= 0 && delay <= capMs, `delay ${delay} outside [0, ${capMs}]`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('P10 full jitter: delay ≤ base · 2^(n−1), and a Retry-After is honoured up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        (retry, r, seconds) => {
          const options = { baseMs: 1000, capMs: 10_000, random: () => r };
          assert.ok(backoffDelay(retry, options) <= Math.min(10_000, 1000 * 2 ** (retry - 1)));
          assert.equal(backoffDelay(retry, options, seconds), Math.min(10_000, Math.max(backoffDelay(retry, options), seconds * 1000)));
        },
      ),
    );
  });

  it('P10 the jitter spreads: different random draws give different delays', () => {
    const options = (r: number) => ({ baseMs: 1000, capMs: 10_000, random: () => r });
    assert.equal(backoffDelay(3, options(0)), 0);
    assert.equal(backoffDelay(3, options(0.5)), 2000);
    assert.ok(backoffDelay(3, options(0.9999)) >= 3999);
  });

  describe('P10 with fake timers', () => {
    let clock: Clock;
    beforeEach(() => (clock = installClock()));
    afterEach(() => clock.uninstall());

    it('P10 the whole refresh with 3 attempts stays within 1 s + 2 s of waiting', async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud, { random: () => 0.999999 });
      clock.tick(2 * HOUR);
      cloud.refreshPlan = [refusedError(), refusedError(), refusedError()];
      const started = Date.now();
      const err = await Promise.all([m.getAccessToken().catch((e: unknown) => e), clock.tickAsync(3_000)]).then(([e]) => e as VehicleError);
      assert.equal(err.code, 'CLOUD_UNAVAILABLE'); // never reached: "cannot reach the cloud", not a failed refresh
      assert.ok((err.durationMs ?? Infinity) <= 3_000);
      assert.ok(Date.now() - started <= 3_000);
    });
  });
});

describe('session: circuit breaker', () => {
  let clock: Clock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  const failing = (calls: { n: number }) => async () => {
    calls.n += 1;
    throw unavailableError();
  };

  it('P12 opens after 5 consecutive counted failures; while open calls fail fast with CIRCUIT_OPEN and make no call', async () => {
    const cloud = new FakeCloud();
    cloud.lifetimeMs = 15_000;
    const m = await primed(cloud);
    const calls = { n: 0 };
    for (let i = 0; i < 4; i++) await assert.rejects(m.executeWithRetry(failing(calls)));
    assert.equal(m.status().circuit, 'closed');
    await assert.rejects(m.executeWithRetry(failing(calls)));
    assert.equal(m.status().circuit, 'open');
    assert.equal(calls.n, 5);
    const err = await m.executeWithRetry(failing(calls)).catch((e: unknown) => e);
    assert.ok(err instanceof VehicleError && err.code === 'CIRCUIT_OPEN' && err.retryable);
    assert.equal(calls.n, 5);
    // Refreshes are paused too (the token expired, the circuit is still open).
    clock.tick(20_000);
    await assert.rejects(m.getAccessToken(), { code: 'CIRCUIT_OPEN' });
    assert.equal(cloud.refreshCalls, 0);
  });

  it('P12 after 30 s exactly one probe; concurrent calls in half-open fail fast; success closes', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    const calls = { n: 0 };
    for (let i = 0; i < 5; i++) await assert.rejects(m.executeWithRetry(failing(calls)));
    clock.tick(29_999);
    await assert.rejects(
      m.executeWithRetry(async () => 1),
      { code: 'CIRCUIT_OPEN' },
    );
    clock.tick(1);
    assert.equal(m.status().circuit, 'half-open');
    let release: (v: string) => void = () => undefined;
    let probes = 0;
    const probe = m.executeWithRetry(() => {
      probes += 1;
      return new Promise<string>((resolve) => (release = resolve));
    });
    const others = await Promise.all(
      Array.from({ length: 10 }, () => m.executeWithRetry(async () => 'x').catch((e: VehicleError) => e.code)),
    );
    assert.deepEqual(new Set(others), new Set(['CIRCUIT_OPEN']));
    await Promise.resolve();
    assert.equal(probes, 1);
    release('ok');
    assert.equal(await probe, 'ok');
    assert.equal(m.status().circuit, 'closed');
    assert.equal(await m.executeWithRetry(async () => 'again'), 'again');
  });

  it('P12 a failed probe re-opens for twice as long, doubling up to 10 min', () => {
    let now = T0;
    const breaker = new CircuitBreaker({ threshold: 5, openMs: 30_000, maxOpenMs: 600_000 }, () => now);
    for (let i = 0; i < 5; i++) breaker.failure();
    const durations: number[] = [];
    for (let round = 0; round < 8; round++) {
      let open = 0;
      while (breaker.state === 'open') {
        now += 1_000;
        open += 1_000;
      }
      durations.push(open);
      const ticket = breaker.admit();
      assert.equal(ticket.probe, true);
      assert.throws(() => breaker.admit(), { code: 'CIRCUIT_OPEN' });
      breaker.failure();
      ticket.release();
    }
    assert.deepEqual(durations, [30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000]);
  });

  it('P12 token expiry, input errors, car-level errors and auth errors do not count; a success resets the count', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud);
    const notCounted = [
      new VehicleError('INVALID_INPUT', 'bad'),
      new VehicleError('VEHICLE_BUSY', 'busy'),
      new VehicleError('VEHICLE_UNREACHABLE', 'asleep'),
      new VehicleError('AUTH_FAILED', 'no'),
      Object.assign(new Error('404'), { response: { status: 404, headers: {}, data: {} } }),
    ];
    for (let i = 0; i < 3; i++) for (const e of notCounted) await assert.rejects(m.executeWithRetry(async () => Promise.reject(e)));
    assert.equal(m.status().circuit, 'closed');
    const calls = { n: 0 };
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await assert.rejects(m.executeWithRetry(failing(calls)));
      await m.executeWithRetry(async () => 'ok');
    }
    assert.equal(m.status().circuit, 'closed');
  });

  it('P12 transient refresh failures count as well', async () => {
    const cloud = new FakeCloud();
    const m = await primed(cloud, { refreshAttempts: 1 });
    cloud.canLogin = false; // refresh-token mode from here on: each failure is one refresh call
    for (let i = 0; i < 5; i++) {
      clock.tick(2 * HOUR);
      cloud.refreshPlan = [unavailableError()];
      await assert.rejects(m.getAccessToken(), { code: 'TOKEN_REFRESH_FAILED' });
    }
    assert.equal(m.status().circuit, 'open');
    assert.equal(m.status().refreshFailures, 5);
    await assert.rejects(m.getAccessToken(), { code: 'CIRCUIT_OPEN' });
    assert.equal(cloud.refreshCalls, 5);
  });
});
