// Small, forgiving readers for cloud payloads. Every reader takes `unknown` and answers a clean value
// or null: the clouds mix 0/1 integers, booleans and numeric strings for the same flag, and any field
// may be missing, so nothing here throws and nothing guesses beyond what the field says.

export type Rec = Record<string, unknown>;

/** The value as a plain object, or null (arrays and primitives are not records). */
export function rec(value: unknown): Rec | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : null;
}

// The readers' paths are a few hundred literals: each is split once, not on every read (a status
// payload is read through about a hundred of them).
const SPLIT_PATHS = new Map<string, readonly string[]>();
const MAX_SPLIT_PATHS = 2_000;

function keysOf(path: string): readonly string[] {
  let keys = SPLIT_PATHS.get(path);
  if (!keys) {
    keys = path.split('.');
    if (SPLIT_PATHS.size < MAX_SPLIT_PATHS) SPLIT_PATHS.set(path, keys);
  }
  return keys;
}

/**
 * Follows a dotted path (`'evStatus.drvDistance.0.rangeByFuel'`) through own properties only, so a
 * key such as `constructor` in a path can never reach the prototype.
 */
export function at(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of keysOf(path)) {
    if (Array.isArray(current)) {
      current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    } else {
      const r = rec(current);
      if (!r || !Object.prototype.hasOwnProperty.call(r, key)) return undefined;
      current = r[key];
    }
  }
  return current;
}

/** The first of the values that is not undefined / null (a reader's "try this path, then that"). */
export function first(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null);
}

/** A finite number from a number or a numeric string (`"23456"`), else null. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** A number inside [min, max], else null (out-of-range values are sentinels, not data). */
export function within(value: unknown, min: number, max: number): number | null {
  const n = num(value);
  return n !== null && n >= min && n <= max ? n : null;
}

/** A percentage 0–100; 255 and other out-of-range values are the clouds' "no reading". */
export function percent(value: unknown): number | null {
  return within(value, 0, 100);
}

/**
 * A flag: booleans as they are, `"true"`/`"false"`, and non-negative integers as "zero is off,
 * anything above is on" (windows report 2 for vented, plugs 1–3 for the plug type).
 */
export function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  const n = num(value);
  if (n === null || n < 0 || !Number.isInteger(n)) return null;
  return n > 0;
}

/** True when any of the flags is on, false when all reported ones are off, null when none reported. */
export function anyOn(values: unknown[]): boolean | null {
  const flags = values.map(flag).filter((f): f is boolean => f !== null);
  return flags.length === 0 ? null : flags.some(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Units (docs/research/cloud-protocol.md §5.2: distance 1 = km, 2/3 = mi; temperature 0 = °C, 1 = °F)
// ---------------------------------------------------------------------------------------------

export type DistanceUnit = 'km' | 'mi';

/** A distance unit code; missing means the region's usual unit, an unknown code means "can't tell". */
export function distanceUnit(code: unknown, fallback: DistanceUnit): DistanceUnit | null {
  if (code === undefined || code === null) return fallback;
  const n = num(code);
  if (n === 1) return 'km';
  if (n === 2 || n === 3) return 'mi';
  return null;
}

/** `{ value, unit }` of a distance, or null when the value or its unit is not usable. */
export function distance(value: unknown, unitCode: unknown, fallback: DistanceUnit): { value: number; unit: DistanceUnit } | null {
  const v = within(value, 0, Number.MAX_SAFE_INTEGER);
  const unit = distanceUnit(unitCode, fallback);
  return v === null || unit === null ? null : { value: v, unit };
}

/** A distance given either as `{ value, unit }` or as a bare number in the fallback unit. */
export function distanceOf(raw: unknown, fallback: DistanceUnit): { value: number; unit: DistanceUnit } | null {
  const r = rec(raw);
  return r ? distance(r.value, r.unit, fallback) : distance(raw, undefined, fallback);
}

export function temperatureUnit(code: unknown, fallback: 'C' | 'F'): 'C' | 'F' | null {
  if (code === undefined || code === null) return fallback;
  const n = num(code);
  if (n === 0) return 'C';
  if (n === 1) return 'F';
  return null;
}

/**
 * EU legacy hex temperature code: `"0EH"` is index 0x0E of 14.0, 14.5, ... 29.5 °C, so 21 °C
 * (docs/research/cloud-protocol.md §1.10; the same table the climate command uses).
 */
export function celsiusFromTempCode(code: unknown, table: TempTable = EU_TEMP_TABLE): number | null {
  if (typeof code !== 'string') return null;
  const match = /^\s*([0-9a-f]{1,2})h\s*$/i.exec(code);
  if (!match) return null;
  const index = parseInt(match[1], 16);
  return index < table.steps ? table.base + index * 0.5 : null;
}

/** A hex temperature table: its lowest value and how many half-degree steps it has. */
export interface TempTable {
  base: number;
  steps: number;
}
export const EU_TEMP_TABLE: TempTable = { base: 14, steps: 32 };
/** AU/NZ: 17.0 … 26.5 °C (HKC `KiaUvoApiAU.temperature_range`), so `"08H"` is 21 °C. */
export const AU_TEMP_TABLE: TempTable = { base: 17, steps: 20 };

/**
 * A set temperature: a hex code (always °C), a number or a numeric string in the reported unit.
 * Words (`"OFF"` on CCS2, `"LO"`/`"HI"` in the US) are not a temperature: both parts are null.
 */
export function setTemperature(
  value: unknown,
  unitCode: unknown,
  fallback: 'C' | 'F',
  table: TempTable = EU_TEMP_TABLE,
): { temperature: number | null; unit: 'C' | 'F' | null } {
  const fromCode = celsiusFromTempCode(value, table);
  if (fromCode !== null) return { temperature: fromCode, unit: 'C' };
  const n = within(value, -100, 200);
  const unit = temperatureUnit(unitCode, fallback);
  return n === null || unit === null ? { temperature: null, unit: null } : { temperature: n, unit };
}

/** A position, or null when either coordinate is missing or off the globe. */
export function coordinates(lat: unknown, lon: unknown): { lat: number; lon: number } | null {
  const la = within(lat, -90, 90);
  const lo = within(lon, -180, 180);
  return la === null || lo === null ? null : { lat: la, lon: lo };
}

/**
 * Charge targets per plug type (plugType 0 = DC, 1 = AC). When a list repeats a plug type the last
 * entry wins, as the apps show it. A target of 0 is what a fresh US Kia session reports for "unknown".
 */
export function targetsByPlug(list: unknown): { ac: number | null; dc: number | null } {
  const targets: { ac: number | null; dc: number | null } = { ac: null, dc: null };
  if (!Array.isArray(list)) return targets;
  for (const entry of list) {
    const level = within(at(entry, 'targetSOClevel'), 1, 100);
    const plug = num(at(entry, 'plugType'));
    if (level === null) continue;
    if (plug === 0) targets.dc = level;
    else if (plug === 1) targets.ac = level;
  }
  return targets;
}

/**
 * The fuel block: reported levels for cars with a tank, null for cars without one. A battery car
 * without a tank still reports `fuelLevel: 0`, so with a battery present the tank must show itself
 * (a level above 0, a combustion range, a low-fuel warning).
 */
export function fuelBlock(
  level: unknown,
  low: unknown,
  hasBattery: boolean,
  combustionRange: unknown,
): { level: number | null; low: boolean | null } | null {
  const fuel = { level: percent(level), low: flag(low) };
  if (fuel.level === null && fuel.low === null) return null;
  if (!hasBattery) return fuel;
  const hasTank = (fuel.level ?? 0) > 0 || fuel.low === true || num(combustionRange) !== null;
  return hasTank ? fuel : null;
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/;

interface WallTime {
  ms: number; // the wall-clock reading as if it were UTC
}

function parseCompact(text: string): WallTime | null {
  const m = COMPACT.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const frac = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, frac);
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-30 over into March; a reading that does not round-trip is garbage.
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return null;
  }
  return { ms };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
// formatToParts is the costliest step of reading a status (a third of the client's own time per
// read); offsets only change on quarter hours, so one answer per zone and quarter hour is kept.
const QUARTER_HOUR = 15 * 60 * 1000;
const knownOffsets = new Map<string, number>();

/** The zone's offset from UTC (ms) at an instant, from Intl (no time-zone library needed). */
function zoneOffset(instant: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(instant / QUARTER_HOUR)}`;
  let offset = knownOffsets.get(key);
  if (offset === undefined) {
    if (knownOffsets.size >= 1000) knownOffsets.clear();
    offset = intlOffset(instant, timeZone);
    knownOffsets.set(key, offset);
  }
  return offset;
}

function intlOffset(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

const DAY = 24 * 3600 * 1000;

/**
 * The instant a wall-clock reading in `timeZone` stands for. Across a DST change it behaves like
 * Python's zoneinfo with fold=0 (what the reference library does): a repeated autumn hour is read
 * as its first occurrence (summer time), a skipped spring hour with the offset from before the jump.
 */
function instantInZone(wall: WallTime, timeZone: string): number {
  const before = wall.ms - zoneOffset(wall.ms - DAY, timeZone);
  const after = wall.ms - zoneOffset(wall.ms + DAY, timeZone);
  const reproduces = (instant: number): boolean => instant + zoneOffset(instant, timeZone) === wall.ms;
  return reproduces(before) || !reproduces(after) ? before : after;
}

/** `yyyyMMddHHmmss[.SSS]` in UTC (CCS2 `Date`, US times) → ISO, else null. */
export function compactUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const wall = parseCompact(value);
  return wall ? new Date(wall.ms).toISOString() : null;
}

/** `yyyyMMddHHmmss` as local time in a zone (EU legacy: Europe/Berlin) → ISO, else null. */
export function compactInZone(value: unknown, timeZone: string): string | null {
  if (typeof value !== 'string') return null;
  const wall = parseCompact(value);
  return wall ? new Date(instantInZone(wall, timeZone)).toISOString() : null;
}

/**
 * Any time a cloud sends: the compact form (read in `compactZone`, UTC when omitted), an ISO string
 * with its offset, or epoch milliseconds (a number or a 13-digit string). Else null.
 */
export function timeOf(value: unknown, compactZone?: string): string | null {
  // A compact time sometimes arrives as a JSON number.
  const text = typeof value === 'number' && Number.isInteger(value) && value >= 1e13 ? String(value) : value;
  if (typeof text === 'string' && COMPACT.test(text.trim())) {
    return compactZone ? compactInZone(text, compactZone) : compactUtc(text);
  }
  const epoch = typeof text === 'number' ? text : typeof text === 'string' && /^\d{12,13}$/.test(text.trim()) ? Number(text) : null;
  if (epoch !== null) return epoch >= 1e11 && epoch < 1e13 ? new Date(epoch).toISOString() : null;
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text.trim())) {
    // An ISO time without an offset is UTC here, never the local time of the machine running us.
    const iso = /(z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) ? text.trim() : `${text.trim()}Z`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}
