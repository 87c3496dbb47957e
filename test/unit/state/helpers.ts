// Shared by the state tests: the real fixtures, deep edits of a payload, and a checker that a
// VehicleState has every field with a value of the right kind.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StatusSource, VehicleState } from '../../../nodes/lib/types';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

/** Every real fixture with the payload shape it is. */
export const FIXTURE_SOURCES: Record<string, StatusSource> = {
  eu_kia_ev6_2023_with_soc: 'eu',
  eu_kia_ev9_2024_ccs2: 'eu-ccs2',
  eu_kia_ev6_2024_ccs2_off: 'eu-ccs2',
  eu_kia_ev3_2025_ccs2: 'eu-ccs2',
  us_hyundai_ioniq_5_2024_cached: 'us-hyundai',
  us_kia_niro_ev_2020_cached: 'us-kia',
  au_hyundai_ioniq_5_2023_with_soc: 'au',
};

export type Json = Record<string, any>;

/** A fresh copy of a fixture (tests edit it freely). */
export function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
}

/** Sets (or, with `undefined`, deletes) a dotted path, creating objects on the way. */
export function setPath(root: Json, dotted: string, value: unknown): Json {
  const keys = dotted.split('.');
  let node: any = root;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return root;
}

/** Every path to a leaf or a container in a JSON value (for the mutation fuzzer). */
export function allPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const p = prefix ? `${prefix}.${key}` : key;
    out.push(p, ...allPaths(child, p));
  }
  return out;
}

const isBoolOrNull = (v: unknown) => v === null || typeof v === 'boolean';
const isNumOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isIsoOrNull = (v: unknown) => v === null || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v));
const isPercentOrNull = (v: unknown) => v === null || (typeof v === 'number' && v >= 0 && v <= 100);

function keysAre(value: unknown, keys: string[], where: string): void {
  assert.ok(typeof value === 'object' && value !== null, `${where} is an object`);
  assert.deepEqual(Object.keys(value as object).sort(), [...keys].sort(), `${where} has exactly its fields`);
}

/** Fails unless the state has the contract's shape, every field present and of its kind. */
export function assertShape(state: VehicleState): void {
  keysAre(
    state,
    [
      'updatedAt',
      'locked',
      'engineOn',
      'doors',
      'windows',
      'climate',
      'ev',
      'range',
      'fuel',
      'odometer',
      'location',
      'battery12v',
      'tires',
    ],
    'state',
  );
  assert.ok(isIsoOrNull(state.updatedAt), 'updatedAt');
  assert.ok(isBoolOrNull(state.locked) && isBoolOrNull(state.engineOn), 'locked / engineOn');
  keysAre(state.doors, ['frontLeft', 'frontRight', 'rearLeft', 'rearRight', 'trunk', 'hood'], 'doors');
  assert.ok(Object.values(state.doors).every(isBoolOrNull), 'doors');
  keysAre(state.windows, ['frontLeft', 'frontRight', 'rearLeft', 'rearRight'], 'windows');
  assert.ok(Object.values(state.windows).every(isBoolOrNull), 'windows');
  const c = state.climate;
  keysAre(c, ['on', 'temperature', 'unit', 'defrost', 'steeringWheelHeat', 'rearWindowHeat'], 'climate');
  assert.ok([c.on, c.defrost, c.steeringWheelHeat, c.rearWindowHeat].every(isBoolOrNull), 'climate flags');
  assert.ok(isNumOrNull(c.temperature) && [null, 'C', 'F'].includes(c.unit), 'climate temperature');
  assert.equal(c.temperature === null, c.unit === null, 'a temperature comes with its unit');
  if (state.ev !== null) {
    const ev = state.ev;
    keysAre(
      ev,
      ['soc', 'charging', 'pluggedIn', 'chargePortOpen', 'chargingPowerKw', 'minutesToFull', 'targetSoc', 'chargingCurrent'],
      'ev',
    );
    assert.ok(isPercentOrNull(ev.soc), 'ev.soc');
    assert.ok([ev.charging, ev.pluggedIn, ev.chargePortOpen].every(isBoolOrNull), 'ev flags');
    assert.ok(isNumOrNull(ev.chargingPowerKw) && isNumOrNull(ev.minutesToFull), 'ev numbers');
    keysAre(ev.targetSoc, ['ac', 'dc'], 'ev.targetSoc');
    assert.ok(isPercentOrNull(ev.targetSoc.ac) && isPercentOrNull(ev.targetSoc.dc), 'targets');
    assert.ok([null, 100, 90, 60].includes(ev.chargingCurrent), 'chargingCurrent');
  }
  for (const [name, d] of [
    ['range', state.range],
    ['odometer', state.odometer],
  ] as const) {
    if (d !== null) {
      keysAre(d, ['value', 'unit'], name);
      assert.ok(typeof d.value === 'number' && Number.isFinite(d.value) && d.value >= 0 && ['km', 'mi'].includes(d.unit), name);
    }
  }
  if (state.fuel !== null) {
    keysAre(state.fuel, ['level', 'low'], 'fuel');
    assert.ok(isPercentOrNull(state.fuel.level) && isBoolOrNull(state.fuel.low), 'fuel');
  }
  if (state.location !== null) {
    keysAre(state.location, ['lat', 'lon', 'updatedAt'], 'location');
    assert.ok(Math.abs(state.location.lat) <= 90 && Math.abs(state.location.lon) <= 180, 'location');
    assert.ok(isIsoOrNull(state.location.updatedAt), 'location.updatedAt');
  }
  if (state.battery12v !== null) {
    keysAre(state.battery12v, ['soc'], 'battery12v');
    assert.ok(isPercentOrNull(state.battery12v.soc), 'battery12v.soc');
  }
  keysAre(state.tires, ['lowPressure'], 'tires');
  assert.ok(isBoolOrNull(state.tires.lowPressure), 'tires');
}
