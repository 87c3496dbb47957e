// US Hyundai Blue Link against docs/research/cloud-protocol.md §2.1-2.4.
import assert from 'node:assert/strict';
import { call, startTestSim, TestSim, usLogin } from './helpers';

describe('simulator: US Hyundai', () => {
  let t: TestSim;
  let token: { access_token: string; refresh_token: string };
  let headers: Record<string, string>;
  let regid: string;
  let vin: string;
  beforeEach(async () => {
    t = await startTestSim();
    token = (await usLogin(t)).body;
    const car = t.sim.control.vehicles().find((v) => v.region === 'us')!;
    regid = car.vehicleId;
    vin = car.vin;
    headers = {
      accessToken: token.access_token,
      username: t.sim.credentials.us.username,
      blueLinkServicePin: t.sim.credentials.us.pin,
      registrationId: regid,
      gen: '3',
      vin,
      client_id: 'm66129Bb-em93-SPAHYN-bZ91-am4540zp19920',
    };
  });
  afterEach(() => t.sim.close());

  it('login: access and refresh token, expires_in "1799" as a string', async () => {
    const answer = await usLogin(t);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.expires_in, '1799');
    assert.ok(answer.body.access_token && answer.body.refresh_token);
    assert.equal(t.sim.control.counters().tokenCallsByRegion.us.password, 2);
  });

  it('login with a wrong password is refused with a body that does not read as token expiry', async () => {
    const answer = await call(`${t.url}/v2/ac/oauth/token`, { json: { username: t.sim.credentials.us.username, password: 'nope' } });
    assert.equal(answer.status, 401);
    assert.notEqual(answer.body.errorCode, 401);
    assert.doesNotMatch(answer.body.errorMessage, /expired/i);
  });

  it('refresh grant on /v2/ac/oauth/token needs username and password (C400_1) and rotates', async () => {
    const { username, password } = t.sim.credentials.us;
    const missing = await call(`${t.url}/v2/ac/oauth/token`, { json: { grant_type: 'refresh_token', refresh_token: token.refresh_token } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errorSubCode, 'C400_1');
    assert.equal(missing.body.errorMessage, 'Parameter {password} field [Required] validation error.');
    const answer = await call(`${t.url}/v2/ac/oauth/token`, {
      json: { username, password, grant_type: 'refresh_token', refresh_token: token.refresh_token },
    });
    assert.equal(answer.status, 200);
    assert.notEqual(answer.body.refresh_token, token.refresh_token);
    const reused = await call(`${t.url}/v2/ac/oauth/token`, {
      json: { username, password, grant_type: 'refresh_token', refresh_token: token.refresh_token },
    });
    assert.equal(reused.status, 400);
    assert.equal(t.sim.control.counters().reuseDetections, 1);
  });

  it('/v2/ac/oauth/token/refresh with the refresh token alone (JSON or form), rotating', async () => {
    const first = await call(`${t.url}/v2/ac/oauth/token/refresh`, {
      headers: { client_id: 'x', client_secret: 'y' },
      json: { refresh_token: token.refresh_token },
    });
    assert.equal(first.status, 200);
    const second = await call(`${t.url}/v2/ac/oauth/token/refresh`, { form: { refresh_token: first.body.refresh_token } });
    assert.equal(second.status, 200);
    assert.equal((await call(`${t.url}/v2/ac/oauth/token/refresh`, { json: { refresh_token: first.body.refresh_token } })).status, 400);
    const counters = t.sim.control.counters();
    assert.equal(counters.tokenCallsByRegion.us.refresh, 3);
    assert.equal(counters.reuseDetections, 1);
  });

  it('enrollment details list the car', async () => {
    const answer = await call(`${t.url}/ac/v2/enrollment/details/${t.sim.credentials.us.username}`, { headers });
    assert.equal(answer.status, 200);
    const details = answer.body.enrolledVehicleDetails[0].vehicleDetails;
    assert.equal(details.regid, regid);
    assert.equal(details.vin, vin);
    assert.equal(details.evStatus, 'E');
    assert.equal(details.vehicleGeneration, '3');
    assert.ok(details.odometer);
  });

  it('vehicleStatus: cached with REFRESH false, forced with REFRESH true (12 V drops, dateTime ISO-Z)', async () => {
    const cached = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers: { ...headers, REFRESH: 'false' } });
    assert.equal(cached.status, 200);
    assert.equal(cached.body.vehicleStatus.evStatus.batteryStatus, 85);
    assert.equal(cached.body.vehicleStatus.battery.batSoc, 92);
    assert.equal(cached.body.vehicleStatus.dateTime, '2026-06-01T09:45:00Z');
    const forced = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers: { ...headers, REFRESH: 'true' } });
    assert.equal(forced.body.vehicleStatus.dateTime, '2026-06-01T10:00:00Z');
    assert.equal(forced.body.vehicleStatus.battery.batSoc, 91);
    assert.equal(t.sim.control.counters().forceRefreshes, 1);
  });

  it('accepts the token in access_token as well as accessToken', async () => {
    const { accessToken, ...rest } = headers;
    const answer = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers: { ...rest, access_token: accessToken } });
    assert.equal(answer.status, 200);
    assert.equal((await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers: rest })).status, 401);
  });

  it('an expired token answers 401 with C401_2 "Token has expired"', async () => {
    t.clock.tick(1799 * 1000);
    const answer = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers });
    assert.equal(answer.status, 401);
    assert.deepEqual([answer.body.errorCode, answer.body.errorSubCode, answer.body.errorMessage], [401, 'C401_2', 'Token has expired']);
  });

  it('findMyCar answers the coordinates', async () => {
    const answer = await call(`${t.url}/ac/v2/rcs/rfc/findMyCar`, { headers });
    assert.deepEqual([answer.body.coord.lat, answer.body.coord.lon], [34.0522, -118.2437]);
  });

  it('commands: 200, empty body, transaction id in tmsTid and transactionId; getRunningStatus PENDING → SUCCESS', async () => {
    const lock = await call(`${t.url}/ac/v2/rcs/rdo/off`, { headers, json: { userName: t.sim.credentials.us.username, vin } });
    assert.equal(lock.status, 200);
    assert.equal(lock.text, '');
    const tid = lock.headers.get('tmsTid')!;
    assert.ok(tid);
    assert.equal(lock.headers.get('transactionId'), tid);
    const poll = () =>
      call(`${t.url}/ac/v2/rmt/getRunningStatus`, {
        headers: { ...headers, tid, login_id: t.sim.credentials.us.username, service_type: 'REMOTE_POLL' },
      });
    assert.deepEqual((await poll()).body, { status: 'PENDING' });
    t.clock.tick(3000);
    assert.deepEqual((await poll()).body, { status: 'SUCCESS' });
    const unknown = await call(`${t.url}/ac/v2/rmt/getRunningStatus`, { headers: { ...headers, tid: 'nope' } });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.text, '');
  });

  it('every command changes the true state; form bodies work too', async () => {
    const post = async (path: string, body?: unknown, form?: Record<string, string>) => {
      const answer = await call(`${t.url}/ac/v2/${path}`, { method: 'POST', headers, json: body, form });
      assert.equal(answer.status, 200, `${path} ${answer.text}`);
      t.clock.tick(3000);
    };
    await post('rcs/rdo/on', undefined, { userName: t.sim.credentials.us.username, vin });
    assert.equal(t.sim.control.trueState(regid).locked, false);
    await post('evc/fatc/start', { airCtrl: 1, airTemp: { value: '70', unit: 1 }, defrost: true, heating1: 2 });
    assert.deepEqual(t.sim.control.trueState(regid).climate, {
      on: true,
      temperature: 70,
      unit: 'F',
      defrost: true,
      steeringWheelHeat: false,
      rearWindowHeat: true,
    });
    await post('evc/fatc/stop', {});
    assert.equal(t.sim.control.trueState(regid).climate.on, false);
    await post('evc/charge/start', {});
    assert.equal(t.sim.control.trueState(regid).ev.charging, true);
    await post('evc/charge/stop', {});
    await post('evc/charge/targetsoc/set', {
      targetSOClist: [
        { plugType: 0, targetSOClevel: 70 },
        { plugType: 1, targetSOClevel: 90 },
      ],
    });
    assert.deepEqual([t.sim.control.trueState(regid).ev.targetDc, t.sim.control.trueState(regid).ev.targetAc], [70, 90]);
    await post('rcs/rsc/start', {
      Ims: 0,
      airCtrl: 1,
      airTemp: { unit: 1, value: 'HI' },
      defrost: false,
      heating1: 0,
      igniOnDuration: 10,
      username: 'x',
      vin,
    });
    assert.equal(t.sim.control.trueState(regid).climate.temperature, 82);
    await post('rcs/rsc/stop', {});
    await post('rcs/rhl/light', {});
    await post('rcs/rhl/hnl', {});
    await post('rcs/rdo/off', { userName: 'x', vin });
    const status = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers });
    assert.equal(status.body.vehicleStatus.doorLock, true);
    assert.equal(t.sim.control.counters().commands, 11);
  });

  it('refuses a wrong PIN, a bad body and a foreign VIN', async () => {
    const wrongPin = await call(`${t.url}/ac/v2/rcs/rdo/off`, { headers: { ...headers, blueLinkServicePin: '9999' }, json: { vin } });
    assert.equal(wrongPin.status, 400);
    const badTemp = await call(`${t.url}/ac/v2/evc/fatc/start`, { headers, json: { airTemp: { value: '99', unit: 1 } } });
    assert.equal(badTemp.status, 400);
    assert.equal(badTemp.body.errorCode, 400);
    const foreign = await call(`${t.url}/ac/v2/rcs/rdo/off`, { headers, json: { vin: 'KM8XXXXXXXXXXXXXX' } });
    assert.equal(foreign.status, 400);
    assert.equal(t.sim.control.counters().commands, 0);
  });

  it('daily quota: HT_534 on forced status and commands, cached status still answers', async () => {
    t.sim.control.setQuota(1, 'us');
    assert.equal((await call(`${t.url}/ac/v2/rcs/rdo/off`, { headers, json: { vin } })).status, 200);
    const refused = await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers: { ...headers, REFRESH: 'true' } });
    assert.equal(refused.status, 502);
    assert.deepEqual([refused.body.errorCode, refused.body.errorSubCode], [502, 'HT_534']);
    assert.equal((await call(`${t.url}/ac/v2/rcs/rdo/on`, { headers, json: { vin } })).body.errorSubCode, 'HT_534');
    assert.equal((await call(`${t.url}/ac/v2/rcs/rvs/vehicleStatus`, { headers })).status, 200);
  });

  it('unreachable car: HT_900 on commands and forced reads; a command result can end in ERROR', async () => {
    t.sim.control.setUnreachable(true);
    const answer = await call(`${t.url}/ac/v2/rcs/rdo/off`, { headers, json: { vin } });
    assert.equal(answer.status, 502);
    assert.equal(answer.body.errorSubCode, 'HT_900');
    t.sim.control.setUnreachable(false);
    t.sim.control.setCarState(regid, { ev: { pluggedIn: false } });
    const charge = await call(`${t.url}/ac/v2/evc/charge/start`, { headers, json: {} });
    t.clock.tick(3000);
    const poll = await call(`${t.url}/ac/v2/rmt/getRunningStatus`, { headers: { ...headers, tid: charge.headers.get('transactionId')! } });
    assert.deepEqual(poll.body, { status: 'ERROR' });
  });
});
