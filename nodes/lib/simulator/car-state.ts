// A simulated car's true state, in the simulator's own words (not the library's VehicleState: the
// simulator shares no model with the clients). The renderers turn it into each cloud's payload.
import type { CarKind } from './options';

/** 0 closed, 1 open, 2 ventilation: the EU windowcurtain values (cloud-protocol.md 1.10). */
export type WindowPosition = 0 | 1 | 2;
/** The CCS2 charging-current levels: 1 = 100 %, 2 = 90 %, 3 = 60 %. */
export type CurrentLevel = 1 | 2 | 3;

export interface CarState {
  locked: boolean;
  engineOn: boolean;
  doors: { frontLeft: boolean; frontRight: boolean; rearLeft: boolean; rearRight: boolean; trunk: boolean; hood: boolean };
  windows: { frontLeft: WindowPosition; frontRight: WindowPosition; rearLeft: WindowPosition; rearRight: WindowPosition };
  climate: { on: boolean; temperature: number; unit: 'C' | 'F'; defrost: boolean; steeringWheelHeat: boolean; rearWindowHeat: boolean };
  ev: {
    soc: number;
    capacityKwh: number;
    charging: boolean;
    pluggedIn: boolean;
    chargePortOpen: boolean;
    targetAc: number;
    targetDc: number;
    currentLevel: CurrentLevel;
    /** Range per percent of battery, in the car's distance unit. */
    rangePerPercent: number;
  };
  /** Null for cars without a tank. */
  fuel: { level: number; low: boolean; rangeKm: number } | null;
  odometer: number;
  distanceUnit: 'km' | 'mi';
  location: { lat: number; lon: number };
  /** 12 V state of charge in percent; `sentinel` makes the car report 255 (unreliable sensor). */
  battery12v: number;
  battery12vSentinel: boolean;
  valetMode: boolean;
}

export interface CarIdentity {
  kind: CarKind;
  vehicleId: string;
  vin: string;
  nickname: string;
  model: string;
  year: string;
  /** EU vehicle-list type: EV, PE (PHEV). */
  euType: string;
}

const closedDoors = () => ({ frontLeft: false, frontRight: false, rearLeft: false, rearRight: false, trunk: false, hood: false });
const closedWindows = () => ({ frontLeft: 0, frontRight: 0, rearLeft: 0, rearRight: 0 }) as CarState['windows'];

/**
 * Initial true state per kind. The values are those of the real payload each car renders from
 * (data/*.json), except that every car starts plugged in so that "start charging" works in the demo.
 */
export function seedState(kind: CarKind): CarState {
  switch (kind) {
    case 'eu-legacy-ev': // eu_kia_ev6_2023_with_soc.json
      return base(
        { soc: 76, capacityKwh: 77.4, targetAc: 100, targetDc: 80, rangePerPercent: 310 / 76 },
        15234,
        'km',
        { lat: 52.52, lon: 13.405 },
        85,
        22,
      );
    case 'eu-ccs2-ev': // eu_kia_ev9_2024_ccs2.json
      return base(
        { soc: 71, capacityKwh: 76, targetAc: 100, targetDc: 80, rangePerPercent: 290 / 71 },
        5200,
        'km',
        { lat: 48.8566, lon: 2.3522 },
        88,
        22,
      );
    case 'eu-ccs2-phev': {
      // built on eu_kia_ev3_2025_ccs2.json: a tank and a small battery, type PE
      const state = base(
        { soc: 60, capacityKwh: 13.8, targetAc: 100, targetDc: 100, rangePerPercent: 0.9 },
        1774,
        'km',
        { lat: 50.1109, lon: 8.6821 },
        95,
        21,
      );
      state.fuel = { level: 65, low: false, rangeKm: 520 };
      return state;
    }
    case 'us-ev': {
      // us_hyundai_ioniq_5_2024_cached.json (°F, miles)
      const state = base(
        { soc: 85, capacityKwh: 77.4, targetAc: 100, targetDc: 80, rangePerPercent: 240 / 85 },
        12500,
        'mi',
        { lat: 34.0522, lon: -118.2437 },
        92,
        72,
      );
      state.climate.unit = 'F';
      return state;
    }
    case 'ca-ev': // a Niro EV as kia_uvo #881 shows it (km, °C)
      return base(
        { soc: 80, capacityKwh: 64.8, targetAc: 90, targetDc: 80, rangePerPercent: 441 / 100 },
        21044,
        'km',
        { lat: 43.6532, lon: -79.3832 },
        93,
        21,
      );
    case 'us-kia-ev': {
      // us_kia_niro_ev_2020_cached.json (°F, miles); unplugged in the capture, plugged in here
      const state = base(
        { soc: 68, capacityKwh: 64, targetAc: 100, targetDc: 80, rangePerPercent: 170 / 68 },
        23456,
        'mi',
        { lat: 37.7749, lon: -122.4194 },
        87,
        72,
      );
      state.climate.unit = 'F';
      return state;
    }
  }
}

function base(
  ev: Pick<CarState['ev'], 'soc' | 'capacityKwh' | 'targetAc' | 'targetDc' | 'rangePerPercent'>,
  odometer: number,
  distanceUnit: 'km' | 'mi',
  location: { lat: number; lon: number },
  battery12v: number,
  temperature: number,
): CarState {
  return {
    locked: true,
    engineOn: false,
    doors: closedDoors(),
    windows: closedWindows(),
    climate: { on: false, temperature, unit: 'C', defrost: false, steeringWheelHeat: false, rearWindowHeat: false },
    ev: { ...ev, charging: false, pluggedIn: true, chargePortOpen: false, currentLevel: 1 },
    fuel: null,
    odometer,
    distanceUnit,
    location,
    battery12v,
    battery12vSentinel: false,
    valetMode: false,
  };
}

/** Fixed ids so that the demo and repeated runs show the same cars. The VINs are made up. */
export function seedIdentity(kind: CarKind, index: number): CarIdentity {
  const n = String(index + 1).padStart(2, '0');
  switch (kind) {
    case 'eu-legacy-ev':
      return {
        kind,
        vehicleId: `5f0c6d2e-1a3b-4c5d-8e9f-0000000001${n}`,
        vin: `KNACC81CGP50001${n}`,
        nickname: 'Demo EV6',
        model: 'EV6',
        year: '2023',
        euType: 'EV',
      };
    case 'eu-ccs2-ev':
      return {
        kind,
        vehicleId: `5f0c6d2e-1a3b-4c5d-8e9f-0000000002${n}`,
        vin: `KNAGH81AGR60002${n}`,
        nickname: 'Demo EV9',
        model: 'EV9',
        year: '2024',
        euType: 'EV',
      };
    case 'eu-ccs2-phev':
      return {
        kind,
        vehicleId: `5f0c6d2e-1a3b-4c5d-8e9f-0000000003${n}`,
        vin: `KNAPU81BGS70003${n}`,
        nickname: 'Demo Sportage PHEV',
        model: 'Sportage PHEV',
        year: '2025',
        euType: 'PE',
      };
    case 'us-ev':
      return {
        kind,
        vehicleId: `H00000000000${n}`,
        vin: `KM8KRDDF5RU0004${n}`,
        nickname: 'Demo IONIQ 5',
        model: 'IONIQ 5',
        year: '2024',
        euType: 'EV',
      };
    case 'ca-ev': // Canada's vehicle ids are short base64 strings (kia_uvo #535)
      return {
        kind,
        vehicleId: Buffer.from(`ca-demo-niro-${n}`).toString('base64'),
        vin: `KNDCR3LE0R50005${n}`,
        nickname: 'Demo NIRO EV',
        model: 'NIRO EV',
        year: '2024',
        euType: 'EV',
      };
    case 'us-kia-ev':
      return {
        kind,
        vehicleId: `K0000000000${n}`,
        vin: `KNDCC3LG5L50005${n}`,
        nickname: 'Demo Niro EV',
        model: 'NIRO EV',
        year: '2020',
        euType: 'EV',
      };
  }
}

export function cloneState(state: CarState): CarState {
  return structuredClone(state);
}

/** Range in the car's unit from the battery (and the tank for a PHEV). */
export function evRange(state: CarState): number {
  return Math.round(state.ev.soc * state.ev.rangePerPercent);
}
