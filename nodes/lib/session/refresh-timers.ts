// The session's two timers: an exact one at the next due moment (refreshAt or the keepalive,
// chained beyond 2^31−1 ms), and a safety check every 5 minutes, because timers stand still during
// a suspend while the wall clock runs on. Both call the same check, which decides from the clock.

import { LongTimer, SAFETY_CHECK_MS, type TimerApi } from './refresh-schedule';

export class RefreshTimers {
  private readonly exact: LongTimer;
  private safety: unknown = null;

  constructor(
    private readonly timers: TimerApi,
    private readonly now: () => number,
    private readonly check: () => void,
  ) {
    this.exact = new LongTimer(timers, now);
  }

  /** Re-arms both timers. A due time already past gets no exact timer (the safety check retries). */
  arm(dueAt: number): void {
    this.cancel();
    if (dueAt > this.now()) this.exact.at(dueAt, this.check);
    this.safety = this.timers.setTimeout(this.check, SAFETY_CHECK_MS);
  }

  cancel(): void {
    this.exact.cancel();
    if (this.safety !== null) this.timers.clearTimeout(this.safety);
    this.safety = null;
  }
}

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects. */
export function waitAtMost(timers: TimerApi, ms: number, work: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(resolve, ms);
    const done = (): void => {
      timers.clearTimeout(handle);
      resolve();
    };
    work.then(done, done);
  });
}
