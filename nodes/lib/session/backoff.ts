// Delays between refresh attempts: exponential with full jitter, bounded by a cap, and a cloud's
// Retry-After honoured but never beyond the same cap (a `Retry-After: 86400` must not park the
// session for a day; axios-retry's exponentialDelay has no cap, hence this small function).

import type { TimerApi } from './refresh-schedule';

export interface BackoffOptions {
  /** Delay scale of the first retry, ms (default 1000). */
  baseMs: number;
  /** No delay is ever longer than this, ms (default 10000). */
  capMs: number;
  /** Uniform random in [0, 1). */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 10_000, random: Math.random };

/**
 * The wait before retry number `retry` (1 = the first retry). Full jitter: uniform in
 * [0, min(cap, base · 2^(retry−1))]. A Retry-After (seconds) raises the wait to at least that much,
 * up to the cap.
 */
export function backoffDelay(retry: number, options: BackoffOptions, retryAfterSeconds?: number): number {
  const cap = Math.max(0, options.capMs);
  const exponent = Math.min(Math.max(0, retry - 1), 30);
  const ceiling = Math.min(cap, Math.max(0, options.baseMs) * 2 ** exponent);
  const jittered = Math.floor(clamp01(options.random()) * ceiling);
  const asked =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.min(cap, Math.max(jittered, asked));
}

function clamp01(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}

/** A wait that `cancel()` ends at once (used so that stop() never sits out a backoff). */
export class CancellableSleep {
  private readonly waiting = new Set<{ handle: unknown; resolve: (completed: boolean) => void }>();

  constructor(private readonly timers: TimerApi) {}

  /** Resolves true after `ms`, or false if cancelled first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = { handle: null as unknown, resolve };
      entry.handle = this.timers.setTimeout(() => {
        this.waiting.delete(entry);
        resolve(true);
      }, ms);
      this.waiting.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.waiting) {
      this.timers.clearTimeout(entry.handle);
      entry.resolve(false);
    }
    this.waiting.clear();
  }
}
