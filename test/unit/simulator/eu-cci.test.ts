// The simulated OneApp/CCI sign-in against cloud-protocol.md 1.5 D (and its corrections), driven
// with plain fetch: cookies, RSA password, one-use codes, CCI tokens, CCS exchange, strict rotation.
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { call, KIA, stamp, startTestSim, TestSim } from './helpers';

const ONEAPP = {
  kia: { clientId: '01b36c86-79e8-486c-8009-15f2ad88d670', redirect: 'https://oneapp.kia.com/redirect', packageId: 'com.kia.oneapp.eu' },
  genesis: {
    clientId: '50e3b8b0-ced5-43b7-8a42-f86ac92fe50e',
    redirect: 'https://oneapp.genesis.com/redirect',
    packageId: 'com.genesis.oneapp.eu',
  },
};
type App = (typeof ONEAPP)['kia'];

function authorizeUrl(t: TestSim, app: App): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirect,
    lang: 'en',
    state: 'ccsp',
    country: 'de',
  });
  return `${t.url}/auth/api/v2/user/oauth2/authorize?${query}`;
}

async function openSignIn(t: TestSim, app: App): Promise<string> {
  const page = await call(authorizeUrl(t, app));
  assert.equal(page.status, 200);
  return page.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function signinForm(t: TestSim, app: App, password = t.sim.credentials.eu.password): Promise<Record<string, string>> {
  const { retValue } = (await call(`${t.url}/auth/api/v1/accounts/certs`)).body;
  const key = createPublicKey({ key: { kty: 'RSA', n: retValue.n, e: retValue.e }, format: 'jwk' });
  return {
    client_id: app.clientId,
    encryptedPassword: 'true',
    password: publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password)).toString('hex'),
    redirect_uri: app.redirect,
    scope: '',
    nonce: '',
    state: 'ccsp',
    username: t.sim.credentials.eu.username,
    connector_session_key: '',
    kid: retValue.kid,
    _csrf: '',
  };
}

function cciHeaders(
  app: App,
  tokens?: { accessToken: string; nonCcsToken: string; exchangeableAccessToken: string },
): Record<string, string> {
  const headers: Record<string, string> = { 'client-id': app.packageId, 'client-name': 'kia', 'client-os-code': 'ios', locale: 'EN' };
  if (tokens) {
    headers.authorization = `Bearer ${tokens.accessToken}`;
    headers.authentication = tokens.nonCcsToken;
    headers['exchangeable-token'] = tokens.exchangeableAccessToken;
    headers['non-ccs-token'] = tokens.nonCcsToken;
  }
  return headers;
}

async function codeFor(t: TestSim, app: App): Promise<string> {
  const cookie = await openSignIn(t, app);
  const signin = await call(`${t.url}/auth/account/signin`, { form: await signinForm(t, app), headers: { cookie }, redirect: 'manual' });
  assert.equal(signin.status, 302);
  const location = new URL(signin.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, app.redirect);
  return location.searchParams.get('code')!;
}

async function cciTokens(t: TestSim, app: App) {
  const answer = await call(`${t.url}/domain/api/v1/auth/token?code=${encodeURIComponent(await codeFor(t, app))}`, {
    method: 'POST',
    headers: cciHeaders(app),
  });
  assert.equal(answer.status, 200);
  return answer.body;
}

describe('simulator: EU OneApp/CCI sign-in', () => {
  let t: TestSim;
  beforeEach(async () => {
    t = await startTestSim();
  });
  afterEach(() => t.sim.close());

  it('authorize opens a sign-in session with cookies; signin without them answers the login page again', async () => {
    const page = await call(authorizeUrl(t, ONEAPP.kia));
    assert.ok(page.headers.getSetCookie().length >= 2, 'a session cookie and a second one');
    const form = await signinForm(t, ONEAPP.kia);
    const cookieless = await call(`${t.url}/auth/account/signin`, { form, redirect: 'manual' });
    assert.equal(cookieless.status, 200);
    assert.match(cookieless.text, /<form/);
    const onlyLast = page.headers.getSetCookie().at(-1)!.split(';')[0];
    assert.equal((await call(`${t.url}/auth/account/signin`, { form, headers: { cookie: onlyLast }, redirect: 'manual' })).status, 200);
    assert.equal(t.sim.control.counters().cci.signin, 0);
  });

  it('a wrong password lands back on the authorize page, without a code', async () => {
    const cookie = await openSignIn(t, ONEAPP.kia);
    const wrong = await call(`${t.url}/auth/account/signin`, {
      form: await signinForm(t, ONEAPP.kia, 'not-it'),
      headers: { cookie },
      redirect: 'manual',
    });
    assert.equal(wrong.status, 302);
    assert.match(wrong.headers.get('location')!, /\/auth\/api\/v2\/user\/oauth2\/authorize/);
    // Neither a code nor the word "error": HKC reads that as another kind of rejection.
    assert.doesNotMatch(wrong.headers.get('location')!, /code=|error/);
    assert.equal(t.sim.control.counters().cci.signin, 1);
  });

  it("refuses a OneApp client id with another brand's redirect", async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: ONEAPP.kia.clientId,
      redirect_uri: ONEAPP.genesis.redirect,
      state: 'ccsp',
    });
    assert.equal((await call(`${t.url}/auth/api/v2/user/oauth2/authorize?${query}`)).status, 400);
  });

  it('code → CCI set (expiresIn 3599, 87-character refresh token); the code works once', async () => {
    const code = await codeFor(t, ONEAPP.genesis);
    const url = `${t.url}/domain/api/v1/auth/token?code=${encodeURIComponent(code)}`;
    const set = await call(url, { method: 'POST', headers: cciHeaders(ONEAPP.genesis) });
    assert.equal(set.status, 200);
    assert.equal(set.body.expiresIn, 3599);
    assert.equal(set.body.refreshToken.length, 87);
    for (const name of [
      'accessToken',
      'exchangeableAccessToken',
      'exchangeableRefreshToken',
      'nonCcsToken',
      'nonCcsRefreshToken',
      'idToken',
    ]) {
      assert.equal(typeof set.body[name], 'string', name);
    }
    const again = await call(url, { method: 'POST', headers: cciHeaders(ONEAPP.genesis) });
    assert.equal(again.status, 400);
    assert.equal(t.sim.control.counters().cci.code, 1);
    const noClient = await call(`${t.url}/domain/api/v1/auth/token?code=${encodeURIComponent(await codeFor(t, ONEAPP.kia))}`, {
      method: 'POST',
    });
    assert.equal(noClient.status, 400, 'a CCI call names its app in client-id');
  });

  it('token-exchange gives a CCS token (expiresTime 86400) that the SPA API takes like any access token', async () => {
    const set = await cciTokens(t, ONEAPP.kia);
    const exchange = await call(`${t.url}/domain/api/v1/auth/token-exchange?serviceType=CCS`, {
      method: 'POST',
      headers: cciHeaders(ONEAPP.kia, set),
    });
    assert.equal(exchange.status, 200);
    assert.equal(exchange.body.expiresTime, 86400);
    const vehicles = await call(`${t.url}/api/v1/spa/vehicles`, {
      headers: {
        authorization: `Bearer ${exchange.body.accessToken}`,
        'ccsp-service-id': KIA.serviceId,
        'ccsp-application-id': KIA.appId,
        stamp: stamp(),
      },
    });
    assert.equal(vehicles.status, 200);
    assert.equal(vehicles.body.resMsg.vehicles.length, 1);
    const cciAsCcs = await call(`${t.url}/api/v1/spa/vehicles`, {
      headers: { authorization: `Bearer ${set.accessToken}`, stamp: stamp() },
    });
    assert.equal(cciAsCcs.status, 401, 'the CCI token itself does not open the vehicle API');
  });

  it('token-refresh rotates strictly: the spent refresh token is reuse and kills the chain', async () => {
    const first = await cciTokens(t, ONEAPP.kia);
    const refresh = (set: typeof first) =>
      call(`${t.url}/domain/api/v2/auth/token-refresh`, { headers: cciHeaders(ONEAPP.kia, set), json: set });
    const second = await refresh(first);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refreshToken, first.refreshToken);
    assert.match(second.headers.getSetCookie().join(), /^t=/);
    const exchanged = await call(`${t.url}/domain/api/v1/auth/token-exchange?serviceType=CCS`, {
      method: 'POST',
      headers: cciHeaders(ONEAPP.kia, second.body),
    });
    assert.equal(exchanged.status, 200);

    const replay = await refresh(first);
    assert.equal(replay.status, 401);
    assert.equal(t.sim.control.counters().reuseDetections, 1);
    assert.equal((await refresh(second.body)).status, 401, 'the whole chain is revoked after reuse');
    assert.equal(t.sim.control.counters().cci.refresh, 3);
  });

  it('takes the v1 refresh as a form, as the app sends it; v1 with JSON fails as seen live', async () => {
    const set = await cciTokens(t, ONEAPP.kia);
    const headers = cciHeaders(ONEAPP.kia, set);
    assert.equal((await call(`${t.url}/domain/api/v1/auth/token-refresh`, { headers, json: set })).status, 500);
    assert.equal((await call(`${t.url}/domain/api/v1/auth/token-refresh`, { headers, form: set })).status, 200);
  });

  it('an expired CCI access token is not exchanged, but the set still refreshes; lifetimes are configurable', async () => {
    t.sim.control.setTokenLifetimes({ euCciAccess: 60, euCcs: 120 });
    const set = await cciTokens(t, ONEAPP.kia);
    assert.equal(set.expiresIn, 60);
    t.clock.tick(61_000);
    const late = await call(`${t.url}/domain/api/v1/auth/token-exchange?serviceType=CCS`, {
      method: 'POST',
      headers: cciHeaders(ONEAPP.kia, set),
    });
    assert.equal(late.status, 401);
    const next = await call(`${t.url}/domain/api/v2/auth/token-refresh`, { headers: cciHeaders(ONEAPP.kia, set), json: set });
    assert.equal(next.status, 200);
    const exchange = await call(`${t.url}/domain/api/v1/auth/token-exchange?serviceType=CCS`, {
      method: 'POST',
      headers: cciHeaders(ONEAPP.kia, next.body),
    });
    assert.equal(exchange.body.expiresTime, 120);
  });

  it("lists the cars for the CCI access token (the app's available-vehicles; HKC's token test)", async () => {
    const set = await cciTokens(t, ONEAPP.kia);
    const url = `${t.url}/domain/api/v1/vehicle/available-vehicles?detail=false`;
    const list = await call(url, { headers: cciHeaders(ONEAPP.kia, set) });
    assert.equal(list.status, 200);
    const [car] = t.sim.control.vehicles().filter((v) => v.region === 'eu');
    assert.deepEqual(
      list.body.contents.map((c: { ccspCarId: string; vin: string }) => [c.ccspCarId, c.vin]),
      [[car.vehicleId, car.vin]],
    );
    t.sim.control.expireAccessTokens();
    assert.equal((await call(url, { headers: cciHeaders(ONEAPP.kia, set) })).status, 401);
  });

  it('revokeRefreshTokens and expireAccessTokens reach the CCI tokens too', async () => {
    const set = await cciTokens(t, ONEAPP.kia);
    t.sim.control.expireAccessTokens();
    const exchange = await call(`${t.url}/domain/api/v1/auth/token-exchange?serviceType=CCS`, {
      method: 'POST',
      headers: cciHeaders(ONEAPP.kia, set),
    });
    assert.equal(exchange.status, 401);
    t.sim.control.revokeRefreshTokens();
    const refresh = await call(`${t.url}/domain/api/v2/auth/token-refresh`, { headers: cciHeaders(ONEAPP.kia, set), json: set });
    assert.equal(refresh.status, 401);
    assert.equal(t.sim.control.counters().reuseDetections, 0);
    assert.equal(t.sim.control.counters().refreshRejections, 1);
  });

  it('blockSignIn: authorize and signin are sent to the firewall\'s "abusing request" page', async () => {
    const cookie = await openSignIn(t, ONEAPP.kia);
    t.sim.control.blockSignIn(true);
    const blocked = await call(authorizeUrl(t, ONEAPP.kia), { redirect: 'manual' });
    assert.equal(blocked.status, 302);
    const location = blocked.headers.get('location')!;
    assert.match(location, /\/error\?status=400/);
    const page = await call(location);
    assert.equal(page.status, 400);
    assert.match(page.text, /classified as an abusing request and blocked/);
    const signin = await call(`${t.url}/auth/account/signin`, {
      form: await signinForm(t, ONEAPP.kia),
      headers: { cookie },
      redirect: 'manual',
    });
    assert.match(signin.headers.get('location')!, /abusing/);
    assert.equal(t.sim.control.counters().cci.firewallBlocks, 2);
    t.sim.control.blockSignIn(false);
    assert.ok(await codeFor(t, ONEAPP.kia));
  });
});
