// EU CCS2 payloads varied from the real EV9 / EV3 captures: the inverted lock, 12 V sentinels,
// a PHEV and an ICE car, vented windows, charging, units, envelopes and location times.

import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import { assertShape, fixture, setPath, type Json } from './helpers';

const ev9 = () => fixture('eu_kia_ev9_2024_ccs2');
const ccs2 = (payload: unknown) => {
  const state = normalizeStatus('eu-ccs2', payload);
  assertShape(state);
  return state;
};
const DOORS = ['Row1.Driver', 'Row1.Passenger', 'Row2.Left', 'Row2.Right'];

/** A PHEV shaped like the ccNC Sportage capture: dual range, a full tank, no TargetSoC block. */
function phev(): Json {
  const p = ev9();
  setPath(p, 'Drivetrain.FuelSystem', { DTE: { Total: 600, Unit: 1, EV: 47, ICE: 551 }, FuelLevel: 100, LowFuelWarning: 0 });
  setPath(p, 'Green.BatteryManagement.BatteryRemain', { Value: 0, Ratio: 77, Unit: 'kJ' });
  setPath(p, 'Green.ChargingInformation', {
    Charging: { RemainTime: 0 },
    ConnectorFastening: { State: 0 },
    ElectricCurrentLevel: { State: 1 },
  });
  delete p.Green.ChargingDoor;
  setPath(p, 'Electronics.Battery', { Level: 90, SensorReliability: 0 });
  return p;
}

describe('normalizeStatus eu-ccs2', () => {
  it('locks are inverted: Lock 0 everywhere is locked, one door with Lock 1 is unlocked', () => {
    assert.equal(ccs2(ev9()).locked, true);
    assert.equal(ccs2(setPath(ev9(), 'Cabin.Door.Row2.Right.Lock', 1)).locked, false);
    assert.equal(ccs2(setPath(ev9(), 'Cabin.Door.Row1.Driver.Lock', true)).locked, false);
    const noLocks = ev9();
    for (const d of DOORS) setPath(noLocks, `Cabin.Door.${d}.Lock`, undefined);
    assert.equal(ccs2(noLocks).locked, null);
  });

  it('12 V: 255, or an unreliable sensor, is no reading; no Battery block is not reported', () => {
    assert.deepEqual(ccs2(setPath(ev9(), 'Electronics.Battery', { Level: 255, SensorReliability: 1 })).battery12v, { soc: null });
    assert.deepEqual(ccs2(setPath(ev9(), 'Electronics.Battery', { Level: 255 })).battery12v, { soc: null });
    assert.deepEqual(ccs2(setPath(ev9(), 'Electronics.Battery', { Level: 80, SensorReliability: 1 })).battery12v, { soc: null });
    assert.deepEqual(ccs2(setPath(ev9(), 'Electronics.Battery', { Level: 80, SensorReliability: 0 })).battery12v, { soc: 80 });
    assert.equal(ccs2(setPath(ev9(), 'Electronics', undefined)).battery12v, null);
  });

  it('a PHEV: battery and tank, total range, no targets reported, 100 % current', () => {
    const state = ccs2(phev());
    assert.deepEqual(state.fuel, { level: 100, low: false });
    assert.deepEqual(state.range, { value: 600, unit: 'km' });
    assert.deepEqual(state.battery12v, { soc: 90 });
    assert.deepEqual(state.ev, {
      soc: 77,
      charging: false,
      pluggedIn: false,
      chargePortOpen: null,
      chargingPowerKw: 0,
      minutesToFull: 0,
      targetSoc: { ac: null, dc: null },
      chargingCurrent: 100,
    });
  });

  it('an ICE car (Green without a battery) has ev null and a tank', () => {
    const p = ev9();
    p.Green = { ChargingInformation: { SequenceDetails: 510, SequenceSubcode: -1 }, Reservation: {} };
    setPath(p, 'Drivetrain.FuelSystem', { DTE: { Total: 102, Unit: 1 }, FuelLevel: 20, LowFuelWarning: 0 });
    const state = ccs2(p);
    assert.equal(state.ev, null);
    assert.deepEqual(state.fuel, { level: 20, low: false });
    assert.deepEqual(state.range, { value: 102, unit: 'km' });
  });

  it('an EV with FuelLevel 0 has no tank', () => {
    assert.equal(ccs2(ev9()).fuel, null);
  });

  it('charging: remaining time > 0, DC target, current levels 1/2/3 and the port door', () => {
    const p = ev9();
    setPath(p, 'Green.ChargingInformation.Charging.RemainTime', 45);
    setPath(p, 'Green.ChargingInformation.ConnectorFastening.State', 1);
    setPath(p, 'Green.Electric.SmartGrid.RealTimePower', 11.2);
    setPath(p, 'Green.ChargingDoor.State', 1);
    const ev = ccs2(p).ev;
    assert.equal(ev?.charging, true);
    assert.equal(ev?.minutesToFull, 45);
    assert.equal(ev?.pluggedIn, true);
    assert.equal(ev?.chargingPowerKw, 11.2);
    assert.equal(ev?.chargePortOpen, true);
    assert.equal(ccs2(setPath(ev9(), 'Green.ChargingDoor.State', 2)).ev?.chargePortOpen, false);
    const current = (level: unknown) =>
      ccs2(setPath(ev9(), 'Green.ChargingInformation.ElectricCurrentLevel.State', level)).ev?.chargingCurrent;
    assert.deepEqual([1, 2, 3, 0, 4, 'x'].map(current), [100, 90, 60, null, null, null]);
  });

  it('a vented window (Open 0, OpenLevel > 0) is open', () => {
    const p = setPath(ev9(), 'Cabin.Window.Row2.Left', { Open: 0, OpenLevel: 3 });
    assert.deepEqual(ccs2(p).windows, { frontLeft: false, frontRight: false, rearLeft: true, rearRight: false });
  });

  it('climate: blower on, °F unit, "OFF", steering wheel and rear defog; DrivingReady', () => {
    const p = ev9();
    setPath(p, 'Cabin.HVAC.Row1.Driver', { Temperature: { Value: 72, Unit: 1 }, Blower: { SpeedLevel: 3 } });
    setPath(p, 'Cabin.SteeringWheel.Heat.State', 1);
    setPath(p, 'Body.Windshield.Rear.Defog.State', 1);
    setPath(p, 'Body.Windshield.Front.Defog.State', true);
    p.DrivingReady = 1;
    const state = ccs2(p);
    assert.deepEqual(state.climate, { on: true, temperature: 72, unit: 'F', defrost: true, steeringWheelHeat: true, rearWindowHeat: true });
    assert.equal(state.engineOn, true);
    const off = ccs2(setPath(ev9(), 'Cabin.HVAC.Row1.Driver.Temperature', { Value: 'OFF', Unit: 0 })).climate;
    assert.deepEqual([off.temperature, off.unit], [null, null]);
  });

  it('miles: DTE.Unit 3 → range in mi; the odometer stays km', () => {
    const state = ccs2(setPath(ev9(), 'Drivetrain.FuelSystem.DTE.Unit', 3));
    assert.deepEqual(state.range, { value: 290, unit: 'mi' });
    assert.deepEqual(state.odometer, { value: 5200, unit: 'km' });
  });

  it('tyres: any PressureLow on', () => {
    assert.equal(ccs2(setPath(ev9(), 'Chassis.Axle.Row1.Right.Tire.PressureLow', 1)).tires.lowPressure, true);
  });

  it('unwraps { state: { Vehicle } } and resMsg, falling back to lastUpdateTime', () => {
    const full = ccs2(ev9());
    assert.deepEqual(ccs2({ state: { Vehicle: ev9() } }), full);
    const noDate = ev9();
    delete noDate.Date;
    const state = ccs2({ resMsg: { state: { Vehicle: noDate }, lastUpdateTime: '1726408800000' } });
    assert.equal(state.updatedAt, '2024-09-15T14:00:00.000Z');
  });

  it('location time: Location.Date (UTC) first, else TimeStamp less Location.Offset hours', () => {
    const p = ev9();
    setPath(p, 'Location.Offset', 2);
    setPath(p, 'Location.TimeStamp', { Year: 2025, Mon: 4, Day: 20, Hour: 20, Min: 28, Sec: 25 });
    assert.equal(ccs2(p).location?.updatedAt, '2025-04-20T18:28:25.000Z');
    setPath(p, 'Location.Date', '20250420182825.880');
    assert.equal(ccs2(p).location?.updatedAt, '2025-04-20T18:28:25.880Z');
    assert.equal(ccs2(setPath(ev9(), 'Location.TimeStamp.Mon', 13)).location?.updatedAt, null);
  });

  it('missing blocks: everything null, nothing thrown', () => {
    const state = ccs2({ Date: '20240915140000' });
    assert.equal(state.updatedAt, '2024-09-15T14:00:00.000Z');
    assert.equal(state.ev, null);
    assert.equal(state.fuel, null);
    assert.equal(state.locked, null);
    assert.equal(state.location, null);
    assert.equal(state.battery12v, null);
    assert.equal(state.climate.on, null);
  });
});
