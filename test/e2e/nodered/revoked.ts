// A refresh token the cloud revoked, in refreshToken mode (no password to fall back to): the message
// fails with AUTH_FAILED at the Catch node, the badge turns red ("re-login required"), and the
// session makes no further cloud calls. Runs on its own cloud, since revocation is cloud-wide.
import assert from 'node:assert/strict';
import type { FlowNode, RecordedBadge } from '../harness';
import { ACCOUNT, NODE, badgesOf, cloudCalls, current, drive, flowsOf, until, webLogin } from './world';
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
      for (const [method, route] of [
        ['GET', 'vehicles'],
        ['POST', 'refresh'],
      ] as const) {
        const answer = await red.admin(method, `/hyundai-kia/accounts/${ACCOUNT.doomed}/${route}`);
        assert.equal(answer.status, 502, `${method} ${route}: ${answer.text}`);
        assert.equal(answer.body.error.code, 'AUTH_FAILED');
        assert.deepEqual(leaked(answer.text, await secretsOf([current().cloud, doomed])), []);
      }
      const main = await badgesOf(NODE.status.id);
      assert.notEqual(main.at(-1)?.fill, 'red', 'the other account is not affected');
    });

    it('the user pastes a new refresh token from the web login and deploys: the account works again', async () => {
      const { red, doomed } = current();
      const pasted = await webLogin(doomed);
      const flows = flowsOf(current()).map(({ credentials: _unchanged, ...node }): FlowNode =>
        node.id === ACCOUNT.doomed ? { ...node, credentials: { refreshToken: pasted, pin: doomed.credentials.eu.pin } } : node,
      );
      const before = await doomed.counters();
      await red.deploy(flows);
      const answer = await drive(NODE.doomedStatus.route, {});
      assert.equal(answer.body.at, 'out', answer.text);
      const token = await red.admin('GET', `/hyundai-kia/accounts/${ACCOUNT.doomed}/token`);
      assert.equal(token.body.state, 'ready', token.text);
      const after = await doomed.counters();
      assert.equal(after.reuseDetections, 0);
      assert.equal(after.refreshRejections, before.refreshRejections, 'the revoked token was not tried again');
      let badge: RecordedBadge | undefined;
      await until(async () => (badge = (await badgesOf(NODE.doomedStatus.id)).at(-1))?.fill === 'green', 'a green badge');
      assert.deepEqual([badge?.fill, badge?.shape], ['green', 'dot']);
    });
  });
}
