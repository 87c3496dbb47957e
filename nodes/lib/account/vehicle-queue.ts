// Serialises work per vehicle: the clouds reject a command while another is in flight (EU 4004).
// A car has at most MAX_PER_CAR commands at a time, the running one included: more is VEHICLE_BUSY at
// once, so a flow stuck in a loop cannot pile up hours of commands. A command identical to the last one
// queued for the car (same `sameAs` key), while that one waits or runs, shares its cloud call and its
// answer; after a different command (lock, unlock, lock) it is a command of its own, so the car ends
// as the last message asked.
import { VehicleError } from '../errors';

export const MAX_PER_CAR = 10;

export class VehicleQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Commands per car that have not finished (holds included). */
  private readonly counts = new Map<string, number>();
  /** The answer of each command per car and `sameAs` key, until that answer is given. */
  private readonly shared = new Map<string, Promise<unknown>>();
  /** The `sameAs` key of the last command queued per car (undefined: one that shares with nobody). */
  private readonly lastKey = new Map<string, string | undefined>();

  /**
   * Runs `work` after everything queued for the car before it. The car stays reserved until `hold`
   * settles, even after the caller has its value: a command sent without waiting for the car still
   * keeps the next one from meeting a busy car.
   */
  async runHolding<T>(vehicleId: string, work: () => Promise<{ value: T; hold?: Promise<unknown> }>, sameAs?: string): Promise<T> {
    const key = sameAs === undefined ? undefined : `${vehicleId}\n${sameAs}`;
    const twin = key !== undefined && this.lastKey.get(vehicleId) === key ? this.shared.get(key) : undefined;
    if (twin) return (twin as Promise<T>).then((v) => (typeof v === 'object' && v !== null ? { ...v } : v));
    const count = this.counts.get(vehicleId) ?? 0;
    if (count >= MAX_PER_CAR) {
      throw new VehicleError('VEHICLE_BUSY', `${MAX_PER_CAR} commands are already waiting for this car; try again when they are done`, {
        attempts: 0,
      });
    }
    this.counts.set(vehicleId, count + 1);
    this.lastKey.set(vehicleId, key);

    const previous = this.tails.get(vehicleId) ?? Promise.resolve();
    const outcome = previous.then(work, work);
    const tail = outcome.then(
      (o) => o.hold?.catch(() => undefined),
      () => undefined,
    );
    this.tails.set(vehicleId, tail);
    void tail.then(() => {
      if (this.tails.get(vehicleId) === tail) this.tails.delete(vehicleId);
      const left = (this.counts.get(vehicleId) ?? 1) - 1;
      if (left > 0) this.counts.set(vehicleId, left);
      else {
        this.counts.delete(vehicleId);
        this.lastKey.delete(vehicleId);
      }
    });
    const value = outcome.then((o) => o.value);
    if (key !== undefined) {
      this.shared.set(key, value);
      const forget = (): void => {
        if (this.shared.get(key) === value) this.shared.delete(key);
      };
      value.then(forget, forget);
    }
    return value;
  }
}
