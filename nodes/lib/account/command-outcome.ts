// What a command's answer says happened: a confirmed command polls the car's result; a command whose
// answer was lost may have reached the car (maybeSent), which nobody may take for "not sent".
import { VehicleError, toVehicleError } from '../errors';
import type { CloudVehicle } from '../clouds/types';
import type { SharedSession } from './sessions';

export interface ResultPolling {
  sleep(ms: number): Promise<void>;
  now(): number;
  /** The longest pause between two polls. */
  intervalMs(): number;
  /** True once the account is closed: it stops asking. */
  closed(): boolean;
}

/** Failures that surely happened before the request left this machine. */
const BEFORE_SEND = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b/;

/**
 * A command that failed after it was handed to the network, without a definite answer of the cloud
 * (no cloud code: a timeout, a cut connection, a gateway page, an unreadable body), may have reached
 * the car: the error says so, so that nobody reports `sent` or resends it blindly.
 */
export function withMaybeSent(err: unknown): unknown {
  const error = toVehicleError(err);
  if (error.code !== 'CLOUD_UNAVAILABLE' || error.maybeSent !== undefined) return error;
  error.maybeSent = error.cloudCode === undefined && !BEFORE_SEND.test(error.message);
  return error;
}

/**
 * Polls the action's result until the car answers or the time is up ('unconfirmed'): after 1 s
 * first, then less often up to the poll interval, so a quick car is not kept waiting.
 */
export async function awaitResult(
  session: SharedSession,
  car: CloudVehicle,
  actionId: string,
  deadline: number,
  polling: ResultPolling,
): Promise<'success' | 'unconfirmed'> {
  const longest = polling.intervalMs();
  for (let pause = Math.min(1_000, longest); ; pause = Math.min(pause * 2, longest)) {
    await polling.sleep(pause);
    // The cloud took the command: a poll that fails cannot undo that, so it ends as 'unconfirmed', never as an error.
    const result = await session.manager
      .executeWithRetry((token) => session.client.actionStatus(token, car, actionId))
      .catch((err: unknown) => (toVehicleError(err).retryable ? 'unknown' : 'gave-up'));
    if (result === 'gave-up') return 'unconfirmed';
    if (result === 'success') return 'success';
    if (result === 'failed') throw new VehicleError('COMMAND_FAILED', 'The car reported that the command failed');
    if (result === 'timeout') throw new VehicleError('VEHICLE_UNREACHABLE', 'The car did not answer the command');
    if (polling.closed() || polling.now() >= deadline) return 'unconfirmed';
  }
}
