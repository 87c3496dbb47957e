// Reading what a cloud answered with HTTP 2xx. An answer that is empty, truncated, HTML or someone
// else's JSON is a fault of the cloud (CLOUD_UNAVAILABLE: retried, counted by the circuit breaker),
// never a refusal of our credentials and never the caller's mistake. Every client reads its token,
// car-list, status and command answers through these helpers, so the rule lives in one place.
import { VehicleError } from '../errors';
import { normalizeStatus } from '../state';
import type { StatusSource, VehicleState } from '../types';

/**
 * Token lifetimes a cloud may state. The documented ones run from 600 s (EU control token) to
 * 86400 s (EU CCS token, US Kia session); below MIN a token would be refreshed more than once a
 * second even at half its life, above MAX a date runs out of range long before the token matters.
 */
export const TOKEN_LIFETIME_SECONDS = { min: 2, max: 30 * 24 * 3600 } as const;

/** The error for a 2xx answer that is not the answer the protocol describes. */
export function unreadableAnswer(what: string, details: { maybeSent?: boolean; httpStatus?: number } = {}): VehicleError {
  return new VehicleError('CLOUD_UNAVAILABLE', `The cloud's answer to ${what} could not be read`, { retryable: true, ...details });
}

/** A JSON object (axios leaves non-JSON bodies as strings), or null. */
export function answerObject(data: unknown): Record<string, unknown> | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/**
 * A lifetime in seconds as the cloud stated it (a number or a numeric string). Missing or not a
 * positive number: the cloud's documented default. Otherwise clamped to TOKEN_LIFETIME_SECONDS.
 */
export function lifetimeSeconds(stated: unknown, documentedDefault: number): number {
  const n = typeof stated === 'number' ? stated : typeof stated === 'string' && stated.trim() !== '' ? Number(stated) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return documentedDefault;
  return Math.min(TOKEN_LIFETIME_SECONDS.max, Math.max(TOKEN_LIFETIME_SECONDS.min, n));
}

export interface TokenAnswer {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  lifetimeSeconds: number;
}

/**
 * A token endpoint's 2xx answer: it must be a JSON object with a non-empty access token (a string);
 * a refresh token, if present, must be a non-empty string too. Anything else is CLOUD_UNAVAILABLE.
 */
export function readTokenAnswer(
  data: unknown,
  fields: { access: string; refresh?: string; type?: string; lifetime: string; defaultLifetimeSeconds: number; what?: string },
): TokenAnswer {
  const what = fields.what ?? 'the token request';
  const body = answerObject(data);
  const access = body?.[fields.access];
  if (!body || typeof access !== 'string' || access.trim() === '') throw unreadableAnswer(what);
  const refresh = fields.refresh === undefined ? undefined : body[fields.refresh];
  if (refresh !== undefined && refresh !== null && (typeof refresh !== 'string' || refresh.trim() === '')) throw unreadableAnswer(what);
  const type = fields.type === undefined ? undefined : body[fields.type];
  return {
    accessToken: access,
    refreshToken: typeof refresh === 'string' ? refresh : undefined,
    tokenType: typeof type === 'string' && type.trim() !== '' ? type : undefined,
    lifetimeSeconds: lifetimeSeconds(body[fields.lifetime], fields.defaultLifetimeSeconds),
  };
}

/** normalizeStatus on a payload the cloud sent: a payload it cannot read is the cloud's fault. */
export function cloudStatus(source: StatusSource, payload: unknown): VehicleState {
  try {
    return normalizeStatus(source, payload);
  } catch (err) {
    if (err instanceof VehicleError && err.code === 'INVALID_INPUT') throw unreadableAnswer('the status request');
    throw err;
  }
}
