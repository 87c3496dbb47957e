// Readers for the `vehicleStatus` object that EU legacy, US Hyundai and US Kia inherited from one
// design (docs/research/cloud-protocol.md §5.2): the same `doorOpen`, `windowOpen`, `evStatus`, `drvDistance` and
// `targetSOClist` shapes, with small differences each source file handles itself.

import type { VehicleState } from '../types';
import {
  anyOn,
  at,
  distanceOf,
  first,
  flag,
  num,
  percent,
  rec,
  setTemperature,
  targetsByPlug,
  within,
  type DistanceUnit,
  type TempTable,
} from './read';

type Doors = VehicleState['doors'];
type Windows = VehicleState['windows'];
type Climate = VehicleState['climate'];
type Ev = NonNullable<VehicleState['ev']>;

/** Doors from a `{ frontLeft, frontRight, backLeft, backRight }` map (0 closed, 1 open). */
export function doorsOf(open: unknown, trunk: unknown, hood: unknown): Doors {
  return {
    frontLeft: flag(at(open, 'frontLeft')),
    frontRight: flag(at(open, 'frontRight')),
    rearLeft: flag(at(open, 'backLeft')),
    rearRight: flag(at(open, 'backRight')),
    trunk: flag(trunk),
    hood: flag(hood),
  };
}

/** Windows from the same map; 2 (vented) counts as open. */
export function windowsOf(open: unknown): Windows {
  return {
    frontLeft: flag(at(open, 'frontLeft')),
    frontRight: flag(at(open, 'frontRight')),
    rearLeft: flag(at(open, 'backLeft')),
    rearRight: flag(at(open, 'backRight')),
  };
}

/** `steerWheelHeat`: 1 is on, 0 and 2 are off (HKC `const.py`); other codes are not known. */
export function steeringHeat(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const n = num(value);
  if (n === 1) return true;
  if (n === 0 || n === 2) return false;
  return null;
}

/** Climate as EU legacy and US Hyundai report it at the top of `vehicleStatus`. */
export function climateOf(status: unknown, fallbackUnit: 'C' | 'F', table?: TempTable): Climate {
  const { temperature, unit } = setTemperature(at(status, 'airTemp.value'), at(status, 'airTemp.unit'), fallbackUnit, table);
  return {
    on: flag(at(status, 'airCtrlOn')),
    temperature,
    unit,
    defrost: flag(at(status, 'defrost')),
    steeringWheelHeat: steeringHeat(at(status, 'steerWheelHeat')),
    rearWindowHeat: flag(at(status, 'sideBackWindowHeat')),
  };
}

/** `chargePortDoorOpenStatus`: 1 open, 2 closed (EU legacy); anything else is unknown. */
function chargePortOpen(value: unknown): boolean | null {
  const n = num(value);
  return n === 1 ? true : n === 2 ? false : null;
}

/**
 * The battery block, or null when the car has no `evStatus` (no traction battery). Power comes from
 * `realTimePower` (US) or `batteryPower` (EU legacy: the fast-charge figure while DC charging, else
 * the standard one); a flat `batteryStndChrgPower` is not it (the US Hyundai fixture expects null).
 */
export function evOf(evStatus: unknown, targetList: unknown): Ev | null {
  if (!rec(evStatus)) return null;
  const fast = num(at(evStatus, 'batteryPower.batteryFstChrgPower'));
  const power = first(
    at(evStatus, 'realTimePower'),
    fast !== null && fast > 0 ? fast : undefined,
    at(evStatus, 'batteryPower.batteryStndChrgPower'),
  );
  return {
    soc: percent(at(evStatus, 'batteryStatus')),
    charging: flag(at(evStatus, 'batteryCharge')),
    pluggedIn: flag(at(evStatus, 'batteryPlugin')),
    chargePortOpen: chargePortOpen(at(evStatus, 'chargePortDoorOpenStatus')),
    chargingPowerKw: num(power),
    minutesToFull: within(first(at(evStatus, 'remainTime2.atc.value'), at(evStatus, 'remainChargeTime.0.timeInterval.value')), 0, 100000),
    targetSoc: targetsByPlug(targetList),
    chargingCurrent: null,
  };
}

/** The total range: the battery's `drvDistance` first, then `dte` / `distanceToEmpty` (cars with a tank). */
export function rangeOf(status: unknown, evStatus: unknown, fallback: DistanceUnit): VehicleState['range'] {
  const candidate = first(
    rec(at(evStatus, 'drvDistance.0.rangeByFuel.totalAvailableRange')),
    rec(at(status, 'dte')),
    rec(at(status, 'distanceToEmpty')),
  );
  return candidate === undefined ? null : distanceOf(candidate, fallback);
}

/** A combustion range in `drvDistance` shows a PHEV's tank. */
export function gasRangeOf(evStatus: unknown): unknown {
  return at(evStatus, 'drvDistance.0.rangeByFuel.gasModeRange.value');
}

/** Any tyre-pressure lamp on; the `tirePressureLamp` record holds lamps only. */
export function tireLampsOf(lamps: unknown): boolean | null {
  const record = rec(lamps);
  return record ? anyOn(Object.values(record)) : null;
}

/** The 12 V battery: null when not reported at all, `soc` null when the reading is a sentinel. */
export function battery12vOf(block: unknown, socKey: string): VehicleState['battery12v'] {
  return rec(block) ? { soc: percent(at(block, socKey)) } : null;
}
