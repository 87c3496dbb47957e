// The AU / NZ / India tenants of the simulator, spoken to with plain fetch as the research describes
// them (more-regions.md 2.2, 2.3, 3.2): authorize → signin → token with Basic and Stamp; a refresh
// grant that needs the Stamp and the raw refresh token and does not rotate; tenants kept apart.
import assert from 'node:assert/strict';
import { call, stamp, startTestSim, type TestSim } from './helpers';

const KIA_AU = {
  serviceId: '8acb778a-b918-4a8d-8624-73a0beb64289',
  secret: '7ScMMm6fEYXdiEPCxaPaQmgeYdlUrfwoh4AfXGOzYIS2Cu9T',
  appId: '4ad4dcde-be23-48a8-bc1c-91b94f5c06f8',
};
const KIA_NZ = {
  serviceId: '4ab606a7-cea4-48a0-a216-ed9c14a4a38c',
  secret: '0haFqXTkKktNKfzkxhZ0aku31i74g0yQFm5od2mz4LdI5mLY',
  appId: '97745337-cac6-4a5b-afc3-e65ace81c994',
};
type Tenant = typeof KIA_AU;

const basic = (t: Tenant) => `Basic ${Buffer.from(`${t.serviceId}:${t.secret}`).toString('base64')}`;

describe('simulator: Australia, New Zealand, India', () => {
  let t: TestSim;
  beforeEach(async () => {
    t = await startTestSim();
  });
  afterEach(() => t.sim.close());

  async function signIn(tenant: Tenant, region: 'au' | 'nz', password = t.sim.credentials[region].password) {
    const redirect = `${t.url}/api/v1/user/oauth2/redirect`;
    const page = await call(
      `${t.url}/api/v1/user/oauth2/authorize?response_type=code&client_id=${tenant.serviceId}&redirect_uri=${encodeURIComponent(redirect)}&lang=en`,
    );
    assert.equal(page.status, 200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    return call(`${t.url}/api/v1/user/signin`, { headers: { cookie }, json: { email: t.sim.credentials[region].username, password } });
  }

  async function tokens(tenant: Tenant, region: 'au' | 'nz') {
    const signin = await signIn(tenant, region);
    const code = new URL(signin.body.redirectUrl).searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', redirect_uri: `${t.url}/api/v1/user/oauth2/redirect`, code };
    const answer = await call(`${t.url}/api/v1/user/oauth2/token`, {
      headers: { authorization: basic(tenant), stamp: stamp(tenant.appId) },
      form,
    });
    assert.equal(answer.status, 200);
    return answer.body;
  }

  it('signs in on the Kia AU tenant: code, then 6-hour tokens on Basic + Stamp', async () => {
    const body = await tokens(KIA_AU, 'au');
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 21600);
    assert.equal(t.sim.control.counters().tokenCallsByRegion.au.password, 1);
    assert.equal(t.sim.control.counters().tokenCallsByRegion.eu.password, 0);
  });

  it('refuses a wrong password (400 / 4003) and an unknown client on authorize', async () => {
    const wrong = await signIn(KIA_AU, 'au', 'nope');
    assert.deepEqual([wrong.status, wrong.body.errCode], [400, '4003']);
    const page = await call(`${t.url}/api/v1/user/oauth2/authorize?response_type=code&client_id=unknown&redirect_uri=x`);
    assert.equal(page.status, 200, 'an unknown client id is the EU classic login page');
  });

  it('refresh grant: needs Stamp and the raw token, answers 400 / 4002 otherwise, and does not rotate', async () => {
    const { refresh_token: refresh } = await tokens(KIA_AU, 'au');
    const url = `${t.url}/api/v1/user/oauth2/token`;
    const form = { grant_type: 'refresh_token', refresh_token: refresh };
    const noStamp = await call(url, { headers: { authorization: basic(KIA_AU) }, form });
    assert.deepEqual([noStamp.status, noStamp.body.errCode, noStamp.body.errMsg], [400, '4002', 'Invalid parameters']);
    const prefixed = await call(url, {
      headers: { authorization: basic(KIA_AU), stamp: stamp(KIA_AU.appId) },
      form: { ...form, refresh_token: `Bearer ${refresh}` },
    });
    assert.deepEqual([prefixed.status, prefixed.body.errCode], [400, '4002']);
    for (let i = 0; i < 2; i++) {
      const ok = await call(url, { headers: { authorization: basic(KIA_AU), stamp: stamp(KIA_AU.appId) }, form });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.refresh_token, refresh, 'the same refresh token comes back and works again');
    }
    const wrongSecret = await call(url, {
      headers: { authorization: basic({ ...KIA_AU, secret: 'x' }), stamp: stamp(KIA_AU.appId) },
      form,
    });
    assert.equal(wrongSecret.status, 401);
  });

  it('keeps Kia AU and Kia NZ apart on their shared host: a token of one is unknown to the other', async () => {
    const au = await tokens(KIA_AU, 'au');
    const nz = await tokens(KIA_NZ, 'nz');
    const list = (tenant: Tenant, access: string) =>
      call(`${t.url}/api/v1/spa/vehicles`, {
        headers: { authorization: `Bearer ${access}`, 'ccsp-service-id': tenant.serviceId, 'ccsp-application-id': tenant.appId },
      });
    assert.equal((await list(KIA_AU, au.access_token)).status, 200);
    assert.equal((await list(KIA_NZ, nz.access_token)).status, 200);
    assert.equal((await list(KIA_NZ, au.access_token)).status, 401);
    // The NZ tenant refuses the AU client's refresh token too.
    const crossed = await call(`${t.url}/api/v1/user/oauth2/token`, {
      headers: { authorization: basic(KIA_NZ), stamp: stamp(KIA_NZ.appId) },
      form: { grant_type: 'refresh_token', refresh_token: au.refresh_token },
    });
    assert.equal(crossed.status, 400);
  });

  it('answers the flat status in resMsg with Sydney time and AU temperature codes, and the parked location', async () => {
    const { access_token: access } = await tokens(KIA_AU, 'au');
    const headers = { authorization: `Bearer ${access}`, 'ccsp-service-id': KIA_AU.serviceId };
    const [car] = (await call(`${t.url}/api/v1/spa/vehicles`, { headers })).body.resMsg.vehicles;
    const latest = await call(`${t.url}/api/v1/spa/vehicles/${car.vehicleId}/status/latest`, { headers });
    assert.equal(latest.body.resMsg.vehicleStatusInfo, undefined);
    assert.equal(typeof latest.body.resMsg.evStatus.batteryStatus, 'number');
    assert.equal(latest.body.resMsg.odometer, undefined, 'like the real AU answer (HKC #739)');
    const snapshot = t.sim.control.cachedState(car.vehicleId);
    const sydney = new Intl.DateTimeFormat('en-GB', { timeZone: 'Australia/Sydney', hour: '2-digit', hourCycle: 'h23' }).format(
      snapshot.at,
    );
    assert.equal(latest.body.resMsg.time.slice(8, 10), sydney);
    t.sim.control.setCarState(car.vehicleId, { climate: { temperature: 21 } });
    await call(`${t.url}/api/v1/spa/vehicles/${car.vehicleId}/status`, { headers });
    const after = await call(`${t.url}/api/v1/spa/vehicles/${car.vehicleId}/status/latest`, { headers });
    assert.equal(after.body.resMsg.airTemp.value, '08H');
    const park = await call(`${t.url}/api/v1/spa/vehicles/${car.vehicleId}/location/park`, { headers });
    assert.equal(typeof park.body.resMsg.coord.lat, 'number');
  });

  it('password-expired mode: the AU signin answers without a redirect', async () => {
    t.sim.control.setPasswordExpired('au', true);
    const au = await signIn(KIA_AU, 'au');
    assert.equal(au.status, 200);
    assert.equal(au.body.redirectUrl, undefined);
  });
});
