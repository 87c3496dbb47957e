// The US Hyundai payloads (cloud-protocol.md 2.3, 5.2), built on the real IONIQ 5 capture in data/.
import seed from './data/us_hyundai_ioniq_5_2024_cached.json';
import type { CarState } from './car-state';
import { evRange } from './car-state';
import { fromSeed, put } from './json-path';
import { doorOpenFlags, flag, targetList, windowOpenFlags } from './render-common';
import { isoSeconds, utcCompact } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

/** `vehicleStatus` of `rcs/rvs/vehicleStatus`. */
export function usVehicleStatus(state: CarState, at: number): Record<string, unknown> {
  const status = fromSeed(seed).vehicleStatus as Record<string, unknown>;
  const range = evRange(state);
  put(status, 'dateTime', isoSeconds(at));
  put(status, 'battery.batSoc', state.battery12vSentinel ? 255 : Math.round(state.battery12v));
  put(status, 'engine', state.engineOn);
  put(status, 'airCtrlOn', state.climate.on);
  put(status, 'airTemp', { value: String(Math.round(state.climate.temperature)), unit: 1 });
  put(status, 'defrost', state.climate.defrost);
  put(status, 'steerWheelHeat', flag(state.climate.steeringWheelHeat));
  put(status, 'sideBackWindowHeat', flag(state.climate.rearWindowHeat));
  put(status, 'doorLock', state.locked);
  put(status, 'doorOpen', doorOpenFlags(state));
  put(status, 'hoodOpen', state.doors.hood);
  put(status, 'trunkOpen', state.doors.trunk);
  put(status, 'windowOpen', windowOpenFlags(state));
  put(status, 'evStatus.batteryStatus', Math.round(state.ev.soc));
  put(status, 'evStatus.batteryCharge', state.ev.charging);
  put(status, 'evStatus.batteryPlugin', state.ev.pluggedIn ? 2 : 0);
  put(status, 'evStatus.batteryStndChrgPower', chargingPowerKw(state));
  put(status, 'evStatus.realTimePower', chargingPowerKw(state));
  put(status, 'evStatus.remainTime2.atc.value', minutesToFull(state));
  put(status, 'evStatus.drvDistance', [
    { rangeByFuel: { evModeRange: { value: range, unit: 3 }, totalAvailableRange: { value: range, unit: 3 } } },
  ]);
  put(status, 'evStatus.reservChargeInfos.targetSOClist', targetList(state));
  put(status, 'vehicleLocation', { coord: { lat: state.location.lat, lon: state.location.lon }, time: utcCompact(at) });
  return status;
}

/** The answer of `rcs/rfc/findMyCar`: it asks the modem, so it always shows the true position. */
export function usFindMyCar(state: CarState, at: number) {
  return {
    coord: { lat: state.location.lat, lon: state.location.lon, alt: 0, type: 0 },
    head: 0,
    speed: { value: 0, unit: 1 },
    accuracy: { hdop: 0, pdop: 0 },
    time: isoSeconds(at),
  };
}
