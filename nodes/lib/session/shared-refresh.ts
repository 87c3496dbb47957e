// One attempt at a time to replace a given token set, shared by every caller that saw that set.
// A storm of N callers on an expired token then waits on one promise (no N lock hand-offs, no N
// timers), and a caller that saw an older set starts its own attempt, which the lock and the
// "already replaced?" check in the TokenManager turn into a no-op.

import type { TokenSet } from '../types';
import type { TimerApi } from './refresh-schedule';

interface Attempt {
  promise: Promise<TokenSet>;
  joined?: Promise<TokenSet>;
  cancel?: (err: unknown) => void;
}

export interface SharedRefreshOptions {
  timers: TimerApi;
  /** Joiners give up after this long with `timeoutError()`. */
  waitTimeoutMs: number;
  timeoutError: () => unknown;
  /** Checked when the attempt succeeds: a closed session fails its joiners instead. */
  closedError: () => unknown | null;
}

export class SharedRefresh {
  /** Attempts in progress by the set they replace (usually one; two when a stale caller races). */
  private readonly attempts = new Map<TokenSet | null, Attempt>();

  constructor(private readonly options: SharedRefreshOptions) {}

  /** True while an attempt to replace `seen` runs. */
  isReplacing(seen: TokenSet | null): boolean {
    return this.attempts.has(seen);
  }

  /** Joins the attempt that replaces `seen`, or starts one with `start`. */
  run(seen: TokenSet | null, start: () => Promise<TokenSet>): Promise<TokenSet> {
    const running = this.attempts.get(seen);
    if (running) return this.join(running);
    const attempt: Attempt = { promise: start() };
    this.attempts.set(seen, attempt);
    const forget = (): void => {
      if (this.attempts.get(seen) === attempt) this.attempts.delete(seen);
    };
    attempt.promise.then(forget, forget);
    return attempt.promise;
  }

  /** Fails every joiner at once (stop()); the attempt itself runs on. */
  cancelJoiners(err: unknown): void {
    for (const attempt of this.attempts.values()) attempt.cancel?.(err);
  }

  private join(attempt: Attempt): Promise<TokenSet> {
    if (!attempt.joined) {
      const { timers, waitTimeoutMs, timeoutError, closedError } = this.options;
      attempt.joined = new Promise<TokenSet>((resolve, reject) => {
        const handle = timers.setTimeout(() => reject(timeoutError()), waitTimeoutMs);
        const finish = (settle: () => void) => {
          timers.clearTimeout(handle);
          settle();
        };
        attempt.cancel = (err) => finish(() => reject(err));
        attempt.promise.then(
          (tokens) =>
            finish(() => {
              const closed = closedError();
              if (closed) reject(closed);
              else resolve(tokens);
            }),
          (err: unknown) => finish(() => reject(err)),
        );
      });
    }
    return attempt.joined;
  }
}
