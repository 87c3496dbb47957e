// What the session has done so far, for TokenStatus: counters, the last error, refresh timings.
// The status never carries a token: only facts about it (has one, when it expires).

import type { CircuitState, SessionState, TokenSet, TokenStatus } from '../types';
import { isoOrNull } from './refresh-schedule';
import { RefreshStatsWindow } from './stats';

export class SessionLedger {
  lastRefreshAt: number | null = null;
  refreshCount = 0;
  refreshFailures = 0;
  retriesAfterExpiry = 0;
  lastError: { code: string; message: string } | null = null;
  /** How many attempts the last failed refresh made (for the session's `refresh-failed` event). */
  lastFailureAttempts: number | undefined;
  private readonly stats = new RefreshStatsWindow();

  succeeded(at: number, durationMs: number): void {
    this.refreshCount += 1;
    this.lastRefreshAt = at;
    this.lastError = null;
    this.stats.record(durationMs, true);
  }

  failed(error: { code: string; message: string; attempts?: number }, durationMs: number): void {
    this.refreshFailures += 1;
    this.lastFailureAttempts = error.attempts;
    this.lastError = { code: error.code, message: error.message };
    this.stats.record(durationMs, false);
  }

  status(state: SessionState, tokens: TokenSet | null, circuit: CircuitState, now: number): TokenStatus {
    const stated = tokens?.accessToken ? tokens.expiresAt : null;
    const expiresAt = stated === null || isoOrNull(stated) === null ? null : stated;
    return {
      state,
      hasToken: stated !== null,
      hasRefreshToken: !!tokens?.refreshToken,
      expiresAt: isoOrNull(expiresAt),
      isExpired: expiresAt === null || !(now < expiresAt),
      secondsUntilExpiry: expiresAt === null ? null : Math.max(0, Math.floor((expiresAt - now) / 1000)),
      lastRefreshAt: isoOrNull(this.lastRefreshAt),
      refreshCount: this.refreshCount,
      refreshFailures: this.refreshFailures,
      retriesAfterExpiry: this.retriesAfterExpiry,
      circuit,
      lastError: this.lastError ? { ...this.lastError } : null,
      stats: this.stats.snapshot(),
    };
  }
}
