// The admin routes of docs/contract.md §4 on a real Node-RED with adminAuth: answers without
// secrets for a logged-in user, 401 without a login, read permission enough to read, not to refresh.
import assert from 'node:assert/strict';
import { ACCOUNT, READER, current } from './world';
import { leaked, secretsOf } from './secrets';

export function adminSuite(): void {
  describe('admin routes with adminAuth', () => {
    const token = `/hyundai-kia/accounts/${ACCOUNT.main}/token`;
    const vehicles = `/hyundai-kia/accounts/${ACCOUNT.main}/vehicles`;
    const refresh = `/hyundai-kia/accounts/${ACCOUNT.main}/refresh`;

    it('token: the TokenStatus of the deployed account, with no secret in it', async () => {
      const { red, cloud, doomed } = current();
      const answer = await red.admin('GET', token);
      assert.equal(answer.status, 200, answer.text);
      const status = answer.body;
      assert.equal(status.state, 'ready');
      assert.equal(status.hasToken, true);
      assert.equal(status.hasRefreshToken, true);
      assert.ok(status.refreshCount >= 1);
      assert.deepEqual(Object.keys(status.stats).sort(), ['refreshMs', 'refreshSuccessRate']);
      assert.deepEqual(leaked(answer.text, await secretsOf([cloud, doomed])), []);
      for (const key of ['accessToken', 'refreshToken', 'password', 'pin']) assert.ok(!(key in status), `no ${key} field`);
    });

    it('vehicles: the VehicleInfo list (the VIN its only identifying field), no credential in it', async () => {
      const { red, cloud, doomed, car } = current();
      const answer = await red.admin('GET', vehicles);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.length, 1);
      assert.deepEqual(Object.keys(answer.body[0]).sort(), ['id', 'model', 'name', 'protocol', 'type', 'vin']);
      assert.equal(answer.body[0].id, car.id);
      // VehicleInfo.vin is the contract's field for the vehicle picker; nothing else may show a secret.
      const withoutVin = JSON.stringify(answer.body, (key, value: unknown) => (key === 'vin' ? '(vin)' : value));
      assert.deepEqual(leaked(withoutVin, await secretsOf([cloud, doomed])), []);
    });

    it('without a login: 401 on every route (test-login too), and no account data in the answer', async () => {
      const { red } = current();
      for (const [method, route] of [
        ['GET', token],
        ['GET', vehicles],
        ['POST', refresh],
        ['POST', '/hyundai-kia/test-login'],
      ]) {
        const answer = await red.admin(method, route, { anonymous: true });
        assert.equal(answer.status, 401, `${method} ${route}: ${answer.status}`);
        assert.doesNotMatch(answer.text, /refreshCount|"vin"/);
      }
    });

    it('a read-only user reads the token status but may not refresh (401)', async () => {
      const { red } = current();
      const reader = await red.login(READER.username, READER.password, READER.permissions);
      assert.equal((await red.admin('GET', token, { token: reader })).status, 200);
      assert.equal((await red.admin('POST', refresh, { token: reader })).status, 401);
    });

    it('refresh: an admin refreshes the token now, one refresh grant, the new TokenStatus back', async () => {
      const { red, cloud, doomed } = current();
      const before = await cloud.counters();
      const was = (await red.admin('GET', token)).body;
      const answer = await red.admin('POST', refresh);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.refreshCount, was.refreshCount + 1);
      const after = await cloud.counters();
      assert.equal(after.tokenCalls.refresh - before.tokenCalls.refresh, 1);
      assert.equal(after.reuseDetections, 0);
      assert.deepEqual(leaked(answer.text, await secretsOf([cloud, doomed])), []);
    });
  });
}
