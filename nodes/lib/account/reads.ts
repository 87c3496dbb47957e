// Reading a car through the session's protection: every read first asks whether the cloud has paused
// the account; a forced read also needs the governor's consent and a unit of the day's budget; a good
// answer becomes the car's last known state; a quota answer pauses the account until the reset.
import { toVehicleError } from '../errors';
import type { VehicleInfo, VehicleState } from '../types';
import type { CloudVehicle } from '../clouds/types';
import { loadVehicles } from './cars';
import type { SharedSession } from './sessions';

export function publicInfo(vehicle: CloudVehicle): VehicleInfo {
  const { meta: _meta, ...info } = vehicle;
  return info;
}

/** One read that goes to the cloud. `fromPoll`: the account's own poll made it. */
export async function protectedRead(
  session: SharedSession,
  car: CloudVehicle,
  mode: 'cached' | 'force',
  fromPoll = false,
): Promise<VehicleState> {
  const p = session.protection;
  p.budget.assertOpen();
  if (mode === 'force') {
    p.budget.take();
    p.forceAttempted(car.id);
  }
  try {
    const { state } = await session.manager.executeWithRetry((token) =>
      mode === 'force' ? session.client.readForce(token, car) : session.client.readCached(token, car),
    );
    p.remember(publicInfo(car), state, fromPoll);
    return state;
  } catch (err) {
    noteQuota(session, err);
    throw err;
  }
}

/** A cloud that says its quota is used up pauses every call of the account until the reset. */
export function noteQuota(session: SharedSession, err: unknown): void {
  const e = toVehicleError(err);
  if (e.code === 'RATE_LIMITED' && e.attempts !== 0) session.protection.budget.cloudRefused(e.retryAfterSeconds);
}

/** The account's poll: one cached read per car, whatever the number of nodes. */
export async function pollCars(session: SharedSession): Promise<void> {
  if (session.manager.status().state === 'reauth-required' || session.protection.budget.cloudPaused()) return;
  for (const car of await loadVehicles(session, session.protection.now, false)) {
    try {
      await protectedRead(session, car, 'cached', true);
    } catch {
      // A failed poll is tried again next interval; flows see the error on their own reads.
    }
  }
}
