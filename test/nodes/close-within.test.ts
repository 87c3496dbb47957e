// A re-deploy never waits longer than Node-RED's 15 s for an account to close.
import assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import type { Account } from '../../nodes/lib';
import { CLOSE_LIMIT_MS, closeWithin } from '../../nodes/red/close-within';

describe('closing the account on re-deploy', () => {
  let clock: FakeTimers.InstalledClock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.uninstall());

  const accountClosing = (close: () => Promise<void>) => ({ close }) as unknown as Account;

  it('gives up after the limit, below Node-RED 15 s, and says so', async () => {
    assert.ok(CLOSE_LIMIT_MS < 15_000);
    let late = 0;
    let finished = false;
    void closeWithin(
      accountClosing(() => new Promise(() => undefined)),
      () => (late += 1),
    ).then(() => (finished = true));
    await clock.tickAsync(CLOSE_LIMIT_MS - 1);
    assert.equal(finished, false);
    await clock.tickAsync(1);
    assert.deepEqual([finished, late], [true, 1]);
  });

  it('returns as soon as the account closed, leaves no timer, and never rejects', async () => {
    let late = 0;
    await closeWithin(
      accountClosing(async () => undefined),
      () => (late += 1),
    );
    await closeWithin(
      accountClosing(async () => Promise.reject(new Error('disk full'))),
      () => (late += 1),
    );
    await closeWithin(undefined, () => (late += 1));
    assert.equal(clock.countTimers(), 0);
    await clock.tickAsync(CLOSE_LIMIT_MS * 2);
    assert.equal(late, 0);
  });
});
