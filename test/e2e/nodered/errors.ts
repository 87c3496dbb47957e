// Errors reach a Catch node as Node-RED users see them: msg.error.code and msg.errorDetails. A bad
// input costs no cloud call.
import assert from 'node:assert/strict';
import { NODE, badgesOf, cloudCalls, current, drive } from './world';

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

  describe('RATE_LIMITED at a Catch node', () => {
    after(() => current().cloud.control('setQuota', 10_000, 'eu'));

    it('the daily quota used up: a forced read fails with RATE_LIMITED, msg.errorDetails, and a grey "rate limited" badge', async () => {
      const { cloud } = current();
      await cloud.control('exhaustQuota', 'eu');
      const before = await cloud.counters();
      const answer = await drive(NODE.status.route, { mode: 'force' });
      assert.equal(answer.body.at, 'caught', answer.text);
      assert.equal(answer.body.error.code, 'RATE_LIMITED');
      assert.equal(answer.body.errorDetails.code, 'RATE_LIMITED');
      assert.equal(typeof answer.body.errorDetails.retryable, 'boolean');
      assert.equal(answer.body.errorDetails.cloudCode, '5091');
      const after = await cloud.counters();
      assert.ok(after.quotaRejections > before.quotaRejections, 'the cloud refused on quota');
      assert.equal(after.forceRefreshes, before.forceRefreshes, 'no forced read happened');
      const badge = (await badgesOf(NODE.status.id)).at(-1);
      assert.deepEqual(badge, { node: NODE.status.id, fill: 'grey', shape: 'ring', text: 'rate limited' });
    });
  });
}
