// The protection rules of an account against the simulator, with an injected clock: forced reads the
// governor refuses never reach the car, the daily budget and the cloud's quota stop calls before they
// are sent, and a new day starts again.
import { strict as assert } from 'node:assert';
import { createAccount, type VehicleError } from '../../../nodes/lib';
import { harness, type Harness } from '../account/helpers';

const MINUTE = 60_000;

describe('Protection: forced-read governor and daily budget (simulator)', () => {
  let h: Harness;
  let t: number;
  const now = (): number => t;

  beforeEach(async () => {
    h = await harness();
    t = new Date(2026, 5, 1, 12, 0, 0).getTime(); // local noon
  });
  afterEach(() => h.close());

  /** Forced reads that reached the cloud, refused ones by the car included. */
  const forced = (): number => h.sim.control.counters().apiCalls['GET /api/v1/spa/vehicles/:id/status'] ?? 0;

  it('forceRefresh "never": the cached state with refused, and no wake-up', async () => {
    const account = h.eu({ forceRefresh: 'never' });
    const result = await account.refreshForce();
    assert.equal(result.refused, 'forceRefresh');
    assert.equal(result.source, 'cached');
    assert.equal(typeof result.state.locked, 'boolean');
    const smart = await account.refreshSmart(undefined, 0);
    assert.equal(smart.refused, 'forceRefresh');
    assert.equal(forced(), 0);
  });

  it('quiet hours: refused inside (across midnight), allowed outside', async () => {
    const account = h.eu({ now, quietHours: '22:00-07:00', minForceIntervalMinutes: 0 });
    t = new Date(2026, 5, 1, 23, 30).getTime();
    assert.equal((await account.refreshForce()).refused, 'quietHours');
    t = new Date(2026, 5, 2, 6, 59).getTime();
    assert.equal((await account.refreshForce()).refused, 'quietHours');
    assert.equal(forced(), 0);
    t = new Date(2026, 5, 2, 7, 0).getTime();
    const allowed = await account.refreshForce();
    assert.equal(allowed.refused, undefined);
    assert.equal(allowed.source, 'force');
    assert.equal(forced(), 1);
  });

  it('12 V guard: no forced read while the last known 12 V charge is below min12vSoc', async () => {
    const account = h.eu({ now, min12vSoc: 90 }); // the simulated car reports 85 %
    const result = await account.refreshForce();
    assert.equal(result.refused, 'min12vSoc');
    assert.equal(result.state.battery12v?.soc, 85);
    assert.equal(forced(), 0);
  });

  it('minimum interval: a second forced read within it is refused, failed attempts count, later ones pass', async () => {
    const account = h.eu({ now, minForceIntervalMinutes: 60 });
    h.sim.control.setUnreachable('4081');
    await assert.rejects(account.refreshForce(), (e: VehicleError) => e.code === 'VEHICLE_UNREACHABLE');
    h.sim.control.setUnreachable(false);
    t += 59 * MINUTE;
    const refused = await account.refreshForce();
    assert.equal(refused.refused, 'minForceIntervalMinutes');
    assert.equal(forced(), 1, 'only the failed attempt reached the car');
    t += 1 * MINUTE;
    assert.equal((await account.refreshForce()).source, 'force');
    assert.equal(forced(), 2);
  });

  it('daily budget: spent → RATE_LIMITED until local midnight without a call; commands count; a new day starts again', async () => {
    const account = h.eu({ now, dailyBudget: 3 });
    const events: string[] = [];
    account.on('event', (e: { event: string }) => events.push(e.event));
    await account.refreshForce();
    await account.lock();
    await account.refreshForce();
    assert.deepEqual(account.tokenStatus().budget, { used: 3, limit: 3, resetsAt: new Date(2026, 5, 2).toISOString() });
    const before = h.sim.control.counters();
    await assert.rejects(account.unlock(), (e: VehicleError) => e.code === 'RATE_LIMITED' && e.retryAfterSeconds === 12 * 3600);
    await assert.rejects(account.refreshForce(), (e: VehicleError) => e.code === 'RATE_LIMITED');
    const after = h.sim.control.counters();
    assert.equal(after.commands, before.commands);
    assert.equal(after.forceRefreshes, before.forceRefreshes);
    assert.ok(events.includes('budget-low'), events.join());
    assert.equal(events.filter((e) => e === 'rate-limited').length, 1, events.join());
    // Cached reads do not wake the car: they go on.
    assert.equal((await account.refreshCached()).source, 'cached');

    t = new Date(2026, 5, 2, 0, 0, 1).getTime();
    assert.equal((await account.unlock()).result, 'success');
    assert.equal(account.tokenStatus().budget?.used, 1);
  });

  it('the cloud says its quota is used up: every call pauses until the reset, none reaches the cloud', async () => {
    const account = h.eu({ now, dailyBudget: 100 });
    await account.refreshCached();
    h.sim.control.setQuota(1, 'eu');
    await account.lock();
    await assert.rejects(account.unlock(), (e: VehicleError) => e.code === 'RATE_LIMITED' && e.cloudCode === '5091');
    const calls = JSON.stringify(h.sim.control.counters().apiCalls);
    await assert.rejects(account.refreshCached(), (e: VehicleError) => e.code === 'RATE_LIMITED' && (e.retryAfterSeconds ?? 0) > 0);
    await assert.rejects(account.unlock(), (e: VehicleError) => e.code === 'RATE_LIMITED');
    assert.equal(JSON.stringify(h.sim.control.counters().apiCalls), calls, 'no call while paused');
    assert.equal(h.sim.control.counters().quotaRejections, 1);
    assert.ok(account.recentEvents().some((e) => e.event === 'rate-limited' && e.code === 'RATE_LIMITED'));
  });

  it('X-RateLimit headers: nothing left → paused before the cloud refuses', async () => {
    await h.close();
    h = await harness({ rateLimitHeaders: true });
    h.sim.control.setQuota(2, 'eu');
    const account = h.eu({ dailyBudget: 100 });
    await account.lock();
    await account.unlock(); // the answer says: 0 left
    await assert.rejects(account.lock(), (e: VehicleError) => e.code === 'RATE_LIMITED' && (e.retryAfterSeconds ?? 0) > 0);
    assert.equal(h.sim.control.counters().quotaRejections, 0, 'the account stopped before the cloud had to refuse');
    assert.equal(h.sim.control.counters().commands, 2);
  });

  it('checks each option at createAccount (CONFIG_INVALID naming the field)', () => {
    const base = {
      region: 'eu' as const,
      brand: 'kia' as const,
      authMode: 'refreshToken' as const,
      credentials: { refreshToken: 'X'.repeat(48) },
    };
    const bad: Array<[string, Record<string, unknown>]> = [
      ['dailyBudget', { dailyBudget: 0 }],
      ['dailyBudget', { dailyBudget: 2.5 }],
      ['forceRefresh', { forceRefresh: 'sometimes' }],
      ['minForceIntervalMinutes', { minForceIntervalMinutes: -1 }],
      ['quietHours', { quietHours: '22-7' }],
      ['quietHours', { quietHours: '25:00-07:00' }],
      ['min12vSoc', { min12vSoc: 101 }],
      ['pollMinutes', { pollMinutes: 0.5 }],
    ];
    for (const [field, extra] of bad) {
      assert.throws(
        () => createAccount({ ...base, ...extra }),
        (e: VehicleError) => e.code === 'CONFIG_INVALID' && e.message.startsWith(field),
        field,
      );
    }
  });
});
