// The token session: one per cloud identity, shared by every flow that uses the account.
//
// At its centre it is golang/oauth2's reuseTokenSource: a valid token is reused; otherwise take the
// lock, check again whether someone else already replaced the token we saw, and only then fetch a
// new one and remember it. The rest sits around that centre in named pieces:
//
//   phases      refresh-schedule.ts: fresh → soft (refresh in the background) → hard (wait for it)
//   timers      an exact timer at refreshAt or the keepalive, and a safety check every 5 minutes
//   fetching    token-fetcher.ts: refresh grant or login, backoff, login fallback
//   retry       retry-on-expiry.ts: an operation that failed on an expired token runs once more
//   breaker     circuit-breaker.ts: transient cloud failures pause every call for a while
//   sharing     shared-refresh.ts: callers that saw the same set share one attempt to replace it
//   persistence token-persistence.ts: the new set is stored before anyone gets to use it
//   reauth      the cloud rejected our credentials: no cloud call until "Refresh now" or new ones

import { EventEmitter } from 'node:events';
import { E_TIMEOUT, Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import { VehicleError, toVehicleError } from '../errors';
import type { AuthStrategy, Logger, SessionState, TokenSet, TokenStatus } from '../types';
import { CancellableSleep, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { CircuitBreaker, DEFAULT_CIRCUIT, type CircuitTicket } from './circuit-breaker';
import { readOptions, type ReadOptions, type TokenManagerOptions } from './manager-options';
import { countsAsOutage as defaultCountsAsOutage, fromLock, reauthRequiredError, sessionClosedError } from './refresh-failures';
import { globalTimers, isoOrNull, keepaliveAt, phaseOf, refreshAt, type TimerApi, type TokenPhase } from './refresh-schedule';
import { RefreshTimers, waitAtMost } from './refresh-timers';
import { withExpiryRetry, type ExpiryRetryHooks } from './retry-on-expiry';
import { keepingAlive } from './keep-alive';
import { SessionLedger } from './session-ledger';
import { SharedRefresh } from './shared-refresh';
import { fetchTokens } from './token-fetcher';
import { TokenPersistence } from './token-persistence';

export type { TokenManagerOptions } from './manager-options';

type RefreshReason = 'expired' | 'proactive' | 'keepalive' | 'manual' | 'requested';

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class TokenManager extends EventEmitter {
  private strategy: AuthStrategy;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timers: TimerApi;
  private readonly o: ReadOptions;
  private readonly backoff: BackoffOptions;
  private readonly countsAsOutage: (err: unknown) => boolean;

  private readonly lock: MutexInterface;
  private readonly shared: SharedRefresh;
  private readonly circuit: CircuitBreaker;
  private readonly sleeper: CancellableSleep;
  private readonly refreshTimers: RefreshTimers;
  private readonly persistence: TokenPersistence;
  private readonly ledger = new SessionLedger();

  private tokens: TokenSet | null = null;
  /** Fast-path bounds of `tokens`: reusable while notBefore <= now < freshUntil. */
  private freshUntil = -Infinity;
  private notBefore = Infinity;
  /** When `tokens` was adopted; the keepalive counts from here for sets without issuedAt. */
  private tokensSince = 0;
  private state: SessionState = 'idle';
  private loading: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  /** The cloud call and persist in progress, for stop() to wait on. */
  private flight: Promise<unknown> | null = null;
  private backgroundQuietUntil = 0;

  constructor(options: TokenManagerOptions) {
    super();
    const o = (this.o = readOptions(options));
    this.strategy = options.strategy;
    this.logger = options.logger ?? SILENT;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers;
    this.backoff = { ...DEFAULT_BACKOFF, baseMs: o.retryBaseMs, capMs: o.retryCapMs, random: options.random ?? Math.random };
    this.countsAsOutage = options.countsAsOutage ?? defaultCountsAsOutage;
    this.lock = withTimeout(new Mutex(), o.lockWaitTimeoutMs);
    this.shared = new SharedRefresh({
      timers: this.timers,
      waitTimeoutMs: o.lockWaitTimeoutMs,
      timeoutError: () => fromLock(E_TIMEOUT),
      closedError: () => (this.stopped ? sessionClosedError() : null),
    });
    this.circuit = new CircuitBreaker({ ...DEFAULT_CIRCUIT, ...options.circuit }, this.now, () => this.changed());
    this.sleeper = new CancellableSleep(this.timers);
    this.refreshTimers = new RefreshTimers(this.timers, this.now, () => this.onTimer());
    this.persistence = new TokenPersistence(options.store, this.logger, this.now);
  }

  // ── The centre: reuse, or lock → check again → fetch → remember ──

  /** A valid access token: the current one, or a new one when it is inside the refresh buffer. */
  async getAccessToken(): Promise<string> {
    const reusable = this.reusable();
    return reusable ? reusable.accessToken : keepingAlive(async () => (await this.validTokens(false)).accessToken);
  }

  private phase(set: TokenSet | null, now: number): TokenPhase {
    return phaseOf(set, now, this.o.bufferMs, this.o.skewMs);
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
    const phase = this.phase(seen, this.now());
    if (phase === 'fresh') return seen as TokenSet;
    if (phase === 'soft') {
      this.refreshInBackground(seen, 'proactive');
      return seen as TokenSet;
    }
    if (seen?.accessToken && !this.shared.isReplacing(seen))
      this.logger.warn('Token session: the access token expired or is about to; refreshing before the call');
    return this.refreshUnlessReplaced(seen, 'expired', admitted);
  }

  /**
   * Single flight. Every caller names the token set it saw. Callers that saw the same set share
   * one attempt to replace it. That attempt takes the lock, and if the set was already replaced
   * meanwhile, it takes the new one without a cloud call (golang/oauth2's check under the lock).
   */
  private refreshUnlessReplaced(seen: TokenSet | null, reason: RefreshReason, admitted = false): Promise<TokenSet> {
    return this.shared.run(seen, () => this.replaceUnderLock(seen, reason, admitted));
  }

  private async replaceUnderLock(seen: TokenSet | null, reason: RefreshReason, admitted: boolean): Promise<TokenSet> {
    const ticket: CircuitTicket | null = admitted ? null : this.circuit.admit();
    try {
      return await this.lock.runExclusive(async () => {
        const current = this.tokens;
        // Replaced while we waited: use it, even if already near expiry (else: a refresh storm).
        if (current !== seen && current?.accessToken) return current;
        this.assertUsable();
        return this.fetchAndRemember(reason);
      });
    } catch (err) {
      throw fromLock(err);
    } finally {
      ticket?.release();
    }
  }

  private async fetchAndRemember(reason: RefreshReason): Promise<TokenSet> {
    const started = this.now();
    this.setState('refreshing');
    this.logger.info(`Token session: ${this.tokens?.refreshToken ? 'refreshing the access token' : 'logging in'} (${reason})`);
    const context = {
      strategy: this.strategy,
      attempts: this.o.attempts,
      backoff: this.backoff,
      sleeper: this.sleeper,
      budgetMs: this.o.refreshBudgetMs,
      now: this.now,
      logger: this.logger,
    };
    const flight = fetchTokens(this.tokens, context).then(async ({ tokens }) => {
      // Persist first: a rotated refresh token that only lived in memory dies with the process.
      await this.persistence.save(this.strategy, tokens);
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
    this.ledger.succeeded(this.now(), this.now() - started);
    this.circuit.success();
    this.logger.info(`Token session: new access token, valid until ${isoOrNull(tokens.expiresAt) ?? 'an unknown time'}`);
    this.setState('ready');
    this.schedule();
  }

  private refreshFailed(error: VehicleError, started: number): VehicleError {
    if (this.stopped) return error;
    this.ledger.failed(error, this.now() - started);
    this.logger.error(`Token session: refresh failed: ${error.code}: ${error.message}`);
    if (error.code === 'AUTH_FAILED') {
      this.enterReauthRequired();
      return error;
    }
    if (this.countsAsOutage(error)) this.circuit.failure();
    const usable = this.tokens !== null && this.phase(this.tokens, this.now()) !== 'hard';
    this.setState(usable ? 'ready' : 'error');
    this.schedule();
    return error;
  }

  // ── Retry on expiry ──

  /**
   * Runs `op` with a valid access token; if the cloud says that token expired, once more with a
   * new one (retry-on-expiry.ts). Other errors are rethrown as they are.
   */
  executeWithRetry<T>(op: (accessToken: string) => Promise<T>): Promise<T> {
    return keepingAlive(() => this.executeOnce(op));
  }

  private async executeOnce<T>(op: (accessToken: string) => Promise<T>): Promise<T> {
    this.assertUsable();
    const ticket = this.circuit.admit();
    try {
      const tokens = this.reusable() ?? (await this.validTokens(true));
      const result = await withExpiryRetry(op, tokens, this.expiryHooks);
      this.circuit.success();
      return result;
    } finally {
      ticket.release();
    }
  }

  private readonly expiryHooks: ExpiryRetryHooks = {
    replace: async (used) => {
      this.ledger.retriesAfterExpiry += 1;
      if (!this.shared.isReplacing(used)) this.logger.warn('Token session: the cloud reports the access token as expired; refreshing once');
      const fresh = await this.refreshUnlessReplaced(used, 'expired', true);
      this.logger.info('Token session: retrying the call with the new access token');
      return fresh;
    },
    failed: (err) => {
      if (this.countsAsOutage(err)) this.circuit.failure();
    },
  };

  // ── Refreshing on request ──

  /** Refreshes now, single flight: concurrent callers share one refresh. */
  refreshTokenSafely(): Promise<void> {
    return keepingAlive(async () => {
      await this.load();
      this.assertUsable();
      await this.refreshUnlessReplaced(this.tokens, 'requested');
    });
  }

  /** The user's "Refresh now": like refreshTokenSafely, and also the way out of `reauth-required`. */
  refreshToken(): Promise<TokenStatus> {
    return keepingAlive(async () => {
      await this.load();
      if (this.stopped) throw sessionClosedError();
      if (this.state === 'reauth-required') this.setState(this.tokens?.accessToken ? 'ready' : 'idle');
      await this.refreshUnlessReplaced(this.tokens, 'manual');
      return this.status();
    });
  }

  /** New credentials (password, pasted refresh token): leave reauth-required, start afresh. */
  async credentialsChanged(strategy: AuthStrategy = this.strategy): Promise<void> {
    await this.load();
    await this.lock
      .runExclusive(async () => {
        this.strategy = strategy;
        this.circuit.reset();
        this.ledger.lastError = null;
        this.backgroundQuietUntil = 0;
        // New credentials are the user's act: a lost store chain no longer stands in the way.
        this.setTokens(await this.persistence.startingSet(strategy).catch(() => strategy.initial?.() ?? null));
        this.setState(this.tokens?.accessToken ? 'ready' : 'idle');
      })
      .catch((err) => {
        throw fromLock(err);
      });
    if (this.started) this.onTimer();
  }

  private refreshInBackground(seen: TokenSet | null, reason: RefreshReason): void {
    if (this.lock.isLocked() || this.now() < this.backgroundQuietUntil) return;
    this.refreshUnlessReplaced(seen, reason).catch(() => {
      // Already logged and counted; callers still hold a usable token. Do not retry on every call.
      this.backgroundQuietUntil = this.now() + this.o.softRetryMs;
    });
  }

  // ── Lifecycle: load, timers, stop ──

  /** Loads the stored set and starts the timers (when autoRefresh is on). */
  start(): void {
    this.stopped = false;
    this.started = true;
    // Check at once: a stored set may be due, a pasted refresh token is refreshed now.
    this.load().then(
      () => this.onTimer(),
      (err: unknown) => {
        this.logger.error(`Token session: could not start (${toVehicleError(err).code})`);
      },
    );
  }

  /** Stops every timer, cancels waiting callers, lets a running refresh finish and persist. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    this.refreshTimers.cancel();
    this.sleeper.cancelAll();
    this.lock.cancel();
    this.shared.cancelJoiners(sessionClosedError());
    if (this.flight) await waitAtMost(this.timers, this.o.stopTimeoutMs, this.flight);
    if (this.persistence.pending && this.tokens)
      await waitAtMost(this.timers, this.o.stopTimeoutMs, this.persistence.save(this.strategy, this.tokens));
    this.changed();
  }

  private load(): Promise<void> {
    if (!this.loading) {
      this.loading = this.persistence.startingSet(this.strategy).then(
        (tokens) => {
          this.setTokens(tokens);
          if (this.tokens?.accessToken) this.setState('ready');
          else this.changed();
        },
        (err: unknown) => {
          const error = toVehicleError(err);
          if (error.code === 'AUTH_FAILED') {
            // The store's chain is lost (token-persistence.ts): wait for the user, starting from the seed.
            this.setTokens(this.strategy.initial?.() ?? null);
            this.ledger.failed(error, 0);
            this.enterReauthRequired();
            return;
          }
          this.loading = null; // try again on the next call
          throw err;
        },
      );
    }
    return this.loading;
  }

  /** Timers only while started, with autoRefresh, a set to keep fresh and no reauth. */
  private schedule(): void {
    const tokens = this.tokens;
    if (!this.started || this.stopped || !this.o.autoRefresh || !tokens || this.state === 'reauth-required') this.refreshTimers.cancel();
    else this.refreshTimers.arm(Math.min(refreshAt(tokens, this.o.bufferMs), this.keepaliveAt(tokens)));
  }

  private onTimer(): void {
    const tokens = this.tokens;
    if (!tokens || this.stopped || this.state === 'reauth-required') return;
    const now = this.now();
    const phase = this.phase(tokens, now);
    if (phase !== 'fresh' || now >= this.keepaliveAt(tokens))
      this.refreshInBackground(tokens, phase === 'fresh' ? 'keepalive' : 'proactive');
    this.schedule();
  }

  // ── State, persistence, status ──

  private keepaliveAt(tokens: TokenSet): number {
    return keepaliveAt(tokens, this.o.keepaliveMs, this.tokensSince);
  }

  private setTokens(tokens: TokenSet | null): void {
    this.tokens = tokens;
    this.freshUntil = tokens?.accessToken ? refreshAt(tokens, this.o.bufferMs) : -Infinity;
    this.notBefore = tokens?.accessToken ? (tokens.issuedAt ?? -Infinity) : Infinity;
    this.tokensSince = this.now();
  }

  private enterReauthRequired(): void {
    this.refreshTimers.cancel();
    this.setState('reauth-required');
    this.logger.error('Token session: re-login required; no further cloud calls until the credentials change or "Refresh now"');
  }

  private assertUsable(): void {
    if (this.stopped) throw sessionClosedError();
    if (this.state === 'reauth-required')
      throw reauthRequiredError(this.ledger.lastError?.code === 'AUTH_FAILED' ? this.ledger.lastError.message : undefined);
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    try {
      this.emit('state', this.status());
    } catch {
      // A listener's bug must not fail a good refresh.
      this.logger.warn('Token session: a state listener threw');
    }
  }

  /** Attempts of the last failed refresh, if it said. */
  lastFailureAttempts(): number | undefined {
    return this.ledger.lastFailureAttempts;
  }

  /** The session as the editor and the admin route show it. Never contains a secret. */
  status(): TokenStatus {
    return this.ledger.status(this.state, this.tokens, this.circuit.state, this.now());
  }
}
