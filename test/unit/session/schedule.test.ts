import assert from 'node:assert/strict';
import { LongTimer, MAX_TIMER_MS, globalTimers, hardAt, phaseOf, refreshAt } from '../../../nodes/lib/session/refresh-schedule';
import { FakeCloud, HOUR, MINUTE, T0, installClock, manager, primed, recordingLogger, settle, type Clock } from './helpers';

const DAY = 24 * HOUR;

describe('session: refresh schedule', () => {
  describe('the refreshAt rule', () => {
    it('long-lived token: the buffer decides', () => {
      assert.equal(refreshAt({ accessToken: 'a', issuedAt: T0, expiresAt: T0 + HOUR }, 5 * MINUTE), T0 + 55 * MINUTE);
    });
    it('short-lived token: never before half its life, so no refresh loop', () => {
      assert.equal(refreshAt({ accessToken: 'a', issuedAt: T0, expiresAt: T0 + 4 * MINUTE }, 5 * MINUTE), T0 + 2 * MINUTE);
    });
    it('without issuedAt: expiresAt − buffer', () => {
      assert.equal(refreshAt({ accessToken: 'a', expiresAt: T0 + HOUR }, 5 * MINUTE), T0 + 55 * MINUTE);
    });
    it('phases: fresh, soft, hard; hard when there is no token or the clock runs behind issuedAt', () => {
      const set = { accessToken: 'a', issuedAt: T0, expiresAt: T0 + HOUR };
      assert.equal(hardAt(set, 5 * MINUTE, 10_000), T0 + HOUR - 10_000);
      assert.equal(phaseOf(set, T0 + 55 * MINUTE - 1, 5 * MINUTE), 'fresh');
      assert.equal(phaseOf(set, T0 + 55 * MINUTE, 5 * MINUTE), 'soft');
      assert.equal(phaseOf(set, T0 + HOUR - 10_000, 5 * MINUTE), 'hard');
      assert.equal(phaseOf(set, T0 - 1, 5 * MINUTE), 'hard');
      assert.equal(phaseOf(null, T0, 5 * MINUTE), 'hard');
      assert.equal(phaseOf({ ...set, accessToken: '' }, T0, 5 * MINUTE), 'hard');
    });
  });

  describe('timers', () => {
    let clock: Clock;
    beforeEach(() => (clock = installClock()));
    afterEach(() => clock.uninstall());

    it('P6 the proactive refresh fires exactly at expiresAt − buffer, not 1 ms before', async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud, { keepaliveMinutes: 0 });
      m.start();
      await settle(clock);
      await clock.tickAsync(55 * MINUTE - 1);
      assert.equal(cloud.refreshCalls, 0);
      await m.getAccessToken();
      assert.equal(cloud.refreshCalls, 0);
      await clock.tickAsync(1);
      assert.equal(cloud.refreshCalls, 1);
      await m.stop();
    });

    it('P6 a buffer of 0 is honoured (no hidden default): refresh at expiry', async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud, { keepaliveMinutes: 0, refreshBufferMinutes: 0 });
      m.start();
      await clock.tickAsync(HOUR - 1);
      assert.equal(cloud.refreshCalls, 0);
      await clock.tickAsync(1);
      assert.equal(cloud.refreshCalls, 1);
      await m.stop();
    });

    it('P6 a short-lived token refreshes at half-life, never in a loop', async () => {
      const cloud = new FakeCloud();
      cloud.lifetimeMs = 4 * MINUTE;
      const m = await primed(cloud, { keepaliveMinutes: 0 });
      m.start();
      await clock.tickAsync(HOUR);
      assert.equal(cloud.refreshCalls, 30);
      await m.stop();
    });

    it('P9 a 60-day wait is chained: nothing fires early and no TimeoutOverflowWarning', async () => {
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        let fired = 0;
        const timer = new LongTimer(globalTimers, () => Date.now());
        timer.at(T0 + 60 * DAY, () => (fired += 1));
        await clock.tickAsync(1_000);
        assert.equal(fired, 0);
        await clock.tickAsync(MAX_TIMER_MS);
        assert.equal(fired, 0);
        await clock.tickAsync(60 * DAY - MAX_TIMER_MS - 1_001);
        assert.equal(fired, 0);
        await clock.tickAsync(1);
        assert.equal(fired, 1);
        assert.equal(clock.countTimers(), 0);

        const cloud = new FakeCloud();
        cloud.lifetimeMs = 60 * DAY;
        const m = await primed(cloud, { keepaliveMinutes: 0 });
        m.start();
        await clock.tickAsync(1_000);
        assert.equal(cloud.refreshCalls, 0);
        await m.stop();
        await settle();
        assert.deepEqual(
          warnings.map((w) => w.name),
          [],
        );
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('the safety check catches a suspend: timers stood still while the wall clock moved on', async () => {
      let wall = T0;
      const cloud = new FakeCloud(() => wall);
      const m = await primed(cloud, { now: () => wall, keepaliveMinutes: 0 });
      m.start();
      await settle(clock);
      wall += 2 * HOUR; // the machine slept; no timer ran
      await clock.tickAsync(5 * MINUTE);
      assert.equal(cloud.refreshCalls, 1);
      await m.stop();
    });

    it('P18 a wall clock moved backwards forces a refresh', async () => {
      const cloud = new FakeCloud();
      const log = recordingLogger();
      const m = await primed(cloud, { logger: log });
      clock.setSystemTime(T0 - 3 * DAY);
      const token = await m.getAccessToken();
      assert.equal(cloud.refreshCalls, 1);
      assert.equal(token, cloud.latestAccessToken);
      assert.ok(log.lines.some((l) => l.level === 'warn' && /expired/.test(l.message)));
    });

    it('P18 a clock moved forwards by days refreshes (wait) before the call', async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud);
      clock.setSystemTime(T0 + 3 * DAY);
      await m.executeWithRetry(async (t) => assert.equal(t, 'access-2'));
      assert.equal(cloud.refreshCalls, 1);
    });

    it('P7 in the soft window callers get the current token at once; the background refresh failing never rejects them and is retried', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const cloud = new FakeCloud();
        const m = await primed(cloud, { autoRefresh: false, refreshAttempts: 1 });
        await clock.tickAsync(56 * MINUTE);
        const failure = Object.assign(new Error('503'), { response: { status: 503, headers: {}, data: {} } });
        cloud.refreshPlan = [failure, failure];
        let release: () => void = () => undefined;
        cloud.gate = () => new Promise<void>((resolve) => (release = resolve));
        assert.equal(await m.getAccessToken(), 'access-1'); // while the refresh hangs
        await settle();
        assert.equal(cloud.refreshCalls, 1);
        release();
        await settle(clock);
        cloud.gate = null;
        assert.equal(await m.getAccessToken(), 'access-1');
        assert.equal(cloud.refreshCalls, 1); // no new attempt on every call after a failure
        await clock.tickAsync(30_000);
        assert.equal(await m.getAccessToken(), 'access-1');
        await settle(clock);
        assert.equal(cloud.refreshCalls, 2);
        await clock.tickAsync(30_000);
        await m.getAccessToken();
        await settle(clock);
        assert.equal(cloud.refreshCalls, 3);
        assert.equal(await m.getAccessToken(), cloud.latestAccessToken);
        await settle();
        assert.deepEqual(unhandled, []);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('P8 keepalive: idle, the session refreshes every keepaliveMinutes; after stop no timer and no call', async () => {
      const cloud = new FakeCloud();
      cloud.lifetimeMs = DAY;
      const m = await primed(cloud, { keepaliveMinutes: 30 });
      m.start();
      await clock.tickAsync(4 * 30 * MINUTE);
      assert.equal(cloud.refreshCalls, 4);
      await m.stop();
      assert.equal(clock.countTimers(), 0);
      await clock.tickAsync(DAY);
      assert.equal(cloud.refreshCalls, 4);
    });

    it('P8 autoRefresh off: no background call at all, even as tokens expire', async () => {
      const cloud = new FakeCloud();
      const m = await primed(cloud, { autoRefresh: false, keepaliveMinutes: 30 });
      m.start();
      await clock.tickAsync(2 * DAY);
      assert.equal(cloud.tokenCalls, 1);
      assert.equal(clock.countTimers(), 0);
      await m.getAccessToken(); // a caller still gets a valid token
      assert.equal(cloud.refreshCalls, 1);
    });

    it('keepalive off (0): only proactive refreshes', async () => {
      const cloud = new FakeCloud();
      cloud.lifetimeMs = DAY;
      const m = manager(cloud, { keepaliveMinutes: 0 });
      await m.getAccessToken();
      m.start();
      await clock.tickAsync(DAY - 6 * MINUTE);
      assert.equal(cloud.refreshCalls, 0);
      await clock.tickAsync(2 * MINUTE);
      assert.equal(cloud.refreshCalls, 1);
      await m.stop();
    });
  });
});
