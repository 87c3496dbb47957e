// EU identity against docs/research/cloud-protocol.md §1.2, 1.5-1.7 and 1.12.
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { call, controlToken, euRefresh, euSession, KIA, stamp, startTestSim, TestSim } from './helpers';

describe('simulator: EU identity', () => {
  let t: TestSim;
  beforeEach(async () => {
    t = await startTestSim();
  });
  afterEach(() => t.sim.close());

  it('hands out a 48-character A-Z0-9 refresh token as the demo credential', () => {
    assert.match(t.sim.credentials.eu.refreshToken, /^[A-Z0-9]{48}$/);
  });

  it('refresh grant (form): access token, Bearer, rotated refresh token, expires_in 3600', async () => {
    const answer = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.token_type, 'Bearer');
    assert.equal(answer.body.expires_in, 3600);
    assert.match(answer.body.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.match(answer.body.refresh_token, /^[A-Z0-9]{48}$/);
    assert.notEqual(answer.body.refresh_token, t.sim.credentials.eu.refreshToken);
    assert.equal(t.sim.control.counters().tokenCalls.refresh, 1);
  });

  it('strict rotation: a spent refresh token is rejected with 400 / 7501 / inner 4002 and counted as reuse', async () => {
    const first = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    const again = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(again.status, 400);
    assert.equal(again.body.retCode, 7501);
    assert.equal(again.body.retMsg, 'Received unexpected statusCode');
    assert.equal(JSON.parse(again.body.retSubMsg).errCode, '4002');
    assert.equal(again.body.retValue, null);
    assert.equal(t.sim.control.counters().reuseDetections, 1);
    // Reuse revokes the whole family: the successor dies too.
    const successor = await euRefresh(t.url, first.body.refresh_token);
    assert.equal(successor.status, 400);
  });

  it('without rotation the same refresh token comes back and keeps working', async () => {
    t.sim.control.setRotation({ eu: false });
    const first = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(first.body.refresh_token, t.sim.credentials.eu.refreshToken);
    assert.equal((await euRefresh(t.url, t.sim.credentials.eu.refreshToken)).status, 200);
    assert.equal(t.sim.control.counters().reuseDetections, 0);
  });

  it('revokeRefreshTokens: rejected, counted as a rejection, not as reuse', async () => {
    t.sim.control.revokeRefreshTokens();
    const answer = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.retCode, 7501);
    const counters = t.sim.control.counters();
    assert.equal(counters.reuseDetections, 0);
    assert.equal(counters.refreshRejections, 1);
  });

  it('rejects an unknown client id on the identity token endpoint', async () => {
    const answer = await call(`${t.url}/auth/api/v2/user/oauth2/token`, {
      form: { grant_type: 'refresh_token', refresh_token: t.sim.credentials.eu.refreshToken, client_id: 'nope' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.retCode, 7501);
  });

  it('classic ccapi login: signin (JSON) gives a code, the token endpoint (form) exchanges it once', async () => {
    const { username, password } = t.sim.credentials.eu;
    const signin = await call(`${t.url}/api/v1/user/signin`, { json: { email: username, password } });
    assert.equal(signin.status, 200);
    const code = new URL(signin.body.redirectUrl).searchParams.get('code')!;
    assert.ok(code);
    const form = { grant_type: 'authorization_code', code, redirect_uri: `${t.url}/api/v1/user/oauth2/redirect` };
    const basic = `Basic ${Buffer.from(`${KIA.serviceId}:${KIA.secret}`).toString('base64')}`;
    const token = await call(`${t.url}/api/v1/user/oauth2/token`, { headers: { authorization: basic, stamp: stamp() }, form });
    assert.equal(token.status, 200);
    assert.ok(token.body.access_token && token.body.refresh_token);
    const reused = await call(`${t.url}/api/v1/user/oauth2/token`, { headers: { authorization: basic }, form });
    assert.equal(reused.status, 400);
    assert.equal(reused.body.errCode, '4002');
    assert.deepEqual(t.sim.control.counters().tokenCallsByRegion.eu, { password: 1, refresh: 0, code: 2, control: 0 });
  });

  it('classic ccapi login: a wrong password is 400 / 4003 with remainCount', async () => {
    const signin = await call(`${t.url}/api/v1/user/signin`, { json: { email: t.sim.credentials.eu.username, password: 'wrong' } });
    assert.equal(signin.status, 400);
    assert.equal(signin.body.errCode, '4003');
    assert.equal(signin.body.errBody.remainCount, 4);
  });

  it('headless identity login: certs, RSA-encrypted password, 302 with code, code exchange', async () => {
    const page = await call(`${t.url}/auth/api/v2/user/oauth2/authorize?response_type=code&client_id=${KIA.serviceId}&state=ccsp`);
    assert.equal(page.status, 200);
    const cookie = page.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const certs = await call(`${t.url}/auth/api/v1/accounts/certs`);
    const { kid, n, e } = certs.body.retValue;
    assert.equal(kid, 'HMGID2_CIPHER_KEY1');
    const key = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
    const encrypted = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(t.sim.credentials.eu.password));
    const redirect = 'https://prd.eu-ccapi.kia.com:8080/api/v1/user/oauth2/redirect';
    const form = {
      client_id: KIA.serviceId,
      encryptedPassword: 'true',
      password: encrypted.toString('hex'),
      redirect_uri: redirect,
      scope: '',
      nonce: '',
      state: 'ccsp',
      username: t.sim.credentials.eu.username,
      connector_session_key: '',
      kid,
      _csrf: '',
    };
    const signin = await call(`${t.url}/auth/account/signin`, { form, headers: { cookie }, redirect: 'manual' });
    assert.equal(signin.status, 302);
    const location = new URL(signin.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, redirect);
    const code = location.searchParams.get('code')!;
    const token = await call(`${t.url}/auth/api/v2/user/oauth2/token`, {
      form: { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: KIA.serviceId, client_secret: KIA.secret },
    });
    assert.equal(token.status, 200);
    assert.match(token.body.refresh_token, /^[A-Z0-9]{48}$/);

    const wrong = await call(`${t.url}/auth/account/signin`, {
      form: { ...form, encryptedPassword: 'false', password: 'nope' },
      headers: { cookie },
      redirect: 'manual',
    });
    assert.equal(wrong.status, 302);
    assert.match(wrong.headers.get('location')!, /\/auth\/api\/v2\/user\/oauth2\/authorize/);
    assert.doesNotMatch(wrong.headers.get('location')!, /code=/);
  });

  it('device registration: deviceId on a good stamp (seconds or milliseconds), 401 / 4017 on a wrong app id', async () => {
    const body = { pushRegId: 'b'.repeat(64), pushType: 'GCM', uuid: 'u' };
    for (const unixTime of [1_750_000_000, 1_750_000_000_123]) {
      const ok = await call(`${t.url}/api/v1/spa/notifications/register`, { headers: { stamp: stamp(KIA.appId, unixTime) }, json: body });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.retCode, 'S');
      assert.match(ok.body.resMsg.deviceId, /^[0-9a-f-]{36}$/);
    }
    const hyundai = stamp('014d2225-8495-4735-812d-2616334fd15d');
    assert.equal((await call(`${t.url}/api/v1/spa/notifications/register`, { headers: { stamp: hyundai }, json: body })).status, 200);
    const bad = await call(`${t.url}/api/v1/spa/notifications/register`, {
      headers: { stamp: Buffer.from('x'.repeat(50)).toString('base64') },
      json: body,
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.resCode, '4017');
    assert.equal(bad.body.resMsg, 'Invalid request value - Invalid Application Id.');
    const mismatch = await call(`${t.url}/api/v1/spa/notifications/register`, {
      headers: { stamp: stamp(), 'ccsp-application-id': 'f11f2b86-e0e7-4851-90df-5600b01d8b70' },
      json: body,
    });
    assert.equal(mismatch.status, 401);
    assert.equal(t.sim.control.counters().deviceRegistrations, 3);
  });

  it('strict stamp mode refuses a request without a stamp', async () => {
    const strict = await startTestSim({ strictStamp: true });
    try {
      const answer = await call(`${strict.url}/api/v1/spa/notifications/register`, {
        json: { pushRegId: 'a', pushType: 'GCM', uuid: 'u' },
      });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.resCode, '4017');
    } finally {
      await strict.sim.close();
    }
  });

  it('PIN → control token valid 600 s; a wrong PIN is 400 / 4003 with a falling remainCount', async () => {
    const session = await euSession(t);
    const answer = await call(`${t.url}/api/v1/user/pin?token=`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${session.accessToken}` },
      json: { deviceId: session.deviceId, pin: t.sim.credentials.eu.pin },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.expiresTime, 600);
    assert.ok(answer.body.controlToken);
    const wrong = await call(`${t.url}/api/v1/user/pin`, {
      method: 'PUT',
      headers: { authorization: session.accessToken },
      json: { deviceId: session.deviceId, pin: '0000' },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.errCode, '4003');
    assert.equal(wrong.body.errBody.remainCount, 4);
    assert.equal(t.sim.control.counters().tokenCalls.control, 2);
  });

  it('PIN with an invalidated device id answers 4002', async () => {
    const session = await euSession(t);
    t.sim.control.invalidateDeviceIds();
    const answer = await call(`${t.url}/api/v1/user/pin`, {
      method: 'PUT',
      headers: { authorization: session.accessToken },
      json: { deviceId: session.deviceId, pin: t.sim.credentials.eu.pin },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.resCode, '4002');
  });

  it('access tokens expire after their lifetime with the gateway wording (both wordings)', async () => {
    const session = await euSession(t);
    const vehicles = `${t.url}/api/v1/spa/vehicles`;
    assert.equal((await call(vehicles, { headers: session.headers })).status, 200);
    t.clock.tick(3600 * 1000);
    const expired = await call(vehicles, { headers: session.headers });
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { error: 'Key not authorized: token has expired' });
    t.sim.control.setExpiryWording('is');
    assert.deepEqual((await call(vehicles, { headers: session.headers })).body, { error: 'Key not authorized: Token is expired' });
    assert.equal(t.sim.control.counters().expiredRejections, 2);
  });

  it('expireAccessTokens expires access and control tokens at once; a fresh refresh works again', async () => {
    const session = await euSession(t);
    const control = await controlToken(t, session);
    t.sim.control.expireAccessTokens();
    const vehicles = `${t.url}/api/v1/spa/vehicles`;
    assert.equal((await call(vehicles, { headers: session.headers })).status, 401);
    const id = t.sim.control.vehicles()[0].vehicleId;
    const command = await call(`${t.url}/api/v2/spa/vehicles/${id}/control/door`, {
      headers: { ...session.headers, authorization: `Bearer ${control}`, authorizationccsp: `Bearer ${control}` },
      json: { action: 'close', deviceId: session.deviceId },
    });
    assert.equal(command.status, 401);
    const renewed = await euRefresh(t.url, session.refreshToken);
    const fresh = await call(vehicles, { headers: { ...session.headers, authorization: `Bearer ${renewed.body.access_token}` } });
    assert.equal(fresh.status, 200);
  });

  it('setTokenLifetimes changes expires_in of new tokens; the demo preset is short', async () => {
    t.sim.control.setTokenLifetimes({ euAccess: 120 });
    assert.equal((await euRefresh(t.url, t.sim.credentials.eu.refreshToken)).body.expires_in, 120);
    const demo = await startTestSim({ preset: 'demo' });
    try {
      const answer = await euRefresh(demo.url, demo.sim.credentials.eu.refreshToken);
      assert.ok(answer.body.expires_in <= 300 && answer.body.expires_in >= 60);
    } finally {
      await demo.sim.close();
    }
  });

  it('an unknown token is 401 without the expiry wording', async () => {
    const answer = await call(`${t.url}/api/v1/spa/vehicles`, { headers: { authorization: 'Bearer nonsense' } });
    assert.equal(answer.status, 401);
    assert.doesNotMatch(answer.body.error, /expired/i);
  });
});
