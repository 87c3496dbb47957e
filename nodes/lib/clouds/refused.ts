// Token and PIN endpoints: a 4xx answer means the grant, the password or the PIN itself was refused
// (re-login required), not a passing fault. Every cloud's credential calls share this one rule.
import { VehicleError, toVehicleError } from '../errors';

/** The error for a failed credential call: AUTH_FAILED for a refusal, else as classified. */
export function credentialError(err: unknown, context: string, message?: string): VehicleError {
  const error = toVehicleError(err, context);
  const status = error.httpStatus;
  const refused = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
  // An expired access token (on the PIN call) is for the session to cure, not a refusal.
  if (!refused || error.tokenExpired) return error;
  return new VehicleError('AUTH_FAILED', message ?? error.message, { httpStatus: status, cloudCode: error.cloudCode });
}
