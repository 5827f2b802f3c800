/**
 * Calendar dates ('YYYY-MM-DD') as Europe/Prague wall-calendar days. They are never turned into
 * instants: arithmetic runs on UTC midnights, which have no DST, so a day is always a day.
 */
export type Day = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function dayParts(day: Day): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`Not a calendar date: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function addDays(day: Day, n: number): Day {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// Made once: building a formatter costs far more than using one, and every public page's validator asks.
const PRAGUE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date on the wall calendar in Prague. */
export function todayInPrague(now: Date = new Date()): Day {
  return PRAGUE_DAY.format(now);
}
