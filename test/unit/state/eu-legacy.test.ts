// EU legacy payloads varied from the real EV6 capture: PHEV, ICE, sentinels, miles, forced (flat)
// status, winter time, missing blocks.

import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import { assertShape, fixture, setPath } from './helpers';

const ev6 = () => fixture('eu_kia_ev6_2023_with_soc');
const eu = (payload: unknown) => {
  const state = normalizeStatus('eu', payload);
  assertShape(state);
  return state;
};

describe('normalizeStatus eu (legacy)', () => {
  it('a PHEV reports both its battery and its tank', () => {
    const p = ev6();
    setPath(p, 'vehicleStatus.fuelLevel', 45);
    setPath(p, 'vehicleStatus.evStatus.batteryStatus', 60);
    setPath(p, 'vehicleStatus.evStatus.drvDistance.0.rangeByFuel', {
      evModeRange: { value: 40, unit: 1 },
      gasModeRange: { value: 520, unit: 1 },
      totalAvailableRange: { value: 560, unit: 1 },
    });
    const state = eu(p);
    assert.deepEqual(state.fuel, { level: 45, low: false });
    assert.equal(state.ev?.soc, 60);
    assert.deepEqual(state.range, { value: 560, unit: 'km' });
  });

  it('a PHEV with an empty tank still has a tank (combustion range or low-fuel light)', () => {
    const p = setPath(ev6(), 'vehicleStatus.lowFuelLight', true);
    assert.deepEqual(eu(p).fuel, { level: 0, low: true });
    const q = setPath(ev6(), 'vehicleStatus.evStatus.drvDistance.0.rangeByFuel.gasModeRange', { value: 0, unit: 1 });
    assert.deepEqual(eu(q).fuel, { level: 0, low: false });
  });

  it('an ICE car: no evStatus → ev null; range from dte; fuel reported', () => {
    const p = ev6();
    delete p.vehicleStatus.evStatus;
    setPath(p, 'vehicleStatus.fuelLevel', 30);
    setPath(p, 'vehicleStatus.dte', { value: 480, unit: 1 });
    const state = eu(p);
    assert.equal(state.ev, null);
    assert.deepEqual(state.fuel, { level: 30, low: false });
    assert.deepEqual(state.range, { value: 480, unit: 'km' });
  });

  it('12 V: 255 is no reading; a missing battery block is not reported', () => {
    assert.deepEqual(eu(setPath(ev6(), 'vehicleStatus.battery.batSoc', 255)).battery12v, { soc: null });
    assert.equal(eu(setPath(ev6(), 'vehicleStatus.battery', undefined)).battery12v, null);
  });

  it('miles: unit codes 2 and 3 on odometer and range', () => {
    const p = ev6();
    p.odometer = { value: 9000, unit: 3 };
    setPath(p, 'vehicleStatus.evStatus.drvDistance.0.rangeByFuel.totalAvailableRange', { value: 190, unit: 2 });
    const state = eu(p);
    assert.deepEqual(state.odometer, { value: 9000, unit: 'mi' });
    assert.deepEqual(state.range, { value: 190, unit: 'mi' });
  });

  it('a plain numeric temperature in °F keeps its unit; a hex code is always °C', () => {
    assert.deepEqual(eu(setPath(ev6(), 'vehicleStatus.airTemp', { value: '70', unit: 1 })).climate.unit, 'F');
    const state = eu(setPath(ev6(), 'vehicleStatus.airTemp', { value: '0EH', unit: 0 }));
    assert.deepEqual([state.climate.temperature, state.climate.unit], [21, 'C']);
  });

  it('charging at a station with the port open; the last of two AC targets wins', () => {
    const p = ev6();
    Object.assign(p.vehicleStatus.evStatus, { batteryCharge: true, batteryPlugin: 3, chargePortDoorOpenStatus: 1 });
    setPath(p, 'vehicleStatus.evStatus.batteryPower.batteryStndChrgPower', 10.5);
    setPath(p, 'vehicleStatus.evStatus.remainTime2.atc.value', 95);
    p.vehicleStatus.evStatus.reservChargeInfos.targetSOClist.push({ plugType: 1, targetSOClevel: 90 });
    const ev = eu(p).ev;
    assert.deepEqual(ev, {
      soc: 76,
      charging: true,
      pluggedIn: true,
      chargePortOpen: true,
      chargingPowerKw: 10.5,
      minutesToFull: 95,
      targetSoc: { ac: 90, dc: 80 },
      chargingCurrent: null,
    });
  });

  it('open doors, a vented window, climate with steering wheel and rear window heat', () => {
    const p = ev6();
    Object.assign(p.vehicleStatus, {
      trunkOpen: true,
      airCtrlOn: true,
      steerWheelHeat: 1,
      sideBackWindowHeat: 1,
      defrost: true,
      doorLock: false,
    });
    setPath(p, 'vehicleStatus.doorOpen.backRight', 1);
    setPath(p, 'vehicleStatus.windowOpen.frontLeft', 2);
    setPath(p, 'vehicleStatus.tirePressureLamp.tirePressureLampRL', 1);
    const state = eu(p);
    assert.equal(state.locked, false);
    assert.deepEqual(state.doors, { frontLeft: false, frontRight: false, rearLeft: false, rearRight: true, trunk: true, hood: false });
    assert.equal(state.windows.frontLeft, true);
    assert.deepEqual(state.climate, { on: true, temperature: 22, unit: 'C', defrost: true, steeringWheelHeat: true, rearWindowHeat: true });
    assert.equal(state.tires.lowPressure, true);
    assert.equal(eu(setPath(ev6(), 'vehicleStatus.steerWheelHeat', 2)).climate.steeringWheelHeat, false, '2 = off');
  });

  it('winter time: Berlin is UTC+1', () => {
    const p = setPath(ev6(), 'vehicleStatus.time', '20240115080000');
    setPath(p, 'vehicleLocation.time', '20240115075500');
    const state = eu(p);
    assert.equal(state.updatedAt, '2024-01-15T07:00:00.000Z');
    assert.equal(state.location?.updatedAt, '2024-01-15T06:55:00.000Z');
  });

  it('a forced /status answer is the flat vehicleStatus: detected, no location or odometer', () => {
    const flat = ev6().vehicleStatus;
    const state = eu(flat);
    const full = eu(ev6());
    assert.deepEqual({ ...state, odometer: full.odometer, location: full.location }, full);
    assert.equal(state.odometer, null);
    assert.equal(state.location, null);
  });

  it('a forced status with its /location gpsDetail beside it: that time is UTC, not Berlin', () => {
    const gpsDetail = { coord: { lat: 50.1, lon: 8.6, alt: 0, type: 0 }, time: '20240720115500' };
    assert.deepEqual(eu({ ...ev6().vehicleStatus, gpsDetail }).location, { lat: 50.1, lon: 8.6, updatedAt: '2024-07-20T11:55:00.000Z' });
    assert.deepEqual(eu({ ...ev6().vehicleStatus, vehicleLocation: { gpsDetail } }).location?.updatedAt, '2024-07-20T11:55:00.000Z');
    const winter = { coord: { lat: 50.1, lon: 8.6 }, time: '20260115104500' };
    assert.equal(
      eu({ vehicleStatus: { time: '20260115114500' }, vehicleLocation: { gpsDetail: winter } }).location?.updatedAt,
      '2026-01-15T10:45:00.000Z',
    );
  });

  it('the envelope is unwrapped when a caller passes it', () => {
    const full = eu(ev6());
    assert.deepEqual(eu({ vehicleStatusInfo: ev6() }), full);
    assert.deepEqual(eu({ resMsg: { vehicleStatusInfo: ev6() } }), full);
  });

  it('missing blocks: everything null, nothing thrown', () => {
    const state = eu({ vehicleStatus: {} });
    assert.equal(state.ev, null);
    assert.equal(state.fuel, null);
    assert.equal(state.range, null);
    assert.equal(state.battery12v, null);
    assert.equal(state.locked, null);
    assert.deepEqual(state.doors, { frontLeft: null, frontRight: null, rearLeft: null, rearRight: null, trunk: null, hood: null });
    assert.deepEqual(eu({ vehicleStatus: { evStatus: 'x', doorOpen: [1, 1], airTemp: 7 } }).doors.frontLeft, null);
  });
});
