// Canada's flat `status` object (more-regions.md 1.7; shapes as kia_uvo #881 and #73 logged them):
// `lastStatusDate` in UTC, temperatures as a hex code counted from 14.0 °C in 0.5 steps, 1 = km.
import type { CarState } from './car-state';
import { evRange } from './car-state';
import { doorOpenFlags, flag, windowOpenFlags } from './render-common';
import { utcCompact } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

/** 21 °C → "0EH"; a car with the climate off reports "00H". */
export function caTempCode(celsius: number): string {
  const index = Math.max(0, Math.min(35, Math.round((celsius - 14) * 2)));
  return `${index.toString(16).toUpperCase().padStart(2, '0')}H`;
}

export function caCelsius(code: unknown): number | null {
  const match = typeof code === 'string' ? /^([0-9A-Fa-f]{2})H$/.exec(code) : null;
  if (!match) return null;
  const index = parseInt(match[1], 16);
  return index <= 35 ? 14 + index * 0.5 : null;
}

const km = (value: number) => ({ value, unit: 1 });

export function caStatus(state: CarState, at: number): Record<string, unknown> {
  const range = evRange(state);
  const minutes = minutesToFull(state);
  return {
    lastStatusDate: utcCompact(at),
    airCtrlOn: state.climate.on,
    engine: state.engineOn,
    doorLock: state.locked,
    doorOpen: doorOpenFlags(state),
    trunkOpen: state.doors.trunk,
    airTempUnit: 'C',
    airTemp: { value: state.climate.on ? caTempCode(state.climate.temperature) : '00H', unit: 0 },
    defrost: state.climate.defrost,
    lowFuelLight: false,
    acc: false,
    evStatus: {
      batteryCharge: state.ev.charging,
      batteryStatus: Math.round(state.ev.soc),
      batteryPlugin: state.ev.pluggedIn ? 2 : 0,
      batteryPower: { batteryFstChrgPower: 0, batteryStndChrgPower: chargingPowerKw(state) },
      remainTime2: { etc1: km(0), etc2: km(0), etc3: km(0), atc: km(minutes) },
      drvDistance: [{ rangeByFuel: { gasModeRange: km(0), evModeRange: km(range), totalAvailableRange: km(range) }, type: 2 }],
    },
    hoodOpen: state.doors.hood,
    transCond: true,
    steerWheelHeat: flag(state.climate.steeringWheelHeat),
    sideBackWindowHeat: flag(state.climate.rearWindowHeat),
    dte: {},
    tirePressureLamp: { tirePressureLampAll: 0 },
    battery: {
      batSoc: state.battery12vSentinel ? 255 : Math.round(state.battery12v),
      sjbDeliveryMode: 1,
      batSignalReferenceValue: { batWarning: 65 },
      powerAutoCutMode: 2,
    },
    remoteIgnition: true,
    seatHeaterVentInfo: { drvSeatHeatState: 2, astSeatHeatState: 2, rlSeatHeatState: 2, rrSeatHeatState: 2 },
    sleepModeCheck: false,
    windowOpen: windowOpenFlags(state),
  };
}

/** `evc/selsoc`: a list, 0 = DC, 1 = AC (more-regions.md 1.7). */
export function caChargeLimits(state: CarState) {
  return [
    { plugType: 0, level: state.ev.targetDc },
    { plugType: 1, level: state.ev.targetAc },
  ];
}

/** `nxtsvc` → `maintenanceInfo` (kia_uvo #46). */
export function caMaintenance(state: CarState) {
  return {
    currentOdometer: Math.round(state.odometer),
    currentOdometerUnit: 1,
    imatServiceOdometer: 24000,
    imatServiceOdometerUnit: 1,
    msopServiceOdometer: 16000,
    msopServiceOdometerUnit: 1,
    mtspServiceDate: '20260301',
    mtitServiceDate: '20250301',
    serviceOdometerDuration: 8000,
    serviceDaysDuration: 365,
    serviceMonthsThreshold: 12,
  };
}

export function caLocation(state: CarState, at: number) {
  return {
    coord: { lat: state.location.lat, lon: state.location.lon, alt: 0, type: 0 },
    head: 0,
    speed: { value: 0, unit: 0 },
    time: utcCompact(at),
  };
}
