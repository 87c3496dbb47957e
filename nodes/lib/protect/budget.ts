// The account's daily budget of calls that reach the car (forced reads and commands: what the clouds
// count against their daily quota). Spent, or the cloud says its quota is used up: no more such calls
// until the reset, and every caller gets RATE_LIMITED with the seconds until then.
//
// The cloud's own numbers win when it sends them (`X-RateLimit-Limit/Remaining/Reset`, epoch
// seconds; some gateways send zeros, which mean nothing and are ignored).
import { VehicleError } from '../errors';
import { nextLocalMidnight, startOfLocalDay } from './local-day';

export interface BudgetStatus {
  used: number;
  limit: number;
  /** ISO time of the next reset. */
  resetsAt: string;
}

/** What survives a restart, so a restart loop cannot spend the day twice. */
export interface BudgetSnapshot {
  day: number;
  used: number;
  pausedUntil: number | null;
}

export type BudgetEvent =
  { event: 'rate-limited'; source: 'budget' | 'cloud'; retryAfterSeconds: number } | { event: 'budget-low'; used: number; limit: number };

/** Share of the budget after which `budget-low` is reported (once a day). */
const LOW_SHARE = 0.8;
const HOUR_MS = 3_600_000;

export class DailyBudget {
  private day: number;
  private used = 0;
  /** Paused for every call until then (the cloud refused, or said nothing is left). */
  private pausedUntil: number | null = null;
  private cloud: { remaining: number; resetAt: number } | null = null;
  private lowReported = false;
  private spentReportedDay: number | null = null;

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly report: (event: BudgetEvent) => void,
    private readonly changed: () => void = () => undefined,
  ) {
    this.day = startOfLocalDay(now());
  }

  status(): BudgetStatus {
    this.roll();
    // When the cloud says nothing is left, the day's budget is as good as spent.
    const used = this.pausedUntil !== null ? Math.max(this.used, this.limit) : this.used;
    return { used, limit: this.limit, resetsAt: new Date(this.resetAt()).toISOString() };
  }

  /** True while every call waits (the cloud refused, or said nothing is left). */
  cloudPaused(): boolean {
    this.roll();
    return this.pausedUntil !== null;
  }

  /** Every vehicle call: refused while the cloud has said its quota is used up. */
  assertOpen(): void {
    this.roll();
    if (this.pausedUntil !== null) throw this.limited("The cloud's daily quota is used up; the account pauses until the reset");
  }

  /** A call that reaches the car: counts it, or refuses it when the day's budget is spent. */
  take(): void {
    this.assertOpen();
    if (this.used >= this.limit) throw this.limited(`The daily budget of ${this.limit} calls to the car is spent`, 'budget');
    this.used += 1;
    if (!this.lowReported && this.used >= Math.ceil(this.limit * LOW_SHARE)) {
      this.lowReported = true;
      this.report({ event: 'budget-low', used: this.used, limit: this.limit });
    }
    this.changed();
  }

  /** The cloud answered RATE_LIMITED: pause every call until its reset. */
  cloudRefused(retryAfterSeconds?: number): void {
    const now = this.now();
    let until: number;
    if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) until = now + retryAfterSeconds * 1000;
    else if (this.cloud && this.cloud.resetAt > now) until = this.cloud.resetAt;
    // Early in our day the cloud's day (another time zone) may simply not have turned yet: ask again
    // in an hour instead of losing a whole day.
    else if (now - this.day < 6 * HOUR_MS) until = now + HOUR_MS;
    else until = nextLocalMidnight(now);
    const first = this.pausedUntil === null;
    this.pausedUntil = Math.max(until, this.pausedUntil ?? 0);
    if (first) this.report({ event: 'rate-limited', source: 'cloud', retryAfterSeconds: this.secondsLeft() });
    this.changed();
  }

  /**
   * The user says "try again now" (Refresh now): the pause the cloud caused ends; the day's own count
   * stays. The next call asks the cloud again, which pauses once more if its quota is still used up.
   */
  resume(): void {
    if (this.pausedUntil === null) return;
    this.pausedUntil = null;
    this.cloud = null;
    this.changed();
  }

  /** Reads the cloud's rate-limit headers from any answer (axios headers or a plain object). */
  observeHeaders(headers: unknown): void {
    if (!headers || typeof headers !== 'object') return;
    const get = (name: string): number => {
      const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
      const raw = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
      return Number(Array.isArray(raw) ? raw[0] : raw);
    };
    const limit = get('x-ratelimit-limit');
    const remaining = get('x-ratelimit-remaining');
    const reset = get('x-ratelimit-reset');
    if (!(limit > 0) || !Number.isFinite(remaining) || !(reset > 0)) return;
    // Epoch seconds, as observed; a small number would be seconds from now.
    const resetAt = reset > 1e9 ? reset * 1000 : this.now() + reset * 1000;
    this.cloud = { remaining, resetAt };
    if (remaining <= 0 && this.pausedUntil === null) {
      this.pausedUntil = resetAt;
      this.report({ event: 'rate-limited', source: 'cloud', retryAfterSeconds: this.secondsLeft() });
      this.changed();
    }
  }

  snapshot(): BudgetSnapshot {
    this.roll();
    return { day: this.day, used: this.used, pausedUntil: this.pausedUntil };
  }

  restore(s: BudgetSnapshot): void {
    if (s.day === startOfLocalDay(this.now())) {
      this.used = Math.max(this.used, s.used);
      this.lowReported = this.used >= Math.ceil(this.limit * LOW_SHARE);
    }
    if (s.pausedUntil !== null && s.pausedUntil > this.now()) this.pausedUntil = Math.max(s.pausedUntil, this.pausedUntil ?? 0);
  }

  // ---------------------------------------------------------------------------------------------

  /** A new day starts from zero; a pause ends at its time. */
  private roll(): void {
    const now = this.now();
    const today = startOfLocalDay(now);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
      this.lowReported = false;
    }
    if (this.pausedUntil !== null && now >= this.pausedUntil) this.pausedUntil = null;
    if (this.cloud && now >= this.cloud.resetAt) this.cloud = null;
  }

  private resetAt(): number {
    if (this.pausedUntil !== null) return this.pausedUntil;
    return nextLocalMidnight(this.now());
  }

  private secondsLeft(): number {
    return Math.max(1, Math.ceil((this.resetAt() - this.now()) / 1000));
  }

  private limited(message: string, source: 'budget' | 'cloud' = 'cloud'): VehicleError {
    const retryAfterSeconds = this.secondsLeft();
    if (source === 'budget' && this.spentReportedDay !== this.day) {
      this.spentReportedDay = this.day;
      this.report({ event: 'rate-limited', source, retryAfterSeconds });
    }
    return new VehicleError('RATE_LIMITED', message, { retryable: true, retryAfterSeconds, attempts: 0 });
  }
}
