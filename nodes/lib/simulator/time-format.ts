// The clouds' time formats (cloud-protocol.md 1.9, 5.2): EU legacy `yyyyMMddHHmmss` in Europe/Berlin
// local time, CCS2 `yyyyMMddHHmmss.SSS` in UTC, US Hyundai ISO with `Z`.

const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};
const berlin = new Intl.DateTimeFormat('en-GB', { ...WALL_CLOCK, timeZone: 'Europe/Berlin' });

export function berlinCompact(at: number): string {
  return compact(berlin, at);
}

const zoned = new Map<string, Intl.DateTimeFormat>([['Europe/Berlin', berlin]]);

/** `yyyyMMddHHmmss` wall-clock time in any zone (AU/NZ Sydney, India Kolkata). */
export function zonedCompact(at: number, zone: string): string {
  let format = zoned.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { ...WALL_CLOCK, timeZone: zone });
    zoned.set(zone, format);
  }
  return compact(format, at);
}

function compact(format: Intl.DateTimeFormat, at: number): string {
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

export function utcCompact(at: number, withMillis = false): string {
  const iso = new Date(at).toISOString(); // 2024-09-15T14:00:00.123Z
  const compact = iso.slice(0, 19).replace(/[-T:]/g, '');
  return withMillis ? `${compact}.${iso.slice(20, 23)}` : compact;
}

export function isoSeconds(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

export function utcParts(at: number) {
  const d = new Date(at);
  return {
    Year: d.getUTCFullYear(),
    Mon: d.getUTCMonth() + 1,
    Day: d.getUTCDate(),
    Hour: d.getUTCHours(),
    Min: d.getUTCMinutes(),
    Sec: d.getUTCSeconds(),
  };
}
