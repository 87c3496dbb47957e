// The EU legacy payloads (cloud-protocol.md 1.9, 5.2), built on the real EV6 capture in data/.
import seed from './data/eu_kia_ev6_2023_with_soc.json';
import type { CarState } from './car-state';
import { evRange } from './car-state';
import { tempCodeFromCelsius } from './eu-temp-code';
import { fromSeed, put } from './json-path';
import { doorOpenFlags, flag, targetList, windowOpenFlags } from './render-common';
import { MARKET_STYLE, type CcspMarket } from './ccsp-tenants';
import { berlinCompact, zonedCompact } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

/** `vehicleStatus` as the forced `/status` answers it (flat) and as it sits inside `vehicleStatusInfo`. */
export function legacyVehicleStatus(state: CarState, at: number, market: CcspMarket = 'eu'): Record<string, unknown> {
  const status = fromSeed(seed).vehicleStatus as Record<string, unknown>;
  const range = evRange(state);
  const style = MARKET_STYLE[market];
  put(status, 'time', zonedCompact(at, style.zone));
  put(status, 'battery.batSoc', state.battery12vSentinel ? 255 : Math.round(state.battery12v));
  put(status, 'engine', state.engineOn);
  put(status, 'airCtrlOn', state.climate.on);
  put(status, 'airTemp', { value: tempCodeFromCelsius(state.climate.temperature, style.temps), unit: 0 });
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
  put(status, 'evStatus.chargePortDoorOpenStatus', state.ev.chargePortOpen ? 1 : 2);
  put(status, 'evStatus.batteryPower.batteryStndChrgPower', chargingPowerKw(state));
  put(status, 'evStatus.remainTime2.atc.value', minutesToFull(state));
  put(status, 'evStatus.drvDistance', [
    { rangeByFuel: { evModeRange: { value: range, unit: 1 }, totalAvailableRange: { value: range, unit: 1 } } },
  ]);
  put(status, 'evStatus.reservChargeInfos.targetSOClist', targetList(state));
  put(status, 'dte', { value: range, unit: 1 });
  return status;
}

export function legacyLocation(state: CarState, at: number, market: CcspMarket = 'eu') {
  return {
    coord: { lat: state.location.lat, lon: state.location.lon, alt: 0, type: 0 },
    time: zonedCompact(at, MARKET_STYLE[market].zone),
  };
}

/** `resMsg.vehicleStatusInfo` of the cached `status/latest`. */
export function legacyStatusInfo(state: CarState, at: number) {
  return {
    vehicleStatus: legacyVehicleStatus(state, at),
    vehicleLocation: legacyLocation(state, at),
    odometer: { value: Math.round(state.odometer), unit: 1 },
  };
}

/** `resMsg.gpsDetail` of the forced `/location`. */
export function legacyGpsDetail(state: CarState, at: number) {
  return {
    coord: { lat: state.location.lat, lon: state.location.lon, alt: 0, type: 0 },
    head: 0,
    speed: { value: 0, unit: 0 },
    accuracy: { hdop: 0, pdop: 0 },
    time: berlinCompact(at),
  };
}
