// What the Account needs from a cloud: an auth strategy for the session, and calls that each take the
// current access token (so the session can retry them once with a new one).
import type { ActionResult, AuthStrategy, VehicleInfo, VehicleState } from '../types';

/** A car as the cloud lists it, plus what the client needs to address it. */
export interface CloudVehicle extends VehicleInfo {
  /** Cloud-specific addressing data (EU CCS2 flag, US registration id and generation, ...). */
  meta: Record<string, unknown>;
}

/** Every remote command the library knows, with its validated arguments. */
export type Command =
  | { kind: 'lock' }
  | { kind: 'unlock' }
  | { kind: 'startClimate'; temperature: number; defrost: boolean; heating: boolean; durationMinutes: number }
  | { kind: 'stopClimate' }
  | { kind: 'setWindows'; state: 'open' | 'close' | 'vent' }
  | { kind: 'startCharge' }
  | { kind: 'stopCharge' }
  | { kind: 'openChargePort' }
  | { kind: 'closeChargePort' }
  | { kind: 'setChargeTargets'; ac: number; dc: number }
  | { kind: 'setChargingCurrent'; level: 100 | 90 | 60 };

export type CommandKind = Command['kind'];

export interface CloudStatus {
  state: VehicleState;
}

export interface CloudClient {
  readonly strategy: AuthStrategy;
  /** The temperature range and unit this cloud accepts for climate. */
  readonly climate: { min: number; max: number; step: number; unit: 'C' | 'F'; default: number };
  vehicles(accessToken: string): Promise<CloudVehicle[]>;
  /** The cloud's stored copy; does not wake the car. */
  readCached(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus>;
  /** Wakes the car and returns its fresh state (costs 12 V and quota). */
  readForce(accessToken: string, vehicle: CloudVehicle): Promise<CloudStatus>;
  /** Why this car or region cannot do a command, or null when it can. */
  unsupported(vehicle: CloudVehicle, command: CommandKind): string | null;
  /** Sends a command once (never retried); resolves with the cloud's action id, if it gives one. */
  send(accessToken: string, vehicle: CloudVehicle, command: Command): Promise<string | null>;
  actionStatus(accessToken: string, vehicle: CloudVehicle, actionId: string): Promise<ActionResult['result']>;
  /** Stops whatever the client holds open. */
  close?(): Promise<void>;
}
