// The core promise under load: every access token expires at once in the cloud, then 50 HTTP
// requests hit the status flow together. One refresh grant serves them all; every one is answered.
import assert from 'node:assert/strict';
import { NODE, badgesOf, current, drive } from './world';

const STORM = 50;

export function stormSuite(): void {
  describe('a storm after expiry', () => {
    it(`${STORM} concurrent requests after the cloud expired the token: all answered, exactly one token call`, async () => {
      const { cloud } = current();
      const shown = (await badgesOf(NODE.status.id)).length;
      await cloud.control('expireAccessTokens');
      const before = await cloud.counters();
      const answers = await Promise.all(Array.from({ length: STORM }, (_, i) => drive(NODE.status.route, {}, undefined, `m${i}`)));
      const after = await cloud.counters();
      const outcomes = answers.map((a) => `${a.status} ${a.body?.at} ${a.body?.error?.code ?? ''}`.trim());
      assert.deepEqual(outcomes, Array(STORM).fill('200 out'), 'every request answered with the state');
      // Each answer is its own message's: the caller's msg.tag passed through the node untouched.
      assert.deepEqual(
        answers.map((a) => a.body.tag),
        Array.from({ length: STORM }, (_, i) => `m${i}`),
      );
      assert.equal(after.tokenCalls.refresh - before.tokenCalls.refresh, 1, 'exactly one refresh grant');
      assert.equal(after.tokenCalls.password - before.tokenCalls.password, 0, 'no password login');
      assert.equal(after.reuseDetections, 0, 'no spent refresh token presented');
      assert.ok(after.expiredRejections > before.expiredRejections, 'the cloud did answer "token expired" first');
      const badges = (await badgesOf(NODE.status.id)).slice(shown);
      const texts = badges.map((b) => `${b.fill} ${b.shape} ${b.text}`);
      assert.ok(texts.includes('yellow ring refreshing token'), `a yellow ring while refreshing: ${JSON.stringify(texts)}`);
      assert.equal(texts.at(-1)?.startsWith('green dot'), true, `green at the end: ${JSON.stringify(texts)}`);
    });

    it('a storm across two config nodes with one refresh token, an EU password account and a US account: one refresh per session', async () => {
      const { cloud } = current();
      const routes = [NODE.status.route, NODE.twinStatus.route, NODE.passwordStatus.route, NODE.usStatus.route];
      for (const route of routes) assert.equal((await drive(route, {})).body.at, 'out', `${route} holds a token`);
      await cloud.control('expireAccessTokens');
      const before = await cloud.counters();
      const answers = await Promise.all(Array.from({ length: STORM }, (_, i) => drive(routes[i % routes.length], {})));
      assert.deepEqual(
        answers.map((a) => a.body?.at),
        Array(STORM).fill('out'),
      );
      const after = await cloud.counters();
      assert.equal(
        after.tokenCallsByRegion.eu.refresh - before.tokenCallsByRegion.eu.refresh,
        2,
        'the twins share one session: two EU refreshes, not three',
      );
      assert.equal(after.tokenCallsByRegion.us.refresh - before.tokenCallsByRegion.us.refresh, 1, 'one US refresh');
      assert.equal(after.tokenCalls.password - before.tokenCalls.password, 0);
      assert.equal(after.reuseDetections, 0, 'no spent refresh token presented');
    });

    it('a command after expiry: one refresh, and the command reaches the car exactly once', async () => {
      const { cloud } = current();
      await cloud.control('expireAccessTokens');
      const before = await cloud.counters();
      const answer = await drive(NODE.lock.route, { action: 'lock', confirm: false });
      assert.equal(answer.body.at, 'out', answer.text);
      assert.equal(answer.body.payload.result, 'sent');
      const after = await cloud.counters();
      assert.equal(after.tokenCalls.refresh - before.tokenCalls.refresh, 1, 'one refresh grant');
      assert.equal(after.commands - before.commands, 1, 'the rejected first attempt did not reach the car; the retry did, once');
      assert.equal(after.reuseDetections, 0);
    });
  });
}
