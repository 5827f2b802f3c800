import { addDays, dayParts, type Day } from '#src/platform/calendar-date.ts';

/**
 * When an exhibition set is free. Pure functions over calendar dates (no instants, so DST change
 * days are ordinary days). A stop of a set occupies its first..last day; the set is also blocked
 * `bufferBefore` days before (transport, installation) and `bufferAfter` days after (dismantling).
 * The blocked ranges of two stops of one set may not overlap, so between two stops lie at least
 * bufferAfter + bufferBefore free days.
 */
export interface SetRules {
  id: number;
  name: string;
  bufferBefore: number;
  bufferAfter: number;
  wallM: number;
  active: boolean;
}

/** A stop (or a held offer) that keeps a set busy. */
export interface Occupation {
  id: number;
  setId: number;
  firstDay: Day;
  lastDay: Day;
}

export interface Window {
  setId: number;
  first: Day;
  last: Day;
}

/** Days from a to b (b - a), exact for any two calendar dates. */
export function daysBetween(a: Day, b: Day): number {
  const [y1, m1, d1] = dayParts(a);
  const [y2, m2, d2] = dayParts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const [y, m, d] = dayParts(day);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Set<Day>>();

/** Czech public holidays of a year (Act 245/2000), including Good Friday and Easter Monday. */
export function czechHolidays(year: number): Set<Day> {
  let set = holidayCache.get(year);
  if (!set) {
    const fixed = ['01-01', '05-01', '05-08', '07-05', '07-06', '09-28', '10-28', '11-17', '12-24', '12-25', '12-26'];
    const easter = easterSunday(year);
    set = new Set([...fixed.map((md) => `${year}-${md}`), addDays(easter, -2), addDays(easter, 1)]);
    holidayCache.set(year, set);
  }
  return set;
}

/** A school day: Monday to Friday and not a public holiday. */
export function isSchoolDay(day: Day): boolean {
  return isoWeekday(day) <= 5 && !czechHolidays(dayParts(day)[0]).has(day);
}

export function countSchoolDays(first: Day, last: Day): number {
  let n = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) if (isSchoolDay(d)) n++;
  return n;
}

/** The last day of the shortest stop starting on `first` that holds `schoolDays` school days. */
export function endAfterSchoolDays(first: Day, schoolDays: number): Day {
  let d = first;
  let n = isSchoolDay(d) ? 1 : 0;
  while (n < schoolDays) {
    d = addDays(d, 1);
    if (isSchoolDay(d)) n++;
  }
  return d;
}

/** Days on which a new stop of the same set may not be, because of `stop` and both buffers. */
export function forbiddenRange(set: SetRules, stop: { firstDay: Day; lastDay: Day }): { first: Day; last: Day } {
  const gap = set.bufferBefore + set.bufferAfter;
  return { first: addDays(stop.firstDay, -gap), last: addDays(stop.lastDay, gap) };
}

/** The stops of `set` that a stop from `first` to `last` would collide with (buffers included). */
export function conflictsFor(set: SetRules, busy: Occupation[], first: Day, last: Day, ignoreId?: number): Occupation[] {
  return busy.filter((o) => {
    if (o.setId !== set.id || o.id === ignoreId) return false;
    const f = forbiddenRange(set, o);
    return !(last < f.first || first > f.last);
  });
}

/**
 * Maximal free windows of one set between `from` and `to` (inclusive) that can hold a stop of at
 * least `minSchoolDays` school days. A window ending at `to` may go on beyond the horizon.
 */
export function freeWindows(set: SetRules, busy: Occupation[], from: Day, to: Day, minSchoolDays: number): Window[] {
  if (!set.active || to < from) return [];
  const ranges = busy
    .filter((o) => o.setId === set.id)
    .map((o) => forbiddenRange(set, o))
    .sort((a, b) => a.first.localeCompare(b.first));
  const out: Window[] = [];
  let cursor = from;
  const push = (first: Day, last: Day) => {
    if (first <= last && countSchoolDays(first, last) >= minSchoolDays) out.push({ setId: set.id, first, last });
  };
  for (const r of ranges) {
    if (r.last < cursor) continue;
    if (r.first > to) break;
    if (r.first > cursor) push(cursor, addDays(r.first, -1));
    if (r.last >= cursor) cursor = addDays(r.last, 1);
    if (cursor > to) return out;
  }
  push(cursor, to);
  return out;
}

/** Free windows of every active set, in date order. */
export function allFreeWindows(sets: SetRules[], busy: Occupation[], from: Day, to: Day, minSchoolDays: number): Window[] {
  return sets
    .flatMap((s) => freeWindows(s, busy, from, to, minSchoolDays))
    .sort((a, b) => a.first.localeCompare(b.first) || a.setId - b.setId);
}

/** The active sets (fitting the wall, when given) on which a stop from `first` to `last` fits. */
export function setsFreeFor(sets: SetRules[], busy: Occupation[], first: Day, last: Day, wallM?: number): SetRules[] {
  return sets.filter((s) => s.active && (wallM === undefined || s.wallM <= wallM) && conflictsFor(s, busy, first, last).length === 0);
}

/**
 * Stops of the requested length placed as close as possible to the requested first day, one per
 * free window, nearest first: what a teacher is offered when the asked-for dates are taken.
 */
export function nearestWindows(
  sets: SetRules[],
  busy: Occupation[],
  wanted: { first: Day; last: Day },
  opts: { from: Day; to: Day; minSchoolDays: number; wallM?: number; count?: number },
): Window[] {
  const length = daysBetween(wanted.first, wanted.last);
  const fitting = sets.filter((s) => opts.wallM === undefined || s.wallM <= opts.wallM);
  const candidates: (Window & { distance: number })[] = [];
  for (const w of allFreeWindows(fitting, busy, opts.from, opts.to, opts.minSchoolDays)) {
    const room = daysBetween(w.first, w.last);
    let first: Day;
    let last: Day;
    if (room >= length) {
      const latestStart = addDays(w.last, -length);
      first = wanted.first < w.first ? w.first : wanted.first > latestStart ? latestStart : wanted.first;
      last = addDays(first, length);
    } else {
      first = w.first;
      last = w.last;
    }
    candidates.push({ setId: w.setId, first, last, distance: Math.abs(daysBetween(wanted.first, first)) });
  }
  candidates.sort((a, b) => a.distance - b.distance || a.first.localeCompare(b.first) || a.setId - b.setId);
  const seen = new Set<string>();
  const out: Window[] = [];
  for (const c of candidates) {
    const key = `${c.first}/${c.last}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ setId: c.setId, first: c.first, last: c.last });
    if (out.length >= (opts.count ?? 3)) break;
  }
  return out;
}
