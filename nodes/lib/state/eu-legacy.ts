// EU cars on the older protocol (`ccuCCS2ProtocolSupport` 0). Input: the `vehicleStatusInfo` object
// of `status/latest` (`{ vehicleStatus, vehicleLocation, odometer }`), or the flat `vehicleStatus`
// that a forced `/status` returns as its whole `resMsg` (no location, no odometer).

import type { VehicleState } from '../types';
import { at, coordinates, distanceOf, EU_TEMP_TABLE, first, flag, fuelBlock, rec, timeOf, type Rec, type TempTable } from './read';
import { battery12vOf, climateOf, doorsOf, evOf, gasRangeOf, rangeOf, tireLampsOf, windowsOf } from './vehicle-status';

/** Legacy times are Berlin wall-clock readings (HKC `data_timezone`), with DST. */
const EU_ZONE = 'Europe/Berlin';

/** The status and what sits beside it, whether it came wrapped (`vehicleStatusInfo`, `resMsg`) or flat. */
function partsOf(payload: Rec): { info: Rec; status: Rec } {
  const info = rec(at(payload, 'resMsg.vehicleStatusInfo')) ?? rec(at(payload, 'vehicleStatusInfo')) ?? payload;
  // A forced `/status` answer is the vehicleStatus itself; its `/location` answer may sit beside it.
  return { info, status: rec(info.vehicleStatus) ?? info };
}

/**
 * The cached location (`vehicleLocation`, `/location/park`) carries Berlin wall-clock time; the
 * forced `/location` answer (`gpsDetail`) carries UTC (HKC `test_eu_forced_location_timezone`, kia_uvo #931).
 */
function locationOf(info: Rec, zone: string): VehicleState['location'] {
  const forced = first(at(info, 'vehicleLocation.gpsDetail'), info.gpsDetail);
  return placeOf(forced, undefined) ?? placeOf(info.vehicleLocation, zone);
}

function placeOf(block: unknown, zone: string | undefined): VehicleState['location'] {
  const position = coordinates(at(block, 'coord.lat'), at(block, 'coord.lon'));
  return position && { ...position, updatedAt: timeOf(at(block, 'time'), zone) };
}

export function normalizeEuLegacy(payload: Rec): VehicleState {
  return normalizeLegacy(payload, EU_ZONE, EU_TEMP_TABLE);
}

/**
 * The same status in a CCSP variant: AU/NZ and India answer it flat in `resMsg` (more-regions.md 2.4,
 * 3.3), with their own wall-clock zone; the client passes `{ vehicleStatus, vehicleLocation, odometer }`.
 */
export function normalizeLegacy(payload: Rec, zone: string, temperatures: TempTable): VehicleState {
  const { info, status } = partsOf(payload);
  const evStatus = at(status, 'evStatus');
  const ev = evOf(evStatus, at(evStatus, 'reservChargeInfos.targetSOClist'));
  return {
    updatedAt: timeOf(status.time, zone),
    locked: flag(status.doorLock),
    engineOn: flag(status.engine),
    doors: doorsOf(status.doorOpen, status.trunkOpen, status.hoodOpen),
    windows: windowsOf(status.windowOpen),
    climate: climateOf(status, 'C', temperatures),
    ev,
    range: rangeOf(status, evStatus, 'km'),
    fuel: fuelBlock(status.fuelLevel, status.lowFuelLight, ev !== null, gasRangeOf(evStatus)),
    odometer: distanceOf(first(info.odometer, status.odometer), 'km'),
    location: locationOf(info, zone),
    battery12v: battery12vOf(status.battery, 'batSoc'),
    tires: { lowPressure: tireLampsOf(status.tirePressureLamp) },
  };
}
