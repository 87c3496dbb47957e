// Readers for the `vehicleStatus` object that EU legacy, US Hyundai and US Kia inherited from one
// design (cloud-protocol.md 5.2): the same `doorOpen`, `windowOpen`, `evStatus`, `drvDistance` and
// `targetSOClist` shapes, with small differences each source file handles itself.

import type { VehicleState } from '../types';
import { anyOn, at, distance, first, flag, num, percent, rec, setTemperature, targetsByPlug, within, type DistanceUnit } from './read';

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
export function climateOf(status: unknown, fallbackUnit: 'C' | 'F'): Climate {
  const { temperature, unit } = setTemperature(at(status, 'airTemp.value'), at(status, 'airTemp.unit'), fallbackUnit);
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
 * `realTimePower` (US) or `batteryPower` (EU legacy); a flat `batteryStndChrgPower` is not the
 * charging power (the US Hyundai fixture expects null there).
 */
export function evOf(evStatus: unknown, targetList: unknown): Ev | null {
  if (!rec(evStatus)) return null;
  const fastPower = within(at(evStatus, 'batteryPower.batteryFstChrgPower'), 0, 1000);
  return {
    soc: percent(at(evStatus, 'batteryStatus')),
    charging: flag(at(evStatus, 'batteryCharge')),
    pluggedIn: flag(at(evStatus, 'batteryPlugin')),
    chargePortOpen: chargePortOpen(at(evStatus, 'chargePortDoorOpenStatus')),
    chargingPowerKw: num(
      first(at(evStatus, 'realTimePower'), fastPower ? fastPower : undefined, at(evStatus, 'batteryPower.batteryStndChrgPower')),
    ),
    minutesToFull: within(first(at(evStatus, 'remainTime2.atc.value'), at(evStatus, 'remainChargeTime.0.timeInterval.value')), 0, 100000),
    targetSoc: targetsByPlug(targetList),
    chargingCurrent: null,
  };
}

/** The total range: the battery's `drvDistance` first, then `dte` / `distanceToEmpty` (cars with a tank only). */
export function rangeOf(status: unknown, evStatus: unknown, fallback: DistanceUnit): VehicleState['range'] {
  const total = at(evStatus, 'drvDistance.0.rangeByFuel.totalAvailableRange');
  const candidate = rec(total) ? total : first(rec(at(status, 'dte')) ?? undefined, rec(at(status, 'distanceToEmpty')) ?? undefined);
  return distance(at(candidate, 'value'), at(candidate, 'unit'), fallback);
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
