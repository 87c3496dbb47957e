// Errors reach a Catch node as Node-RED users see them: msg.error.code and msg.errorDetails. A bad
// input costs no cloud call.
import assert from 'node:assert/strict';
import { ACCOUNT, NODE, badgesOf, cloudCalls, current, drive } from './world';

export function errorSuite(): void {
  describe('INVALID_INPUT at a Catch node', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['an action the climate node does not have', { action: 'lock' }, /start, stop/],
      ['a temperature out of range', { action: 'start', temperature: 99 }, /temperature/i],
    ];
    for (const [what, payload, allowed] of cases) {
      it(`${what}: msg.error.code and msg.errorDetails, no cloud call`, async () => {
        const { cloud } = current();
        const before = cloudCalls(await cloud.counters());
        const answer = await drive(NODE.climate.route, payload, undefined, 'kept');
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body.at, 'caught', answer.text);
        assert.equal(answer.body.error.code, 'INVALID_INPUT');
        assert.equal(answer.body.error.source.id, NODE.climate.id);
        assert.equal(answer.body.tag, 'kept', "the failed message is the caller's, with its own properties");
        assert.match(answer.body.error.message, allowed, 'the message says what is allowed');
        const details = answer.body.errorDetails;
        assert.equal(details.code, 'INVALID_INPUT');
        assert.equal(details.retryable, false);
        assert.equal(typeof details.attempts, 'number');
        assert.equal(typeof details.durationMs, 'number');
        assert.equal(cloudCalls(await cloud.counters()), before, 'no call reached the cloud');
        const badge = (await badgesOf(NODE.climate.id)).at(-1);
        assert.deepEqual(badge, { node: NODE.climate.id, fill: 'red', shape: 'ring', text: 'invalid input' });
      });
    }
  });

  describe('RATE_LIMITED: the last good state at the status node, the error at a Catch node', () => {
    after(async () => {
      const { cloud, red } = current();
      await cloud.control('setQuota', 10_000, 'eu');
      // "Refresh now" ends the pause the cloud's used-up quota caused, so the later suites can call again.
      const answer = await red.admin('POST', `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`);
      assert.equal(answer.status, 200, answer.text);
    });

    it('the daily quota used up: a forced read answers the last good state (msg.stale), a command RATE_LIMITED, grey badges, and then no call', async () => {
      const { cloud } = current();
      await cloud.control('exhaustQuota', 'eu');
      const before = await cloud.counters();
      const answer = await drive(NODE.status.route, { mode: 'force' });
      assert.equal(answer.body.at, 'out', answer.text);
      assert.equal(answer.body.stale, true, 'the last good state, marked stale');
      const after = await cloud.counters();
      assert.ok(after.quotaRejections > before.quotaRejections, 'the cloud refused on quota');
      assert.equal(after.forceRefreshes, before.forceRefreshes, 'no forced read happened');
      assert.deepEqual((await badgesOf(NODE.status.id)).at(-1), {
        node: NODE.status.id,
        fill: 'grey',
        shape: 'ring',
        text: 'rate limited',
      });

      const lock = await drive(NODE.lock.route, { action: 'lock' });
      assert.equal(lock.body.at, 'caught', lock.text);
      assert.equal(lock.body.error.code, 'RATE_LIMITED');
      assert.equal(lock.body.errorDetails.code, 'RATE_LIMITED');
      assert.equal(typeof lock.body.errorDetails.retryable, 'boolean');
      assert.ok(lock.body.errorDetails.retryAfterSeconds > 0);
      const later = await cloud.counters();
      assert.equal(later.commands, after.commands, 'the paused account sent no command');
      assert.equal(later.quotaRejections, after.quotaRejections, 'and asked nothing the cloud had to refuse');
      assert.deepEqual((await badgesOf(NODE.lock.id)).at(-1), { node: NODE.lock.id, fill: 'grey', shape: 'ring', text: 'rate limited' });
    });
  });
}
