// Serialises work per vehicle: the clouds reject a command while another is in flight (EU 4004).
export class VehicleQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(vehicleId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(vehicleId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(vehicleId, tail);
    void tail.then(() => {
      if (this.tails.get(vehicleId) === tail) this.tails.delete(vehicleId);
    });
    return result;
  }
}
