// The daily budget on its own, with an injected clock: the reset at local midnight, the pause a cloud
// refusal causes (an hour early in the local day, when the cloud's day may not have turned yet), the
// cloud's X-RateLimit headers (zeros mean nothing), and what a restart restores.
import { strict as assert } from 'node:assert';
import type { VehicleError } from '../../../nodes/lib';
import { DailyBudget, type BudgetEvent } from '../../../nodes/lib/protect/budget';

const HOUR = 3_600_000;

describe('Protection: the daily budget', () => {
  let t: number;
  let events: BudgetEvent[];
  const budget = (limit: number): DailyBudget =>
    new DailyBudget(
      limit,
      () => t,
      (e) => events.push(e),
    );
  beforeEach(() => {
    t = new Date(2026, 5, 1, 12, 0).getTime();
    events = [];
  });

  it('counts to the limit, reports low once, refuses with the seconds to midnight, starts again the next day', () => {
    const b = budget(5);
    for (let i = 0; i < 5; i += 1) b.take();
    assert.throws(
      () => b.take(),
      (e: VehicleError) => e.code === 'RATE_LIMITED' && e.retryAfterSeconds === 12 * 3600,
    );
    assert.throws(
      () => b.take(),
      (e: VehicleError) => e.code === 'RATE_LIMITED',
    );
    assert.deepEqual(
      events.map((e) => e.event),
      ['budget-low', 'rate-limited'],
      'each told once',
    );
    t = new Date(2026, 5, 2, 0, 0).getTime();
    b.take();
    assert.equal(b.status().used, 1);
  });

  it('a cloud refusal pauses until midnight, or for an hour early in the day, or as long as it says', () => {
    const b = budget(40);
    b.cloudRefused();
    assert.throws(
      () => b.assertOpen(),
      (e: VehicleError) => e.retryAfterSeconds === 12 * 3600,
    );
    assert.equal(b.status().used, 40, 'the cloud says nothing is left');

    t = new Date(2026, 5, 2, 2, 0).getTime(); // the pause ended at midnight
    b.assertOpen();
    b.cloudRefused();
    assert.throws(
      () => b.assertOpen(),
      (e: VehicleError) => e.retryAfterSeconds === 3600,
    );
    t += HOUR;
    b.assertOpen();
    b.cloudRefused(120);
    assert.throws(
      () => b.assertOpen(),
      (e: VehicleError) => e.retryAfterSeconds === 120,
    );
    b.resume();
    b.assertOpen();
  });

  it('X-RateLimit headers: nothing left pauses until their reset; zeros are ignored', () => {
    const b = budget(40);
    b.observeHeaders({ 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' });
    b.assertOpen();
    const reset = Math.floor((t + 2 * HOUR) / 1000);
    b.observeHeaders({ 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(reset) });
    b.assertOpen();
    b.observeHeaders({ 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    assert.throws(
      () => b.take(),
      (e: VehicleError) => e.code === 'RATE_LIMITED' && e.retryAfterSeconds === 7200,
    );
    assert.equal(b.status().resetsAt, new Date(reset * 1000).toISOString());
    t += 2 * HOUR;
    b.take();
  });

  it("a restart restores the same day's count and pause, not an old day's", () => {
    const b = budget(10);
    b.take();
    b.take();
    const snapshot = b.snapshot();
    const again = budget(10);
    again.restore(snapshot);
    assert.equal(again.status().used, 2);
    t = new Date(2026, 5, 2, 9, 0).getTime();
    const nextDay = budget(10);
    nextDay.restore(snapshot);
    assert.equal(nextDay.status().used, 0);
  });
});
