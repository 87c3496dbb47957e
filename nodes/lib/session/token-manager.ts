// The token session: one per cloud identity, shared by every flow that uses the account.
//
// At its centre it is golang/oauth2's reuseTokenSource: a valid token is reused; otherwise take the
// lock, check again whether someone else already replaced the token we saw, and only then fetch a
// new one and remember it. The rest sits around that centre in named pieces:
//
//   phases      refresh-schedule.ts: fresh → soft (refresh in the background) → hard (wait for it)
//   timers      an exact timer at refreshAt or the keepalive, and a safety check every 5 minutes
//   fetching    token-fetcher.ts: refresh grant or login, backoff, login fallback
//   retry       executeWithRetry: an operation that failed on an expired token runs once more
//   breaker     circuit-breaker.ts: transient cloud failures pause every call for a while
//   persistence token-store.ts: the new set is stored before anyone gets to use it
//   reauth      `reauth-required`: the cloud rejected our credentials; no cloud call until the user
//               presses "Refresh now" or changes the credentials

import { EventEmitter } from 'node:events';
import { E_CANCELED, E_TIMEOUT, Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import { VehicleError, isTokenExpiredError, toVehicleError } from '../errors';
import type { AuthStrategy, Logger, SessionState, TokenSet, TokenStatus } from '../types';
import { CancellableSleep, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { CircuitBreaker, DEFAULT_CIRCUIT, type CircuitOptions, type CircuitTicket } from './circuit-breaker';
import { readOptions, type TokenManagerOptions } from './manager-options';
import { countsAsOutage as defaultCountsAsOutage, sessionClosedError } from './refresh-failures';
import { LongTimer, SAFETY_CHECK_MS, globalTimers, phaseOf, refreshAt, type TimerApi } from './refresh-schedule';
import { RefreshStatsWindow } from './stats';
import { fetchTokens } from './token-fetcher';
import type { TokenStore } from './token-store';

export type { TokenManagerOptions } from './manager-options';

type RefreshReason = 'expired' | 'proactive' | 'keepalive' | 'manual' | 'requested';

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class TokenManager extends EventEmitter {
  private strategy: AuthStrategy;
  private readonly store?: TokenStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timers: TimerApi;
  private readonly bufferMs: number;
  private readonly keepaliveMs: number;
  private readonly autoRefresh: boolean;
  private readonly attempts: number;
  private readonly backoff: BackoffOptions;
  private readonly skewMs: number;
  private readonly softRetryMs: number;
  private readonly stopTimeoutMs: number;
  private readonly countsAsOutage: (err: unknown) => boolean;

  private readonly lock: MutexInterface;
  private readonly circuit: CircuitBreaker;
  private readonly sleeper: CancellableSleep;
  private readonly stats = new RefreshStatsWindow();
  private readonly exactTimer: LongTimer;
  private safetyHandle: unknown = null;

  private tokens: TokenSet | null = null;
  /** Fast-path bounds of `tokens`: reusable while notBefore <= now < freshUntil. */
  private freshUntil = -Infinity;
  private notBefore = Infinity;
  /** When `tokens` was adopted; the keepalive counts from here for sets without issuedAt. */
  private tokensSince = 0;
  private state: SessionState = 'idle';
  private loading: Promise<void> | null = null;
  private loaded = false;
  private started = false;
  private stopped = false;
  private flight: Promise<unknown> | null = null;
  private persistPending = false;
  private lastRefreshAt: number | null = null;
  private refreshCount = 0;
  private refreshFailures = 0;
  private retriesAfterExpiry = 0;
  private lastError: { code: string; message: string } | null = null;
  private backgroundQuietUntil = 0;

  constructor(options: TokenManagerOptions) {
    super();
    const o = readOptions(options);
    this.strategy = options.strategy;
    this.store = options.store;
    this.logger = options.logger ?? SILENT;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers;
    this.bufferMs = o.bufferMs;
    this.keepaliveMs = o.keepaliveMs;
    this.autoRefresh = o.autoRefresh;
    this.attempts = o.attempts;
    this.backoff = { ...DEFAULT_BACKOFF, baseMs: o.retryBaseMs, capMs: o.retryCapMs, random: options.random ?? Math.random };
    this.skewMs = o.skewMs;
    this.softRetryMs = o.softRetryMs;
    this.stopTimeoutMs = o.stopTimeoutMs;
    this.countsAsOutage = options.countsAsOutage ?? defaultCountsAsOutage;
    const circuit: CircuitOptions = { ...DEFAULT_CIRCUIT, ...options.circuit };
    this.circuit = new CircuitBreaker(circuit, this.now, () => this.changed());
    this.lock = withTimeout(new Mutex(), o.lockWaitTimeoutMs);
    this.sleeper = new CancellableSleep(this.timers);
    this.exactTimer = new LongTimer(this.timers, this.now);
  }

  // ---------------------------------------------------------------------------------------------
  // The centre: reuse, or lock → check again → fetch → remember
  // ---------------------------------------------------------------------------------------------

  /** A valid access token: the current one, or a new one when it is inside the refresh buffer. */
  async getAccessToken(): Promise<string> {
    return (this.reusable() ?? (await this.validTokens(false))).accessToken;
  }

  private reusable(): TokenSet | null {
    if (this.tokens === null || this.stopped || this.state === 'reauth-required') return null;
    const now = this.now();
    return now >= this.notBefore && now < this.freshUntil ? this.tokens : null;
  }

  private async validTokens(admitted: boolean): Promise<TokenSet> {
    await this.load();
    this.assertUsable();
    const seen = this.tokens;
    const phase = phaseOf(seen, this.now(), this.bufferMs, this.skewMs);
    if (phase === 'fresh') return seen as TokenSet;
    if (phase === 'soft') {
      this.refreshInBackground(seen, 'proactive');
      return seen as TokenSet;
    }
    if (seen?.accessToken) this.logger.warn('Access token expired or about to expire; refreshing before the call');
    return this.refreshUnlessReplaced(seen, 'expired', admitted);
  }

  /**
   * Single flight. Every caller names the token set it saw; after the lock, a caller whose set was
   * already replaced by a usable one takes that one without a cloud call.
   */
  private async refreshUnlessReplaced(seen: TokenSet | null, reason: RefreshReason, admitted = false): Promise<TokenSet> {
    const ticket: CircuitTicket | null = admitted ? null : this.circuit.admit();
    try {
      return await this.lock.runExclusive(async () => {
        const current = this.tokens;
        if (current !== seen && current && phaseOf(current, this.now(), this.bufferMs, this.skewMs) !== 'hard') return current;
        this.assertUsable();
        return this.fetchAndRemember(reason);
      });
    } catch (err) {
      throw this.fromLock(err);
    } finally {
      ticket?.release();
    }
  }

  private async fetchAndRemember(reason: RefreshReason): Promise<TokenSet> {
    const started = this.now();
    this.setState('refreshing');
    this.logger.info(`Token session: ${this.tokens?.refreshToken ? 'refreshing the access token' : 'logging in'} (${reason})`);
    const flight = fetchTokens(this.tokens, {
      strategy: this.strategy,
      attempts: this.attempts,
      backoff: this.backoff,
      sleeper: this.sleeper,
      now: this.now,
      logger: this.logger,
    }).then(async ({ tokens }) => {
      // Persist first: a rotated refresh token that only lived in memory dies with the process.
      await this.persist(tokens);
      return tokens;
    });
    this.flight = flight;
    try {
      const tokens = await flight;
      this.remember(tokens, started);
      return tokens;
    } catch (err) {
      throw this.refreshFailed(toVehicleError(err), started);
    } finally {
      if (this.flight === flight) this.flight = null;
    }
  }

  private remember(tokens: TokenSet, started: number): void {
    this.setTokens(tokens);
    this.refreshCount += 1;
    this.lastRefreshAt = this.now();
    this.lastError = null;
    this.stats.record(this.now() - started, true);
    this.circuit.success();
    this.logger.info(`Token session: new access token, valid until ${new Date(tokens.expiresAt).toISOString()}`);
    this.setState('ready');
    this.schedule();
  }

  private refreshFailed(error: VehicleError, started: number): VehicleError {
    if (this.stopped) return error;
    this.refreshFailures += 1;
    this.lastError = { code: error.code, message: error.message };
    this.stats.record(this.now() - started, false);
    this.logger.error(`Token session: refresh failed: ${error.code}: ${error.message}`);
    if (error.code === 'AUTH_FAILED') {
      this.enterReauthRequired();
      return error;
    }
    if (this.countsAsOutage(error)) this.circuit.failure();
    const usable = this.tokens !== null && phaseOf(this.tokens, this.now(), this.bufferMs, this.skewMs) !== 'hard';
    this.setState(usable ? 'ready' : 'error');
    this.schedule();
    return error;
  }

  // ---------------------------------------------------------------------------------------------
  // Retry on expiry
  // ---------------------------------------------------------------------------------------------

  /**
   * Runs `op` with a valid access token. If the cloud says the token expired, refreshes once
   * (single flight; skipped when another caller already replaced that token) and runs `op` once
   * more. A second expiry is AUTH_FAILED. Every other error is rethrown as it is.
   */
  async executeWithRetry<T>(op: (accessToken: string) => Promise<T>): Promise<T> {
    this.assertUsable();
    const ticket = this.circuit.admit();
    try {
      const tokens = this.reusable() ?? (await this.validTokens(true));
      let result: T;
      try {
        result = await op(tokens.accessToken);
      } catch (err) {
        if (!isTokenExpiredError(err)) throw this.opFailed(err);
        result = await this.retryAfterExpiry(op, tokens);
      }
      this.circuit.success();
      return result;
    } finally {
      ticket.release();
    }
  }

  private async retryAfterExpiry<T>(op: (accessToken: string) => Promise<T>, used: TokenSet): Promise<T> {
    this.retriesAfterExpiry += 1;
    this.logger.warn('Token session: the cloud reports the access token as expired; refreshing once');
    const fresh = await this.refreshUnlessReplaced(used, 'expired', true);
    this.logger.info('Token session: retrying the call with the new access token');
    try {
      return await op(fresh.accessToken);
    } catch (err) {
      if (!isTokenExpiredError(err)) throw this.opFailed(err);
      throw new VehicleError('AUTH_FAILED', 'The cloud rejected a freshly refreshed access token as expired', { retryable: false, attempts: 2 });
    }
  }

  private opFailed(err: unknown): unknown {
    if (this.countsAsOutage(err)) this.circuit.failure();
    return err;
  }

  // ---------------------------------------------------------------------------------------------
  // Refreshing on request
  // ---------------------------------------------------------------------------------------------

  /** Refreshes now, single flight: concurrent callers share one refresh. */
  async refreshTokenSafely(): Promise<void> {
    await this.load();
    this.assertUsable();
    await this.refreshUnlessReplaced(this.tokens, 'requested');
  }

  /** The user's "Refresh now": like refreshTokenSafely, and also the way out of `reauth-required`. */
  async refreshToken(): Promise<TokenStatus> {
    await this.load();
    if (this.stopped) throw sessionClosedError();
    if (this.state === 'reauth-required') this.setState(this.tokens?.accessToken ? 'ready' : 'idle');
    await this.refreshUnlessReplaced(this.tokens, 'manual');
    return this.status();
  }

  /**
   * The user changed the credentials (a new password or a newly pasted refresh token): leave
   * `reauth-required`, forget the circuit's history and start again from the new strategy.
   */
  async credentialsChanged(strategy: AuthStrategy = this.strategy): Promise<void> {
    await this.load();
    await this.lock.runExclusive(async () => {
      this.strategy = strategy;
      this.circuit.reset();
      this.lastError = null;
      this.backgroundQuietUntil = 0;
      await this.adoptStartingSet();
      this.setState(this.tokens?.accessToken ? 'ready' : 'idle');
    }).catch((err) => {
      throw this.fromLock(err);
    });
    if (this.started) this.onTimer();
  }

  private refreshInBackground(seen: TokenSet | null, reason: RefreshReason): void {
    if (this.lock.isLocked() || this.now() < this.backgroundQuietUntil) return;
    this.refreshUnlessReplaced(seen, reason).catch(() => {
      // Already logged and counted; callers still hold a usable token. Do not retry on every call.
      this.backgroundQuietUntil = this.now() + this.softRetryMs;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle: load, timers, stop
  // ---------------------------------------------------------------------------------------------

  /** Loads the stored set and starts the timers (when autoRefresh is on). */
  start(): void {
    this.stopped = false;
    this.started = true;
    // A check right away: a stored set may be due already, a pasted refresh token is refreshed now.
    this.load().then(this.onTimer, (err: unknown) => {
      this.logger.error(`Token session: could not start (${toVehicleError(err).code})`);
    });
  }

  /** Stops every timer, cancels waiting callers, lets a running refresh finish and persist. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    this.cancelTimers();
    this.sleeper.cancelAll();
    this.lock.cancel();
    if (this.flight) await this.boundedWait(this.flight.catch(() => undefined));
    if (this.persistPending && this.tokens) await this.boundedWait(this.persist(this.tokens));
    this.changed();
  }

  private load(): Promise<void> {
    if (!this.loading) {
      this.loading = this.adoptStartingSet().then(
        () => {
          this.loaded = true;
          if (this.tokens?.accessToken) this.setState('ready');
          else this.changed();
        },
        (err: unknown) => {
          this.loading = null; // try again on the next call
          throw err;
        },
      );
    }
    return this.loading;
  }

  /** The stored set when it belongs to the configured credential, else the strategy's own seed. */
  private async adoptStartingSet(): Promise<void> {
    const identity = this.strategy.identity;
    const fingerprint = this.strategy.seedFingerprint ?? null;
    let stored = null;
    if (this.store && identity) {
      stored = await this.store.load(identity).catch((err: unknown) => {
        this.logger.warn(`Token session: could not read the token store (${toVehicleError(err).code})`);
        return null;
      });
    }
    if (stored && (stored.fingerprint ?? null) === fingerprint) {
      this.setTokens(stored.tokens);
      this.logger.info('Token session: using the stored token set');
    } else {
      this.setTokens(this.strategy.initial?.() ?? null);
    }
    this.lastRefreshAt = null;
  }

  private schedule(): void {
    this.cancelTimers();
    const tokens = this.tokens;
    if (!this.started || this.stopped || !this.autoRefresh || !tokens || this.state === 'reauth-required') return;
    const due = this.nextDueAt(tokens);
    if (due > this.now()) this.exactTimer.at(due, this.onTimer);
    this.safetyHandle = this.timers.setTimeout(this.onTimer, SAFETY_CHECK_MS);
  }

  /** refreshAt, or the keepalive when it comes first (keepalive only matters with a refresh token). */
  private nextDueAt(tokens: TokenSet): number {
    const due = tokens.accessToken ? refreshAt(tokens, this.bufferMs) : -Infinity;
    if (this.keepaliveMs === 0 || !tokens.refreshToken) return due;
    return Math.min(due, this.keepaliveFrom(tokens) + this.keepaliveMs);
  }

  private keepaliveFrom(tokens: TokenSet): number {
    return tokens.issuedAt ?? this.tokensSince;
  }

  private readonly onTimer = (): void => {
    const tokens = this.tokens;
    if (!tokens || this.stopped || this.state === 'reauth-required') return;
    const now = this.now();
    const phase = phaseOf(tokens, now, this.bufferMs, this.skewMs);
    const keepaliveDue = this.keepaliveMs > 0 && !!tokens.refreshToken && now >= this.keepaliveFrom(tokens) + this.keepaliveMs;
    if (phase !== 'fresh' || keepaliveDue) this.refreshInBackground(tokens, phase === 'fresh' ? 'keepalive' : 'proactive');
    this.schedule();
  };

  private cancelTimers(): void {
    this.exactTimer.cancel();
    if (this.safetyHandle !== null) this.timers.clearTimeout(this.safetyHandle);
    this.safetyHandle = null;
  }

  private boundedWait(work: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(resolve, this.stopTimeoutMs);
      work.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        this.timers.clearTimeout(handle);
        resolve();
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // State, persistence, status
  // ---------------------------------------------------------------------------------------------

  private setTokens(tokens: TokenSet | null): void {
    this.tokens = tokens;
    this.freshUntil = tokens?.accessToken ? refreshAt(tokens, this.bufferMs) : -Infinity;
    this.notBefore = tokens?.accessToken ? (tokens.issuedAt ?? -Infinity) : Infinity;
    this.tokensSince = this.now();
  }

  private async persist(tokens: TokenSet): Promise<void> {
    const identity = this.strategy.identity;
    if (!this.store || !identity) return;
    try {
      await this.store.save(identity, { tokens, fingerprint: this.strategy.seedFingerprint ?? null, savedAt: this.now() });
      this.persistPending = false;
    } catch (err) {
      // Keep the new set in memory (the old refresh token may already be dead); the next refresh or
      // stop() writes again.
      this.persistPending = true;
      this.logger.warn(`Token session: could not store the new token set (${toVehicleError(err).code}); keeping it in memory`);
    }
  }

  private enterReauthRequired(): void {
    this.cancelTimers();
    this.setState('reauth-required');
    this.logger.error('Token session: re-login required; no further cloud calls until the credentials change or "Refresh now"');
  }

  private assertUsable(): void {
    if (this.stopped) throw sessionClosedError();
    if (this.state === 'reauth-required') {
      throw new VehicleError('AUTH_FAILED', 'Re-login required: the cloud rejected the credentials or the refresh token', { retryable: false });
    }
  }

  private fromLock(err: unknown): unknown {
    if (err === E_CANCELED) return sessionClosedError();
    if (err === E_TIMEOUT) return new VehicleError('TOKEN_REFRESH_FAILED', 'Timed out waiting for the token refresh', { retryable: true });
    return err;
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.emit('state', this.status());
  }

  /** The session as the editor and the admin route show it. Never contains a secret. */
  status(): TokenStatus {
    const now = this.now();
    const tokens = this.tokens;
    const hasToken = !!tokens?.accessToken;
    return {
      state: this.state,
      hasToken,
      hasRefreshToken: !!tokens?.refreshToken,
      expiresAt: hasToken ? new Date((tokens as TokenSet).expiresAt).toISOString() : null,
      isExpired: !hasToken || now >= (tokens as TokenSet).expiresAt,
      secondsUntilExpiry: hasToken ? Math.max(0, Math.floor(((tokens as TokenSet).expiresAt - now) / 1000)) : null,
      lastRefreshAt: this.lastRefreshAt === null ? null : new Date(this.lastRefreshAt).toISOString(),
      refreshCount: this.refreshCount,
      refreshFailures: this.refreshFailures,
      retriesAfterExpiry: this.retriesAfterExpiry,
      circuit: this.circuit.state,
      lastError: this.lastError ? { ...this.lastError } : null,
      stats: this.stats.snapshot(),
    };
  }
}
