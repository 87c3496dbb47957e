// The session refreshes on its own before the token expires, with no flow traffic at all, and a
// short-lived token does not make it loop: in a real Node-RED, on the cloud's short token lifetimes.
import assert from 'node:assert/strict';
import { ACCOUNT, NODE, current, drive, until } from './world';

const SHORT_SECONDS = 4;

export function proactiveSuite(): void {
  describe('proactive refresh with no traffic', () => {
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
      await until(async () => (await cloud.counters()).tokenCalls.refresh - start.tokenCalls.refresh >= 2, 'two proactive refreshes', 8_000);
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
  });
}
