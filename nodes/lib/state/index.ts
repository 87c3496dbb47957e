// normalizeStatus (docs/contract.md §7): one cloud payload in, one VehicleState out, every field
// present and null where the car did not report it. Each payload shape has its own file.

import { VehicleError } from '../errors';
import type { StatusSource, VehicleState } from '../types';
import { normalizeAuLegacy, normalizeInLegacy } from './ccsp-legacy';
import { normalizeCa } from './ca';
import { normalizeEuCcs2 } from './eu-ccs2';
import { normalizeEuLegacy } from './eu-legacy';
import { rec, type Rec } from './read';
import { normalizeUsHyundai } from './us-hyundai';
import { normalizeUsKia } from './us-kia';

const NORMALIZERS: Record<StatusSource, (payload: Rec) => VehicleState> = {
  eu: normalizeEuLegacy,
  'eu-ccs2': normalizeEuCcs2,
  'us-hyundai': normalizeUsHyundai,
  'us-kia': normalizeUsKia,
  ca: normalizeCa,
  au: normalizeAuLegacy,
  in: normalizeInLegacy,
};

export const STATUS_SOURCES = Object.keys(NORMALIZERS) as StatusSource[];

/**
 * Turns a status payload, its envelope removed, into the normalized state. Missing or garbled fields
 * become null; only a payload that is not an object at all (or an unknown source) is an error.
 */
export function normalizeStatus(source: StatusSource, payload: unknown): VehicleState {
  const normalize = Object.prototype.hasOwnProperty.call(NORMALIZERS, source) ? NORMALIZERS[source] : undefined;
  if (!normalize) {
    throw new VehicleError('INVALID_INPUT', `Unknown status source; allowed: ${STATUS_SOURCES.join(', ')}`);
  }
  const record = rec(payload);
  if (!record) {
    throw new VehicleError('INVALID_INPUT', `A ${source} status payload must be an object, got ${describe(payload)}`);
  }
  return normalize(record);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
