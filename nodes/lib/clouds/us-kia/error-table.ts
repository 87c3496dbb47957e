// Kia USA's error table: where an answer carries its code (the `status` envelope, docs/research/cloud-protocol.md
// 3.2) and which library code each one is. errors.ts looks it up; 1003 / 1005 (an expired session)
// are told by isTokenExpiredError, and the session's retry-on-expiry cures them with one sign-in.
import type { ErrorCode } from '../../errors';

/** US Kia `status.errorCode`. */
export const US_KIA_CODES: Record<string, ErrorCode> = {
  '1001': 'AUTH_FAILED',
  '9789': 'CLOUD_UNAVAILABLE',
};

export function usKiaCloudCode(body: Record<string, unknown>): string | null {
  const status = typeof body.status === 'object' && body.status !== null ? (body.status as Record<string, unknown>) : null;
  return status && Number(status.statusCode) === 1 && status.errorCode !== undefined ? String(status.errorCode) : null;
}
