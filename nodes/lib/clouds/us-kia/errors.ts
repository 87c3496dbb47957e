// Kia USA answers with HTTP 200 and a `status` envelope (cloud-protocol.md 3.2): statusCode 0 is
// success; anything else is an error whose errorCode says what. The table of those codes is beside
// this file (error-table.ts: 1001 wrong password, 9789 invalid request; 1003 / 1005 an expired
// session, which the session's retry-on-expiry cures with one sign-in).
import type { AxiosResponse } from 'axios';
import { toVehicleError, type VehicleError } from '../../errors';

interface KiaStatus {
  statusCode?: number | string;
  errorType?: number | string;
  errorCode?: number | string;
  errorMessage?: string;
}

/** The envelope's status, when the body has one. */
export function kiaStatus(data: unknown): KiaStatus | null {
  const status = (data as { status?: unknown } | null)?.status;
  return typeof status === 'object' && status !== null ? (status as KiaStatus) : null;
}

/** The error an answer carries, or null when it is a success (statusCode 0). */
export function kiaFailure(response: Pick<AxiosResponse, 'status' | 'data'>, context?: string): VehicleError | null {
  const status = kiaStatus(response.data);
  if (!status || Number(status.statusCode) === 0) return null;
  return toVehicleError({ response: { status: response.status, data: response.data } }, context);
}
