// US Hyundai's (and Genesis') error table: where an answer carries its code, and which library code each one is.
// errors.ts looks them up; nothing else here.
import type { ErrorCode } from '../../errors';

/** US Hyundai `errorSubCode` (cloud-protocol.md 2.4). */
export const US_HYUNDAI_CODES: Record<string, ErrorCode> = {
  HT_534: 'RATE_LIMITED',
  HT_900: 'VEHICLE_UNREACHABLE',
  GEN: 'CLOUD_UNAVAILABLE',
  C400_1: 'AUTH_FAILED',
};

export function usHyundaiCloudCode(body: Record<string, unknown>): string | null {
  return typeof body.errorSubCode === 'string' ? body.errorSubCode : null;
}
