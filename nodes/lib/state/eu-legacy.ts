// EU cars on the older protocol (`ccuCCS2ProtocolSupport` 0). Input: the `vehicleStatusInfo` object
// of `status/latest` (`{ vehicleStatus, vehicleLocation, odometer }`), or the flat `vehicleStatus`
// that a forced `/status` returns as its whole `resMsg` (no location, no odometer).

import type { VehicleState } from '../types';
import { at, coordinates, distanceOf, first, flag, fuelBlock, rec, timeOf, type Rec } from './read';
import { battery12vOf, climateOf, doorsOf, evOf, gasRangeOf, rangeOf, tireLampsOf, windowsOf } from './vehicle-status';

/** Legacy times are Berlin wall-clock readings (HKC `data_timezone`), with DST. */
const EU_ZONE = 'Europe/Berlin';

interface Parts {
  status: Rec;
  location: unknown;
  odometer: unknown;
}

/** Finds the status whether it came wrapped (`vehicleStatusInfo`, `resMsg`) or flat. */
function partsOf(payload: Rec): Parts {
  const info = rec(at(payload, 'resMsg.vehicleStatusInfo')) ?? rec(at(payload, 'vehicleStatusInfo')) ?? payload;
  const wrapped = rec(info.vehicleStatus);
  if (wrapped) return { status: wrapped, location: info.vehicleLocation, odometer: info.odometer };
  // A forced status is the vehicleStatus itself; a `/location` answer may sit beside it.
  return { status: info, location: first(info.vehicleLocation, at(info, 'gpsDetail')), odometer: info.odometer };
}

function locationOf(raw: unknown): VehicleState['location'] {
  const block = rec(at(raw, 'gpsDetail')) ?? raw;
  const position = coordinates(at(block, 'coord.lat'), at(block, 'coord.lon'));
  return position && { ...position, updatedAt: timeOf(at(block, 'time'), EU_ZONE) };
}

export function normalizeEuLegacy(payload: Rec): VehicleState {
  const { status, location, odometer } = partsOf(payload);
  const evStatus = at(status, 'evStatus');
  const ev = evOf(evStatus, at(evStatus, 'reservChargeInfos.targetSOClist'));
  return {
    updatedAt: timeOf(status.time, EU_ZONE),
    locked: flag(status.doorLock),
    engineOn: flag(status.engine),
    doors: doorsOf(status.doorOpen, status.trunkOpen, status.hoodOpen),
    windows: windowsOf(status.windowOpen),
    climate: climateOf(status, 'C'),
    ev,
    range: rangeOf(status, evStatus, 'km'),
    fuel: fuelBlock(status.fuelLevel, status.lowFuelLight, ev !== null, gasRangeOf(evStatus)),
    odometer: distanceOf(odometer, 'km'),
    location: locationOf(location),
    battery12v: battery12vOf(status.battery, 'batSoc'),
    tires: { lowPressure: tireLampsOf(status.tirePressureLamp) },
  };
}

