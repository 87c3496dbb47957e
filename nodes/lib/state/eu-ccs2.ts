// EU cars on the CCS2 protocol. Input: the `state.Vehicle` object of `ccs2/carstatus/latest`
// (the `{ state: { Vehicle } }` or `resMsg` wrappers are unwrapped too). Field paths:
// docs/research/cloud-protocol.md §5.2, column "EU CCS2".

import type { VehicleState } from '../types';
import {
  anyOn,
  at,
  coordinates,
  first,
  flag,
  fuelBlock,
  num,
  percent,
  rec,
  setTemperature,
  timeOf,
  within,
  distance,
  type Rec,
} from './read';

const DOORS = { frontLeft: 'Row1.Driver', frontRight: 'Row1.Passenger', rearLeft: 'Row2.Left', rearRight: 'Row2.Right' } as const;
type Corner = keyof typeof DOORS;
const CORNERS = Object.keys(DOORS) as Corner[];

/** `ElectricCurrentLevel.State`: the AC charging current limit as 1/2/3. */
const CHARGING_CURRENT: Record<number, 100 | 90 | 60> = { 1: 100, 2: 90, 3: 60 };

function unwrap(payload: Rec): { vehicle: Rec; lastUpdateTime: unknown } {
  const resMsg = rec(payload.resMsg) ?? payload;
  const vehicle = rec(at(resMsg, 'state.Vehicle')) ?? resMsg;
  return { vehicle, lastUpdateTime: resMsg.lastUpdateTime };
}

/** Door locks are inverted on CCS2: `Lock` 0 / false means locked (HKC `not bool(Lock)`). */
function lockedOf(vehicle: Rec): boolean | null {
  const unlocked = anyOn(CORNERS.map((c) => at(vehicle, `Cabin.Door.${DOORS[c]}.Lock`)));
  return unlocked === null ? null : !unlocked;
}

/** A window is open when `Open` says so or, vented, when `Open` is 0 but `OpenLevel` above 0. */
function windowOpen(vehicle: Rec, corner: Corner): boolean | null {
  const base = `Cabin.Window.${DOORS[corner]}`;
  return anyOn([at(vehicle, `${base}.Open`), at(vehicle, `${base}.OpenLevel`)]);
}

/** `ChargingDoor.State`: 1 open, 0 / 2 closed. */
function chargeDoor(value: unknown): boolean | null {
  const n = num(value);
  return n === 1 ? true : n === 0 || n === 2 ? false : null;
}

/** A car has a traction battery when it reports its charge or its charging (an ICE car has neither). */
function evOf(green: unknown): VehicleState['ev'] {
  const info = at(green, 'ChargingInformation');
  const hasBattery =
    rec(at(green, 'BatteryManagement.BatteryRemain')) !== null ||
    [at(info, 'TargetSoC'), at(info, 'ConnectorFastening'), at(info, 'Charging')].some((v) => rec(v) !== null);
  if (!hasBattery) return null;
  const remain = within(at(info, 'Charging.RemainTime'), 0, 100000);
  return {
    soc: percent(at(green, 'BatteryManagement.BatteryRemain.Ratio')),
    charging: remain === null ? null : remain > 0,
    pluggedIn: flag(at(info, 'ConnectorFastening.State')),
    chargePortOpen: chargeDoor(at(green, 'ChargingDoor.State')),
    chargingPowerKw: num(at(green, 'Electric.SmartGrid.RealTimePower')),
    minutesToFull: remain,
    targetSoc: { ac: within(at(info, 'TargetSoC.Standard'), 1, 100), dc: within(at(info, 'TargetSoC.Quick'), 1, 100) },
    chargingCurrent: CHARGING_CURRENT[num(at(info, 'ElectricCurrentLevel.State')) ?? -1] ?? null,
  };
}

/** The 12 V reading is missing when the sensor says it is unreliable or reports 255. */
function battery12vOf(vehicle: Rec): VehicleState['battery12v'] {
  const battery = rec(at(vehicle, 'Electronics.Battery'));
  if (!battery) return null;
  const unreliable = flag(battery.SensorReliability) === true;
  return { soc: unreliable ? null : percent(battery.Level) };
}

/**
 * Where the car was and when. `Location.Date` is UTC; `TimeStamp` is the car's wall clock, which
 * is `Location.Offset` hours ahead of UTC (EV3 capture: Date 18:28 UTC, TimeStamp 20:28, Offset 2).
 */
function locationOf(vehicle: Rec): VehicleState['location'] {
  const position = coordinates(at(vehicle, 'Location.GeoCoord.Latitude'), at(vehicle, 'Location.GeoCoord.Longitude'));
  if (!position) return null;
  return {
    ...position,
    updatedAt: timeOf(at(vehicle, 'Location.Date')) ?? stampTime(at(vehicle, 'Location.TimeStamp'), at(vehicle, 'Location.Offset')),
  };
}

function stampTime(stamp: unknown, offsetHours: unknown): string | null {
  const part = (key: string, min: number, max: number): string | null => {
    const n = within(at(stamp, key), min, max);
    return n === null || !Number.isInteger(n) ? null : String(n).padStart(key === 'Year' ? 4 : 2, '0');
  };
  const parts = [
    part('Year', 1970, 9999),
    part('Mon', 1, 12),
    part('Day', 1, 31),
    part('Hour', 0, 23),
    part('Min', 0, 59),
    part('Sec', 0, 59),
  ];
  if (parts.some((p) => p === null)) return null;
  const wall = timeOf(parts.join(''));
  const offset = within(offsetHours, -14, 14) ?? 0;
  return wall && new Date(Date.parse(wall) - offset * 3600_000).toISOString();
}

export function normalizeEuCcs2(payload: Rec): VehicleState {
  const { vehicle, lastUpdateTime } = unwrap(payload);
  const green = at(vehicle, 'Green');
  const ev = evOf(green);
  const hvac = at(vehicle, 'Cabin.HVAC.Row1.Driver');
  const blower = num(at(hvac, 'Blower.SpeedLevel'));
  const dte = at(vehicle, 'Drivetrain.FuelSystem.DTE');
  const fuelSystem = at(vehicle, 'Drivetrain.FuelSystem');
  const doorOpen = (corner: Corner): boolean | null => flag(at(vehicle, `Cabin.Door.${DOORS[corner]}.Open`));
  return {
    updatedAt: timeOf(vehicle.Date) ?? timeOf(lastUpdateTime),
    locked: lockedOf(vehicle),
    engineOn: flag(first(vehicle.DrivingReady, at(vehicle, 'Drivetrain.DrivingReady'), at(green, 'DrivingReady'))),
    doors: {
      frontLeft: doorOpen('frontLeft'),
      frontRight: doorOpen('frontRight'),
      rearLeft: doorOpen('rearLeft'),
      rearRight: doorOpen('rearRight'),
      trunk: flag(at(vehicle, 'Body.Trunk.Open')),
      hood: flag(at(vehicle, 'Body.Hood.Open')),
    },
    windows: {
      frontLeft: windowOpen(vehicle, 'frontLeft'),
      frontRight: windowOpen(vehicle, 'frontRight'),
      rearLeft: windowOpen(vehicle, 'rearLeft'),
      rearRight: windowOpen(vehicle, 'rearRight'),
    },
    climate: {
      on: blower === null ? null : blower > 0,
      ...setTemperature(at(hvac, 'Temperature.Value'), at(hvac, 'Temperature.Unit'), 'C'),
      defrost: flag(at(vehicle, 'Body.Windshield.Front.Defog.State')),
      steeringWheelHeat: flag(at(vehicle, 'Cabin.SteeringWheel.Heat.State')),
      rearWindowHeat: flag(at(vehicle, 'Body.Windshield.Rear.Defog.State')),
    },
    ev,
    range: distance(at(dte, 'Total'), at(dte, 'Unit'), 'km'),
    fuel: fuelBlock(at(fuelSystem, 'FuelLevel'), at(fuelSystem, 'LowFuelWarning'), ev !== null, at(dte, 'ICE')),
    // The odometer is reported in km whatever the display unit (HKC reads it as km).
    odometer: distance(at(vehicle, 'Drivetrain.Odometer'), 1, 'km'),
    location: locationOf(vehicle),
    battery12v: battery12vOf(vehicle),
    tires: {
      lowPressure: anyOn([
        at(vehicle, 'Chassis.Axle.Tire.PressureLow'),
        ...['Row1.Left', 'Row1.Right', 'Row2.Left', 'Row2.Right'].map((w) => at(vehicle, `Chassis.Axle.${w}.Tire.PressureLow`)),
      ]),
    },
  };
}
