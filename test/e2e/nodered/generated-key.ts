// A Node-RED without credentialSecret (a fresh install): the token store encrypts with a key it
// generates and keeps, and the rotated token still survives a restart. A second, small Node-RED of
// its own, on the main cloud, with a refresh token fresh from the web login.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeRed, catchToHttp, httpDriven, tab } from '../harness';
import type { FlowNode } from '../harness';
import { leaked, secretsOf } from './secrets';
import { current, webLogin } from './world';

export function generatedKeySuite(): void {
  describe('without credentialSecret', () => {
    let red: NodeRed | undefined;
    after(() => red?.stop());

    it('the token store keeps its own key; the rotated token survives a restart; nothing secret on disk or in the log', async function () {
      this.timeout(60_000);
      const { cloud, doomed } = current();
      red = await NodeRed.start({ credentialSecret: false });
      const node = red;
      const flows: FlowNode[] = [
        tab('plain-tab', 'no credentialSecret'),
        {
          id: 'plain-account',
          type: 'hyundai-kia-account',
          region: 'eu',
          brand: 'genesis',
          authMode: 'refreshToken',
          apiBaseUrl: cloud.url,
          credentials: { refreshToken: await webLogin(cloud), pin: cloud.credentials.eu.pin },
        },
        ...httpDriven('plain-tab', '/plain/status', {
          id: 'plain-status',
          type: 'hyundai-kia-status',
          account: 'plain-account',
          mode: 'cached',
        }),
        ...catchToHttp('plain-tab', 'plain-catch', ['plain-status']),
      ];
      await node.deploy(flows);
      const status = async (when: string) => {
        const answer = await node.http('POST', '/plain/status', {});
        assert.equal(answer.body?.at, 'out', `${when}: ${answer.text}`);
      };
      await status('first call');
      await cloud.control('expireAccessTokens');
      await status('after expiry (rotation)');
      const before = await cloud.counters();
      await node.restart();
      await cloud.control('expireAccessTokens');
      await status('after the restart and another expiry');
      const after = await cloud.counters();
      assert.equal(after.tokenCalls.refresh - before.tokenCalls.refresh, 1, 'the stored rotated token refreshed');
      assert.equal(after.reuseDetections, 0, 'the spent pasted token was not presented');
      assert.equal(after.refreshRejections, before.refreshRejections);

      const store = path.join(node.userDir, 'hyundai-kia');
      const files = fs.readdirSync(store);
      for (const file of files) {
        assert.equal(fs.statSync(path.join(store, file)).mode & 0o077, 0, `${file} is readable by its owner only`);
      }
      const onDisk = files.map((f) => fs.readFileSync(path.join(store, f), 'utf8')).join('\n');
      const secrets = await secretsOf([cloud, doomed]);
      assert.deepEqual(leaked(onDisk, secrets), [], 'the token store holds no secret in clear');
      assert.deepEqual(leaked(node.log.read(), secrets), [], "secrets in this Node-RED's log");
    });
  });
}
