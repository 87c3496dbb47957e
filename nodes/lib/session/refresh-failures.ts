// How the session reads a failure: one place that says which errors are retried, which end the
// refresh-token chain, which mean the cloud is struggling (the circuit breaker counts those) and
// which may have reached the server (a rotating cloud may already have consumed the refresh token).

import { E_CANCELED, E_TIMEOUT } from 'async-mutex';
import { classifyError, isTokenExpiredError, VehicleError, type ErrorCode } from '../errors';

/** The cloud rejected the credentials or the refresh token: retrying the same grant cannot help. */
export function isRejection(err: unknown): boolean {
  return classifyError(err).code === 'AUTH_FAILED';
}

/** Worth another attempt after a pause: network trouble, timeouts, 5xx, rate limits. */
export function isTransient(err: unknown): boolean {
  const { code, retryable } = classifyError(err);
  return retryable && code !== 'AUTH_FAILED';
}

/**
 * The cloud could not be reached, or what answered was not the cloud's answer (a 2xx with an
 * unreadable body): no HTTP error status. A 5xx or a quota is the cloud speaking, and is not this.
 */
export function isCloudFault(err: unknown): boolean {
  const { code } = classifyError(err);
  const status = (err as { httpStatus?: unknown } | null)?.httpStatus;
  return code === 'CLOUD_UNAVAILABLE' && (typeof status !== 'number' || (status >= 200 && status < 300));
}

/** Codes about one car or about the caller's input, not about the cloud's health. */
const NOT_AN_OUTAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'CONFIG_INVALID',
  'AUTH_FAILED',
  'CIRCUIT_OPEN',
  'VEHICLE_BUSY',
  'VEHICLE_UNREACHABLE',
]);

/** What the circuit breaker counts: transient cloud failures, never token expiry or input errors. */
export function countsAsOutage(err: unknown): boolean {
  if (isTokenExpiredError(err)) return false;
  const { code, retryable } = classifyError(err);
  return retryable && !NOT_AN_OUTAGE.has(code);
}

/** Failures that happen before a request leaves the machine, so the server never saw it. */
const BEFORE_SEND = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b/;

/**
 * False only when the request surely did not reach the token endpoint (connection never made) or
 * was turned away at the door (rate limit). Anything else (reset, timeout, 5xx) may have rotated
 * the refresh token server-side.
 */
export function mayHaveReachedServer(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const text = `${typeof e?.code === 'string' ? e.code : ''} ${typeof e?.message === 'string' ? e.message : ''}`;
  if (BEFORE_SEND.test(text)) return false;
  return classifyError(err).code !== 'RATE_LIMITED';
}

/** The error every call gets once the session is closed (re-deploy or shutdown). */
export function sessionClosedError(): VehicleError {
  return new VehicleError('CLOUD_UNAVAILABLE', 'The session was closed (re-deploy or shutdown)', { retryable: true });
}

/** Every call while the session waits for the user (reauth-required). */
export function reauthRequiredError(why?: string): VehicleError {
  return new VehicleError('AUTH_FAILED', why ?? 'Re-login required: the cloud rejected the credentials or the refresh token', {
    retryable: false,
  });
}

/** async-mutex's singleton errors as the library's own: cancelled by stop(), or waited too long. */
export function fromLock(err: unknown): unknown {
  if (err === E_CANCELED) return sessionClosedError();
  if (err === E_TIMEOUT) return new VehicleError('TOKEN_REFRESH_FAILED', 'Timed out waiting for the token refresh', { retryable: true });
  return err;
}
