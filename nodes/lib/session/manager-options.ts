// TokenManager options: the contract's names, the defaults of contract section 5, and validation
// (numbers are read with `??`, so an explicit 0 means 0; google-auth-library's truthiness check
// silently ignored a 0 buffer).

import { VehicleError } from '../errors';
import type { AuthStrategy, Logger } from '../types';
import type { CircuitOptions } from './circuit-breaker';
import type { TimerApi } from './refresh-schedule';
import { DEFAULT_SKEW_MS } from './refresh-schedule';
import type { TokenStore } from './token-store';

export interface TokenManagerOptions {
  strategy: AuthStrategy;
  /** Refresh this long before expiry (default 5). */
  refreshBufferMinutes?: number;
  /** Refresh at least this often while autoRefresh is on, even when idle (default 60; 0 = off). */
  keepaliveMinutes?: number;
  /** Timer-driven refreshes (proactive and keepalive). false: no background cloud calls at all. */
  autoRefresh?: boolean;
  store?: TokenStore;
  logger?: Logger;
  /** The wall clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Uniform random in [0, 1) for the backoff jitter (default Math.random). */
  random?: () => number;
  /** Timer functions (default the global ones, unref'ed). */
  timers?: TimerApi;
  /** Attempts per refresh on transient failures (default 3). */
  refreshAttempts?: number;
  /** Backoff scale of the first retry, ms (default 1000). */
  retryBaseMs?: number;
  /** Longest backoff and longest honoured Retry-After, ms (default 10000). */
  retryCapMs?: number;
  circuit?: Partial<CircuitOptions>;
  /** Margin before expiry at which callers wait for the refresh instead of using the token (default 10 s). */
  clockSkewMs?: number;
  /** After a failed background refresh, callers do not start another one for this long (default 30 s). */
  softRetryMs?: number;
  /** A refresh starts no retry after this long, so a hung cloud fails it in about a minute (default 60 s). */
  refreshBudgetMs?: number;
  /** A caller waits at most this long for another caller's refresh (default 2 min). */
  lockWaitTimeoutMs?: number;
  /** stop() waits at most this long for a running refresh and its persist (default 10 s). */
  stopTimeoutMs?: number;
  /** Which errors of operations and refreshes the circuit breaker counts (default refresh-failures.ts). */
  countsAsOutage?: (err: unknown) => boolean;
}

export interface ReadOptions {
  bufferMs: number;
  keepaliveMs: number;
  autoRefresh: boolean;
  attempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  skewMs: number;
  softRetryMs: number;
  lockWaitTimeoutMs: number;
  stopTimeoutMs: number;
  refreshBudgetMs: number;
}

const MINUTE = 60_000;

export function readOptions(options: TokenManagerOptions): ReadOptions {
  if (!options || typeof options.strategy?.login !== 'function' || typeof options.strategy.refresh !== 'function') {
    throw invalid('strategy must have login() and refresh()');
  }
  const keepaliveMinutes = number(options.keepaliveMinutes, 60, 'keepaliveMinutes', 0);
  if (keepaliveMinutes !== 0 && keepaliveMinutes < 1) throw invalid('keepaliveMinutes must be 0 (off) or at least 1');
  return {
    bufferMs: number(options.refreshBufferMinutes, 5, 'refreshBufferMinutes', 0) * MINUTE,
    keepaliveMs: keepaliveMinutes * MINUTE,
    autoRefresh: options.autoRefresh ?? true,
    attempts: Math.floor(number(options.refreshAttempts, 3, 'refreshAttempts', 1)),
    retryBaseMs: number(options.retryBaseMs, 1000, 'retryBaseMs', 0),
    retryCapMs: number(options.retryCapMs, 10_000, 'retryCapMs', 0),
    skewMs: number(options.clockSkewMs, DEFAULT_SKEW_MS, 'clockSkewMs', 0),
    softRetryMs: number(options.softRetryMs, 30_000, 'softRetryMs', 0),
    lockWaitTimeoutMs: number(options.lockWaitTimeoutMs, 120_000, 'lockWaitTimeoutMs', 1),
    stopTimeoutMs: number(options.stopTimeoutMs, 10_000, 'stopTimeoutMs', 0),
    refreshBudgetMs: number(options.refreshBudgetMs, 60_000, 'refreshBudgetMs', 0),
  };
}

function number(value: number | undefined, fallback: number, name: string, min: number): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min) throw invalid(`${name} must be a number of at least ${min}`);
  return n;
}

function invalid(message: string): VehicleError {
  return new VehicleError('CONFIG_INVALID', `Token session: ${message}`);
}
