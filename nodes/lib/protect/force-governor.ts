// Decides whether a forced read (which wakes the car: minutes of modem and ECUs on the 12 V battery)
// may go to the car now. A refused one never reaches the cloud; the caller gets the cached state and
// the reason, which is the name of the option that refused it.
import type { Protection } from './options';
import { insideWindow, localMinuteOfDay } from './local-day';

export type Refusal = 'forceRefresh' | 'quietHours' | 'min12vSoc' | 'minForceIntervalMinutes';

export class ForceGovernor {
  /** The last forced-read attempt per car (epoch ms), failed ones included. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly rules: Pick<Protection, 'forceRefresh' | 'quietHours' | 'min12vSoc' | 'minForceIntervalMs'>,
    private readonly now: () => number,
  ) {}

  /** Why a forced read of `carId` must not happen now, or null. `soc12v`: the last known 12 V charge. */
  refusal(carId: string, soc12v: number | null | undefined): Refusal | null {
    const r = this.rules;
    if (r.forceRefresh === 'never') return 'forceRefresh';
    const now = this.now();
    if (r.quietHours && insideWindow(localMinuteOfDay(now), r.quietHours.from, r.quietHours.to)) return 'quietHours';
    if (r.min12vSoc > 0 && typeof soc12v === 'number' && soc12v < r.min12vSoc) return 'min12vSoc';
    const last = this.attempts.get(carId);
    // A clock set back by less than the interval still counts as "too soon".
    if (last !== undefined && Math.abs(now - last) < r.minForceIntervalMs) return 'minForceIntervalMinutes';
    return null;
  }

  /** Called just before the forced read goes out: a failure counts as much as a success. */
  attempted(carId: string): void {
    this.attempts.set(carId, this.now());
  }

  /** When the next forced read of `carId` is allowed by the interval (ISO), or null. */
  nextAllowed(carId: string): string | null {
    const last = this.attempts.get(carId);
    return last === undefined || this.rules.minForceIntervalMs === 0 ? null : new Date(last + this.rules.minForceIntervalMs).toISOString();
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.attempts);
  }

  restore(attempts: Record<string, number>): void {
    for (const [car, at] of Object.entries(attempts)) {
      if (typeof at === 'number' && at > (this.attempts.get(car) ?? 0)) this.attempts.set(car, at);
    }
  }
}
