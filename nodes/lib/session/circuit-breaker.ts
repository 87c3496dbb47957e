// A consecutive-failure circuit breaker, one per account (docs/contract.md §5). A car API sees a few
// calls a minute, so a rate window would never fill; consecutive failures do (research
// docs/research/token-reliability.md §5).
//
//   closed ── 5 counted failures in a row ──▶ open (30 s, doubling up to 10 min)
//   open ── time passes ──▶ half-open: exactly one probe call goes through, the rest fail fast
//   half-open ── probe succeeds ──▶ closed;  probe fails ──▶ open again, for twice as long
//
// The breaker only decides; the caller reports outcomes. A result that says nothing about the
// cloud's health (bad input, token expiry) is reported as neither success nor failure.

import { VehicleError } from '../errors';
import type { CircuitState } from '../types';

export interface CircuitOptions {
  /** Consecutive counted failures that open the circuit (default 5). */
  threshold: number;
  /** First open duration, ms (default 30 s). */
  openMs: number;
  /** Longest open duration, ms (default 10 min). */
  maxOpenMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { threshold: 5, openMs: 30_000, maxOpenMs: 600_000 };

/** Permission to make one call. Release it when the call is over, whatever its outcome. */
export interface CircuitTicket {
  readonly probe: boolean;
  release(): void;
}

const FREE_PASS: CircuitTicket = { probe: false, release: () => undefined };

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private openDuration: number;
  private isOpen = false;
  private probing = false;

  constructor(
    private readonly options: CircuitOptions,
    private readonly now: () => number,
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {
    this.openDuration = options.openMs;
  }

  get state(): CircuitState {
    if (!this.isOpen) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Seconds until a probe is allowed (for the CIRCUIT_OPEN error), 0 when not open. */
  get secondsUntilProbe(): number {
    return this.isOpen ? Math.max(0, Math.ceil((this.openUntil - this.now()) / 1000)) : 0;
  }

  /** Throws CIRCUIT_OPEN while open, and in half-open for everyone but the single probe. */
  admit(): CircuitTicket {
    if (!this.isOpen) return FREE_PASS;
    if (this.state === 'open' || this.probing) {
      throw new VehicleError('CIRCUIT_OPEN', 'The cloud failed repeatedly; calls are paused for a while', {
        retryable: true,
        retryAfterSeconds: Math.max(1, this.secondsUntilProbe),
      });
    }
    this.probing = true;
    let released = false;
    return {
      probe: true,
      release: () => {
        if (released) return;
        released = true;
        this.probing = false;
      },
    };
  }

  success(): void {
    const wasOpen = this.isOpen;
    this.failures = 0;
    this.isOpen = false;
    this.openDuration = this.options.openMs;
    if (wasOpen) this.onChange('closed');
  }

  failure(): void {
    if (this.isOpen) {
      // A failed probe (or a failure that raced it): open again, for twice as long.
      if (this.state !== 'half-open') return;
      this.openDuration = Math.min(this.openDuration * 2, this.options.maxOpenMs);
      this.open();
      return;
    }
    this.failures += 1;
    if (this.failures >= this.options.threshold) this.open();
  }

  /** Back to closed with no history (credentials changed, manual reset). */
  reset(): void {
    this.probing = false;
    this.success();
  }

  private open(): void {
    this.isOpen = true;
    this.openUntil = this.now() + this.openDuration;
    this.onChange('open');
  }
}
