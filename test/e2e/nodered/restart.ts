// The rotated refresh token survives a Node-RED restart: the cloud rotates it on the refresh after
// an expiry, Node-RED stops (SIGINT) and starts again with the same user folder, and the next calls
// use the stored set: no spent token presented again (the simulator counts reuse and would revoke
// the chain), no new password login, and the next refresh works.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT, NODE, current, drive, flowsOf, until } from './world';
import type { FlowNode } from '../harness';
import { leaked, secretsOf } from './secrets';

export function restartSuite(): void {
  describe('the rotated token after a re-deploy and a Node-RED restart', () => {
    /** Rotates both accounts' refresh tokens on the main cloud (an expiry, then one call each). */
    async function rotate(): Promise<void> {
      const { cloud } = current();
      // Both accounts hold a token first (the password account logs in on its first call).
      for (const node of [NODE.status, NODE.passwordStatus]) assert.equal((await drive(node.route, {})).body.at, 'out');
      await cloud.control('expireAccessTokens');
      const before = await cloud.counters();
      for (const node of [NODE.status, NODE.passwordStatus]) assert.equal((await drive(node.route, {})).body.at, 'out');
      assert.equal((await cloud.counters()).tokenCalls.refresh - before.tokenCalls.refresh, 2, 'one rotating refresh per account');
    }

    /** Both accounts work after `change`, with no spent token presented and no password login. */
    async function survives(change: () => Promise<void>): Promise<void> {
      const { cloud } = current();
      await rotate();
      const before = await cloud.counters();
      await change();
      await cloud.control('expireAccessTokens');
      for (const node of [NODE.status, NODE.passwordStatus]) {
        const answer = await drive(node.route, {});
        assert.equal(answer.body.at, 'out', `${node.id}: ${answer.text}`);
      }
      const after = await cloud.counters();
      assert.equal(after.tokenCalls.refresh - before.tokenCalls.refresh, 2, 'each account refreshed once, with its stored refresh token');
      assert.equal(after.reuseDetections, 0, 'no spent refresh token was presented');
      assert.equal(after.refreshRejections, before.refreshRejections, 'no refresh token was rejected');
      assert.equal(after.tokenCalls.password, before.tokenCalls.password, 'no new password login');
    }

    it('a full re-deploy as the editor sends it (credentials unchanged, so not sent) keeps the rotated token', async () => {
      const { red } = current();
      const withoutCredentials = flowsOf(current()).map(({ credentials: _unchanged, ...node }): FlowNode => node);
      await survives(() => red.deploy(withoutCredentials));
    });

    it('a full re-deploy that sends the same, now spent, refresh token again keeps the rotated token', async () => {
      const { red } = current();
      await survives(() => red.deploy(flowsOf(current())));
    });

    it('expire → one refresh rotates → restart → calls work with reuseDetections 0 and no new password login', async function () {
      this.timeout(60_000);
      const { red, cloud, doomed } = current();
      await survives(async () => {
        const store = path.join(red.userDir, 'hyundai-kia');
        const files = fs.readdirSync(store);
        assert.ok(files.length >= 2, 'the token store is in <userDir>/hyundai-kia, a file per session');
        const read = (file: string) => fs.readFileSync(file, 'utf8');
        const stored = files.map((f) => read(path.join(store, f))).join('\n');
        assert.deepEqual(leaked(stored, await secretsOf([cloud, doomed])), [], 'the token store holds no secret in clear');
        const flowFiles = ['flows.json', 'flows_cred.json'].map((f) => read(path.join(red.userDir, f))).join('\n');
        assert.deepEqual(leaked(flowFiles, await secretsOf([cloud, doomed])), [], "Node-RED's flow files hold no secret in clear");

        // A command waits for the car while Node-RED stops: the stop must not wait for the car.
        const commands = (await cloud.counters()).commands;
        const inFlight = drive(NODE.lock.route, {}).catch((error: Error) => error);
        await until(async () => (await cloud.counters()).commands > commands, 'the command in the cloud');
        await red.restart();
        assert.ok((await inFlight) instanceof Error, 'the in-flight request was cut off by the stop');
        assert.equal(red.lastStop?.code, 0, 'Node-RED stopped cleanly on SIGINT');
        assert.ok((red.lastStop?.ms ?? Infinity) < 15_000, `the nodes closed within Node-RED's 15 s (${red.lastStop?.ms} ms)`);
        const before = await cloud.counters();
        for (const node of [NODE.status, NODE.passwordStatus]) {
          const answer = await drive(node.route, {});
          assert.equal(answer.body.at, 'out', `right after the restart: ${answer.text}`);
        }
        const after = await cloud.counters();
        assert.deepEqual(after.tokenCalls, before.tokenCalls, 'the stored access tokens are used: no token call');
      });
      const token = await red.admin('GET', '/hyundai-kia/accounts/e2e-account-main/token');
      assert.equal(token.body.state, 'ready', token.text);
    });

    it('a stop while a refresh is on its way to the cloud: the rotated token is still known after the restart', async function () {
      this.timeout(60_000);
      const { red, cloud } = current();
      // The cloud takes 1.5 s to answer, and acts on the request whether or not the caller still waits,
      // as a real one does: a session that stops without the answer is left with a spent refresh token.
      await cloud.control('setLatency', 1_500);
      try {
        const mark = red.log.mark();
        const refresh = red.admin('POST', `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`).catch((error: Error) => error);
        await red.log.waitFor(/refreshing the access token \(manual\)/, mark, 5_000);
        await new Promise((resolve) => setTimeout(resolve, 200)); // the request is in the cloud now
        await red.restart();
        await refresh;
        assert.ok((red.lastStop?.ms ?? Infinity) < 15_000, `closed within 15 s (${red.lastStop?.ms} ms)`);
      } finally {
        await cloud.control('setLatency', 0);
      }
      const before = await cloud.counters();
      await cloud.control('expireAccessTokens');
      const answer = await drive(NODE.status.route, {});
      const after = await cloud.counters();
      assert.equal(after.reuseDetections, before.reuseDetections, 'the refresh token spent by the interrupted refresh was presented again');
      assert.equal(answer.body.at, 'out', answer.text);
    });
  });
}
