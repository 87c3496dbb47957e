// Serialises work per vehicle: the clouds reject a command while another is in flight (EU 4004).
export class VehicleQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `work` after everything queued for the car before it. The car stays reserved until `hold`
   * settles, even after the caller has its value: a command sent without waiting for the car still
   * keeps the next one from meeting a busy car.
   */
  async runHolding<T>(vehicleId: string, work: () => Promise<{ value: T; hold?: Promise<unknown> }>): Promise<T> {
    const previous = this.tails.get(vehicleId) ?? Promise.resolve();
    const outcome = previous.then(work, work);
    const tail = outcome.then((o) => o.hold?.catch(() => undefined), () => undefined);
    this.tails.set(vehicleId, tail);
    void tail.then(() => {
      if (this.tails.get(vehicleId) === tail) this.tails.delete(vehicleId);
    });
    return (await outcome).value;
  }
}
