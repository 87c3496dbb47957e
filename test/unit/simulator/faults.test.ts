// Injected faults that are not tied to one route (docs/research/cloud-protocol.md §7.5), the counters, and the
// control over HTTP.
import assert from 'node:assert/strict';
import { call, euRefresh, euSession, startTestSim, TestSim, usLogin } from './helpers';

describe('simulator: faults, counters, control over HTTP', () => {
  let t: TestSim;
  beforeEach(async () => {
    t = await startTestSim();
  });
  afterEach(() => t.sim.close());

  it('failNext 5031: EU answers 503 / 5031 the given number of times, then recovers', async () => {
    const session = await euSession(t);
    t.sim.control.failNext('5031', 2);
    for (let i = 0; i < 2; i += 1) {
      const answer = await call(`${t.url}/api/v1/spa/vehicles`, { headers: session.headers });
      assert.equal(answer.status, 503);
      assert.equal(answer.body.resCode, '5031');
      assert.equal(answer.body.resMsg, 'Unavailable remote control - Service Temporary Unavailable');
    }
    assert.equal((await call(`${t.url}/api/v1/spa/vehicles`, { headers: session.headers })).status, 200);
    assert.equal(t.sim.control.counters().injectedFailures, 2);
  });

  it('failNext 5031 on US is a HATA GEN 502', async () => {
    t.sim.control.failNext('5031', 1, '/v2/ac/oauth');
    const answer = await usLogin(t);
    assert.equal(answer.status, 502);
    assert.deepEqual([answer.body.errorCode, answer.body.errorSubCode], [502, 'GEN']);
    assert.equal((await usLogin(t)).status, 200);
  });

  it('failNext 5xx gives a gateway page; only on the paths it names', async () => {
    t.sim.control.failNext('5xx', 1, '/oauth2/token');
    assert.equal((await usLogin(t)).status, 200); // another path: untouched
    const failed = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(failed.status, 502);
    assert.match(failed.text, /502 Bad Gateway/);
    const answer = await euRefresh(t.url, t.sim.credentials.eu.refreshToken);
    assert.equal(answer.status, 200); // the refresh token was not spent by the failed call
  });

  it('failNext reset cuts the connection', async () => {
    t.sim.control.failNext('reset');
    await assert.rejects(fetch(`${t.url}/api/v1/spa/vehicles`));
    assert.equal((await call(`${t.url}/api/v1/spa/vehicles`)).status, 401);
  });

  it('setLatency delays every answer on the injected clock', async () => {
    t.sim.control.setLatency(5000);
    let done = false;
    const pending = usLogin(t).then((answer) => ((done = true), answer));
    // The request must reach the server (which then waits on the fake clock) before time moves.
    for (let i = 0; i < 500 && t.clock.countTimers() === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    await t.clock.tickAsync(4000);
    assert.equal(done, false);
    await t.clock.tickAsync(1000);
    for (let i = 0; i < 50 && !done; i += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await pending).status, 200);
  });

  it('tolerates doubled slashes and counts calls per route template', async () => {
    const session = await euSession(t);
    const id = t.sim.control.vehicles()[0].vehicleId;
    const answer = await call(`${t.url}//api/v1//spa/vehicles/${id}//status/latest`, { headers: session.headers });
    assert.equal(answer.status, 200);
    await call(`${t.url}/api/v2/spa/vehicles/${id}/status/latest`, { headers: session.headers });
    const { apiCalls } = t.sim.control.counters();
    assert.equal(apiCalls['GET /api/v1/spa/vehicles/:id/status/latest'], 1);
    assert.equal(apiCalls['GET /api/v2/spa/vehicles/:id/status/latest'], 1);
    assert.equal(apiCalls['POST /auth/api/v2/user/oauth2/token'], 1);
  });

  it('an unknown path is a 404; malformed JSON a 400', async () => {
    assert.equal((await call(`${t.url}/api/v1/spa/nothing`)).status, 404);
    const response = await fetch(`${t.url}/v2/ac/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    assert.equal(response.status, 400);
  });

  it('resetCounters starts again from zero', async () => {
    await usLogin(t);
    assert.equal(t.sim.control.counters().tokenCalls.password, 1);
    t.sim.control.resetCounters();
    const counters = t.sim.control.counters();
    assert.equal(counters.tokenCalls.password, 0);
    assert.deepEqual(counters.apiCalls, {});
  });

  it('counters() is a copy: changing it changes nothing', async () => {
    t.sim.control.counters().tokenCalls.password = 99;
    assert.equal(t.sim.control.counters().tokenCalls.password, 0);
  });

  it('the control answers over HTTP under /__sim and is not counted', async () => {
    const expire = await call(`${t.url}/__sim/expireAccessTokens`, { method: 'POST' });
    assert.deepEqual(expire.body, { ok: true, result: null });
    const quota = await call(`${t.url}/__sim/setQuota`, { json: [0, 'us'] });
    assert.equal(quota.status, 200);
    const login = await usLogin(t);
    const refused = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, {
      headers: { accessToken: login.body.access_token, REFRESH: 'true' },
    });
    assert.equal(refused.body.errorSubCode, 'HT_534');
    const counters = await call(`${t.url}/__sim/counters`);
    assert.equal(counters.body.result.tokenCalls.password, 1);
    assert.equal(
      Object.keys(counters.body.result.apiCalls).some((key) => key.includes('__sim')),
      false,
    );
    const cars = await call(`${t.url}/__sim/vehicles`);
    assert.deepEqual(
      cars.body.result.map((car: { region: string }) => car.region).sort(),
      ['au', 'ca', 'eu', 'in', 'nz', 'us', 'us-kia'],
      'one car per account',
    );
    assert.equal((await call(`${t.url}/__sim/nothing`)).status, 404);
    assert.equal((await call(`${t.url}/__sim/trueState`, { json: ['unknown'] })).status, 400);
  });

  it('addCar gives the account another car; the vehicle list shows it', async () => {
    const id = t.sim.control.addCar('eu', 'eu-ccs2-ev');
    const session = await euSession(t);
    const list = await call(`${t.url}/api/v1/spa/vehicles`, { headers: session.headers });
    assert.deepEqual(list.body.resMsg.vehicles.map((v: any) => v.vehicleId).slice(1), [id]);
  });

  it('close() cancels pending results and frees the port', async () => {
    const session = await euSession(t);
    const id = t.sim.control.vehicles()[0].vehicleId;
    await call(`${t.url}/api/v1/spa/vehicles/${id}/control/door`, { headers: session.headers, json: { action: 'open' } });
    assert.equal(t.clock.countTimers(), 1);
    await t.sim.close();
    assert.equal(t.clock.countTimers(), 0);
    await assert.rejects(fetch(`${t.url}/api/v1/spa/vehicles`));
  });
});
