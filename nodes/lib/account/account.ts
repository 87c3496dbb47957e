// The Account (contract section 3): what flows and library users call. Every cloud call goes through
// the shared session's executeWithRetry, so an expired token costs one refresh and one retry, never a
// failed call. Inputs are checked before any call; commands for one car run one at a time.
import { EventEmitter } from 'node:events';
import { VehicleError } from '../errors';
import type { ActionResult, ClimateOptions, CommandOptions, CommandResult, Logger, StatusResult, TokenStatus, VehicleInfo } from '../types';
import type { CloudVehicle, Command } from '../clouds/types';
import type { OtpMethod } from '../clouds/otp';
import type { AccountOtp } from './options';
import { sessionStatus, type SharedSession } from './sessions';
import { loadVehicles, resolveCar } from './cars';
import { awaitResult, withMaybeSent, type ResultPolling } from './command-outcome';
import { noteQuota, protectedRead, publicInfo } from './reads';
import type { BudgetStatus, SessionEvent, StateUpdate } from '../protect';
import { keepingAlive } from '../session/keep-alive';
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
  /** Where this account gets a one-time code when the cloud asks (AccountOptions.otp). */
  otp?: AccountOtp;
  /** The day's budget before the session is there (its limit, nothing used). */
  idleBudget: () => BudgetStatus;
  logger?: Logger;
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

export class Account extends EventEmitter {
  private session: SharedSession | null = null;
  private closed = false;
  private readonly onState = (): void => {
    this.emit('state', this.tokenStatus());
  };
  private readonly onBudget = (): void => {
    if (this.session) this.emit('state', this.tokenStatus());
  };
  private readonly onEvent = (event: SessionEvent): void => {
    this.emit('event', event);
  };
  private readonly onUpdate = (update: StateUpdate): void => {
    this.emit('update', update);
  };

  /** How a confirmed command asks for its result; it stops asking once the account is closed. */
  private readonly polling: ResultPolling = {
    sleep: (ms) => this.rt.sleep(ms),
    now: () => this.rt.now(),
    intervalMs: () => this.rt.confirmPollMs,
    closed: () => this.closed,
  };

  constructor(private readonly rt: AccountRuntime) {
    super();
    rt.session.then(
      (session) => {
        if (this.closed) return;
        this.session = session;
        session.manager.on('state', this.onState);
        // The one-time code (Kia USA): this account may give codes, and a code awaited is a state change.
        if (rt.otp) session.otp.add(rt.otp);
        session.otp.on('change', this.onState);
        session.protection.on('budget', this.onBudget);
        session.protection.on('event', this.onEvent);
        session.protection.on('update', this.onUpdate);
        this.emit('state', this.tokenStatus());
      },
      () => undefined, // reported to the first caller of ready()
    );
  }

  vehicles(): Promise<VehicleInfo[]> {
    return keepingAlive(async () => (await loadVehicles(await this.ready(), this.rt.now, true)).map(publicInfo));
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
    return this.read(cached.vehicle.id, 'force', cached);
  }

  /**
   * The last good state of a car that this account (or an earlier run of it, from disk) received, as
   * a stale StatusResult; null when none is known. No cloud call.
   */
  async lastKnownState(vehicle?: string): Promise<StatusResult | null> {
    const ref = checkVehicleRef(vehicle);
    const session = await this.ready();
    const known = session.protection.knownCars();
    const found =
      ref === undefined
        ? known.length === 1
          ? known[0]
          : undefined
        : known.find((k) => k.vehicle.id === ref || k.vehicle.vin.toUpperCase() === ref.toUpperCase());
    return found ? { vehicle: { ...found.vehicle }, state: found.state, stale: true, source: 'cached' } : null;
  }

  /** The last 20 session events (token refreshes, failures, rate limits, ...), oldest first. */
  recentEvents(): SessionEvent[] {
    return this.session ? this.session.protection.events.list() : [];
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

  private async setTargets(
    vehicle: string | undefined,
    targets: { ac?: number; dc?: number },
    opts?: CommandOptions,
  ): Promise<CommandResult> {
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
    const car = await resolveCar(session, this.rt.now, checkVehicleRef(vehicle));
    const result = await session.manager.executeWithRetry((token) => session.client.actionStatus(token, car, actionId));
    return { actionId, result };
  }

  /** The session's status; `otp-required` while a sign-in waits for a one-time code. */
  tokenStatus(): TokenStatus {
    return this.withBudget(this.session ? sessionStatus(this.session) : { ...IDLE_STATUS });
  }
  /** How the code now awaited was sent ('email' / 'sms'), or null when none is awaited. */
  pendingOtpMethod(): OtpMethod | null {
    return this.session?.otp.pendingMethod ?? null;
  }

  /**
   * "Send code": while a code is awaited, asks the cloud to send another one by `method`; otherwise
   * starts a sign-in (also the way out of `reauth-required`), whose code the cloud sends by `method`.
   * Resolves with the status once the code is on its way or the sign-in needed none.
   */
  async sendOtp(method: OtpMethod): Promise<TokenStatus> {
    if (method !== 'email' && method !== 'sms') throw new VehicleError('INVALID_INPUT', 'method must be "email" or "sms"');
    const session = await this.rt.session;
    if (this.closed) throw new VehicleError('CONFIG_INVALID', 'This account has been closed');
    if (await session.otp.resend(method)) return this.tokenStatus();
    session.otp.want(method);
    const asked = new Promise<void>((resolve) => session.otp.once('change', () => resolve()));
    const signIn = session.manager.refreshToken();
    signIn.catch(() => undefined); // a failure after the code was sent shows in the status (lastError)
    await Promise.race([signIn, asked]);
    return this.tokenStatus();
  }

  /**
   * Manual refresh ("Refresh now"): also the way out of `reauth-required`, and of the pause a cloud's
   * used-up quota caused (the next call asks the cloud again).
   */
  refreshToken(): Promise<TokenStatus> {
    return keepingAlive(async () => {
      const session = await this.ready();
      session.protection.budget.resume();
      await session.manager.refreshToken();
      return this.tokenStatus();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session?.manager.off('state', this.onState);
    this.session?.otp.off('change', this.onState);
    if (this.rt.otp) this.session?.otp.remove(this.rt.otp);
    this.session?.protection.off('budget', this.onBudget);
    this.session?.protection.off('event', this.onEvent);
    this.session?.protection.off('update', this.onUpdate);
    this.session = null;
    await this.rt.release();
  }

  // -------------------------------------------------------------------------------------------

  private async ready(): Promise<SharedSession> {
    if (this.closed) throw new VehicleError('CONFIG_INVALID', 'This account has been closed');
    const session = await this.rt.session;
    // No call queues behind a code that may never come: it fails at once, and may be sent again later.
    if (session.otp.pending) {
      throw new VehicleError(
        'AUTH_FAILED',
        'Waiting for the one-time code the cloud sent: enter it (account dialog or otp.provide) and try again',
        {
          otpRequired: true,
          retryable: true,
        },
      );
    }
    return session;
  }

  private withBudget(status: TokenStatus): TokenStatus {
    return { ...status, budget: this.session ? this.session.protection.budget.status() : this.rt.idleBudget() };
  }

  /** `cached`: the cloud's copy, when the caller has just read it (smart). */
  private read(vehicle: string | undefined, mode: 'cached' | 'force', cached?: StatusResult): Promise<StatusResult> {
    return keepingAlive(() => this.readOnce(vehicle, mode, cached));
  }

  private async readOnce(vehicle: string | undefined, mode: 'cached' | 'force', cached?: StatusResult): Promise<StatusResult> {
    const ref = checkVehicleRef(vehicle);
    const session = await this.ready();
    const car = await resolveCar(session, this.rt.now, ref);
    if (mode === 'force') {
      const refused = await this.refusedForce(session, car, cached);
      if (refused) return refused;
    }
    const state = await protectedRead(session, car, mode);
    return { vehicle: publicInfo(car), state, stale: false, source: mode };
  }

  /**
   * A forced read the governor refuses (never, quiet hours, 12 V, interval) does not reach the car:
   * the answer is the cloud's cached copy with `refused` naming the option. Null: the car may be woken.
   */
  private async refusedForce(session: SharedSession, car: CloudVehicle, cached?: StatusResult): Promise<StatusResult | null> {
    const p = session.protection;
    const cachedCopy = async (): Promise<StatusResult> =>
      (cached ??= { vehicle: publicInfo(car), state: await protectedRead(session, car, 'cached'), stale: false, source: 'cached' });
    // The 12 V rule needs a reading: without one, the free cached read gives it (and the answer if refused).
    if (p.rules.min12vSoc > 0 && !p.known(car.id) && p.governor.refusal(car.id, undefined) === null) await cachedCopy();
    const refused = p.governor.refusal(car.id, p.known(car.id)?.state.battery12v?.soc);
    if (!refused) return null;
    this.rt.logger?.info(`Protection: forced read refused (${refused}); answering with the cloud's cached copy`);
    return { ...(await cachedCopy()), refused };
  }

  private command(
    vehicle: string | undefined,
    opts: CommandOptions | undefined,
    build: (session: SharedSession) => Command,
  ): Promise<CommandResult> {
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
    const car = await resolveCar(session, this.rt.now, ref);
    const unsupported = session.client.unsupported(car, command.kind);
    if (unsupported) throw new VehicleError('UNSUPPORTED', unsupported);

    // Identical commands waiting for the same car share one cloud call and its answer.
    const sameAs = JSON.stringify({ command, confirm, timeoutMs });
    return session.queue.runHolding(
      car.id,
      async () => {
        const started = this.rt.now();
        session.protection.budget.take();
        // A rejected command is safe to resend with a new token: the cloud refused it before acting.
        let attempted = false;
        const actionId = await session.manager
          .executeWithRetry((token) => {
            attempted = true;
            return session.client.send(token, car, command);
          })
          .catch((err: unknown) => {
            noteQuota(session, err);
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
        if (actionId && confirm) result.result = await awaitResult(session, car, actionId, started + timeoutMs, this.polling);
        else if (actionId) hold = awaitResult(session, car, actionId, started + timeoutMs, this.polling); // keeps the car reserved
        result.durationMs = this.rt.now() - started;
        return { value: result, hold };
      },
      sameAs,
    );
  }
}
