// The simulated Kia USA cloud, spoken to with plain fetch from the protocol document (cloud-protocol.md
// 3), never through the project's client: the code step, the remember-me token bound to its device,
// per-session vehicle keys, 1003 after expiry, commands and their status.
import assert from 'node:assert/strict';
import { call, startTestSim, type TestSim } from './helpers';

const API = '/apigw/v1';

describe('simulator: Kia USA', () => {
  let t: TestSim;
  const printed: string[] = [];
  beforeEach(async () => {
    printed.length = 0;
    t = await startTestSim({ commandDelayMs: 1000, otpLog: (line) => printed.push(line) });
  });
  afterEach(() => t.sim.close());

  const creds = () => t.sim.credentials.usKia;
  const auth = (deviceId: string, extra: Record<string, string> = {}, password = creds().password) =>
    call(`${t.url}${API}/prof/authUser`, {
      headers: { deviceid: deviceId, ...extra },
      json: { deviceKey: deviceId, deviceType: 2, userCredential: { userId: creds().username, password }, tncFlag: 1 },
    });
  /** The whole code step for a device: returns the final sid and the rmtoken. */
  async function signInWithCode(deviceId: string): Promise<{ sid: string; rmtoken: string }> {
    const first = await auth(deviceId);
    const otpKey = first.body.payload.otpKey as string;
    const xid = first.headers.get('xid') as string;
    const sent = await call(`${t.url}${API}/cmm/sendOTP`, {
      headers: { deviceid: deviceId, otpkey: otpKey, notifytype: 'EMAIL', xid },
      json: {},
    });
    assert.equal(sent.body.status.statusCode, 0);
    const code = /code (\d+) sent by EMAIL/.exec(printed.at(-1) ?? '')?.[1] as string;
    const verified = await call(`${t.url}${API}/cmm/verifyOTP`, {
      headers: { deviceid: deviceId, otpkey: otpKey, xid },
      json: { otp: code },
    });
    const rmtoken = verified.headers.get('rmtoken') as string;
    const final = await auth(deviceId, { sid: verified.headers.get('sid') as string, rmtoken });
    return { sid: final.headers.get('sid') as string, rmtoken };
  }
  const gvl = (sid: string) => call(`${t.url}${API}/ownr/gvl`, { headers: { sid } });

  it('a new device gets an otpKey and an xid; a wrong password is 1001; a wrong code is refused', async () => {
    const first = await auth('DEVICE-A');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('sid'), null);
    assert.equal(typeof first.body.payload.otpKey, 'string');
    assert.equal(first.body.payload.hasEmail, true);
    assert.ok(first.headers.get('xid'));
    const wrong = await auth('DEVICE-A', {}, 'nope');
    assert.deepEqual(wrong.body.status, { statusCode: 1, errorType: 1, errorCode: 1001, errorMessage: 'Invalid Email or Password' });
    const otpKey = first.body.payload.otpKey;
    const xid = first.headers.get('xid') as string;
    await call(`${t.url}${API}/cmm/sendOTP`, { headers: { otpkey: otpKey, notifytype: 'SMS', xid }, json: {} });
    assert.match(printed[0], new RegExp(`one-time code ${creds().otp} sent by SMS`));
    const bad = await call(`${t.url}${API}/cmm/verifyOTP`, {
      headers: { otpkey: otpKey, xid },
      json: { otp: creds().otp === '111111' ? '222222' : '111111' },
    });
    assert.equal(bad.body.status.statusCode, 1);
    assert.equal(bad.headers.get('sid'), null);
    assert.equal(t.sim.control.counters().kiaUs.otpRejected, 1);
  });

  it('the rmtoken opens a session for its own device only; forgetKiaDevices voids it', async () => {
    const { sid, rmtoken } = await signInWithCode('DEVICE-A');
    assert.ok(sid && rmtoken);
    const again = await auth('DEVICE-A', { rmtoken });
    assert.ok(again.headers.get('sid'), 'the remembered device signs in without a code');
    const elsewhere = await auth('DEVICE-B', { rmtoken });
    assert.equal(elsewhere.headers.get('sid'), null, 'another device with the same rmtoken must give a code');
    assert.equal(elsewhere.body.payload.rmTokenExpired, true);
    t.sim.control.forgetKiaDevices();
    assert.equal((await auth('DEVICE-A', { rmtoken })).headers.get('sid'), null);
    const counts = t.sim.control.counters().kiaUs;
    assert.equal(counts.rememberedSignIns, 1);
    assert.equal(counts.otpRequests, 3);
  });

  it('vehicle keys belong to their session; an expired session answers 1003 until a new sign-in', async () => {
    const { sid, rmtoken } = await signInWithCode('DEVICE-A');
    const key = (await gvl(sid)).body.payload.vehicleSummary[0].vehicleKey as string;
    const cached = await call(`${t.url}${API}/cmm/gvi`, { headers: { sid, vinkey: key }, json: { vinKey: [key] } });
    const status = cached.body.payload.vehicleInfoList[0].lastVehicleInfo.vehicleStatusRpt.vehicleStatus;
    assert.equal(status.evStatus.batteryStatus, 68);
    assert.equal(status.doorLock, true);
    t.sim.control.expireKiaSessions();
    const expired = await gvl(sid);
    assert.deepEqual(expired.body.status, {
      statusCode: 1,
      errorType: 1,
      errorCode: 1003,
      errorMessage: 'Session Key is either invalid or expired',
    });
    const fresh = (await auth('DEVICE-A', { rmtoken })).headers.get('sid') as string;
    const oldKey = await call(`${t.url}${API}/cmm/gvi`, { headers: { sid: fresh, vinkey: key }, json: { vinKey: [key] } });
    assert.equal(oldKey.body.status.statusCode, 1, "the old session's vehicle key is not this session's");
    const newKey = (await gvl(fresh)).body.payload.vehicleSummary[0].vehicleKey;
    assert.notEqual(newKey, key);
  });

  it('a lock answers an Xid; cmm/gts says running, then all zeros once the car did it', async () => {
    const { sid } = await signInWithCode('DEVICE-A');
    const key = (await gvl(sid)).body.payload.vehicleSummary[0].vehicleKey as string;
    const headers = { sid, vinkey: key };
    const unlock = await call(`${t.url}${API}/rems/door/unlock`, { headers });
    const xid = unlock.headers.get('xid') as string;
    assert.ok(xid);
    const running = await call(`${t.url}${API}/cmm/gts`, { headers, json: { xid } });
    assert.equal(running.body.payload.remoteStatus, 1);
    t.clock.tick(1000);
    const done = await call(`${t.url}${API}/cmm/gts`, { headers, json: { xid } });
    assert.ok(Object.values(done.body.payload).every((v) => v === 0));
    const [car] = t.sim.control.vehicles().filter((v) => v.region === 'us-kia');
    assert.equal(t.sim.control.trueState(car.vehicleId).locked, false);
  });
});
