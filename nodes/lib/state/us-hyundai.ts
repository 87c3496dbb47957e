// US Hyundai (Blue Link). Input: `{ vehicleStatus, vehicleDetails? }`: the body of
// `rcs/rvs/vehicleStatus` plus, for the odometer, the car's `vehicleDetails` from enrollment.
// Temperatures are °F and distances miles unless a unit code says otherwise; times are UTC.

import type { VehicleState } from '../types';
import { at, coordinates, distanceOf, first, flag, fuelBlock, rec, timeOf, type Rec } from './read';
import { battery12vOf, climateOf, doorsOf, evOf, gasRangeOf, rangeOf, tireLampsOf, windowsOf } from './vehicle-status';

function locationOf(raw: unknown): VehicleState['location'] {
  const position = coordinates(at(raw, 'coord.lat'), at(raw, 'coord.lon'));
  return position && { ...position, updatedAt: timeOf(at(raw, 'time')) };
}

export function normalizeUsHyundai(payload: Rec): VehicleState {
  // Accept the bare vehicleStatus too: then the payload is the status itself.
  const status = rec(payload.vehicleStatus) ?? payload;
  const details = rec(payload.vehicleDetails) ?? rec(at(payload, 'enrollment.vehicleDetails'));
  const evStatus = status.evStatus;
  const ev = evOf(evStatus, at(evStatus, 'reservChargeInfos.targetSOClist'));
  return {
    updatedAt: timeOf(first(status.dateTime, status.time)),
    locked: flag(status.doorLock),
    engineOn: flag(status.engine),
    doors: doorsOf(status.doorOpen, status.trunkOpen, status.hoodOpen),
    windows: windowsOf(status.windowOpen),
    climate: climateOf(status, 'F'),
    ev,
    range: rangeOf(status, evStatus, 'mi'),
    fuel: fuelBlock(status.fuelLevel, status.lowFuelLight, ev !== null, gasRangeOf(evStatus)),
    odometer: distanceOf(first(at(details, 'odometer'), status.odometer), 'mi'),
    location: locationOf(first(status.vehicleLocation, payload.vehicleLocation, payload.location)),
    battery12v: battery12vOf(status.battery, 'batSoc'),
    tires: { lowPressure: tireLampsOf(status.tirePressureLamp) },
  };
}
