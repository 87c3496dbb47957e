// Input checks that run before any cloud call: a bad value costs nothing and says what is allowed.
import { VehicleError } from '../errors';
import { INPUT_RANGES as I } from '../ranges';
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
  const range = I.confirmTimeoutSeconds;
  const seconds = opts?.confirmTimeoutSeconds ?? range.default;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < range.min || seconds > range.max) {
    throw invalid(`confirmTimeoutSeconds must be a number from ${range.min} to ${range.max}`);
  }
  return { confirm, timeoutMs: seconds * 1000 };
}

export function checkMaxAge(maxAgeMinutes: unknown): number {
  const range = I.maxAgeMinutes;
  const value = maxAgeMinutes ?? range.default;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw invalid(`maxAgeMinutes must be a number of minutes from ${range.min} to ${range.max}`);
  }
  return value;
}

export function climateCommand(client: CloudClient, opts: ClimateOptions | undefined): Command {
  const range = client.climate;
  const temperature = opts?.temperature ?? range.default;
  const stepsOk = Number.isInteger(Math.round(((temperature - range.min) / range.step) * 1e6) / 1e6);
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < range.min || temperature > range.max || !stepsOk) {
    throw invalid(`temperature must be from ${range.min} to ${range.max} °${range.unit} in steps of ${range.step}`);
  }
  const duration = I.durationMinutes;
  const durationMinutes = opts?.durationMinutes ?? duration.default;
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    durationMinutes < duration.min ||
    durationMinutes > duration.max
  ) {
    throw invalid(`durationMinutes must be a whole number from ${duration.min} to ${duration.max}`);
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
  const { min, max, step } = I.chargeTarget;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max || value % step !== 0) {
    throw invalid(`${name} must be from ${min} to ${max} in steps of ${step} (percent)`);
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
    ac: ac === undefined ? (current?.ac ?? 100) : target(ac, 'targets.ac'),
    dc: dc === undefined ? (current?.dc ?? 100) : target(dc, 'targets.dc'),
  };
}

export function currentCommand(level: unknown): Command {
  if (!(I.chargingCurrent as readonly unknown[]).includes(level))
    throw invalid(
      `charging current must be ${I.chargingCurrent.slice(0, -1).join(', ')} or ${I.chargingCurrent[I.chargingCurrent.length - 1]} (percent)`,
    );
  return { kind: 'setChargingCurrent', level: level as 100 | 90 | 60 };
}
