// Every real payload normalises to the values its own `_fixture_meta.expected` block states
// (test/fixtures/NOTICE.md maps those keys onto the normalized state).

import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import type { VehicleState } from '../../../nodes/lib/types';
import { assertShape, fixture, FIXTURE_SOURCES } from './helpers';

/** How each `expected` key reads off the normalized state. */
const EXPECTED_FIELDS: Record<string, (s: VehicleState) => unknown> = {
  ev_battery_percentage: (s) => s.ev?.soc,
  ev_charge_limits_ac: (s) => s.ev?.targetSoc.ac,
  ev_charge_limits_dc: (s) => s.ev?.targetSoc.dc,
  car_battery_percentage: (s) => s.battery12v?.soc ?? null,
  engine_is_running: (s) => s.engineOn,
  is_locked: (s) => s.locked,
  ev_battery_is_charging: (s) => s.ev?.charging,
  ev_battery_is_plugged_in: (s) => s.ev?.pluggedIn,
  ev_charging_power: (s) => s.ev?.chargingPowerKw,
  odometer_value: (s) => s.odometer?.value,
};

/** Keys about things the normalized state does not carry (charging schedules). */
const NOT_IN_STATE = /^ev_(off_peak|schedule|first_departure|second_departure)_/;

/** NOTICE.md: a plug type > 0 or true means plugged in. */
function expectedValue(key: string, value: unknown): unknown {
  if (key === 'ev_battery_is_plugged_in') return typeof value === 'number' ? value > 0 : value;
  return value;
}

describe('normalizeStatus on the real fixtures', () => {
  for (const [name, source] of Object.entries(FIXTURE_SOURCES)) {
    const expected: Record<string, unknown> | undefined = fixture(name)._fixture_meta.expected;
    if (!expected) continue;
    it(`${name} (${source}) gives its expected values`, () => {
      const state = normalizeStatus(source, fixture(name));
      assertShape(state);
      let checked = 0;
      for (const [key, value] of Object.entries(expected)) {
        if (NOT_IN_STATE.test(key)) continue;
        const read = EXPECTED_FIELDS[key];
        assert.ok(read, `the test knows the expected key ${key}`);
        assert.deepEqual(read(state), expectedValue(key, value), key);
        checked++;
      }
      assert.ok(checked >= 8, 'most expected keys were checked');
    });
  }

  it('EU legacy EV6: every field, Berlin summer time, hex 10H = 22 °C, last target per plug', () => {
    const state = normalizeStatus('eu', fixture('eu_kia_ev6_2023_with_soc'));
    assert.deepEqual(state, {
      updatedAt: '2024-07-20T10:00:00.000Z', // 12:00 CEST
      locked: true,
      engineOn: false,
      doors: { frontLeft: false, frontRight: false, rearLeft: false, rearRight: false, trunk: false, hood: false },
      windows: { frontLeft: false, frontRight: false, rearLeft: false, rearRight: false },
      climate: { on: false, temperature: 22, unit: 'C', defrost: false, steeringWheelHeat: false, rearWindowHeat: false },
      ev: {
        soc: 76,
        charging: false,
        pluggedIn: false,
        chargePortOpen: false,
        chargingPowerKw: 0,
        minutesToFull: 0,
        targetSoc: { ac: 100, dc: 80 },
        chargingCurrent: null,
      },
      range: { value: 310, unit: 'km' },
      fuel: null,
      odometer: { value: 15234, unit: 'km' },
      location: { lat: 52.52, lon: 13.405, updatedAt: '2024-07-20T10:00:00.000Z' },
      battery12v: { soc: 85 },
      tires: { lowPressure: false },
    });
  });

  it('EU CCS2 EV3 (no expected block): plugged, AC/DC targets, 60 % current, OFF temperature, nulled GPS', () => {
    const state = normalizeStatus('eu-ccs2', fixture('eu_kia_ev3_2025_ccs2'));
    assertShape(state);
    assert.equal(state.updatedAt, '2025-04-20T20:27:23.000Z');
    assert.equal(state.locked, true, 'Lock 0 on every door means locked');
    assert.equal(state.engineOn, false);
    assert.deepEqual(state.climate, {
      on: false,
      temperature: null,
      unit: null,
      defrost: false,
      steeringWheelHeat: false,
      rearWindowHeat: false,
    });
    assert.deepEqual(state.ev, {
      soc: 80,
      charging: false,
      pluggedIn: true,
      chargePortOpen: null,
      chargingPowerKw: 0,
      minutesToFull: 0,
      targetSoc: { ac: 80, dc: 100 },
      chargingCurrent: 60,
    });
    assert.deepEqual(state.range, { value: 450, unit: 'km' });
    assert.equal(state.fuel, null, 'an EV reporting FuelLevel 0 has no tank');
    assert.deepEqual(state.odometer, { value: 1774.1, unit: 'km' });
    assert.equal(state.location, null, 'Latitude / Longitude null');
    assert.deepEqual(state.battery12v, { soc: 95 });
    assert.equal(state.tires.lowPressure, false);
  });

  it('US Hyundai Ioniq 5: °F, miles, UTC time, location inside vehicleStatus, odometer from vehicleDetails', () => {
    const state = normalizeStatus('us-hyundai', fixture('us_hyundai_ioniq_5_2024_cached'));
    assert.equal(state.updatedAt, '2024-09-01T12:00:00.000Z');
    assert.deepEqual([state.climate.temperature, state.climate.unit], [72, 'F']);
    assert.deepEqual(state.range, { value: 240, unit: 'mi' });
    assert.deepEqual(state.odometer, { value: 12500, unit: 'mi' });
    assert.deepEqual(state.location, { lat: 34.0522, lon: -118.2437, updatedAt: '2024-09-01T12:00:00.000Z' });
    assert.equal(state.fuel, null);
  });

  it('US Kia Niro: syncDate UTC, mileage string, no targets reported', () => {
    const state = normalizeStatus('us-kia', fixture('us_kia_niro_ev_2020_cached'));
    assert.equal(state.updatedAt, '2024-06-15T14:30:00.000Z');
    assert.deepEqual(state.odometer, { value: 23456, unit: 'mi' });
    assert.deepEqual(state.range, { value: 170, unit: 'mi' });
    assert.deepEqual(state.ev?.targetSoc, { ac: null, dc: null });
    assert.deepEqual(state.location, { lat: 37.7749, lon: -122.4194, updatedAt: '2024-06-15T14:30:00.000Z' });
  });
});
