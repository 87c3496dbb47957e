// A refresh token the cloud revoked, in refreshToken mode (no password to fall back to): the message
// fails with AUTH_FAILED at the Catch node, the badge turns red ("re-login required"), and the
// session makes no further cloud calls. Runs on its own cloud, since revocation is cloud-wide.
import assert from 'node:assert/strict';
import { ACCOUNT, NODE, badgesOf, cloudCalls, current, drive, until } from './world';
import { leaked, secretsOf } from './secrets';

export function revokedSuite(): void {
  describe('a revoked refresh token', () => {
    it('AUTH_FAILED with msg.errorDetails at the Catch node, a red "re-login required" badge, then no cloud calls', async () => {
      const { red, doomed } = current();
      const first = await drive(NODE.doomedStatus.route, {});
      assert.equal(first.body.at, 'out', first.text);
      await doomed.control('revokeRefreshTokens');
      await doomed.control('expireAccessTokens');

      const failed = await drive(NODE.doomedStatus.route, {});
      assert.equal(failed.body.at, 'caught', failed.text);
      assert.equal(failed.body.error.code, 'AUTH_FAILED');
      assert.equal(failed.body.error.source.id, NODE.doomedStatus.id);
      assert.equal(failed.body.errorDetails.code, 'AUTH_FAILED');
      assert.equal(failed.body.errorDetails.retryable, false);
      assert.equal(typeof failed.body.errorDetails.attempts, 'number');

      let badges: Awaited<ReturnType<typeof badgesOf>> = [];
      await until(async () => {
        badges = await badgesOf(NODE.doomedStatus.id);
        return badges.at(-1)?.fill === 'red';
      }, 'a red badge');
      assert.deepEqual(badges.at(-1), { node: NODE.doomedStatus.id, fill: 'red', shape: 'ring', text: 're-login required' });
      const token = await red.admin('GET', `/hyundai-kia/accounts/${ACCOUNT.doomed}/token`);
      assert.equal(token.body.state, 'reauth-required', token.text);

      const before = cloudCalls(await doomed.counters());
      const again = await drive(NODE.doomedStatus.route, {});
      assert.deepEqual([again.body.at, again.body.error?.code], ['caught', 'AUTH_FAILED'], again.text);
      assert.equal(cloudCalls(await doomed.counters()), before, 'no call reached the cloud');
      for (const [method, route] of [['GET', 'vehicles'], ['POST', 'refresh']] as const) {
        const answer = await red.admin(method, `/hyundai-kia/accounts/${ACCOUNT.doomed}/${route}`);
        assert.equal(answer.status, 502, `${method} ${route}: ${answer.text}`);
        assert.equal(answer.body.error.code, 'AUTH_FAILED');
        assert.deepEqual(leaked(answer.text, await secretsOf([current().cloud, doomed])), []);
      }
      const main = await badgesOf(NODE.status.id);
      assert.notEqual(main.at(-1)?.fill, 'red', 'the other account is not affected');
    });
  });
}
