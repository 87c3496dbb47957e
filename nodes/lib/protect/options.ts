// The protection options of an account (quota budget, forced-read governor, polling): their defaults
// per region, and the checks that make a wrong value CONFIG_INVALID at createAccount.
//
// Why these defaults (research: cloud-protocol.md section 6, anchors.md):
// - dailyBudget: US Hyundai allows about 30 remote requests a day (Blue Link support); the EU quota
//   is unknown, but a 30-minute forced loop (48 a day plus the phone app) hit it, so 40 stays below.
// - minForceIntervalMinutes 60 and no force below 50 % of 12 V: every forced read wakes the car for
//   minutes (about 3-4 min at 7 A); hourly forcing already keeps the 12 V from recharging.
import { OPTION_RANGES } from '../ranges';
import { VehicleError } from '../errors';

export interface ProtectionOptions {
  /** Calls that reach the car (forced reads and commands) a day; default per region. */
  dailyBudget?: number;
  /** 'never' refuses every forced read (default 'allowed'). */
  forceRefresh?: 'allowed' | 'never';
  /** Forced-read attempts of one car, failed ones included, at least this far apart (default 60; 0 = no minimum). */
  minForceIntervalMinutes?: number;
  /** No forced read inside these local hours, e.g. '22:00-07:00' (default: none). */
  quietHours?: string;
  /** No forced read while the last known 12 V charge is below this (default 50; 0 = off). */
  min12vSoc?: number;
  /** Read every car's cached status this often (default 0 = off). */
  pollMinutes?: number;
}

export interface QuietHours {
  /** Minutes after local midnight. */
  from: number;
  to: number;
  text: string;
}

export interface Protection {
  dailyBudget: number;
  forceRefresh: 'allowed' | 'never';
  minForceIntervalMs: number;
  quietHours: QuietHours | null;
  min12vSoc: number;
  pollMs: number;
}

export const DEFAULT_DAILY_BUDGET: Record<string, number> = { eu: 40, us: 30, demo: 200 };
/** Where the research has no number (new regions), the strictest one known. */
const FALLBACK_DAILY_BUDGET = 30;

function fail(message: string): never {
  throw new VehicleError('CONFIG_INVALID', message, { attempts: 0 });
}

function checkNumber(value: unknown, name: string, min: number, max: number, says: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(`${name} must be ${says}`);
}

/** '22:00-07:00' → minutes after midnight; null when the text is not two HH:MM times. */
export function parseQuietHours(text: string): QuietHours | null {
  const m = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/.exec(text);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (from === to) return null;
  return { from, to, text: `${m[1].padStart(2, '0')}:${m[2]}-${m[3].padStart(2, '0')}:${m[4]}` };
}

/** Throws CONFIG_INVALID naming the first wrong protection option. */
export function checkProtectionOptions(o: ProtectionOptions): void {
  const R = OPTION_RANGES;
  if (
    o.dailyBudget !== undefined &&
    !(Number.isInteger(o.dailyBudget) && o.dailyBudget >= R.dailyBudget.min && o.dailyBudget <= R.dailyBudget.max)
  ) {
    fail(`dailyBudget must be a whole number of calls from ${R.dailyBudget.min} to ${R.dailyBudget.max}`);
  }
  if (o.forceRefresh !== undefined && o.forceRefresh !== 'allowed' && o.forceRefresh !== 'never')
    fail('forceRefresh must be "allowed" or "never"');
  const interval = R.minForceIntervalMinutes;
  checkNumber(
    o.minForceIntervalMinutes,
    'minForceIntervalMinutes',
    interval.min,
    interval.max,
    `from ${interval.min} to ${interval.max} minutes`,
  );
  if (o.quietHours !== undefined && o.quietHours !== '' && (typeof o.quietHours !== 'string' || !parseQuietHours(o.quietHours))) {
    fail('quietHours must be two local times like "22:00-07:00", or empty for none');
  }
  checkNumber(o.min12vSoc, 'min12vSoc', R.min12vSoc.min, R.min12vSoc.max, `a percentage from ${R.min12vSoc.min} to ${R.min12vSoc.max}`);
  const poll = R.pollMinutes;
  if (
    o.pollMinutes !== undefined &&
    !(typeof o.pollMinutes === 'number' && (o.pollMinutes === poll.off || (o.pollMinutes >= poll.min && o.pollMinutes <= poll.max)))
  ) {
    fail(`pollMinutes must be ${poll.off} (off) or from ${poll.min} to ${poll.max}`);
  }
}

export function resolveProtection(o: ProtectionOptions, region: string): Protection {
  return {
    dailyBudget: o.dailyBudget ?? DEFAULT_DAILY_BUDGET[region] ?? FALLBACK_DAILY_BUDGET,
    forceRefresh: o.forceRefresh ?? 'allowed',
    minForceIntervalMs: (o.minForceIntervalMinutes ?? OPTION_RANGES.minForceIntervalMinutes.default) * 60_000,
    quietHours: o.quietHours ? parseQuietHours(o.quietHours) : null,
    min12vSoc: o.min12vSoc ?? 50,
    pollMs: (o.pollMinutes ?? 0) * 60_000,
  };
}
