// The session's events for flows and the account dialog (`hyundai-kia-events`), read off the
// TokenStatus changes the session already emits, so a new session state (e.g. `otp-required`) shows
// up as an event of the same name without code here. Budget events come from the budget.
import type { TokenStatus } from '../types';

export interface SessionEvent {
  event: string;
  /** ISO time. */
  at: string;
  code?: string;
  [detail: string]: unknown;
}

/** States that are plain operation, not news. `error` is told as `refresh-failed`. */
const QUIET_STATES = new Set(['idle', 'ready', 'refreshing', 'error']);
const KEEP = 20;

export class SessionEvents {
  private readonly recent: SessionEvent[] = [];
  private last: TokenStatus | null = null;

  constructor(
    private readonly now: () => number,
    private readonly publish: (event: SessionEvent) => void,
    /** Attempts of the last failed refresh, when the session knows them. */
    private readonly failureAttempts: () => number | undefined = () => undefined,
  ) {}

  /** The last events, oldest first. */
  list(): SessionEvent[] {
    return this.recent.map((e) => ({ ...e }));
  }

  add(event: string, details: Record<string, unknown> = {}): void {
    const e: SessionEvent = { event, at: new Date(this.now()).toISOString(), ...details };
    this.recent.push(e);
    if (this.recent.length > KEEP) this.recent.shift();
    this.publish({ ...e });
  }

  /** Compares a new session status with the one before and tells what happened in between. */
  observe(status: TokenStatus): void {
    const before = this.last;
    this.last = status;
    if (!before) return;
    if (status.refreshCount > before.refreshCount) this.add('token-refreshed', { expiresAt: status.expiresAt });
    if (status.refreshFailures > before.refreshFailures) {
      const attempts = this.failureAttempts();
      this.add('refresh-failed', { code: status.lastError?.code, ...(attempts !== undefined && { attempts }) });
    }
    if (status.state !== before.state && !QUIET_STATES.has(status.state)) {
      this.add(status.state, status.lastError ? { code: status.lastError.code } : {});
    }
    if (status.circuit !== before.circuit) {
      if (status.circuit === 'open') this.add('circuit-open', status.lastError ? { code: status.lastError.code } : {});
      else if (status.circuit === 'closed') this.add('circuit-closed');
    }
  }
}
