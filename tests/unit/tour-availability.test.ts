import { describe, expect, it } from 'vitest';
import {
  allFreeWindows,
  conflictsFor,
  countSchoolDays,
  daysBetween,
  endAfterSchoolDays,
  freeWindows,
  isSchoolDay,
  nearestWindows,
  setsFreeFor,
  type Occupation,
  type SetRules,
} from '#src/tour/availability.ts';
import { czechHolidays } from '#src/tour/holidays.ts';

const set = (over: Partial<SetRules> = {}): SetRules => ({ id: 1, name: 'A', bufferBefore: 2, bufferAfter: 2, wallM: 20, active: true, ...over });
const stop = (id: number, firstDay: string, lastDay: string, setId = 1): Occupation => ({ id, setId, firstDay, lastDay });

describe('school days', () => {
  it('are Monday to Friday without Czech public holidays, Easter included', () => {
    expect(isSchoolDay('2026-03-27')).toBe(true); // Friday
    expect(isSchoolDay('2026-03-28')).toBe(false); // Saturday
    expect(czechHolidays(2026).has('2026-04-03')).toBe(true); // Good Friday
    expect(czechHolidays(2026).has('2026-04-06')).toBe(true); // Easter Monday
    expect(czechHolidays(2027).has('2027-03-29')).toBe(true); // Easter Monday 2027
    expect(isSchoolDay('2026-10-28')).toBe(false); // Independence day, a Wednesday
    expect(isSchoolDay('2026-12-24')).toBe(false);
  });

  it('count the same across the DST change weekends as on any other weekend', () => {
    // Last Sunday of March 2026 is the 29th, of October the 25th.
    expect(countSchoolDays('2026-03-23', '2026-04-02')).toBe(9);
    expect(countSchoolDays('2026-10-19', '2026-10-30')).toBe(9); // 28 October is a holiday
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('count a leap day as a day and cross month and year ends', () => {
    expect(isSchoolDay('2028-02-29')).toBe(true); // Tuesday
    expect(countSchoolDays('2028-02-28', '2028-03-03')).toBe(5);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(countSchoolDays('2026-12-28', '2027-01-08')).toBe(9); // 1 January is a holiday
    expect(endAfterSchoolDays('2026-12-30', 5)).toBe('2027-01-06');
  });
});

describe('conflicts with buffers', () => {
  const busy = [stop(10, '2026-05-11', '2026-05-22')];

  it('keep the buffers of both stops free between them', () => {
    // 2 days after the stop + 2 days before the next one: the next may start on 27 May at the earliest.
    expect(conflictsFor(set(), busy, '2026-05-26', '2026-06-05')).toHaveLength(1);
    expect(conflictsFor(set(), busy, '2026-05-27', '2026-06-05')).toHaveLength(0);
    expect(conflictsFor(set(), busy, '2026-04-27', '2026-05-07')).toHaveLength(1);
    expect(conflictsFor(set(), busy, '2026-04-27', '2026-05-07')[0]!.id).toBe(10);
    expect(conflictsFor(set(), busy, '2026-04-27', '2026-05-06')).toHaveLength(0);
  });

  it('use the buffers the organiser set', () => {
    const long = set({ bufferBefore: 5, bufferAfter: 3 });
    expect(conflictsFor(long, busy, '2026-05-30', '2026-06-10')).toHaveLength(1);
    expect(conflictsFor(long, busy, '2026-05-31', '2026-06-10')).toHaveLength(0);
    expect(conflictsFor(set({ bufferBefore: 0, bufferAfter: 0 }), busy, '2026-05-23', '2026-05-30')).toHaveLength(0);
  });

  it('ignore other sets and the stop being moved', () => {
    expect(conflictsFor(set({ id: 2 }), busy, '2026-05-11', '2026-05-22')).toHaveLength(0);
    expect(conflictsFor(set(), busy, '2026-05-12', '2026-05-25', 10)).toHaveLength(0);
  });
});

describe('free windows', () => {
  it('are the gaps between blocked ranges that still hold the minimum school days', () => {
    const busy = [stop(1, '2026-05-11', '2026-05-22'), stop(2, '2026-06-01', '2026-06-12')];
    const w = freeWindows(set(), busy, '2026-05-01', '2026-06-30', 5);
    // Before: 1–6 May (4 school days, 1 and 8 May are holidays) is too short.
    // Between: 27 May … 27 May (buffer 4 both ways leaves 27 May only) is too short.
    // After: 17 June … 30 June.
    expect(w).toEqual([{ setId: 1, first: '2026-06-17', last: '2026-06-30' }]);
  });

  it('run across the year end and February of a leap year', () => {
    const busy = [stop(1, '2027-12-01', '2027-12-18'), stop(2, '2028-03-06', '2028-03-24')];
    const w = freeWindows(set(), busy, '2027-11-01', '2028-04-30', 5);
    expect(w).toEqual([
      { setId: 1, first: '2027-11-01', last: '2027-11-26' },
      { setId: 1, first: '2027-12-23', last: '2028-03-01' },
      // Windows start and end on school days: 30 April 2028 is a Sunday.
      { setId: 1, first: '2028-03-29', last: '2028-04-28' },
    ]);
    expect(w[1]!.last).toBe('2028-03-01'); // 29 February is an ordinary free day
  });

  it('treat the DST change days as ordinary days', () => {
    const busy = [stop(1, '2026-03-16', '2026-03-25'), stop(2, '2026-10-26', '2026-11-06')];
    const w = freeWindows(set(), busy, '2026-03-01', '2026-11-30', 5);
    expect(w[0]).toEqual({ setId: 1, first: '2026-03-02', last: '2026-03-11' }); // 1 March 2026 is a Sunday
    expect(w[1]).toEqual({ setId: 1, first: '2026-03-30', last: '2026-10-21' });
    expect(w[2]).toEqual({ setId: 1, first: '2026-11-11', last: '2026-11-30' });
  });

  it('cover each set of a multi-set tour separately, and none for an inactive set', () => {
    const sets = [set({ id: 1 }), set({ id: 2, name: 'B', bufferBefore: 1, bufferAfter: 1 }), set({ id: 3, active: false })];
    const busy = [stop(1, '2026-09-07', '2026-09-30', 1), stop(2, '2026-09-14', '2026-09-25', 2)];
    const all = allFreeWindows(sets, busy, '2026-09-01', '2026-10-31', 5);
    expect(all.filter((w) => w.setId === 1)).toEqual([{ setId: 1, first: '2026-10-05', last: '2026-10-30' }]);
    expect(all.filter((w) => w.setId === 2)).toEqual([
      { setId: 2, first: '2026-09-01', last: '2026-09-11' },
      // 28 September is Czech Statehood Day, 31 October a Saturday.
      { setId: 2, first: '2026-09-29', last: '2026-10-30' },
    ]);
    expect(all.some((w) => w.setId === 3)).toBe(false);
    expect(setsFreeFor(sets, busy, '2026-09-14', '2026-09-18').map((s) => s.id)).toEqual([]);
    expect(setsFreeFor(sets, busy, '2026-09-01', '2026-09-10').map((s) => s.id)).toEqual([2]);
    expect(setsFreeFor(sets, busy, '2026-10-12', '2026-10-16', 25).map((s) => s.id)).toEqual([1, 2]);
    expect(setsFreeFor([set({ wallM: 30 })], busy, '2026-10-12', '2026-10-16', 25)).toEqual([]);
  });
});

describe('nearest free windows for a refused request', () => {
  it('offers the requested length as close to the asked-for days as possible', () => {
    const busy = [stop(1, '2026-05-04', '2026-05-29')];
    const s = nearestWindows([set()], busy, { first: '2026-05-11', last: '2026-05-22' }, { from: '2026-04-01', to: '2026-07-31', minSchoolDays: 5 });
    // Stops start on school days: 18 April 2026 is a Saturday, so the earlier offer starts on Friday
    // 17 April (24 days away) and comes after the later one (23 days away).
    expect(s[0]).toEqual({ setId: 1, first: '2026-06-03', last: '2026-06-14' });
    expect(s[1]).toEqual({ setId: 1, first: '2026-04-17', last: '2026-04-28' });
  });

  it('looks across every set that fits', () => {
    const sets = [set({ id: 1 }), set({ id: 2 })];
    const busy = [stop(1, '2026-05-04', '2026-05-29', 1), stop(2, '2026-05-18', '2026-06-05', 2)];
    const s = nearestWindows(sets, busy, { first: '2026-05-11', last: '2026-05-15' }, { from: '2026-05-01', to: '2026-07-31', minSchoolDays: 5 });
    // 9 May 2026 is a Saturday and 8 May a public holiday: the stop starts on Thursday 7 May.
    expect(s[0]).toEqual({ setId: 2, first: '2026-05-07', last: '2026-05-11' });
  });
});
