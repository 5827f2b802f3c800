import { addDays, dayParts, type Day } from '#src/platform/calendar-date.ts';
import { isSchoolDay } from './holidays.ts';

/**
 * When an exhibition set is free. Pure functions over calendar dates (no instants, so DST change
 * days are ordinary days). A stop of a set occupies its first..last day; the set is also blocked
 * `bufferBefore` days before (transport, installation) and `bufferAfter` days after (dismantling).
 * The blocked ranges of two stops of one set may not overlap, so between two stops lie at least
 * bufferAfter + bufferBefore free days. Weekends and public holidays are data (holidays.ts): a
 * window starts and ends on a school day, and its length is counted in school days.
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

export { isoWeekday, isSchoolDay } from './holidays.ts';

export function countSchoolDays(first: Day, last: Day): number {
  let n = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) if (isSchoolDay(d)) n++;
  return n;
}

/** A range narrowed to its first and last school day (first > last when it holds none). */
export function schoolDaysWithin(first: Day, last: Day): [Day, Day] {
  let f = first;
  let l = last;
  while (f <= l && !isSchoolDay(f)) f = addDays(f, 1);
  while (l >= f && !isSchoolDay(l)) l = addDays(l, -1);
  return [f, l];
}

/** The first school day on or after a day. */
export function nextSchoolDay(day: Day): Day {
  let d = day;
  while (!isSchoolDay(d)) d = addDays(d, 1);
  return d;
}

/** The last school day on or before a day, but not before `floor`. */
export function previousSchoolDay(day: Day, floor: Day): Day {
  let d = day;
  while (d > floor && !isSchoolDay(d)) d = addDays(d, -1);
  return d;
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
  const push = (from: Day, to: Day) => {
    const [first, last] = schoolDaysWithin(from, to);
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
      // A stop starts on a school day: the next one if the stop still fits, else the one before.
      if (!isSchoolDay(first)) {
        const later = nextSchoolDay(first);
        first = later <= latestStart ? later : previousSchoolDay(first, w.first);
      }
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
