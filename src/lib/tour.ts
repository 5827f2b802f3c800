import { createEvents, type EventAttributes } from 'ics';
import { z } from 'zod';
import { addDays, dayParts, isDay, todayInPrague, type Day } from './calendar-date.ts';
import type { Db } from './db.ts';
import { REGION_CODES } from './regions.ts';

const day = z.string().refine(isDay, { error: 'date' });

/** A stop of the touring exhibition; first and last day are Prague calendar dates, inclusive. */
export const tourStopSchema = z
  .object({
    venue: z.string().trim().min(1).max(200),
    address: z.string().trim().max(300).default(''),
    town: z.string().trim().min(1).max(100),
    region: z.enum(REGION_CODES),
    firstDay: day,
    lastDay: day,
    openingHours: z.string().trim().max(300).default(''),
    isPublic: z.boolean().default(true),
  })
  .refine((s) => s.lastDay >= s.firstDay, { error: 'lastBeforeFirst', path: ['lastDay'] });
export type TourStopInput = z.input<typeof tourStopSchema>;

export interface TourStop {
  id: number;
  uid: string;
  venue: string;
  address: string;
  town: string;
  region: string;
  firstDay: Day;
  lastDay: Day;
  openingHours: string;
  isPublic: boolean;
  status: 'confirmed' | 'cancelled';
  sequence: number;
}

interface StopRow {
  id: number;
  uid: string;
  venue: string;
  address: string;
  town: string;
  region: string;
  first_day: string;
  last_day: string;
  opening_hours: string;
  is_public: number;
  status: 'confirmed' | 'cancelled';
  sequence: number;
}

const toStop = (r: StopRow): TourStop => ({
  id: r.id,
  uid: r.uid,
  venue: r.venue,
  address: r.address,
  town: r.town,
  region: r.region,
  firstDay: r.first_day,
  lastDay: r.last_day,
  openingHours: r.opening_hours,
  isPublic: r.is_public === 1,
  status: r.status,
  sequence: r.sequence,
});

export function createStop(db: Db, input: TourStopInput): TourStop {
  const s = tourStopSchema.parse(input);
  const uid = `stop-${crypto.randomUUID()}@cartoon-truth`;
  const { lastInsertRowid } = db.run(
    `INSERT INTO tour_stops (uid, venue, address, town, region, first_day, last_day, opening_hours, is_public)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    uid, s.venue, s.address, s.town, s.region, s.firstDay, s.lastDay, s.openingHours, s.isPublic ? 1 : 0,
  );
  return toStop(db.get<StopRow>('SELECT * FROM tour_stops WHERE id = ?', lastInsertRowid)!);
}

/** Public stops in date order, cancelled ones included (the feed must keep them). */
export function listPublicStops(db: Db): TourStop[] {
  return db.all<StopRow>('SELECT * FROM tour_stops WHERE is_public = 1 ORDER BY first_day, id').map(toStop);
}

/** The stop on now, or else the next one to open: what the home page announces. */
export function nextPublicStop(stops: TourStop[], today: Day = todayInPrague()): TourStop | undefined {
  return stops.filter((s) => s.status === 'confirmed' && s.lastDay >= today).sort((a, b) => a.firstDay.localeCompare(b.firstDay))[0];
}

export type StopTime = 'past' | 'current' | 'upcoming';

export function stopTime(stop: TourStop, today: Day = todayInPrague()): StopTime {
  if (stop.lastDay < today) return 'past';
  if (stop.firstDay > today) return 'upcoming';
  return 'current';
}

/** The schedule as iCalendar: all-day events (DATE values, end exclusive) with UIDs that never change. */
export function tourCalendar(stops: TourStop[], calendarName: string): string {
  if (stops.length === 0) {
    // The ics library refuses an empty list; an empty calendar is still a valid feed.
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:cartoon-truth', 'METHOD:PUBLISH', `X-WR-CALNAME:${calendarName}`, 'END:VCALENDAR', ''].join('\r\n');
  }
  const events: EventAttributes[] = stops.map((s) => ({
    uid: s.uid,
    sequence: s.sequence,
    start: dayParts(s.firstDay),
    end: dayParts(addDays(s.lastDay, 1)),
    title: `${calendarName}: ${s.venue}, ${s.town}`,
    location: [s.venue, s.address, s.town].filter(Boolean).join(', '),
    description: s.openingHours || undefined,
    status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    productId: 'cartoon-truth',
  }));
  const { error, value } = createEvents(events, { productId: 'cartoon-truth', method: 'PUBLISH', calName: calendarName });
  if (error || !value) throw error ?? new Error('Calendar could not be written');
  return value;
}
