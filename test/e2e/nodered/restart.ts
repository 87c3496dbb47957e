// The rotated refresh token survives a Node-RED restart: the cloud rotates it on the refresh after
// an expiry, Node-RED stops (SIGINT) and starts again with the same user folder, and the next calls
// use the stored set: no spent token presented again (the simulator counts reuse and would revoke
// the chain), no new password login, and the next refresh works.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODE, current, drive } from './world';
import { leaked, secretsOf } from './secrets';

export function restartSuite(): void {
  describe('the rotated token after a Node-RED restart', () => {
    it('expire → one refresh rotates → restart → calls work with reuseDetections 0 and no new password login', async function () {
      this.timeout(90_000);
      const { red, cloud, doomed } = current();
      // The password account logs in once before the restart (or already did).
      assert.equal((await drive(NODE.passwordStatus.route, {})).body.at, 'out');
      await cloud.control('expireAccessTokens');
      const beforeRotation = await cloud.counters();
      for (const node of [NODE.status, NODE.passwordStatus]) {
        const answer = await drive(node.route, {});
        assert.equal(answer.body.at, 'out', answer.text);
      }
      const rotated = await cloud.counters();
      assert.equal(rotated.tokenCalls.refresh - beforeRotation.tokenCalls.refresh, 2, 'one rotating refresh per account');

      const store = path.join(red.userDir, 'hyundai-kia');
      const files = fs.readdirSync(store);
      assert.ok(files.length >= 1, 'the token store is in <userDir>/hyundai-kia');
      const stored = files.map((f) => fs.readFileSync(path.join(store, f), 'utf8')).join('\n');
      assert.deepEqual(leaked(stored, await secretsOf([cloud, doomed])), [], 'the token store holds no secret in clear');

      await red.restart();
      const afterRestart = await cloud.counters();
      for (const node of [NODE.status, NODE.passwordStatus]) {
        const answer = await drive(node.route, {});
        assert.equal(answer.body.at, 'out', answer.text);
      }
      await cloud.control('expireAccessTokens');
      for (const node of [NODE.status, NODE.passwordStatus]) {
        const answer = await drive(node.route, {});
        assert.equal(answer.body.at, 'out', `after a second expiry: ${answer.text}`);
      }
      const end = await cloud.counters();
      assert.equal(end.reuseDetections, 0, 'no spent refresh token was presented');
      assert.equal(end.refreshRejections, rotated.refreshRejections, 'no refresh token was rejected');
      assert.equal(end.tokenCalls.password, rotated.tokenCalls.password, 'no new password login');
      assert.equal(end.tokenCalls.refresh - afterRestart.tokenCalls.refresh, 2, 'each stored refresh token refreshed once after the second expiry');
      const token = await red.admin('GET', '/hyundai-kia/accounts/e2e-account-main/token');
      assert.equal(token.body.state, 'ready', token.text);
    });
  });
}
