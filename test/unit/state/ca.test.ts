// Canada's flat status: the three public captures normalise to the values written out here, and the
// charge-target list of `evc/selsoc` and the `fndmcr` location join in.

import { strict as assert } from 'node:assert';
import { normalizeStatus } from '../../../nodes/lib/state';
import { assertShape, fixture } from './helpers';

const closedDoors = { frontLeft: false, frontRight: false, rearLeft: false, rearRight: false, trunk: false, hood: false };
const unknownWindows = { frontLeft: null, frontRight: null, rearLeft: null, rearRight: null };
const climateOff = { on: false, temperature: null, unit: null, defrost: false, steeringWheelHeat: false, rearWindowHeat: false };
const noTargets = { ac: null, dc: null };

describe("normalizeStatus('ca') on Canadian captures", () => {
  it('kia_uvo #881, forced: UTC time, locked, plugged in at 100 %, 441 km, 12 V 93 %, no tank', () => {
    const state = normalizeStatus('ca', fixture('ca_kia_ev_2024_forced_kia_uvo_881'));
    assertShape(state);
    assert.deepEqual(state, {
      updatedAt: '2024-05-20T13:23:13.000Z', // logged at 09:23 EDT: the forced time is UTC
      locked: true,
      engineOn: false,
      doors: closedDoors,
      windows: unknownWindows,
      climate: climateOff, // "00H" with the climate off is no setting
      ev: {
        soc: 100,
        charging: false,
        pluggedIn: true,
        chargePortOpen: null,
        chargingPowerKw: null,
        minutesToFull: 0,
        targetSoc: noTargets,
        chargingCurrent: null,
      },
      range: { value: 441, unit: 'km' },
      fuel: null, // gasModeRange 0 and lowFuelLight false on an EV
      odometer: null,
      location: null,
      battery12v: { soc: 93 },
      tires: { lowPressure: false },
    });
  });

  it('kia_uvo #73, cached Niro EV: 95 %, unplugged, 447 km, 12 V 80 %', () => {
    const state = normalizeStatus('ca', fixture('ca_kia_niro_ev_2021_cached_kia_uvo_73'));
    assertShape(state);
    assert.equal(state.updatedAt, '2021-09-24T12:27:44.000Z');
    assert.equal(state.locked, true);
    assert.deepEqual(state.ev, {
      soc: 95,
      charging: false,
      pluggedIn: false,
      chargePortOpen: null,
      chargingPowerKw: null,
      minutesToFull: 0,
      targetSoc: noTargets,
      chargingCurrent: null,
    });
    assert.deepEqual(state.range, { value: 447, unit: 'km' });
    assert.deepEqual(state.battery12v, { soc: 80 });
    assert.deepEqual(state.climate, climateOff);
    assert.equal(state.fuel, null);
  });

  it('bluelinky mock, cached: unlocked with the hood open, 39 %, a 12 V block without a reading', () => {
    const state = normalizeStatus('ca', fixture('ca_hyundai_2021_cached_bluelinky'));
    assertShape(state);
    assert.equal(state.locked, false);
    assert.deepEqual(state.doors, { ...closedDoors, hood: true });
    assert.deepEqual(state.windows, unknownWindows); // windowOpen: {}
    assert.equal(state.ev?.soc, 39);
    assert.equal(state.ev?.pluggedIn, false);
    assert.deepEqual(state.range, { value: 141, unit: 'km' });
    assert.deepEqual(state.battery12v, { soc: null });
    assert.equal(state.updatedAt, '2021-01-18T15:30:31.000Z');
  });

  it('takes the charge targets from evc/selsoc (0 = DC, 1 = AC) and the location from fndmcr', () => {
    const payload = fixture('ca_kia_ev_2024_forced_kia_uvo_881');
    payload.chargeLimits = [
      { plugType: 0, level: 80 },
      { plugType: 1, level: 90 },
    ];
    payload.location = { coord: { lat: 45.42, lon: -75.69, alt: 0, type: 0 }, time: '20240520132313' };
    const state = normalizeStatus('ca', payload);
    assert.deepEqual(state.ev?.targetSoc, { ac: 90, dc: 80 });
    assert.deepEqual(state.location, { lat: 45.42, lon: -75.69, updatedAt: '2024-05-20T13:23:13.000Z' });
  });

  it('reads a running climate from the hex code: "0EH" is 21 °C, "23H" 31.5 °C', () => {
    const payload = fixture('ca_kia_ev_2024_forced_kia_uvo_881');
    payload.status.airCtrlOn = true;
    payload.status.airTemp = { value: '0EH', unit: 0 };
    assert.deepEqual(normalizeStatus('ca', payload).climate, { ...climateOff, on: true, temperature: 21, unit: 'C' });
    payload.status.airTemp.value = '23H';
    assert.equal(normalizeStatus('ca', payload).climate.temperature, 31.5);
    payload.status.airTemp.value = 'OFF';
    assert.equal(normalizeStatus('ca', payload).climate.temperature, null);
  });

  it('accepts the bare status object, and a car without evStatus has no battery block', () => {
    const { status } = fixture('ca_kia_niro_ev_2021_cached_kia_uvo_73');
    assert.equal(normalizeStatus('ca', status).ev?.soc, 95);
    delete status.evStatus;
    status.fuelLevel = 40;
    status.dte = { value: 380, unit: 1 };
    const ice = normalizeStatus('ca', status);
    assert.equal(ice.ev, null);
    assert.deepEqual(ice.fuel, { level: 40, low: null });
    assert.deepEqual(ice.range, { value: 380, unit: 'km' });
  });
});
