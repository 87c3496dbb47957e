// Local calendar arithmetic for the daily budget and quiet hours: the user's day, not UTC's.

/** Epoch ms of the local midnight that starts the day of `now`. */
export function startOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Epoch ms of the next local midnight after `now`. */
export function nextLocalMidnight(now: number): number {
  const d = new Date(startOfLocalDay(now));
  d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** Minutes since local midnight. */
export function localMinuteOfDay(now: number): number {
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
}

/** Whether `minute` lies in [from, to), wrapping past midnight when from > to. */
export function insideWindow(minute: number, from: number, to: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
