// EU vehicle list, cached and forced status, locations (docs/research/cloud-protocol.md §1.8, 1.9, 5.2, 6).
import assert from 'node:assert/strict';
import { call, euRefresh, euSession, EuSession, startTestSim, TestSim } from './helpers';

describe('simulator: EU vehicles and status', () => {
  let t: TestSim;
  let session: EuSession;
  let v: string;
  beforeEach(async () => {
    t = await startTestSim({ euCars: ['eu-legacy-ev', 'eu-ccs2-ev', 'eu-ccs2-phev'] });
    session = await euSession(t);
    v = `${t.url}/api/v1/spa/vehicles`;
  });
  afterEach(() => t.sim.close());

  const ids = () =>
    t.sim.control
      .vehicles()
      .filter((car) => car.region === 'eu')
      .map((car) => car.vehicleId);

  it('lists the vehicles with the documented fields', async () => {
    const answer = await call(v, { headers: session.headers });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.retCode, 'S');
    assert.equal(answer.body.resCode, '0000');
    assert.ok(answer.body.msgId);
    const vehicles = answer.body.resMsg.vehicles;
    assert.equal(vehicles.length, 3);
    for (const car of vehicles) {
      for (const field of [
        'vehicleId',
        'vin',
        'nickname',
        'vehicleName',
        'year',
        'regDate',
        'type',
        'ccuCCS2ProtocolSupport',
        'detailInfo',
      ]) {
        assert.ok(field in car, field);
      }
      assert.match(car.vehicleId, /^[0-9a-f-]{36}$/);
      assert.equal(car.vin.length, 17);
    }
    assert.deepEqual(
      vehicles.map((car: any) => [car.type, car.ccuCCS2ProtocolSupport]),
      [
        ['EV', 0],
        ['EV', 1],
        ['PE', 1],
      ],
    );
  });

  it('the default EU account has exactly one car, the legacy EV', async () => {
    const single = await startTestSim();
    try {
      const own = await euSession(single);
      const answer = await call(`${single.url}/api/v1/spa/vehicles`, { headers: own.headers });
      assert.deepEqual(
        answer.body.resMsg.vehicles.map((car: any) => car.ccuCCS2ProtocolSupport),
        [0],
      );
    } finally {
      await single.sim.close();
    }
  });

  it('legacy cached status (v1 and v2): vehicleStatusInfo with the fixture values, Berlin-local time', async () => {
    const [legacy] = ids();
    for (const ver of ['v1', 'v2']) {
      const answer = await call(`${t.url}/api/${ver}/spa/vehicles/${legacy}/status/latest`, { headers: session.headers });
      assert.equal(answer.status, 200);
      const info = answer.body.resMsg.vehicleStatusInfo;
      assert.deepEqual(Object.keys(info).sort(), ['odometer', 'vehicleLocation', 'vehicleStatus']);
      assert.equal(info.vehicleStatus.evStatus.batteryStatus, 76);
      assert.equal(info.vehicleStatus.doorLock, true);
      assert.equal(info.vehicleStatus.battery.batSoc, 85);
      assert.equal(info.vehicleStatus.airTemp.value, '10H');
      assert.deepEqual(
        info.vehicleStatus.evStatus.reservChargeInfos.targetSOClist.map((x: any) => [x.plugType, x.targetSOClevel]),
        [
          [0, 80],
          [1, 100],
        ],
      );
      assert.equal(info.odometer.value, 15234);
      // 2026-06-01 09:45 UTC (a quarter of an hour before the start) is 11:45 in Berlin (CEST).
      assert.equal(info.vehicleStatus.time, '20260601114500');
    }
  });

  it('legacy force: flat vehicleStatus stamped now, 12 V drops by one, quota and counters used; cached follows', async () => {
    const [legacy] = ids();
    t.clock.tick(60_000);
    const forced = await call(`${v}/${legacy}/status`, { headers: session.headers });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.resMsg.time, '20260601120100');
    assert.equal(forced.body.resMsg.battery.batSoc, 84);
    assert.equal(forced.body.resMsg.vehicleStatus, undefined);
    const cached = await call(`${v}/${legacy}/status/latest`, { headers: session.headers });
    assert.equal(cached.body.resMsg.vehicleStatusInfo.vehicleStatus.time, '20260601120100');
    assert.equal(t.sim.control.counters().forceRefreshes, 1);
    assert.equal(t.sim.control.trueState(legacy).battery12v, 84);
  });

  it('force and park locations: gpsDetail from the car, park from the snapshot', async () => {
    const [legacy] = ids();
    const force = await call(`${v}/${legacy}/location`, { headers: session.headers });
    assert.deepEqual(force.body.resMsg.gpsDetail.coord, { lat: 52.52, lon: 13.405, alt: 0, type: 0 });
    assert.ok('speed' in force.body.resMsg.gpsDetail && 'head' in force.body.resMsg.gpsDetail);
    const park = await call(`${v}/${legacy}/location/park`, { headers: session.headers });
    assert.equal(park.body.resMsg.coord.lat, 52.52);
    assert.equal(park.body.resMsg.time, '20260601114500');
  });

  it('CCS2 cached status: state.Vehicle with the fixture values and lastUpdateTime in epoch ms', async () => {
    const [, ccs2] = ids();
    const answer = await call(`${v}/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers });
    assert.equal(answer.status, 200);
    const vehicle = answer.body.resMsg.state.Vehicle;
    assert.equal(vehicle.Green.BatteryManagement.BatteryRemain.Ratio, 71);
    assert.deepEqual(vehicle.Green.ChargingInformation.TargetSoC, { Standard: 100, Quick: 80 });
    assert.equal(vehicle.Electronics.Battery.Level, 88);
    assert.equal(vehicle.Cabin.Door.Row1.Driver.Lock, false); // inverted: false = locked
    assert.equal(answer.body.resMsg.lastUpdateTime, String(Date.UTC(2026, 5, 1, 9, 45)));
    assert.equal(vehicle.Date, '20260601094500.000');
    assert.equal(vehicle._fixture_meta, undefined);
  });

  it('CCS2 force is asynchronous: only the envelope, the snapshot changes after the force delay', async () => {
    const [, ccs2] = ids();
    const before = (await call(`${v}/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers })).body.resMsg.lastUpdateTime;
    const trigger = await call(`${v}/${ccs2}/ccs2/carstatus`, { headers: session.headers });
    assert.equal(trigger.status, 200);
    assert.deepEqual(Object.keys(trigger.body).sort(), ['msgId', 'resCode', 'retCode']);
    t.clock.tick(19_000);
    assert.equal((await call(`${v}/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers })).body.resMsg.lastUpdateTime, before);
    t.clock.tick(1_000);
    const after = (await call(`${v}/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers })).body.resMsg;
    assert.equal(after.lastUpdateTime, String(t.clock.now));
    assert.equal(after.state.Vehicle.Electronics.Battery.Level, 87);
    assert.equal(t.sim.control.counters().forceRefreshes, 1);
  });

  it('setForceDelay shortens the asynchronous refresh', async () => {
    const [, ccs2] = ids();
    t.sim.control.setForceDelay(1000);
    await call(`${v}/${ccs2}/ccs2/carstatus`, { headers: session.headers });
    t.clock.tick(1000);
    assert.equal(t.sim.control.cachedState(ccs2).at, t.clock.now);
  });

  it('the PHEV has a tank, an EV range and type PE', async () => {
    const [, , phev] = ids();
    const vehicle = (await call(`${v}/${phev}/ccs2/carstatus/latest`, { headers: session.headers })).body.resMsg.state.Vehicle;
    assert.equal(vehicle.Drivetrain.FuelSystem.FuelLevel, 65);
    assert.ok(vehicle.Drivetrain.FuelSystem.DTE.EV > 0);
    assert.ok(vehicle.Drivetrain.FuelSystem.DTE.Total > vehicle.Drivetrain.FuelSystem.DTE.EV);
    assert.equal(vehicle.Green.BatteryManagement.BatteryRemain.Ratio, 60);
    assert.equal(vehicle.Cabin.HVAC.Row1.Driver.Temperature.Value, 'OFF');
  });

  it('a path of the other generation answers 4005; an unknown car 5921', async () => {
    const [legacy, ccs2] = ids();
    const wrong1 = await call(`${v}/${legacy}/ccs2/carstatus/latest`, { headers: session.headers });
    const wrong2 = await call(`${v}/${ccs2}/status/latest`, { headers: session.headers });
    for (const wrong of [wrong1, wrong2]) {
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.resCode, '4005');
    }
    assert.equal(
      (await call(`${v}/00000000-0000-0000-0000-000000000000/status/latest`, { headers: session.headers })).body.resCode,
      '5921',
    );
  });

  it('daily quota: force refreshes use it, then every vehicle call answers 509 / 5091 until the next day', async () => {
    const [legacy] = ids();
    t.sim.control.setQuota(2, 'eu');
    assert.equal((await call(`${v}/${legacy}/status`, { headers: session.headers })).status, 200);
    assert.equal((await call(`${v}/${legacy}/status`, { headers: session.headers })).status, 200);
    const refused = await call(`${v}/${legacy}/status`, { headers: session.headers });
    assert.equal(refused.status, 509);
    assert.equal(refused.body.resCode, '5091');
    assert.equal(refused.body.resMsg, 'Exceeds number of requests - Exceeds Number of Requests.');
    assert.equal((await call(v, { headers: session.headers })).status, 509);
    assert.equal(t.sim.control.counters().quotaRejections, 2);
    t.clock.tick(24 * 3600 * 1000);
    const renewed = await euRefresh(t.url, session.refreshToken);
    assert.equal((await call(v, { headers: { ...session.headers, authorization: `Bearer ${renewed.body.access_token}` } })).status, 200);
  });

  it('exhaustQuota refuses at once', async () => {
    t.sim.control.exhaustQuota();
    assert.equal((await call(v, { headers: session.headers })).body.resCode, '5091');
  });

  it('unreachable car: forced reads answer 4081 (or 9999), cached reads still work', async () => {
    const [legacy, ccs2] = ids();
    t.sim.control.setUnreachable(true);
    assert.equal((await call(`${v}/${legacy}/status`, { headers: session.headers })).body.resCode, '4081');
    assert.equal((await call(`${v}/${ccs2}/ccs2/carstatus`, { headers: session.headers })).body.resCode, '4081');
    assert.equal((await call(`${v}/${legacy}/status/latest`, { headers: session.headers })).status, 200);
    t.sim.control.setUnreachable('9999');
    const undefinedError = await call(`${v}/${legacy}/status`, { headers: session.headers });
    assert.equal(undefinedError.body.resCode, '9999');
    assert.equal(undefinedError.body.resMsg, 'Undefined Error - Response timeout');
    assert.equal(t.sim.control.counters().forceRefreshes, 0);
  });

  it('12 V sentinel: 255 (and CCS2 SensorReliability 1) after the next report', async () => {
    const [legacy, ccs2] = ids();
    t.sim.control.set12vSentinel();
    assert.equal((await call(`${v}/${legacy}/status`, { headers: session.headers })).body.resMsg.battery.batSoc, 255);
    t.sim.control.setForceDelay(0);
    await call(`${v}/${ccs2}/ccs2/carstatus`, { headers: session.headers });
    t.clock.tick(0);
    const battery = (await call(`${v}/${ccs2}/ccs2/carstatus/latest`, { headers: session.headers })).body.resMsg.state.Vehicle.Electronics
      .Battery;
    assert.deepEqual([battery.Level, battery.SensorReliability], [255, 1]);
  });

  it('an invalidated device id answers 400 / 4002 on SPA calls', async () => {
    t.sim.control.invalidateDeviceIds();
    const answer = await call(v, { headers: session.headers });
    assert.equal(answer.status, 400);
    assert.deepEqual(
      [answer.body.retCode, answer.body.resCode, answer.body.resMsg],
      ['F', '4002', 'Invalid request body - Invalid deviceId.'],
    );
    assert.equal(t.sim.control.counters().deviceIdRejections, 1);
  });

  it('reads accept the control token too (BL sends it on reads)', async () => {
    const pin = await call(`${t.url}/api/v1/user/pin`, {
      method: 'PUT',
      headers: { authorization: session.accessToken },
      json: { deviceId: session.deviceId, pin: t.sim.credentials.eu.pin },
    });
    const answer = await call(v, { headers: { ...session.headers, authorization: `Bearer ${pin.body.controlToken}` } });
    assert.equal(answer.status, 200);
  });

  it('charging advances the true state over time; the snapshot keeps the old value until a report', async () => {
    const [legacy] = ids();
    t.sim.control.setCarState(legacy, { ev: { charging: true } });
    t.clock.tick(40 * 60_000);
    assert.equal(t.sim.control.trueState(legacy).ev.soc, 86);
    assert.equal(t.sim.control.cachedState(legacy).state.ev.soc, 76);
  });
});
