// The Account (contract section 3): what flows and library users call. Every cloud call goes through
// the shared session's executeWithRetry, so an expired token costs one refresh and one retry, never a
// failed call. Inputs are checked before any call; commands for one car run one at a time.
import { EventEmitter } from 'node:events';
import { VehicleError, toVehicleError } from '../errors';
import type {
  ActionResult,
  ClimateOptions,
  CommandOptions,
  CommandResult,
  StatusResult,
  TokenStatus,
  VehicleInfo,
} from '../types';
import type { CloudVehicle, Command } from '../clouds/types';
import { keepingAlive } from '../session/keep-alive';
import type { SharedSession } from './sessions';
import {
  checkCommandOptions,
  checkMaxAge,
  checkVehicleRef,
  climateCommand,
  currentCommand,
  targetsCommand,
  windowsCommand,
} from './validate';

export interface AccountRuntime {
  session: Promise<SharedSession>;
  release: () => Promise<void>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** How often a confirmed command asks the cloud for its result (default 5 s). */
  confirmPollMs: number;
}

const IDLE_STATUS: TokenStatus = {
  state: 'idle',
  hasToken: false,
  hasRefreshToken: false,
  expiresAt: null,
  isExpired: true,
  secondsUntilExpiry: null,
  lastRefreshAt: null,
  refreshCount: 0,
  refreshFailures: 0,
  retriesAfterExpiry: 0,
  circuit: 'closed',
  lastError: null,
  stats: { refreshMs: { p50: null, p95: null, p99: null }, refreshSuccessRate: null },
};

function publicInfo(vehicle: CloudVehicle): VehicleInfo {
  const { meta: _meta, ...info } = vehicle;
  return info;
}

/** An unknown vehicle re-reads the car list at most this often. */
export const VEHICLE_LIST_RELOAD_MS = 5 * 60_000;

/** Failures that surely happened before the request left this machine. */
const BEFORE_SEND = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b/;

/**
 * A command that failed after it was handed to the network, without a definite answer of the cloud
 * (no cloud code: a timeout, a cut connection, a gateway page, an unreadable body), may have reached
 * the car: the error says so, so that nobody reports `sent` or resends it blindly.
 */
function withMaybeSent(err: unknown): unknown {
  const error = toVehicleError(err);
  if (error.code !== 'CLOUD_UNAVAILABLE' || error.maybeSent !== undefined) return error;
  error.maybeSent = error.cloudCode === undefined && !BEFORE_SEND.test(error.message);
  return error;
}

export class Account extends EventEmitter {
  private session: SharedSession | null = null;
  private closed = false;
  private readonly onState = (status: TokenStatus): void => {
    this.emit('state', status);
  };

  constructor(private readonly rt: AccountRuntime) {
    super();
    rt.session.then(
      (session) => {
        if (this.closed) return;
        this.session = session;
        session.manager.on('state', this.onState);
        this.emit('state', session.manager.status());
      },
      () => undefined, // reported to the first caller of ready()
    );
  }

  vehicles(): Promise<VehicleInfo[]> {
    return keepingAlive(async () => (await this.loadVehicles(await this.ready(), true)).map(publicInfo));
  }

  refreshCached(vehicle?: string): Promise<StatusResult> {
    return this.read(vehicle, 'cached');
  }

  refreshForce(vehicle?: string): Promise<StatusResult> {
    return this.read(vehicle, 'force');
  }

  /** Reads the cloud's copy, and wakes the car only when that copy is older than `maxAgeMinutes`. */
  refreshSmart(vehicle?: string, maxAgeMinutes?: number): Promise<StatusResult> {
    return keepingAlive(() => this.readSmart(vehicle, maxAgeMinutes));
  }

  private async readSmart(vehicle: string | undefined, maxAgeMinutes: number | undefined): Promise<StatusResult> {
    const maxAgeMs = checkMaxAge(maxAgeMinutes) * 60_000;
    const cached = await this.read(vehicle, 'cached');
    const updated = cached.state.updatedAt ? Date.parse(cached.state.updatedAt) : Number.NaN;
    if (!Number.isNaN(updated) && this.rt.now() - updated <= maxAgeMs) return cached;
    return this.read(cached.vehicle.id, 'force');
  }

  lock(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'lock' }));
  }

  unlock(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'unlock' }));
  }

  startClimate(vehicle?: string, opts?: ClimateOptions & CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, (session) => climateCommand(session.client, opts));
  }

  stopClimate(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'stopClimate' }));
  }

  setWindows(vehicle: string | undefined, state: 'open' | 'close' | 'vent', opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => windowsCommand(state));
  }

  startCharge(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'startCharge' }));
  }

  stopCharge(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'stopCharge' }));
  }

  openChargePort(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'openChargePort' }));
  }

  closeChargePort(vehicle?: string, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => ({ kind: 'closeChargePort' }));
  }

  /** A side left out keeps the car's current target (read from the cloud's copy). */
  setChargeTargets(vehicle: string | undefined, targets: { ac?: number; dc?: number }, opts?: CommandOptions): Promise<CommandResult> {
    return keepingAlive(() => this.setTargets(vehicle, targets, opts));
  }

  private async setTargets(vehicle: string | undefined, targets: { ac?: number; dc?: number }, opts?: CommandOptions): Promise<CommandResult> {
    targetsCommand(targets, { ac: 100, dc: 100 }); // validate before anything else
    const t = targets as { ac?: number; dc?: number };
    let current: { ac: number | null; dc: number | null } | null = null;
    if (t.ac === undefined || t.dc === undefined) {
      const status = await this.read(vehicle, 'cached');
      current = status.state.ev?.targetSoc ?? null;
    }
    return this.command(vehicle, opts, () => targetsCommand(targets, current));
  }

  setChargingCurrent(vehicle: string | undefined, level: 100 | 90 | 60, opts?: CommandOptions): Promise<CommandResult> {
    return this.command(vehicle, opts, () => currentCommand(level));
  }

  checkActionStatus(vehicle: string | undefined, actionId: string): Promise<ActionResult> {
    return keepingAlive(() => this.actionStatus(vehicle, actionId));
  }

  private async actionStatus(vehicle: string | undefined, actionId: string): Promise<ActionResult> {
    if (typeof actionId !== 'string' || actionId === '') throw new VehicleError('INVALID_INPUT', 'actionId must be a non-empty string');
    const session = await this.ready();
    const car = await this.resolve(session, checkVehicleRef(vehicle));
    const result = await session.manager.executeWithRetry((token) => session.client.actionStatus(token, car, actionId));
    return { actionId, result };
  }

  tokenStatus(): TokenStatus {
    return this.session ? this.session.manager.status() : { ...IDLE_STATUS };
  }

  /** Manual refresh ("Refresh now"): also the way out of `reauth-required`. */
  refreshToken(): Promise<TokenStatus> {
    return keepingAlive(async () => {
      const session = await this.ready();
      await session.manager.refreshToken();
      return session.manager.status();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session?.manager.off('state', this.onState);
    this.session = null;
    await this.rt.release();
  }

  // -------------------------------------------------------------------------------------------

  private async ready(): Promise<SharedSession> {
    if (this.closed) throw new VehicleError('CONFIG_INVALID', 'This account has been closed');
    return this.rt.session;
  }

  private read(vehicle: string | undefined, mode: 'cached' | 'force'): Promise<StatusResult> {
    return keepingAlive(() => this.readOnce(vehicle, mode));
  }

  private async readOnce(vehicle: string | undefined, mode: 'cached' | 'force'): Promise<StatusResult> {
    const ref = checkVehicleRef(vehicle);
    const session = await this.ready();
    const car = await this.resolve(session, ref);
    const { state } = await session.manager.executeWithRetry((token) =>
      mode === 'force' ? session.client.readForce(token, car) : session.client.readCached(token, car),
    );
    return { vehicle: publicInfo(car), state, stale: false, source: mode };
  }

  private command(vehicle: string | undefined, opts: CommandOptions | undefined, build: (session: SharedSession) => Command): Promise<CommandResult> {
    return keepingAlive(() => this.commandOnce(vehicle, opts, build));
  }

  private async commandOnce(
    vehicle: string | undefined,
    opts: CommandOptions | undefined,
    build: (session: SharedSession) => Command,
  ): Promise<CommandResult> {
    const ref = checkVehicleRef(vehicle);
    const { confirm, timeoutMs } = checkCommandOptions(opts);
    const session = await this.ready();
    const command = build(session);
    const car = await this.resolve(session, ref);
    const unsupported = session.client.unsupported(car, command.kind);
    if (unsupported) throw new VehicleError('UNSUPPORTED', unsupported);

    return session.queue.runHolding(car.id, async () => {
      const started = this.rt.now();
      // A rejected command is safe to resend with a new token: the cloud refused it before acting.
      let attempted = false;
      const actionId = await session.manager
        .executeWithRetry((token) => {
          attempted = true;
          return session.client.send(token, car, command);
        })
        .catch((err: unknown) => {
          throw attempted ? withMaybeSent(err) : err;
        });
      const result: CommandResult = {
        vehicle: publicInfo(car),
        command: command.kind,
        actionId,
        result: 'sent',
        durationMs: 0,
      };
      let hold: Promise<unknown> | undefined;
      if (actionId && confirm) result.result = await this.awaitResult(session, car, actionId, started + timeoutMs);
      else if (actionId) hold = this.awaitResult(session, car, actionId, started + timeoutMs); // keeps the car reserved
      result.durationMs = this.rt.now() - started;
      return { value: result, hold };
    });
  }

  /**
   * Polls the action's result until the car answers or the time is up ('unconfirmed'): after 1 s
   * first, then less often up to the poll interval, so a quick car is not kept waiting.
   */
  private async awaitResult(session: SharedSession, car: CloudVehicle, actionId: string, deadline: number): Promise<'success' | 'unconfirmed'> {
    const longest = this.rt.confirmPollMs;
    for (let pause = Math.min(1_000, longest); ; pause = Math.min(pause * 2, longest)) {
      await this.rt.sleep(pause);
      // The cloud took the command: a poll that fails cannot undo that, so it ends as 'unconfirmed', never as an error.
      const result = await session.manager
        .executeWithRetry((token) => session.client.actionStatus(token, car, actionId))
        .catch((err: unknown) => (toVehicleError(err).retryable ? 'unknown' : 'gave-up'));
      if (result === 'gave-up') return 'unconfirmed';
      if (result === 'success') return 'success';
      if (result === 'failed') throw new VehicleError('COMMAND_FAILED', 'The car reported that the command failed');
      if (result === 'timeout') throw new VehicleError('VEHICLE_UNREACHABLE', 'The car did not answer the command');
      if (this.closed || this.rt.now() >= deadline) return 'unconfirmed';
    }
  }

  /** The car list, read once however many callers need it at the same time. */
  private async loadVehicles(session: SharedSession, fresh: boolean): Promise<CloudVehicle[]> {
    if (session.vehicles && !fresh) return session.vehicles;
    if (!session.vehiclesLoading) {
      session.vehiclesReadAt = this.rt.now();
      const loading = session.manager.executeWithRetry((token) => session.client.vehicles(token));
      session.vehiclesLoading = loading;
      loading.then(
        (list) => {
          session.vehicles = list;
        },
        () => undefined,
      ).finally(() => {
        if (session.vehiclesLoading === loading) session.vehiclesLoading = null;
      });
    }
    return session.vehiclesLoading;
  }

  /** By id or VIN; nothing given means the account's only car. */
  private async resolve(session: SharedSession, ref: string | undefined): Promise<CloudVehicle> {
    const find = (list: CloudVehicle[]): CloudVehicle | undefined =>
      ref === undefined ? (list.length === 1 ? list[0] : undefined) : list.find((v) => v.id === ref || v.vin.toUpperCase() === ref.toUpperCase());
    let list = await this.loadVehicles(session, false);
    let car = find(list);
    // Reload once: the car may have been added since the list was read. At most every 5 minutes, so
    // a flow that keeps naming an unknown car does not cost a car-list read per message.
    const listAge = this.rt.now() - (session.vehiclesReadAt ?? -Infinity);
    if (!car && (ref !== undefined || list.length === 0) && listAge >= VEHICLE_LIST_RELOAD_MS) {
      list = await this.loadVehicles(session, true);
      car = find(list);
    }
    if (car) return car;
    if (ref !== undefined) throw new VehicleError('CONFIG_INVALID', 'No car with this id or VIN on the account');
    if (list.length === 0) throw new VehicleError('CONFIG_INVALID', 'The account has no cars');
    throw new VehicleError('CONFIG_INVALID', `The account has ${list.length} cars; choose one (vehicle id or VIN)`);
  }
}
