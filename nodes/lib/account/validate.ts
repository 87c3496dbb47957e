// Input checks that run before any cloud call: a bad value costs nothing and says what is allowed.
import { VehicleError } from '../errors';
import type { ClimateOptions, CommandOptions } from '../types';
import type { CloudClient, Command } from '../clouds/types';

function invalid(message: string): VehicleError {
  return new VehicleError('INVALID_INPUT', message);
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false`);
  return value;
}

export function checkVehicleRef(vehicle: unknown): string | undefined {
  if (vehicle === undefined || vehicle === null || vehicle === '') return undefined;
  if (typeof vehicle !== 'string') throw invalid('vehicle must be the vehicle id or the VIN (a string)');
  return vehicle;
}

export function checkCommandOptions(opts: CommandOptions | undefined): { confirm: boolean; timeoutMs: number } {
  const confirm = optionalBoolean(opts?.confirm, 'confirm') ?? true;
  const seconds = opts?.confirmTimeoutSeconds ?? 120;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 1 || seconds > 600) {
    throw invalid('confirmTimeoutSeconds must be a number from 1 to 600');
  }
  return { confirm, timeoutMs: seconds * 1000 };
}

export function checkMaxAge(maxAgeMinutes: unknown): number {
  const value = maxAgeMinutes ?? 60;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10080) {
    throw invalid('maxAgeMinutes must be a number of minutes from 0 to 10080');
  }
  return value;
}

export function climateCommand(client: CloudClient, opts: ClimateOptions | undefined): Command {
  const range = client.climate;
  const temperature = opts?.temperature ?? range.default;
  const stepsOk = Number.isInteger(Math.round((temperature - range.min) / range.step * 1e6) / 1e6);
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < range.min || temperature > range.max || !stepsOk) {
    throw invalid(`temperature must be from ${range.min} to ${range.max} °${range.unit} in steps of ${range.step}`);
  }
  const durationMinutes = opts?.durationMinutes ?? 10;
  if (typeof durationMinutes !== 'number' || !Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 30) {
    throw invalid('durationMinutes must be a whole number from 1 to 30');
  }
  return {
    kind: 'startClimate',
    temperature,
    defrost: optionalBoolean(opts?.defrost, 'defrost') ?? false,
    heating: optionalBoolean(opts?.heating, 'heating') ?? false,
    durationMinutes,
  };
}

export function windowsCommand(state: unknown): Command {
  if (state !== 'open' && state !== 'close' && state !== 'vent') throw invalid('windows state must be "open", "close" or "vent"');
  return { kind: 'setWindows', state };
}

function target(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 50 || value > 100 || value % 10 !== 0) {
    throw invalid(`${name} must be 50, 60, 70, 80, 90 or 100 (percent)`);
  }
  return value;
}

/** A missing side keeps the car's current target, which the caller passes in. */
export function targetsCommand(targets: unknown, current: { ac: number | null; dc: number | null } | null): Command {
  if (typeof targets !== 'object' || targets === null) throw invalid('targets must be an object { ac, dc }');
  const { ac, dc } = targets as { ac?: unknown; dc?: unknown };
  if (ac === undefined && dc === undefined) throw invalid('give at least one of targets.ac and targets.dc (50–100 in steps of 10)');
  return {
    kind: 'setChargeTargets',
    ac: ac === undefined ? current?.ac ?? 100 : target(ac, 'targets.ac'),
    dc: dc === undefined ? current?.dc ?? 100 : target(dc, 'targets.dc'),
  };
}

export function currentCommand(level: unknown): Command {
  if (level !== 100 && level !== 90 && level !== 60) throw invalid('charging current must be 100, 90 or 60 (percent)');
  return { kind: 'setChargingCurrent', level };
}
