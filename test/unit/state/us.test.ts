// US Hyundai and US Kia payloads varied from the real captures: an ICE car, sentinels, Celsius,
// a charging Kia after a force refresh, the wrappers around cmm/gvi.

import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import { assertShape, fixture, setPath } from './helpers';

const ioniq = () => fixture('us_hyundai_ioniq_5_2024_cached');
const niro = () => fixture('us_kia_niro_ev_2020_cached');
const normalize = (source: 'us-hyundai' | 'us-kia', payload: unknown) => {
  const state = normalizeStatus(source, payload);
  assertShape(state);
  return state;
};

describe('normalizeStatus us-hyundai', () => {
  it('an ICE car (shaped like the Blue Link US capture): no battery, fuel light only, ISO time, "LO"', () => {
    const state = normalize('us-hyundai', {
      vehicleStatus: {
        dateTime: '2020-05-20T23:20:39Z',
        trunkOpen: false,
        doorLock: false,
        doorOpen: { frontRight: 1, frontLeft: 1, backLeft: 0, backRight: 0 },
        airCtrlOn: false,
        airTemp: { unit: 1, hvacTempType: 1, value: 'LO' },
        battery: { batSoc: 67, batState: 0 },
        lowFuelLight: false,
        sideBackWindowHeat: 0,
        dte: { unit: 3, value: 142 },
        engine: false,
        defrost: false,
        hoodOpen: false,
        steerWheelHeat: 0,
        tirePressureLamp: { tirePressureWarningLampRearLeft: 0, tirePressureWarningLampAll: 0 },
      },
    });
    assert.equal(state.updatedAt, '2020-05-20T23:20:39.000Z');
    assert.equal(state.ev, null);
    assert.deepEqual(state.fuel, { level: null, low: false });
    assert.deepEqual(state.range, { value: 142, unit: 'mi' });
    assert.equal(state.locked, false);
    assert.deepEqual(state.doors, { frontLeft: true, frontRight: true, rearLeft: false, rearRight: false, trunk: false, hood: false });
    assert.deepEqual([state.climate.temperature, state.climate.unit], [null, null]);
    assert.deepEqual(state.battery12v, { soc: 67 });
    assert.equal(state.odometer, null);
    assert.equal(state.location, null);
  });

  it('12 V 255 is no reading; a PHEV with fuel; Celsius when the unit code says 0', () => {
    const p = ioniq();
    setPath(p, 'vehicleStatus.battery.batSoc', 255);
    setPath(p, 'vehicleStatus.fuelLevel', 62);
    setPath(p, 'vehicleStatus.airTemp', { value: '21', unit: 0 });
    const state = normalize('us-hyundai', p);
    assert.deepEqual(state.battery12v, { soc: null });
    assert.deepEqual(state.fuel, { level: 62, low: false });
    assert.deepEqual([state.climate.temperature, state.climate.unit], [21, 'C']);
    assert.equal(state.ev?.soc, 85);
  });

  it('charging power from realTimePower, minutes from remainTime2', () => {
    const p = ioniq();
    Object.assign(p.vehicleStatus.evStatus, { realTimePower: 7.2, batteryCharge: true, batteryPlugin: 2 });
    setPath(p, 'vehicleStatus.evStatus.remainTime2.atc.value', 130);
    const ev = normalize('us-hyundai', p).ev;
    assert.deepEqual([ev?.chargingPowerKw, ev?.charging, ev?.pluggedIn, ev?.minutesToFull], [7.2, true, true, 130]);
  });

  it('a bare vehicleStatus and a findMyCar location are accepted', () => {
    const p = ioniq();
    const bare = normalize('us-hyundai', p.vehicleStatus);
    assert.equal(bare.ev?.soc, 85);
    assert.equal(bare.odometer, null, 'no vehicleDetails, no odometer');
    const withMap = ioniq();
    delete withMap.vehicleStatus.vehicleLocation;
    withMap.location = { coord: { lat: 40.7, lon: -74, alt: 0 }, head: 0, time: '2024-09-01T11:00:00Z' };
    assert.deepEqual(normalize('us-hyundai', withMap).location, { lat: 40.7, lon: -74, updatedAt: '2024-09-01T11:00:00.000Z' });
  });
});

describe('normalizeStatus us-kia', () => {
  it('after a force refresh: charging, targets from evStatus.targetSOC, power, minutes to full', () => {
    const p = niro();
    const ev = p.lastVehicleInfo.vehicleStatusRpt.vehicleStatus.evStatus;
    Object.assign(ev, {
      batteryStatus: 72,
      batteryCharge: true,
      batteryPlugin: 1,
      realTimePower: 7.2,
      targetSOC: [
        { plugType: 0, targetSOClevel: 80 },
        { plugType: 1, targetSOClevel: 90 },
      ],
    });
    ev.remainChargeTime[0].timeInterval.value = 240;
    const state = normalize('us-kia', p);
    assert.deepEqual(state.ev, {
      soc: 72,
      charging: true,
      pluggedIn: true,
      chargePortOpen: null,
      chargingPowerKw: 7.2,
      minutesToFull: 240,
      targetSoc: { ac: 90, dc: 80 },
      chargingCurrent: null,
    });
  });

  it('the vehicleInfoList and payload wrappers, and a rems/rvs vehicleStatusRpt', () => {
    const full = normalize('us-kia', niro());
    assert.deepEqual(normalize('us-kia', { vehicleInfoList: [niro()] }), full);
    assert.deepEqual(normalize('us-kia', { payload: { vehicleInfoList: [niro()] } }), full);
    const rvs = normalize('us-kia', { vehicleStatusRpt: niro().lastVehicleInfo.vehicleStatusRpt });
    assert.equal(rvs.ev?.soc, 68);
    assert.equal(rvs.odometer, null);
  });

  it('12 V 255, climate accessories, doors with hood and trunk, window status fallback, tyres', () => {
    const p = niro();
    const s = p.lastVehicleInfo.vehicleStatusRpt.vehicleStatus;
    s.batteryStatus.stateOfCharge = 255;
    Object.assign(s.climate, { airCtrl: true, defrost: true, heatingAccessory: { steeringWheel: 1, rearWindow: 1, sideMirror: 0 } });
    Object.assign(s.doorStatus, { hood: 1, frontRight: 1 });
    delete s.windowOpen;
    s.evStatus.windowStatus = { windowFL: 0, windowFR: 1, windowRL: 0, windowRR: 0 };
    s.tirePressure.all = 1;
    const state = normalize('us-kia', p);
    assert.deepEqual(state.battery12v, { soc: null });
    assert.deepEqual(state.climate, { on: true, temperature: 72, unit: 'F', defrost: true, steeringWheelHeat: true, rearWindowHeat: true });
    assert.deepEqual(state.doors, { frontLeft: false, frontRight: true, rearLeft: false, rearRight: false, trunk: false, hood: true });
    assert.deepEqual(state.windows, { frontLeft: false, frontRight: true, rearLeft: false, rearRight: false });
    assert.equal(state.tires.lowPressure, true);
  });

  it('a PHEV with fuel, and an ICE car without evStatus', () => {
    const p = niro();
    p.lastVehicleInfo.vehicleStatusRpt.vehicleStatus.fuelLevel = 50;
    assert.deepEqual(normalize('us-kia', p).fuel, { level: 50, low: false });
    const ice = niro();
    const s = ice.lastVehicleInfo.vehicleStatusRpt.vehicleStatus;
    delete s.evStatus;
    s.fuelLevel = 35;
    s.distanceToEmpty = { value: 300, unit: 3 };
    const state = normalize('us-kia', ice);
    assert.equal(state.ev, null);
    assert.deepEqual(state.fuel, { level: 35, low: false });
    assert.deepEqual(state.range, { value: 300, unit: 'mi' });
  });

  it('missing lastVehicleInfo: state of nulls, the odometer still read', () => {
    const state = normalize('us-kia', { vehicleConfig: niro().vehicleConfig });
    assert.deepEqual(state.odometer, { value: 23456, unit: 'mi' });
    assert.equal(state.ev, null);
    assert.equal(state.updatedAt, null);
    assert.equal(state.location, null);
  });
});
