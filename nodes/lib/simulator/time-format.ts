// The clouds' time formats (cloud-protocol.md 1.9, 5.2): EU legacy `yyyyMMddHHmmss` in Europe/Berlin
// local time, CCS2 `yyyyMMddHHmmss.SSS` in UTC, US Hyundai ISO with `Z`.

const berlin = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function berlinCompact(at: number): string {
  const parts = Object.fromEntries(berlin.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
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
  return { Year: d.getUTCFullYear(), Mon: d.getUTCMonth() + 1, Day: d.getUTCDate(), Hour: d.getUTCHours(), Min: d.getUTCMinutes(), Sec: d.getUTCSeconds() };
}
