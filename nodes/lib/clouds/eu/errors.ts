// The EU CCSP cloud's error table (cloud-protocol.md 1.12), also spoken by its Australian, New
// Zealand and Indian variants (more-regions.md 2, 3): where an answer carries its code, and which
// library code each one is. errors.ts looks it up; nothing else here.
import type { ErrorCode } from '../../errors';

/** EU CCSP `resCode` / `errCode` / `retCode`. */
export const EU_CODES: Record<string, ErrorCode> = {
  '4002': 'AUTH_FAILED', // invalid deviceId (SPA) or invalid parameters (identity server): re-login cures it
  '4003': 'AUTH_FAILED', // invalid values on sign-in
  '4010': 'AUTH_FAILED', // require authentication
  '4017': 'AUTH_FAILED', // invalid application id / stamp
  '7501': 'AUTH_FAILED', // identity server: refresh token rejected
  '4004': 'VEHICLE_BUSY', // duplicate request: a command is in flight
  '4005': 'UNSUPPORTED',
  '4081': 'VEHICLE_UNREACHABLE',
  '9999': 'VEHICLE_UNREACHABLE',
  '5031': 'CLOUD_UNAVAILABLE',
  '5091': 'RATE_LIMITED',
  '5921': 'CLOUD_UNAVAILABLE', // no data found
};

/** The CCSP code of an answer: a failed SPA envelope, the identity server's 7501 wrapper, a user-API `errCode`. */
export function euCloudCode(body: Record<string, unknown>): string | null {
  if (body.retCode === 'F' && body.resCode !== undefined) return String(body.resCode);
  if (body.retCode !== undefined && String(body.retCode) === '7501') return '7501';
  if (body.errCode !== undefined) return String(body.errCode);
  return null;
}
