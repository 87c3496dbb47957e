// The Kia USA payloads (cloud-protocol.md 3.3, 5.2), built on the real Niro EV capture in data/.
import seed from './data/us_kia_niro_ev_2020_cached.json';
import type { CarState } from './car-state';
import { evRange } from './car-state';
import { fromSeed, put } from './json-path';
import { doorOpenFlags, flag, targetList, windowOpenFlags } from './render-common';
import { utcCompact } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

/** `lastVehicleInfo.vehicleStatusRpt.vehicleStatus`. */
export function kiaVehicleStatus(state: CarState, at: number): Record<string, unknown> {
  const status = structuredClone(
    (fromSeed(seed) as { lastVehicleInfo: { vehicleStatusRpt: { vehicleStatus: Record<string, unknown> } } }).lastVehicleInfo
      .vehicleStatusRpt.vehicleStatus,
  );
  const range = evRange(state);
  const doors = doorOpenFlags(state);
  put(status, 'syncDate.utc', utcCompact(at));
  put(status, 'batteryStatus.stateOfCharge', state.battery12vSentinel ? 255 : Math.round(state.battery12v));
  put(status, 'engine', state.engineOn);
  put(status, 'climate.airCtrl', state.climate.on);
  put(status, 'climate.airTemp', { value: String(Math.round(state.climate.temperature)), unit: 1 });
  put(status, 'climate.defrost', state.climate.defrost);
  put(status, 'climate.heatingAccessory.steeringWheel', flag(state.climate.steeringWheelHeat));
  put(status, 'climate.heatingAccessory.rearWindow', flag(state.climate.rearWindowHeat));
  put(status, 'doorLock', state.locked);
  put(status, 'doorStatus', { ...doors, hood: flag(state.doors.hood), trunk: flag(state.doors.trunk) });
  put(status, 'windowOpen', windowOpenFlags(state));
  put(status, 'evStatus.batteryStatus', Math.round(state.ev.soc));
  put(status, 'evStatus.batteryCharge', state.ev.charging);
  put(status, 'evStatus.batteryPlugin', state.ev.pluggedIn ? 2 : 0);
  put(status, 'evStatus.realTimePower', chargingPowerKw(state));
  put(status, 'evStatus.remainChargeTime.0.timeInterval.value', minutesToFull(state));
  put(status, 'evStatus.drvDistance', [
    { rangeByFuel: { evModeRange: { value: range, unit: 3 }, totalAvailableRange: { value: range, unit: 3 } } },
  ]);
  put(status, 'evStatus.targetSOC', targetList(state));
  return status;
}

/** One entry of `cmm/gvi`'s `vehicleInfoList`. */
export function kiaVehicleInfo(state: CarState, at: number, model: string, year: string): Record<string, unknown> {
  const info = fromSeed(seed);
  put(info, 'vehicleConfig.vehicleDetail.vehicle.mileage', String(Math.round(state.odometer)));
  put(info, 'vehicleConfig.vehicleDetail.vehicle.modelName', model);
  put(info, 'vehicleConfig.vehicleDetail.vehicle.modelYear', year);
  put(info, 'lastVehicleInfo.vehicleStatusRpt.vehicleStatus', kiaVehicleStatus(state, at));
  put(info, 'lastVehicleInfo.location', {
    coord: { lat: state.location.lat, lon: state.location.lon, alt: 0, type: 0 },
    syncDate: { utc: utcCompact(at) },
  });
  return info;
}
