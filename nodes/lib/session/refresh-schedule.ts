// When a token set needs refreshing (docs/contract.md §5), named once and used everywhere.
//
//   issuedAt ──── fresh ──── refreshAt ──── soft ──── hardAt ──── hard ──── expiresAt
//
// - fresh: reuse the token.
// - soft:  reuse the token, and start one refresh in the background (its failure never fails a caller).
// - hard:  the token is (nearly) unusable: callers wait for the refresh.
//
// refreshAt = max(issuedAt + lifetime / 2, expiresAt − buffer): the buffer decides for long-lived
// tokens, and a token that lives shorter than twice the buffer is still used for half its life, so a
// short-lived token never causes a refresh loop.
// hardAt = max(refreshAt, expiresAt − skew): the last moment the token is trusted, a small margin for
// clock differences with the cloud (golang/oauth2 uses 10 s for the same reason).
// A wall clock that runs behind the token's issue time has jumped backwards: the expiry is then
// meaningless, so the set counts as hard (MSAL `wasClockTurnedBack`).

import type { TokenSet } from '../types';

export type TokenPhase = 'fresh' | 'soft' | 'hard';

/** Node fires a timer longer than this after 1 ms (TimeoutOverflowWarning); longer waits are chained. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The safety check interval: timers stop during a suspend, the wall clock does not. */
export const SAFETY_CHECK_MS = 5 * 60 * 1000;

/** Clock-difference margin before expiry after which a caller waits for the refresh. */
export const DEFAULT_SKEW_MS = 10 * 1000;

/**
 * The lifetimes a session accepts from any strategy: at least 1 s (with refreshAt's half-life rule,
 * at most two refreshes a second however short the cloud says), at most 400 days (dates stay valid).
 * The cloud clients apply their own, tighter bounds first (clouds/answers.ts).
 */
export const SESSION_LIFETIME_MS = { min: 1000, max: 400 * 24 * 3600 * 1000 } as const;

/** An ISO date, or null for a time Date cannot show (a damaged store, a hostile cloud). */
export function isoOrNull(ms: number | null | undefined): string | null {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(ms).toISOString();
}

export function refreshAt(set: TokenSet, bufferMs: number): number {
  const byBuffer = set.expiresAt - bufferMs;
  if (typeof set.issuedAt !== 'number' || set.issuedAt >= set.expiresAt) return byBuffer;
  const halfLife = set.issuedAt + (set.expiresAt - set.issuedAt) / 2;
  return Math.max(halfLife, byBuffer);
}

/**
 * Keepalive: a refresh token is refreshed at least every `keepaliveMs` (0 = off), counted from the
 * set's issue time (or `since`, when the set was adopted), so one that expires on inactivity lives.
 * Never for a set without a refresh token: there is nothing to keep alive.
 */
export function keepaliveAt(set: TokenSet, keepaliveMs: number, since: number): number {
  if (keepaliveMs === 0 || !set.refreshToken) return Infinity;
  return (set.issuedAt ?? since) + keepaliveMs;
}

export function hardAt(set: TokenSet, bufferMs: number, skewMs: number = DEFAULT_SKEW_MS): number {
  return Math.max(refreshAt(set, bufferMs), set.expiresAt - skewMs);
}

export function clockWentBack(set: TokenSet, now: number): boolean {
  return typeof set.issuedAt === 'number' && now < set.issuedAt;
}

export function phaseOf(set: TokenSet | null, now: number, bufferMs: number, skewMs: number = DEFAULT_SKEW_MS): TokenPhase {
  if (!set || !set.accessToken || clockWentBack(set, now)) return 'hard';
  if (now >= hardAt(set, bufferMs, skewMs)) return 'hard';
  if (now >= refreshAt(set, bufferMs)) return 'soft';
  return 'fresh';
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at call time so that fake timers installed later still apply. */
export const globalTimers: TimerApi = {
  setTimeout: (fn, ms) => {
    const handle = globalThis.setTimeout(fn, ms);
    // A library timer must not keep a script alive on its own.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A one-shot timer for any delay: waits longer than MAX_TIMER_MS are chained in steps, and the
 * remaining time is measured with the injected clock at every step.
 */
export class LongTimer {
  private handle: unknown = null;

  constructor(
    private readonly timers: TimerApi,
    private readonly now: () => number,
  ) {}

  /** Runs `fn` once at epoch ms `at` (replacing any earlier schedule). */
  at(at: number, fn: () => void): void {
    this.cancel();
    const step = (): void => {
      const remaining = at - this.now();
      if (remaining <= 0) {
        this.handle = null;
        fn();
        return;
      }
      this.handle = this.timers.setTimeout(step, Math.min(remaining, MAX_TIMER_MS));
    };
    const remaining = at - this.now();
    this.handle = this.timers.setTimeout(step, Math.max(0, Math.min(remaining, MAX_TIMER_MS)));
  }

  get pending(): boolean {
    return this.handle !== null;
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
