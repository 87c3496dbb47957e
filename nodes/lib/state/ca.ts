// Canada. Input: `{ status, chargeLimits?, location? }`: the `result.status` of `lstvhclsts` (cached)
// or `rltmvhclsts` (forced), the `evc/selsoc` list (`[{ plugType, level }]`, 0 = DC, 1 = AC) and the
// `fndmcr` answer, when read; a bare status object is accepted too. Distances are km and
// temperatures °C unless a unit code says otherwise; `lastStatusDate` is UTC (more-regions.md 1.7).

import type { VehicleState } from '../types';
import { at, coordinates, distanceOf, first, flag, fuelBlock, num, rec, timeOf, type Rec } from './read';
import { battery12vOf, doorsOf, evOf, gasRangeOf, rangeOf, steeringHeat, tireLampsOf, windowsOf } from './vehicle-status';

/** Canada's hex code counts from 14.0 °C in 0.5 steps up to 31.5 °C (cars from 2020; HKC). */
function celsiusOf(code: unknown): number | null {
  if (typeof code !== 'string') return null;
  const match = /^\s*([0-9a-f]{1,2})h\s*$/i.exec(code);
  if (!match) return null;
  const index = parseInt(match[1], 16);
  return index <= 35 ? 14 + index * 0.5 : null;
}

function climateOf(status: Rec): VehicleState['climate'] {
  const on = flag(status.airCtrlOn);
  const code = at(status, 'airTemp.value');
  // "00H" / "01H" is what a car with the climate off reports (more-regions.md 1.7), not a setting.
  const idle = on === false && typeof code === 'string' && /^\s*0?[01]h\s*$/i.test(code);
  const temperature = idle ? null : celsiusOf(code);
  return {
    on,
    temperature,
    unit: temperature === null ? null : 'C', // the hex code counts °C
    defrost: flag(status.defrost),
    steeringWheelHeat: steeringHeat(status.steerWheelHeat),
    rearWindowHeat: flag(status.sideBackWindowHeat),
  };
}

/** `evc/selsoc` answers `{ plugType, level }`; the status may carry `reservChargeInfos.targetSOClist`. */
function targetList(chargeLimits: unknown, evStatus: unknown): unknown {
  if (Array.isArray(chargeLimits))
    return chargeLimits.map((entry) => ({ plugType: at(entry, 'plugType'), targetSOClevel: at(entry, 'level') }));
  return first(at(evStatus, 'reservChargeInfos.targetSOClist'), at(evStatus, 'targetSOC'));
}

function locationOf(raw: unknown): VehicleState['location'] {
  const coord = first(rec(at(raw, 'coord')), rec(at(raw, 'gpsDetail.coord')));
  const position = coordinates(at(coord, 'lat'), at(coord, 'lon'));
  return position && { ...position, updatedAt: timeOf(first(at(raw, 'time'), at(raw, 'gpsDetail.time'))) };
}

/** Canadian EVs report `gasModeRange: 0` (kia_uvo #881): only a range above 0 shows a tank. */
function combustionRange(evStatus: unknown): number | undefined {
  const range = num(gasRangeOf(evStatus));
  return range !== null && range > 0 ? range : undefined;
}

export function normalizeCa(payload: Rec): VehicleState {
  const status = rec(payload.status) ?? payload;
  const evStatus = status.evStatus;
  const ev = evOf(evStatus, targetList(payload.chargeLimits, evStatus));
  return {
    updatedAt: timeOf(status.lastStatusDate),
    locked: flag(status.doorLock),
    engineOn: flag(status.engine),
    doors: doorsOf(status.doorOpen, status.trunkOpen, status.hoodOpen),
    windows: windowsOf(status.windowOpen),
    climate: climateOf(status),
    ev,
    range: rangeOf(status, evStatus, 'km'),
    fuel: fuelBlock(status.fuelLevel, status.lowFuelLight, ev !== null, combustionRange(evStatus)),
    odometer: distanceOf(first(status.odometer, payload.odometer), 'km'),
    location: locationOf(first(payload.location, status.vehicleLocation)),
    battery12v: battery12vOf(status.battery, 'batSoc'),
    tires: { lowPressure: tireLampsOf(status.tirePressureLamp) },
  };
}
