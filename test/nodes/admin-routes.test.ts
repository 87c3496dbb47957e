// The admin routes of docs/contract.md §4: answers, the __PWRD__ placeholder, no secrets, and the
// package permissions with Node-RED's real adminAuth (unauthenticated → 401).
import assert from 'node:assert/strict';
import { ACCOUNT_MODULE, NODES, account, actionFlow, helper } from './flow-helper';
import { leaks, secretsOf, startSim } from './sim';
import type { Sim } from './sim';
import { fromNodeRed } from '../support/node-red-dir';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const auth = require(fromNodeRed('@node-red/editor-api/lib/auth')) as {
  init(settings: unknown, storage: unknown): void;
  needsPermission: unknown;
};
const sessions = { getSessions: async () => ({}), saveSessions: async () => undefined };

describe('admin routes (against the simulator)', function () {
  let sim: Sim;
  let creds: Record<string, string>;
  before(async () => {
    sim = await startSim();
    const eu = sim.credentials.eu;
    creds = { username: eu.username, password: eu.password, pin: eu.pin };
  });
  after(() => sim.close());
  afterEach(async () => {
    await helper.unload();
    auth.init({}, sessions);
  });

  const flow = () => actionFlow({ id: 'n1', type: 'hyundai-kia-status', account: 'acc' }, account('acc', { apiBaseUrl: sim.url }));
  const noSecret = (body: unknown): void => {
    // The vehicles route answers VehicleInfo, whose `vin` the contract defines: that field only.
    const withoutVin = JSON.stringify(body, (key, value) => (key === 'vin' ? '(vehicle info)' : value));
    for (const secret of secretsOf(sim)) assert.ok(!leaks(withoutVin, secret), 'a secret in an admin answer');
  };

  it('lists vehicles, shows and refreshes the token of a deployed account; 404 for an unknown one', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const vehicles = await helper.request().get('/hyundai-kia/accounts/acc/vehicles');
    assert.equal(vehicles.status, 200);
    assert.ok(Array.isArray(vehicles.body) && vehicles.body.length >= 1);
    assert.deepEqual(Object.keys(vehicles.body[0]).sort(), ['id', 'model', 'name', 'protocol', 'type', 'vin']);
    const token = await helper.request().get('/hyundai-kia/accounts/acc/token');
    assert.equal(token.status, 200);
    assert.equal(token.body.state, 'ready');
    assert.equal(token.body.hasToken, true);
    const refreshed = await helper.request().post('/hyundai-kia/accounts/acc/refresh');
    assert.equal(refreshed.status, 200);
    assert.ok(refreshed.body.refreshCount > token.body.refreshCount);
    for (const body of [vehicles.body, token.body, refreshed.body]) noSecret(body);
    const missing = await helper.request().get('/hyundai-kia/accounts/nope/token');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_DEPLOYED');
  });

  it('answers the region table the account dialog filters brands and sign-in modes with', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const table = await helper.request().get('/hyundai-kia/regions');
    assert.equal(table.status, 200);
    assert.deepEqual(table.body.eu, {
      brands: ['hyundai', 'kia', 'genesis'],
      authModes: ['password', 'refreshToken'],
      needsCredentials: true,
    });
    assert.deepEqual(table.body.us.authModes, ['password']);
    assert.equal(table.body.demo.needsCredentials, false);
  });

  it('test-login: works with form values, reports a wrong password, and uses a stored secret only for its own endpoint', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const form = { region: 'eu', brand: 'hyundai', authMode: 'password', apiBaseUrl: sim.url, ...creds };
    const ok = await helper.request().post('/hyundai-kia/test-login').send(form);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ok, true);
    assert.ok(ok.body.vehicles.length >= 1);
    noSecret(ok.body);
    // A test login runs on a session of its own: a wrong password for the deployed user is reported,
    // not hidden by that user's live session.
    for (const username of ['nobody@example.com', creds.username]) {
      const wrong = await helper
        .request()
        .post('/hyundai-kia/test-login')
        .send({ ...form, username, password: 'wrong' });
      assert.equal(wrong.status, 200, JSON.stringify(wrong.body));
      assert.deepEqual([wrong.body.ok, wrong.body.error?.code], [false, 'AUTH_FAILED'], JSON.stringify(wrong.body));
      noSecret(wrong.body);
    }
    const stored = await helper
      .request()
      .post('/hyundai-kia/test-login')
      .send({ ...form, id: 'acc', password: '__PWRD__', pin: '__PWRD__' });
    assert.equal(stored.body.ok, true, JSON.stringify(stored.body));
    const elsewhere = await helper
      .request()
      .post('/hyundai-kia/test-login')
      .send({ ...form, id: 'acc', password: '__PWRD__', apiBaseUrl: 'http://127.0.0.1:9' });
    assert.deepEqual([elsewhere.body.ok, elsewhere.body.error?.code], [false, 'CONFIG_INVALID'], JSON.stringify(elsewhere.body));
    const vehicles = await helper.request().get('/hyundai-kia/accounts/acc/vehicles');
    assert.equal(vehicles.status, 200, 'test logins leave the deployed account working');
    const token = await helper.request().get('/hyundai-kia/accounts/acc/token');
    assert.equal(token.body.state, 'ready');
  });

  it('test-login without a network says CLOUD_UNAVAILABLE "cannot reach the cloud", not a failed refresh', async () => {
    await helper.load(NODES, flow(), { acc: creds });
    const random = Math.random;
    Math.random = () => 0; // no backoff jitter: the retries run at once
    try {
      const form = { region: 'eu', brand: 'hyundai', authMode: 'password', apiBaseUrl: 'http://127.0.0.1:9', ...creds };
      const answer = await helper.request().post('/hyundai-kia/test-login').send(form);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.ok, false);
      assert.equal(answer.body.error?.code, 'CLOUD_UNAVAILABLE', JSON.stringify(answer.body));
      assert.match(answer.body.error?.message, /cannot reach the cloud \(ECONNREFUSED\)/);
      noSecret(answer.body);
    } finally {
      Math.random = random;
    }
  });

  it('with adminAuth: 401 without a login, read-only users may read but not refresh', async () => {
    auth.init(
      {
        adminAuth: {
          type: 'credentials',
          users: [
            { username: 'reader', password: 'x', permissions: 'read' },
            { username: 'admin', password: 'x', permissions: '*' },
          ],
          tokens: [
            { token: 'reader-token', user: 'reader', scope: ['read'] },
            { token: 'admin-token', user: 'admin', scope: ['*'] },
          ],
        },
      },
      sessions,
    );
    const withRealAuth = (red: { auth: unknown }) => {
      red.auth = auth;
      return ACCOUNT_MODULE(red);
    };
    await helper.load([withRealAuth, ...NODES.slice(1)], flow(), { acc: creds });
    const routes: Array<['get' | 'post', string]> = [
      ['get', '/hyundai-kia/accounts/acc/vehicles'],
      ['get', '/hyundai-kia/accounts/acc/token'],
      ['post', '/hyundai-kia/accounts/acc/refresh'],
      ['post', '/hyundai-kia/test-login'],
    ];
    for (const [method, url] of routes) assert.equal((await helper.request()[method](url)).status, 401, `${method} ${url}`);
    const as = (token: string, method: 'get' | 'post', url: string) =>
      helper.request()[method](url).set('Authorization', `Bearer ${token}`);
    assert.equal((await as('reader-token', 'get', '/hyundai-kia/accounts/acc/token')).status, 200);
    assert.equal((await as('reader-token', 'post', '/hyundai-kia/accounts/acc/refresh')).status, 401);
    assert.equal((await as('admin-token', 'post', '/hyundai-kia/accounts/acc/refresh')).status, 200);
  });
});
