// EU commands and action records (docs/research/cloud-protocol.md §1.10, 1.11, 7.4).
import assert from 'node:assert/strict';
import { call, controlToken, euSession, EuSession, startTestSim, TestSim, withControl } from './helpers';

describe('simulator: EU commands', () => {
  let t: TestSim;
  let session: EuSession;
  let control: Record<string, string>;
  let legacy: string;
  let ccs2: string;
  beforeEach(async () => {
    t = await startTestSim({ euCars: ['eu-legacy-ev', 'eu-ccs2-ev'] });
    session = await euSession(t);
    control = withControl(session, await controlToken(t, session));
    [legacy, ccs2] = t.sim.control
      .vehicles()
      .filter((car) => car.region === 'eu')
      .map((car) => car.vehicleId);
  });
  afterEach(() => t.sim.close());

  const send = (ver: 'v1' | 'v2', id: string, path: string, body: unknown, headers = ver === 'v2' ? control : session.headers) =>
    call(`${t.url}/api/${ver}/spa/vehicles/${id}/${path}`, { headers, json: body });
  const records = async (id: string, headers = session.headers) =>
    (await call(`${t.url}/api/v1/spa/notifications/${id}/records`, { headers })).body;

  /** Sends, checks the accepted envelope, lets the car answer, returns the record. */
  async function run(ver: 'v1' | 'v2', id: string, path: string, body: unknown) {
    const answer = await send(ver, id, path, body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(Object.keys(answer.body).sort(), ['msgId', 'resCode', 'retCode']);
    assert.equal(answer.body.retCode, 'S');
    const pending = (await records(id)).resMsg.find((r: any) => r.recordId === answer.body.msgId);
    assert.equal(pending.result, null);
    t.clock.tick(3000);
    return (await records(id)).resMsg.find((r: any) => r.recordId === answer.body.msgId);
  }

  it('legacy lock / unlock (v1, access token) change the true state and, on success, the snapshot', async () => {
    assert.equal((await run('v1', legacy, 'control/door', { action: 'open', deviceId: session.deviceId })).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).locked, false);
    assert.equal(t.sim.control.cachedState(legacy).state.locked, false);
    assert.equal((await run('v2', legacy, 'control/door', { action: 'close', deviceId: session.deviceId })).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).locked, true);
    assert.deepEqual(t.sim.control.counters().commandsByName, { unlock: 1, lock: 1 });
  });

  it('without snapshotOnCommand the cached state waits for a force refresh', async () => {
    const quiet = await startTestSim({ snapshotOnCommand: false });
    try {
      const own = await euSession(quiet);
      const id = quiet.sim.control.vehicles()[0].vehicleId;
      await call(`${quiet.url}/api/v1/spa/vehicles/${id}/control/door`, { headers: own.headers, json: { action: 'open' } });
      quiet.clock.tick(3000);
      assert.equal(quiet.sim.control.trueState(id).locked, false);
      assert.equal(quiet.sim.control.cachedState(id).state.locked, true);
    } finally {
      await quiet.sim.close();
    }
  });

  it('legacy climate start with a temperature code, then stop', async () => {
    const start = { action: 'start', hvacType: 0, options: { defrost: true, heating1: 1, igniOnDuration: 10 }, tempCode: '0EH', unit: 'C' };
    assert.equal((await run('v1', legacy, 'control/temperature', start)).result, 'success');
    const climate = t.sim.control.trueState(legacy).climate;
    assert.deepEqual(climate, { on: true, temperature: 21, unit: 'C', defrost: true, steeringWheelHeat: true, rearWindowHeat: true });
    const cached = await call(`${t.url}/api/v1/spa/vehicles/${legacy}/status/latest`, { headers: session.headers });
    assert.equal(cached.body.resMsg.vehicleStatusInfo.vehicleStatus.airTemp.value, '0EH');
    assert.equal(cached.body.resMsg.vehicleStatusInfo.vehicleStatus.airCtrlOn, true);
    const stop = { action: 'stop', hvacType: 0, options: { defrost: true, heating1: 1 }, tempCode: '10H', unit: 'C' };
    assert.equal((await run('v1', legacy, 'control/temperature', stop)).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).climate.on, false);
  });

  it('legacy charge start / stop, port door, targets, windows', async () => {
    assert.equal((await run('v1', legacy, 'control/charge', { action: 'start', deviceId: session.deviceId })).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).ev.charging, true);
    assert.equal((await run('v1', legacy, 'control/charge', { action: 'stop', deviceId: session.deviceId })).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).ev.charging, false);
    assert.equal((await run('v2', legacy, 'control/portdoor', { action: 'open' })).result, 'success');
    assert.equal(t.sim.control.trueState(legacy).ev.chargePortOpen, true);
    const targets = {
      targetSOClist: [
        { plugType: 0, targetSOClevel: 70 },
        { plugType: 1, targetSOClevel: 90 },
      ],
    };
    assert.equal((await run('v1', legacy, 'charge/target', targets)).result, 'success');
    assert.deepEqual([t.sim.control.trueState(legacy).ev.targetDc, t.sim.control.trueState(legacy).ev.targetAc], [70, 90]);
    const read = await call(`${t.url}/api/v1/spa/vehicles/${legacy}/charge/target`, { headers: session.headers });
    assert.deepEqual(read.body.resMsg.targetSOClist, [
      { plugType: 0, targetSOClevel: 70 },
      { plugType: 1, targetSOClevel: 90 },
    ]);
    assert.equal(
      (await run('v2', legacy, 'control/windowcurtain', { frontLeft: 2, frontRight: 2, backLeft: 0, backRight: 1 })).result,
      'success',
    );
    assert.deepEqual(t.sim.control.trueState(legacy).windows, { frontLeft: 2, frontRight: 2, rearLeft: 0, rearRight: 1 });
  });

  it('CCS2 door, climate, charge, charging current and the rest of the table', async () => {
    assert.equal((await run('v2', ccs2, 'ccs2/control/door', { command: 'open' })).result, 'success');
    assert.equal(t.sim.control.trueState(ccs2).locked, false);
    const climate = {
      command: 'start',
      ignitionDuration: 5,
      strgWhlHeating: 1,
      hvacTempType: 1,
      hvacTemp: 23,
      sideRearMirrorHeating: 0,
      drvSeatLoc: 'L',
      seatClimateInfo: { drvSeatClimateState: 0, psgSeatClimateState: 0, rlSeatClimateState: 0, rrSeatClimateState: 0 },
      tempUnit: 'C',
      windshieldFrontDefogState: false,
    };
    assert.equal((await run('v2', ccs2, 'ccs2/control/temperature', climate)).result, 'success');
    assert.equal(t.sim.control.trueState(ccs2).climate.temperature, 23);
    assert.equal(t.sim.control.trueState(ccs2).climate.steeringWheelHeat, true);
    const latest = await call(`${t.url}/api/v1/spa/vehicles/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers });
    assert.equal(latest.body.resMsg.state.Vehicle.Cabin.HVAC.Row1.Driver.Blower.SpeedLevel > 0, true);
    assert.equal(latest.body.resMsg.state.Vehicle.Cabin.Door.Row1.Driver.Lock, true); // inverted: unlocked
    assert.equal((await run('v2', ccs2, 'ccs2/control/temperature', { command: 'stop' })).result, 'success');
    assert.equal((await run('v2', ccs2, 'ccs2/control/charge', { command: 'start' })).result, 'success');
    assert.equal((await run('v1', ccs2, 'ccs2/charge/chargingcurrent', { chargingCurrent: 3 })).result, 'success');
    assert.equal(t.sim.control.trueState(ccs2).ev.currentLevel, 3);
    assert.equal((await run('v2', ccs2, 'ccs2/control/light', { command: 'on' })).result, 'success');
    assert.equal((await run('v2', ccs2, 'ccs2/control/hornlight', { command: 'on' })).result, 'success');
    assert.equal((await run('v2', ccs2, 'control/valet', { action: 'activate' })).result, 'success');
    assert.equal((await run('v1', ccs2, 'ccs2/charge/dischargelimit', { dischargingLimit: 20 })).result, 'success');
    assert.equal((await run('v2', ccs2, 'ccs2/reservation/chargehvac', { reservChargeInfo: {} })).result, 'success');
    assert.equal((await run('v2', ccs2, 'location/routes', { deviceID: session.deviceId, poiInfoList: [] })).result, 'success');
    assert.equal(t.sim.control.counters().commands, 11);
  });

  it('checks bodies: 400 / 4002 "Invalid request body" and no command', async () => {
    const bad: Array<[string, string, unknown]> = [
      [legacy, 'control/door', { action: 'lock' }],
      [legacy, 'control/temperature', { action: 'start', tempCode: '21', unit: 'C' }],
      [legacy, 'control/temperature', { action: 'start', tempCode: '0EH', options: { heating1: 7 } }],
      [legacy, 'charge/target', { targetSOClist: [{ plugType: 1, targetSOClevel: 85 }] }],
      [legacy, 'control/windowcurtain', { frontLeft: 1 }],
      [ccs2, 'ccs2/control/temperature', { command: 'start', hvacTemp: 40, tempUnit: 'C' }],
      [ccs2, 'ccs2/charge/chargingcurrent', { chargingCurrent: 100 }],
      [ccs2, 'ccs2/control/charge', { action: 'start' }],
    ];
    for (const [id, path, body] of bad) {
      const answer = await send('v1', id, path, body);
      assert.equal(answer.status, 400, path);
      assert.equal(answer.body.resCode, '4002', path);
      assert.match(answer.body.resMsg, /^Invalid request body - /);
    }
    assert.equal(t.sim.control.counters().commands, 0);
  });

  it('v2 command paths need the control token: the access token gets 401 / 4010', async () => {
    const answer = await send('v2', legacy, 'control/door', { action: 'close', deviceId: session.deviceId }, session.headers);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.errCode, '4010');
  });

  it('a command of the other generation answers 4005; charging current on a legacy car too', async () => {
    assert.equal((await send('v2', ccs2, 'control/door', { action: 'close' })).body.resCode, '4005');
    assert.equal((await send('v2', legacy, 'ccs2/control/door', { command: 'close' })).body.resCode, '4005');
    assert.equal((await send('v1', legacy, 'ccs2/charge/chargingcurrent', { chargingCurrent: 1 })).body.resCode, '4005');
  });

  it('one command in flight per car: the second answers 400 / 4004 until the first is done', async () => {
    assert.equal((await send('v1', legacy, 'control/door', { action: 'open' })).status, 200);
    const busy = await send('v1', legacy, 'control/door', { action: 'close' });
    assert.equal(busy.status, 400);
    assert.equal(busy.body.resCode, '4004');
    assert.equal(busy.body.resMsg, 'Duplicate request - Duplicate request');
    assert.equal((await send('v2', ccs2, 'ccs2/control/door', { command: 'close' })).status, 200); // another car is free
    t.clock.tick(3000);
    assert.equal((await send('v1', legacy, 'control/door', { action: 'close' })).status, 200);
    assert.equal(t.sim.control.counters().busyRejections, 1);
  });

  it('the car refuses to charge without a cable: result fail, state unchanged', async () => {
    t.sim.control.setCarState(legacy, { ev: { pluggedIn: false } });
    assert.equal((await run('v1', legacy, 'control/charge', { action: 'start' })).result, 'fail');
    assert.equal(t.sim.control.trueState(legacy).ev.charging, false);
  });

  it('unreachable car: commands end non-response; in 4081 mode they are refused at once', async () => {
    t.sim.control.setUnreachable(true);
    assert.equal((await run('v1', legacy, 'control/door', { action: 'open' })).result, 'non-response');
    assert.equal(t.sim.control.trueState(legacy).locked, true);
    t.sim.control.setUnreachable('4081');
    assert.equal((await send('v1', legacy, 'control/door', { action: 'open' })).body.resCode, '4081');
    t.sim.control.setUnreachable(false);
    assert.equal((await run('v1', legacy, 'control/door', { action: 'open' })).result, 'success');
  });

  it('results stuck at null: the car acts but the record never says so', async () => {
    t.sim.control.stickResultsAtNull(true);
    assert.equal((await run('v1', legacy, 'control/door', { action: 'open' })).result, null);
    t.clock.tick(120_000);
    assert.equal(t.sim.control.trueState(legacy).locked, false);
    assert.equal((await send('v1', legacy, 'control/door', { action: 'close' })).status, 200); // the slot is free again
  });

  it('records: empty when asked by another device id or when emptyRecords is on', async () => {
    const answer = await send('v1', legacy, 'control/door', { action: 'open' });
    assert.equal((await records(legacy)).resMsg.length, 1);
    const registered = await call(`${t.url}/api/v1/spa/notifications/register`, { json: { pushRegId: 'c', pushType: 'GCM', uuid: 'u2' } });
    const otherDevice = { ...session.headers, 'ccsp-device-id': registered.body.resMsg.deviceId };
    assert.deepEqual((await records(legacy, otherDevice)).resMsg, []);
    t.sim.control.emptyRecords(true);
    assert.deepEqual((await records(legacy)).resMsg, []);
    assert.ok(answer.body.msgId);
  });

  it('setCommandDelay changes when the result arrives', async () => {
    t.sim.control.setCommandDelay(500);
    const answer = await send('v1', legacy, 'control/door', { action: 'open' });
    t.clock.tick(500);
    const record = (await records(legacy)).resMsg.find((r: any) => r.recordId === answer.body.msgId);
    assert.equal(record.result, 'success');
  });

  it('commands use the daily quota', async () => {
    t.sim.control.setQuota(1, 'eu');
    assert.equal((await run('v1', legacy, 'control/door', { action: 'open' })).result, 'success');
    assert.equal((await send('v1', legacy, 'control/door', { action: 'close' })).status, 509);
    assert.equal((await records(legacy)).retCode, 'S'); // polling a result does not count and is not refused
  });
});
