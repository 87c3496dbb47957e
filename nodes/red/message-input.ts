// The message contract of every action node (docs/contract.md §4), in one place: the node's
// properties are the defaults, `msg.vehicle` and `msg.payload` override them. Everything read from a
// message is checked here, so that a bad message fails with INVALID_INPUT before any cloud call.
import { VehicleError } from '../lib';
import type { Message } from './types';

export type Overrides = Record<string, unknown>;

export function invalid(message: string): VehicleError {
  return new VehicleError('INVALID_INPUT', message, { retryable: false, attempts: 0 });
}

/** A string payload is the action, an object payload overrides properties, anything else is ignored. */
export function overridesOf(msg: Message): Overrides {
  const payload = msg.payload;
  if (typeof payload === 'string') return payload.trim() === '' ? {} : { action: payload.trim() };
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && !Buffer.isBuffer(payload)) {
    return payload as Overrides;
  }
  return {};
}

/** `msg.vehicle` (an id, a VIN, or a VehicleInfo from a status node) wins over the node's vehicle. */
export function vehicleOf(msg: Message, configured: unknown): string | undefined {
  const given = msg.vehicle;
  if (given === undefined || given === null || given === '') return textOrUndefined(configured);
  if (typeof given === 'string') return given.trim();
  const id = typeof given === 'object' ? (given as { id?: unknown }).id : undefined;
  if (typeof id === 'string' && id !== '') return id;
  throw invalid('msg.vehicle must be a vehicle id, a VIN or a vehicle object with an id');
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

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(`${name} must be one of ${allowed.join(', ')}`);
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
