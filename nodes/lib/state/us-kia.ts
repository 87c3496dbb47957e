// US Kia (Kia Connect). Input: the `cmm/gvi` payload (`{ vehicleConfig, lastVehicleInfo, ... }`; a
// `vehicleInfoList` around it, or a `rems/rvs` `vehicleStatusRpt`, is unwrapped too). Climate lives
// under `climate`, doors under `doorStatus`; °F, miles and UTC `syncDate`s unless codes say otherwise.

import type { VehicleState } from '../types';
import { anyOn, at, coordinates, distanceOf, first, flag, fuelBlock, rec, setTemperature, timeOf, type Rec } from './read';
import { battery12vOf, doorsOf, evOf, gasRangeOf, rangeOf, tireLampsOf, windowsOf } from './vehicle-status';

function unwrap(payload: Rec): { info: Rec; status: Rec } {
  const body = rec(payload.payload) ?? payload;
  const info = rec(at(body, 'vehicleInfoList.0')) ?? body;
  const status =
    rec(at(info, 'lastVehicleInfo.vehicleStatusRpt.vehicleStatus')) ??
    rec(at(info, 'vehicleStatusRpt.vehicleStatus')) ??
    rec(info.vehicleStatus) ??
    {};
  return { info, status };
}

function climateOf(climate: unknown): VehicleState['climate'] {
  return {
    on: flag(at(climate, 'airCtrl')),
    ...setTemperature(at(climate, 'airTemp.value'), at(climate, 'airTemp.unit'), 'F'),
    defrost: flag(at(climate, 'defrost')),
    steeringWheelHeat: flag(at(climate, 'heatingAccessory.steeringWheel')),
    rearWindowHeat: flag(at(climate, 'heatingAccessory.rearWindow')),
  };
}

/** `windowOpen`, else the EV's `windowStatus.window{FL,FR,RL,RR}` (docs/research/cloud-protocol.md §5.2). */
function windowsOfKia(status: Rec): VehicleState['windows'] {
  if (rec(status.windowOpen)) return windowsOf(status.windowOpen);
  const ws = at(status, 'evStatus.windowStatus');
  return {
    frontLeft: flag(at(ws, 'windowFL')),
    frontRight: flag(at(ws, 'windowFR')),
    rearLeft: flag(at(ws, 'windowRL')),
    rearRight: flag(at(ws, 'windowRR')),
  };
}

function locationOf(raw: unknown): VehicleState['location'] {
  const position = coordinates(at(raw, 'coord.lat'), at(raw, 'coord.lon'));
  return position && { ...position, updatedAt: timeOf(first(at(raw, 'syncDate.utc'), at(raw, 'time'))) };
}

export function normalizeUsKia(payload: Rec): VehicleState {
  const { info, status } = unwrap(payload);
  const evStatus = status.evStatus;
  const ev = evOf(evStatus, first(at(evStatus, 'targetSOC'), at(evStatus, 'reservChargeInfos.targetSOClist')));
  const doorStatus = status.doorStatus;
  return {
    updatedAt: timeOf(at(status, 'syncDate.utc')),
    locked: flag(status.doorLock),
    engineOn: flag(status.engine),
    doors: doorsOf(doorStatus, at(doorStatus, 'trunk'), at(doorStatus, 'hood')),
    windows: windowsOfKia(status),
    climate: climateOf(status.climate),
    ev,
    range: rangeOf(status, evStatus, 'mi'),
    fuel: fuelBlock(status.fuelLevel, status.lowFuelLight, ev !== null, gasRangeOf(evStatus)),
    odometer: distanceOf(first(at(info, 'vehicleConfig.vehicleDetail.vehicle.mileage'), status.odometer), 'mi'),
    location: locationOf(first(at(info, 'lastVehicleInfo.location'), info.location)),
    battery12v: battery12vOf(status.batteryStatus, 'stateOfCharge'),
    tires: { lowPressure: anyOn([at(status, 'tirePressure.all')]) ?? tireLampsOf(status.tirePressureLamp) },
  };
}
