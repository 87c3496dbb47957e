// What a failed message carries: an Error with `code` (a Catch node reads msg.error.code) and
// `msg.errorDetails` with the facts a flow needs to decide whether and when to try again.
import type { ErrorCode, VehicleError } from '../lib';

export interface ErrorDetails {
  code: ErrorCode;
  retryable: boolean;
  retryAfterSeconds?: number;
  attempts: number;
  durationMs: number;
  cloudCode?: string;
  httpStatus?: number;
  /** The cloud asks for a one-time code: enter it in the account dialog (Kia USA). */
  otpRequired?: boolean;
  /** The command may have reached the car although its answer could not be read: check before resending. */
  maybeSent?: boolean;
}

/** `durationMs` is the node's own measure when the library did not give one. */
export function errorDetailsOf(err: VehicleError, durationMs: number): ErrorDetails {
  const details: ErrorDetails = {
    code: err.code,
    retryable: err.retryable,
    attempts: err.attempts ?? (err.code === 'INVALID_INPUT' ? 0 : 1),
    durationMs: err.durationMs ?? durationMs,
  };
  if (err.retryAfterSeconds !== undefined) details.retryAfterSeconds = err.retryAfterSeconds;
  if (err.cloudCode !== undefined) details.cloudCode = err.cloudCode;
  if (err.httpStatus !== undefined) details.httpStatus = err.httpStatus;
  if (err.otpRequired) details.otpRequired = true;
  if (err.maybeSent) details.maybeSent = true;
  return details;
}
