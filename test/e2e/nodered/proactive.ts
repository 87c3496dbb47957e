// Short-lived tokens in a real Node-RED: the session refreshes on its own before expiry, with no
// flow traffic at all, without looping, and under steady traffic no call meets an expired token.
import assert from 'node:assert/strict';
import { ACCOUNT, NODE, current, drive, until } from './world';

const SHORT_SECONDS = 4;

export function proactiveSuite(): void {
  describe('short-lived tokens: proactive refresh', () => {
    after(async () => {
      const { red, cloud } = current();
      await cloud.control('setTokenLifetimes', { euAccess: 3600 });
      await red.admin('POST', `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`);
    });

    it(`a ${SHORT_SECONDS} s token is refreshed at half its life, again and again, and a call never meets an expired token`, async () => {
      const { red, cloud } = current();
      await cloud.control('setTokenLifetimes', { euAccess: SHORT_SECONDS });
      // "Refresh now" fetches the first short-lived token; from then on only the session's timers act.
      assert.equal((await red.admin('POST', `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`)).status, 200);
      const start = await cloud.counters();
      const startedAt = Date.now();
      await until(
        async () => (await cloud.counters()).tokenCalls.refresh - start.tokenCalls.refresh >= 2,
        'two proactive refreshes',
        8_000,
      );
      const elapsed = (Date.now() - startedAt) / 1000;
      assert.ok(elapsed >= SHORT_SECONDS / 2, `not before half the token's life (${elapsed.toFixed(1)} s for two refreshes)`);
      const answer = await drive(NODE.status.route, {});
      assert.equal(answer.body.at, 'out', answer.text);
      const end = await cloud.counters();
      assert.equal(end.expiredRejections, start.expiredRejections, 'the cloud never saw an expired token');
      assert.equal(end.tokenCalls.password, start.tokenCalls.password);
      assert.equal(end.reuseDetections, 0);
      const rate = (end.tokenCalls.refresh - start.tokenCalls.refresh) / ((Date.now() - startedAt) / 1000);
      assert.ok(rate <= 1, `no refresh loop: ${rate.toFixed(2)} refreshes per second`);
    });

    it('under steady traffic on short tokens (5 requests every 200 ms for 3 s): every call answered, none meets an expired token', async () => {
      const { cloud } = current();
      const start = await cloud.counters();
      const outcomes: string[] = [];
      for (let round = 0; round < 15; round += 1) {
        const answers = await Promise.all(Array.from({ length: 5 }, () => drive(NODE.status.route, {})));
        outcomes.push(...answers.map((a) => String(a.body?.at ?? a.status)));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const end = await cloud.counters();
      assert.deepEqual(outcomes, Array(75).fill('out'));
      assert.equal(end.expiredRejections, start.expiredRejections, 'refreshed ahead of expiry, never after');
      assert.equal(end.reuseDetections, 0);
      const refreshes = end.tokenCalls.refresh - start.tokenCalls.refresh;
      assert.ok(refreshes >= 1 && refreshes <= 4, `refreshes at half-life, not per request: ${refreshes}`);
    });

    it('ten "Refresh now" presses at once: all answered, no refresh token presented twice', async () => {
      const { red, cloud } = current();
      const start = await cloud.counters();
      const before = (await red.admin('GET', `/hyundai-kia/accounts/${ACCOUNT.main}/token`)).body as { refreshCount: number };
      const route = `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`;
      const answers = await Promise.all(Array.from({ length: 10 }, () => red.admin('POST', route)));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(10).fill(200),
      );
      const end = await cloud.counters();
      assert.equal(end.reuseDetections, 0);
      assert.equal(end.refreshRejections, start.refreshRejections);
      // The presses refreshed: their own token call, or the proactive one they joined (on 4 s tokens
      // one may already be on its way when the counters above are read).
      const after = Math.max(...answers.map((a) => (a.body as { refreshCount: number }).refreshCount));
      assert.ok(after > before.refreshCount, `refreshCount ${before.refreshCount} → ${after}`);
    });
  });
}
