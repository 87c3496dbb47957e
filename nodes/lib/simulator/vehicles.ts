// A simulated car: its true state (what the car really is), the cloud's cached snapshot of it (what
// a cached read shows, with the time the car last reported), the one command slot, the action records.
import { CarIdentity, CarState, cloneState, seedIdentity, seedState } from './car-state';
import type { CarKind } from './options';

export type CarProtocol = 'eu' | 'eu-ccs2' | 'us-hyundai' | 'us-kia' | 'ca';

export interface ActionRecord {
  recordId: string;
  command: string;
  /** EU: null while pending, then `success` / `fail` / `non-response`. */
  result: null | 'success' | 'fail' | 'non-response';
  /** The device id that sent the command (EU records are listed per device). */
  deviceId?: string;
  createdAt: number;
}

export interface Snapshot {
  state: CarState;
  /** Epoch ms of the car's last report. */
  at: number;
}

/** Percent of battery gained per minute while charging (about 11 kW on a 77 kWh battery). */
const CHARGE_PERCENT_PER_MINUTE = 0.25;

export class SimCar {
  readonly identity: CarIdentity;
  readonly protocol: CarProtocol;
  truth: CarState;
  snapshot: Snapshot;
  /** The record of the command the car is executing; another command meanwhile is rejected. */
  inFlight: ActionRecord | null = null;
  readonly records: ActionRecord[] = [];
  /** A pending asynchronous force refresh (CCS2), so that two triggers do not stack. */
  pendingForce: unknown = null;
  private advancedAt: number;

  constructor(kind: CarKind, index: number, now: number) {
    this.identity = seedIdentity(kind, index);
    this.protocol =
      kind === 'ca-ev'
        ? 'ca'
        : kind === 'us-ev'
          ? 'us-hyundai'
          : kind === 'us-kia-ev'
            ? 'us-kia'
            : kind === 'eu-legacy-ev'
              ? 'eu'
              : 'eu-ccs2';
    this.truth = seedState(kind);
    this.advancedAt = now;
    // The cloud's copy is a quarter of an hour old when the simulator starts.
    this.snapshot = { state: cloneState(this.truth), at: now - 15 * 60_000 };
  }

  get id(): string {
    return this.identity.vehicleId;
  }

  /** Lets time pass for the true state: a charging car gains charge until it reaches its AC target. */
  advance(now: number): void {
    const minutes = Math.max(0, now - this.advancedAt) / 60_000;
    this.advancedAt = Math.max(this.advancedAt, now);
    const ev = this.truth.ev;
    if (!ev.charging) return;
    if (!ev.pluggedIn) {
      ev.charging = false;
      return;
    }
    ev.soc = Math.min(ev.targetAc, ev.soc + minutes * CHARGE_PERCENT_PER_MINUTE);
    if (ev.soc >= ev.targetAc) ev.charging = false;
  }

  /** The car reports: the cached snapshot becomes the true state, stamped now. */
  report(now: number): void {
    this.advance(now);
    this.snapshot = { state: cloneState(this.truth), at: now };
  }

  /** A force refresh wakes the car's modem, which costs the 12 V battery. */
  drain12v(percent: number): void {
    this.truth.battery12v = Math.max(0, this.truth.battery12v - percent);
  }
}

/** Rounded values for the renderers (the true state keeps fractions while charging). */
export function minutesToFull(state: CarState): number {
  if (!state.ev.charging) return 0;
  return Math.max(0, Math.ceil((state.ev.targetAc - state.ev.soc) / CHARGE_PERCENT_PER_MINUTE));
}

export function chargingPowerKw(state: CarState): number {
  return state.ev.charging ? 11 : 0;
}
