// The message contract of every action node (docs/contract.md §4), in one place: the node's
// properties are the defaults, `msg.vehicle` and `msg.payload` override them. Everything read from a
// message is checked here, so that a bad message fails with INVALID_INPUT before any cloud call.
import { VehicleError } from '../lib';
import type { Message } from './types';

export type Overrides = Record<string, unknown>;

export function invalid(message: string): VehicleError {
  return new VehicleError('INVALID_INPUT', message, { retryable: false, attempts: 0 });
}

/**
 * What `msg.payload` asks of a node whose object payload may carry `keys`:
 * - a trigger (a number such as an inject timestamp, an empty string, `true`): the node's own settings;
 * - a non-empty string: the action (or the status node's mode);
 * - an object whose keys are all known, at least one: overrides.
 * Anything else (`false`, null, an array, a Buffer, an object with no known key or an unknown key)
 * is INVALID_INPUT naming what was sent and what is allowed: nothing but a clear ask moves the car.
 */
export function overridesOf(msg: Message, keys: readonly string[]): Overrides {
  const payload = msg.payload;
  if (typeof payload === 'number' || payload === true) return {};
  if (typeof payload === 'string') return payload.trim() === '' ? {} : { action: payload.trim() };
  const allowed = `a number, an empty string or true (run the node as set), an action string, or an object with ${keys.join(', ')}`;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Buffer.isBuffer(payload)) {
    throw invalid(`msg.payload ${describePayload(payload)} is not understood; send ${allowed}`);
  }
  const given = Object.keys(payload);
  const unknown = given.find((key) => !keys.includes(key));
  if (unknown !== undefined) throw invalid(`msg.payload has an unknown key "${unknown.slice(0, 40)}"; allowed keys: ${keys.join(', ')}`);
  if (given.length === 0) throw invalid(`msg.payload is an empty object; send ${allowed}`);
  return payload as Overrides;
}

function describePayload(payload: unknown): string {
  if (payload === undefined) return 'is missing and';
  if (payload === null) return 'null';
  if (Array.isArray(payload)) return 'as an array';
  if (Buffer.isBuffer(payload)) return 'as a Buffer';
  return typeof payload === 'boolean' ? String(payload) : `of type ${typeof payload}`;
}

/**
 * `msg.vehicle` wins over the node's vehicle: the id or the VIN, a VehicleInfo (from a status node),
 * `{ id }` or `{ vin }`.
 */
export function vehicleOf(msg: Message, configured: unknown): string | undefined {
  const given = msg.vehicle;
  if (given === undefined || given === null || given === '') return textOrUndefined(configured);
  if (typeof given === 'string') return given.trim();
  if (typeof given === 'object' && !Array.isArray(given)) {
    const { id, vin } = given as { id?: unknown; vin?: unknown };
    if (typeof id === 'string' && id.trim() !== '') return id.trim();
    if (typeof vin === 'string' && vin.trim() !== '') return vin.trim();
  }
  throw invalid('msg.vehicle must be the vehicle id, the VIN, a vehicle object from a status node, { id } or { vin }');
}

/** The override when the message gives one, else the node's property; empty means "not set". */
export function pick(overrides: Overrides, config: Record<string, unknown>, key: string): unknown {
  const value = isUnset(overrides[key]) ? config[key] : overrides[key];
  return isUnset(value) ? undefined : value;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** One of `allowed`, in any letter case ("LOCK", "openport"); answered in the canonical spelling. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const match = text === undefined ? undefined : allowed.find((a) => a.toLowerCase() === text);
  if (match !== undefined) return match;
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : describePayload(value);
  throw invalid(`${name} must be one of ${allowed.join(', ')} (any letter case), not ${shown}`);
}

interface NumberRule {
  min?: number;
  max?: number;
  /** The value must be a multiple of this step. */
  step?: number;
  allowed?: readonly number[];
}

/** A number, or a string holding one (editor fields and dashboards send strings). */
export function optionalNumber(value: unknown, name: string, rule: NumberRule = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw invalid(`${name} must be a number`);
  if (rule.allowed && !rule.allowed.includes(n)) throw invalid(`${name} must be one of ${rule.allowed.join(', ')}`);
  if (rule.min !== undefined && n < rule.min) throw invalid(`${name} must be at least ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw invalid(`${name} must be at most ${rule.max}`);
  if (rule.step !== undefined && Math.abs(n / rule.step - Math.round(n / rule.step)) > 1e-9) {
    throw invalid(`${name} must be a multiple of ${rule.step}`);
  }
  return n;
}

export function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(`${name} must be true or false`);
}

/** `confirm` defaults to true: wait for the car unless the flow says otherwise. */
export function confirmOf(overrides: Overrides, config: Record<string, unknown>): { confirm: boolean } {
  return { confirm: optionalBoolean(pick(overrides, config, 'confirm'), 'confirm') ?? true };
}

/** Drops the options the message and the node left unset, so the library applies its defaults. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
