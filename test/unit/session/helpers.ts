// Test doubles for the session: a fake cloud identity server behind an AuthStrategy, a logger that
// records every line, and fake timers limited to what the session uses (faking nextTick or
// setImmediate would stall promise-based code).

import FakeTimers from '@sinonjs/fake-timers';
import { VehicleError } from '../../../nodes/lib/errors';
import type { AuthStrategy, Logger, TokenSet } from '../../../nodes/lib/types';
import { TokenManager } from '../../../nodes/lib/session';
import type { TokenManagerOptions } from '../../../nodes/lib/session';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export type Clock = FakeTimers.InstalledClock;

export function installClock(now = T0): Clock {
  return FakeTimers.install({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

export interface LogLine {
  level: keyof Logger;
  message: string;
}

export function recordingLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: keyof Logger) => (message: string) => void lines.push({ level, message });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => l.message).join('\n'),
  };
}

export type Behaviour = 'ok' | 'reject' | Error | (() => Promise<TokenSet> | TokenSet);

/**
 * A strict-rotation identity server: every refresh returns a new refresh token and invalidates the
 * old one; presenting an old one counts as a reuse and is rejected.
 */
export class FakeCloud implements AuthStrategy {
  lifetimeMs = HOUR;
  canLogin = true;
  identity = 'eu|kia|driver@example.com';
  seedFingerprint?: string;
  seed: TokenSet | null = null;
  refreshCalls = 0;
  loginCalls = 0;
  reuseDetected = 0;
  /** Queued behaviours for the next refresh / login calls; 'ok' when empty. */
  refreshPlan: Behaviour[] = [];
  loginPlan: Behaviour[] = [];
  /** Called at the start of every token call; may delay (await) it. */
  gate: (() => Promise<void>) | null = null;
  private serial = 0;
  private liveRefreshToken: string | null = null;
  readonly events: string[] = [];

  constructor(private readonly now: () => number = () => Date.now()) {}

  get tokenCalls(): number {
    return this.refreshCalls + this.loginCalls;
  }

  initial(): TokenSet | null {
    if (this.seed?.refreshToken) this.liveRefreshToken = this.seed.refreshToken;
    return this.seed;
  }

  accessTokenNo(n: number): string {
    return `access-${n}`;
  }

  async login(): Promise<TokenSet> {
    this.loginCalls += 1;
    this.events.push('login');
    if (this.gate) await this.gate();
    return this.answer(this.loginPlan.shift() ?? 'ok');
  }

  async refresh(current: TokenSet): Promise<TokenSet> {
    this.refreshCalls += 1;
    this.events.push('refresh');
    if (this.gate) await this.gate();
    const behaviour = this.refreshPlan.shift() ?? 'ok';
    if (behaviour === 'ok' && current.refreshToken !== this.liveRefreshToken) {
      this.reuseDetected += 1;
      throw new VehicleError('AUTH_FAILED', 'refresh token reused', { retryable: false, cloudCode: '7501' });
    }
    return this.answer(behaviour);
  }

  private async answer(behaviour: Behaviour): Promise<TokenSet> {
    if (behaviour === 'reject') throw new VehicleError('AUTH_FAILED', 'invalid_grant', { retryable: false, cloudCode: '7501' });
    if (behaviour instanceof Error) throw behaviour;
    if (typeof behaviour === 'function') return behaviour();
    this.serial += 1;
    const refreshToken = `refresh-${this.serial}`;
    this.liveRefreshToken = refreshToken;
    return { accessToken: this.accessTokenNo(this.serial), refreshToken, expiresAt: this.now() + this.lifetimeMs };
  }

  /** The access token of the newest set handed out. */
  get latestAccessToken(): string {
    return this.accessTokenNo(this.serial);
  }
}

/** An error shaped like the EU gateway's "token expired" answer. */
export function expiredError(): Error {
  return Object.assign(new Error('Request failed with status code 401'), {
    response: { status: 401, headers: {}, data: { error: 'Key not authorized: Token is expired' } },
  });
}

/** A transient error: HTTP 503 from the cloud. */
export function unavailableError(retryAfter?: string): Error {
  return Object.assign(new Error('Request failed with status code 503'), {
    response: { status: 503, headers: retryAfter ? { 'retry-after': retryAfter } : {}, data: {} },
  });
}

export function resetError(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

export function refusedError(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
}

export function manager(cloud: FakeCloud, options: Partial<TokenManagerOptions> = {}): TokenManager {
  return new TokenManager({ strategy: cloud, now: () => Date.now(), random: () => 0.5, ...options });
}

/** Gets a manager to hold a valid token (one login) without timers. */
export async function primed(cloud: FakeCloud, options: Partial<TokenManagerOptions> = {}): Promise<TokenManager> {
  const m = manager(cloud, options);
  await m.getAccessToken();
  return m;
}

/** Waits until all pending promise callbacks have run (several macrotask turns). */
export async function settle(clock?: Clock): Promise<void> {
  if (clock) await clock.tickAsync(0);
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
