// US Hyundai error bodies (cloud-protocol.md 2.2, 2.4). The body's `errorCode` is what clients key
// on; statuses marked "assumed" are not documented.
import { json, Reply } from './http-types';

function hata(
  status: number,
  errorSubCode: string,
  functionName: string,
  errorMessage: string,
  errorCode: number,
  serviceName: string,
): Reply {
  return json(status, {
    errorSubCode,
    systemName: errorSubCode.startsWith('HT_') || errorSubCode === 'GEN' ? 'HATA' : 'IDM',
    functionName,
    errorSubMessage: errorSubCode.startsWith('C')
      ? errorMessage
      : `HATA ${functionName} service failed while performing the operation ${serviceName}`,
    errorMessage,
    errorCode,
    serviceName,
  });
}

export const usErrors = {
  expired: (fn: string) => hata(401, 'C401_2', fn, 'Token has expired', 401, 'CheckToken'),
  /** A token the server never issued. Status 401, body assumed. */
  invalidToken: (fn: string) => hata(401, 'C401_1', fn, 'Invalid access token', 400, 'CheckToken'),
  /** Status assumed 502. */
  quota: (fn: string) =>
    hata(
      502,
      'HT_534',
      fn,
      'You have exceeded the daily remote service request limit. Your last request was not processed.',
      502,
      'RemoteService',
    ),
  /** Status assumed 502. */
  unreachable: (fn: string) =>
    hata(
      502,
      'HT_900',
      fn,
      'Not able to connect with your vehicle. Manually start the vehicle to establish connectivity.',
      502,
      'RemoteService',
    ),
  missingPassword: () => hata(400, 'C400_1', 'getAccessToken', 'Parameter {password} field [Required] validation error.', 400, 'Login'),
  /** Wrong username or password. Body assumed (errorCode 400 so it never reads as token expiry). */
  badCredentials: () => hata(401, 'C401_3', 'getAccessToken', 'Invalid username or password.', 400, 'Login'),
  /** A spent, revoked or unknown refresh token. Body assumed. */
  badRefreshToken: () => hata(400, 'C400_3', 'getAccessToken', 'Invalid refresh token.', 400, 'Login'),
  /** Body assumed. */
  badPin: (fn: string) => hata(400, 'C400_4', fn, 'Invalid PIN.', 400, 'CheckPin'),
  badBody: (fn: string, detail: string) => hata(400, 'C400_1', fn, `Parameter validation error: ${detail}`, 400, 'RemoteService'),
  noVehicle: (fn: string) => hata(400, 'C400_2', fn, 'Vehicle not found for this account.', 400, 'RemoteService'),
};
