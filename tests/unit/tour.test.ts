import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { addDays, isDay, todayInPrague } from '#src/platform/calendar-date.ts';
import { tourCalendar, tourStopSchema, type TourStop } from '#src/tour/tour.ts';

const stop = (over: Partial<TourStop> = {}): TourStop => ({
  id: 1,
  uid: 'stop-a@cartoon-truth',
  setId: 1,
  venue: 'Galerie U Františkánů',
  address: 'Jungmannovo náměstí 18',
  town: 'Praha',
  region: 'PHA',
  firstDay: '2026-03-28',
  lastDay: '2026-03-30',
  openingHours: 'út–ne 10–18 h',
  hours: undefined,
  accessibility: '',
  contact: '',
  isPublic: true,
  requestId: null,
  status: 'confirmed',
  sequence: 0,
  ...over,
});

describe('calendar dates', () => {
  it('adds days across the spring DST change, month and year ends and leap days', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows real dates from impossible ones', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('26-1-1')).toBe(false);
  });

  it('takes today from the Prague wall calendar, not UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Prague.
    expect(todayInPrague(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInPrague(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(todayInPrague(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});

describe('tour stops', () => {
  it('refuse a last day before the first day', () => {
    const r = tourStopSchema.safeParse({ venue: 'A', town: 'B', region: 'PHA', firstDay: '2026-05-02', lastDay: '2026-05-01' });
    expect(r.success).toBe(false);
  });
});

describe('the tour calendar feed', () => {
  it('parses back with all-day dates, end exclusive, stable UIDs and cancelled stops kept', () => {
    const text = tourCalendar([stop(), stop({ id: 2, uid: 'stop-b@cartoon-truth', status: 'cancelled', sequence: 1, firstDay: '2026-10-24', lastDay: '2026-10-26' })], 'Kreslená pravda');
    expect(text).toContain('DTSTART;VALUE=DATE:20260328');
    expect(text).toContain('DTEND;VALUE=DATE:20260331');
    const parsed = Object.values(ical.sync.parseICS(text)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(parsed.map((e) => e.uid).sort()).toEqual(['stop-a@cartoon-truth', 'stop-b@cartoon-truth']);
    const cancelled = parsed.find((e) => e.uid === 'stop-b@cartoon-truth')!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.datetype).toBe('date');
    expect(text).toContain('Františkánů');
  });

  it('is a valid empty calendar when there are no stops', () => {
    const text = tourCalendar([], 'X');
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(text.trim().endsWith('END:VCALENDAR')).toBe(true);
  });
});

describe('the next exhibition on the home page', () => {
  it('is the stop on now, else the next to open, never a cancelled or past one', async () => {
    const { nextPublicStop } = await import('#src/tour/tour.ts');
    const past = stop({ id: 1, firstDay: '2026-01-01', lastDay: '2026-01-10' });
    const cancelled = stop({ id: 2, firstDay: '2026-02-01', lastDay: '2026-02-10', status: 'cancelled' });
    const later = stop({ id: 3, firstDay: '2026-03-01', lastDay: '2026-03-10' });
    expect(nextPublicStop([later, cancelled, past], '2026-01-20')?.id).toBe(3);
    expect(nextPublicStop([later, past], '2026-01-10')?.id).toBe(1);
    expect(nextPublicStop([past], '2026-02-01')).toBeUndefined();
  });
});
