// The US Hyundai payloads (cloud-protocol.md 2.3, 5.2), built on the real IONIQ 5 capture in data/.
import seed from './data/us_hyundai_ioniq_5_2024_cached.json';
import type { CarState } from './car-state';
import { evRange } from './car-state';
import { fromSeed, put } from './json-path';
import { isoSeconds, utcCompact } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

const open = (flag: boolean) => (flag ? 1 : 0);

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
  put(status, 'steerWheelHeat', open(state.climate.steeringWheelHeat));
  put(status, 'sideBackWindowHeat', open(state.climate.rearWindowHeat));
  put(status, 'doorLock', state.locked);
  put(status, 'doorOpen', {
    frontLeft: open(state.doors.frontLeft),
    frontRight: open(state.doors.frontRight),
    backLeft: open(state.doors.rearLeft),
    backRight: open(state.doors.rearRight),
  });
  put(status, 'hoodOpen', state.doors.hood);
  put(status, 'trunkOpen', state.doors.trunk);
  put(status, 'windowOpen', {
    frontLeft: open(state.windows.frontLeft > 0),
    frontRight: open(state.windows.frontRight > 0),
    backLeft: open(state.windows.rearLeft > 0),
    backRight: open(state.windows.rearRight > 0),
  });
  put(status, 'evStatus.batteryStatus', Math.round(state.ev.soc));
  put(status, 'evStatus.batteryCharge', state.ev.charging);
  put(status, 'evStatus.batteryPlugin', state.ev.pluggedIn ? 2 : 0);
  put(status, 'evStatus.batteryStndChrgPower', chargingPowerKw(state));
  put(status, 'evStatus.realTimePower', chargingPowerKw(state));
  put(status, 'evStatus.remainTime2.atc.value', minutesToFull(state));
  put(status, 'evStatus.drvDistance', [
    { rangeByFuel: { evModeRange: { value: range, unit: 3 }, totalAvailableRange: { value: range, unit: 3 } } },
  ]);
  put(status, 'evStatus.reservChargeInfos.targetSOClist', [
    { plugType: 0, targetSOClevel: state.ev.targetDc },
    { plugType: 1, targetSOClevel: state.ev.targetAc },
  ]);
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
