// The badges of docs/contract.md §4 in a real runtime: through a token refresh, a success, a failure,
// and a revoked refresh token (texts are the raw locale keys: the test helper's RED._ returns them).
import assert from 'node:assert/strict';
import { NODES, account, actionFlow, helper, roundTrip, statusesOf, until } from './flow-helper';
import { startSim } from './sim';
import type { Sim } from './sim';

/** The session, busy and error badges are the shared texts (the account's catalogue, `common.status`). */
const key = (k: string) => `node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common.status.${k}`;

describe('status badges (against the simulator)', function () {
  let sim: Sim;
  before(async () => {
    sim = await startSim();
  });
  after(() => sim.close());
  afterEach(() => helper.unload());

  const load = (authMode: 'password' | 'refreshToken', mode = 'cached', staleOnError = true) => {
    const eu = sim.credentials.eu;
    const creds: Record<string, string> =
      authMode === 'password'
        ? { username: eu.username, password: eu.password, pin: eu.pin }
        : { refreshToken: eu.refreshToken, pin: eu.pin };
    return helper.load(
      NODES,
      actionFlow(
        { id: 'n1', type: 'hyundai-kia-status', account: 'acc', mode, staleOnError },
        account('acc', { apiBaseUrl: sim.url, authMode, minForceIntervalMinutes: 0 }),
      ),
      { acc: creds },
    );
  };

  it('green ready, blue while reading, yellow while the token refreshes, green with the result', async () => {
    await load('password');
    assert.deepEqual(statusesOf('n1')[0], { fill: 'green', shape: 'dot', text: key('ready') });
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    sim.control.expireAccessTokens();
    const seen = statusesOf('n1').length;
    const { at } = await roundTrip('n1', { payload: 'cached' });
    assert.equal(at, 'out');
    const during = statusesOf('n1').slice(seen);
    assert.deepEqual(during[0], { fill: 'blue', shape: 'ring', text: key('reading') });
    assert.ok(
      during.some((s) => s.fill === 'yellow' && s.shape === 'ring' && s.text === key('refreshing')),
      JSON.stringify(during),
    );
    const last = during[during.length - 1];
    assert.equal(last.fill, 'green');
    assert.equal(last.shape, 'dot');
    assert.match(String(last.text), /status\.(battery|charging|locked|unlocked|updated)$/);
  });

  it('red ring with the code after a failure, grey ring when rate limited', async () => {
    await load('password', 'force', false); // errors, not the last good state
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    sim.control.setUnreachable('4081');
    const unreachable = await roundTrip('n1', { payload: 'force' });
    assert.equal(unreachable.at, 'caught');
    assert.equal((unreachable.msg.error as Record<string, unknown>).code, 'VEHICLE_UNREACHABLE');
    assert.deepEqual(statusesOf('n1').pop(), { fill: 'red', shape: 'ring', text: key('error.VEHICLE_UNREACHABLE') });
    sim.control.setUnreachable(false);
    sim.control.exhaustQuota('eu');
    const limited = await roundTrip('n1', { payload: 'force' });
    assert.equal((limited.msg.error as Record<string, unknown>).code, 'RATE_LIMITED');
    assert.deepEqual(statusesOf('n1').pop(), { fill: 'grey', shape: 'ring', text: key('rateLimited') });
    sim.control.setQuota(1000, 'eu');
  });

  it('red "re-login required" when the refresh token is revoked and no password is known', async () => {
    await load('refreshToken');
    assert.equal((await roundTrip('n1', { payload: 'cached' })).at, 'out');
    sim.control.revokeRefreshTokens();
    sim.control.expireAccessTokens();
    const { at, msg } = await roundTrip('n1', { payload: 'cached' });
    assert.equal(at, 'caught');
    assert.equal((msg.error as Record<string, unknown>).code, 'AUTH_FAILED');
    await until(() => statusesOf('n1').pop()?.text === key('reloginRequired'), 're-login badge');
    assert.deepEqual(statusesOf('n1').pop(), { fill: 'red', shape: 'ring', text: key('reloginRequired') });
  });
});
