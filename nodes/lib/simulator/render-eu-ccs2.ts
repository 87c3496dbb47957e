// The EU CCS2 payload `state.Vehicle` (cloud-protocol.md 1.9, 5.2), built on the real EV9 capture
// for the EV and on the EV3 capture (given a tank and a small battery) for the PHEV.
import ev9 from './data/eu_kia_ev9_2024_ccs2.json';
import ev3 from './data/eu_kia_ev3_2025_ccs2.json';
import type { CarState, WindowPosition } from './car-state';
import { evRange } from './car-state';
import { get, fromSeed, put } from './json-path';
import { utcCompact, utcParts } from './time-format';
import { chargingPowerKw, minutesToFull } from './vehicles';

const DOORS = [
  ['Row1.Driver', 'frontLeft'],
  ['Row1.Passenger', 'frontRight'],
  ['Row2.Left', 'rearLeft'],
  ['Row2.Right', 'rearRight'],
] as const;

/** Vented is `Open 0` with an `OpenLevel` above zero (cloud-protocol.md 5.2). */
function windowFields(position: WindowPosition) {
  return position === 1 ? { Open: 1, OpenLevel: 100 } : position === 2 ? { Open: 0, OpenLevel: 20 } : { Open: 0, OpenLevel: 0 };
}

export function ccs2Vehicle(state: CarState, at: number, phev: boolean): Record<string, unknown> {
  const vehicle = fromSeed(phev ? ev3 : ev9);
  const sentinel = state.battery12vSentinel;
  const evKm = evRange(state);
  put(vehicle, 'Date', utcCompact(at, true));
  put(vehicle, 'DrivingReady', state.engineOn);
  put(vehicle, 'Drivetrain.Odometer', Math.round(state.odometer * 10) / 10);
  put(vehicle, 'Drivetrain.FuelSystem.DTE.Unit', 1);
  if (state.fuel) {
    put(vehicle, 'Drivetrain.FuelSystem.DTE.Total', evKm + state.fuel.rangeKm);
    put(vehicle, 'Drivetrain.FuelSystem.DTE.EV', evKm);
    put(vehicle, 'Drivetrain.FuelSystem.FuelLevel', state.fuel.level);
    put(vehicle, 'Drivetrain.FuelSystem.LowFuelWarning', state.fuel.low);
  } else {
    put(vehicle, 'Drivetrain.FuelSystem.DTE.Total', evKm);
  }
  put(vehicle, 'Electronics.Battery.Level', sentinel ? 255 : Math.round(state.battery12v));
  put(vehicle, 'Electronics.Battery.SensorReliability', sentinel ? 1 : 0);

  const offValue = get(vehicle, 'Cabin.HVAC.Row1.Driver.Temperature.Value') === 'OFF' ? 'OFF' : state.climate.temperature;
  put(vehicle, 'Cabin.HVAC.Row1.Driver.Temperature', {
    Value: state.climate.on ? state.climate.temperature : offValue,
    Unit: state.climate.unit === 'F' ? 1 : 0,
  });
  put(vehicle, 'Cabin.HVAC.Row1.Driver.Blower.SpeedLevel', state.climate.on ? 4 : 0);
  put(vehicle, 'Cabin.SteeringWheel.Heat.State', state.climate.steeringWheelHeat);
  put(vehicle, 'Body.Windshield.Front.Defog.State', state.climate.defrost);
  put(vehicle, 'Body.Windshield.Rear.Defog.State', state.climate.rearWindowHeat);
  for (const [path, door] of DOORS) {
    put(vehicle, `Cabin.Door.${path}.Open`, state.doors[door]);
    put(vehicle, `Cabin.Door.${path}.Lock`, !state.locked); // inverted: 0 / false means locked
    const window = windowFields(state.windows[door]);
    put(vehicle, `Cabin.Window.${path}.Open`, window.Open);
    put(vehicle, `Cabin.Window.${path}.OpenLevel`, window.OpenLevel);
  }
  put(vehicle, 'Body.Hood.Open', state.doors.hood);
  put(vehicle, 'Body.Trunk.Open', state.doors.trunk);

  put(vehicle, 'Green.BatteryManagement.BatteryRemain.Ratio', Math.round(state.ev.soc));
  put(vehicle, 'Green.BatteryManagement.BatteryRemain.Value', Math.round(state.ev.soc * state.ev.capacityKwh * 10) / 1000);
  put(vehicle, 'Green.ChargingInformation.TargetSoC', { Standard: state.ev.targetAc, Quick: state.ev.targetDc });
  put(vehicle, 'Green.ChargingInformation.ElectricCurrentLevel.State', state.ev.currentLevel);
  put(vehicle, 'Green.ChargingInformation.ConnectorFastening.State', state.ev.pluggedIn);
  put(vehicle, 'Green.ChargingInformation.Charging.RemainTime', minutesToFull(state));
  put(vehicle, 'Green.ChargingDoor.State', state.ev.chargePortOpen ? 1 : 2);
  put(vehicle, 'Green.Electric.SmartGrid.RealTimePower', chargingPowerKw(state));

  put(vehicle, 'Location.GeoCoord.Latitude', state.location.lat);
  put(vehicle, 'Location.GeoCoord.Longitude', state.location.lon);
  put(vehicle, 'Location.TimeStamp', utcParts(at));
  return vehicle;
}

/** `resMsg` of `ccs2/carstatus/latest`. */
export function ccs2Latest(state: CarState, at: number, phev: boolean) {
  return { state: { Vehicle: ccs2Vehicle(state, at, phev) }, lastUpdateTime: String(at) };
}
