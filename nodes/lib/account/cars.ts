// The account's cars: the list read once however many callers need it at the same time, and a car
// found by id or VIN (nothing given: the account's only car).
import { VehicleError } from '../errors';
import type { CloudVehicle } from '../clouds/types';
import type { SharedSession } from './sessions';

/** An unknown vehicle re-reads the car list at most this often. */
export const VEHICLE_LIST_RELOAD_MS = 5 * 60_000;

/** The car list, read once however many callers need it at the same time. */
export async function loadVehicles(session: SharedSession, now: () => number, fresh: boolean): Promise<CloudVehicle[]> {
  if (session.vehicles && !fresh) return session.vehicles;
  if (!session.vehiclesLoading) {
    session.vehiclesReadAt = now();
    const loading = session.manager.executeWithRetry((token) => session.client.vehicles(token));
    session.vehiclesLoading = loading;
    loading
      .then(
        (list) => {
          session.vehicles = list;
        },
        () => undefined,
      )
      .finally(() => {
        if (session.vehiclesLoading === loading) session.vehiclesLoading = null;
      });
  }
  return session.vehiclesLoading;
}

/** By id or VIN; nothing given means the account's only car. */
export async function resolveCar(session: SharedSession, now: () => number, ref: string | undefined): Promise<CloudVehicle> {
  const find = (list: CloudVehicle[]): CloudVehicle | undefined =>
    ref === undefined
      ? list.length === 1
        ? list[0]
        : undefined
      : list.find((v) => v.id === ref || v.vin.toUpperCase() === ref.toUpperCase());
  let list = await loadVehicles(session, now, false);
  let car = find(list);
  // Reload once: the car may have been added since the list was read. At most every 5 minutes, so
  // a flow that keeps naming an unknown car does not cost a car-list read per message.
  const listAge = now() - (session.vehiclesReadAt ?? -Infinity);
  if (!car && (ref !== undefined || list.length === 0) && listAge >= VEHICLE_LIST_RELOAD_MS) {
    list = await loadVehicles(session, now, true);
    car = find(list);
  }
  if (car) return car;
  if (ref !== undefined) throw new VehicleError('CONFIG_INVALID', 'No car with this id or VIN on the account');
  if (list.length === 0) throw new VehicleError('CONFIG_INVALID', 'The account has no cars');
  throw new VehicleError('CONFIG_INVALID', `The account has ${list.length} cars; choose one (vehicle id or VIN)`);
}
