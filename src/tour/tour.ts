import { createEvents, type EventAttributes } from 'ics';
import { z } from 'zod';
import { addDays, dayParts, isDay, todayInPrague, type Day } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { conflictsFor, type Occupation, type SetRules } from './availability.ts';

const day = z.string().refine(isDay, { error: 'date' });
const text = (max: number) => z.string().trim().max(max, { error: 'tooLong' });

/** A physical set of the exhibition: the panels that travel together, with its transport buffers. */
export const tourSetSchema = z.object({
  name: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
  panels: z.coerce.number().int().min(0).max(1000).default(0),
  wallM: z.coerce.number().min(0).max(1000).default(0),
  notes: text(1000).default(''),
  bufferBefore: z.coerce.number().int().min(0).max(60).default(2),
  bufferAfter: z.coerce.number().int().min(0).max(60).default(2),
  active: z.boolean().default(true),
});
export type TourSetInput = z.input<typeof tourSetSchema>;

export interface TourSet extends SetRules {
  panels: number;
  notes: string;
}

interface SetRow {
  id: number;
  name: string;
  panels: number;
  wall_m: number;
  notes: string;
  buffer_before: number;
  buffer_after: number;
  active: number;
}

const toSet = (r: SetRow): TourSet => ({
  id: r.id,
  name: r.name,
  panels: r.panels,
  wallM: r.wall_m,
  notes: r.notes,
  bufferBefore: r.buffer_before,
  bufferAfter: r.buffer_after,
  active: r.active === 1,
});

export async function listSets(db: Db): Promise<TourSet[]> {
  return (await db.all<SetRow>('SELECT * FROM tour_sets ORDER BY id')).map(toSet);
}

export async function getSet(db: Db, id: number): Promise<TourSet | undefined> {
  const r = await db.get<SetRow>('SELECT * FROM tour_sets WHERE id = ?', id);
  return r && toSet(r);
}

export async function createSet(db: Db, input: TourSetInput): Promise<TourSet> {
  const s = tourSetSchema.parse(input);
  const { id } = (await db.get<{ id: number }>(
    'INSERT INTO tour_sets (name, panels, wall_m, notes, buffer_before, buffer_after, active) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    s.name, s.panels, s.wallM, s.notes, s.bufferBefore, s.bufferAfter, s.active ? 1 : 0,
  ))!;
  return (await getSet(db, id))!;
}

/**
 * Changes a set. Longer buffers must still keep its existing stops apart, so the check runs in the
 * same transaction as the change; the conflicting stops are returned when it fails.
 */
export async function updateSet(db: Db, id: number, input: TourSetInput): Promise<{ ok: true; set: TourSet } | { ok: false; conflicts: Occupation[] }> {
  const s = tourSetSchema.parse(input);
  return await db.tx(async (db) => {
    const rules: SetRules = { id, name: s.name, bufferBefore: s.bufferBefore, bufferAfter: s.bufferAfter, wallM: s.wallM, active: s.active };
    const busy = (await busySets(db)).filter((o) => o.setId === id);
    const conflicts = busy.filter((o) => conflictsFor(rules, busy, o.firstDay, o.lastDay, o.id).length > 0);
    if (conflicts.length) return { ok: false as const, conflicts };
    await db.run(
      'UPDATE tour_sets SET name = ?, panels = ?, wall_m = ?, notes = ?, buffer_before = ?, buffer_after = ?, active = ? WHERE id = ?',
      s.name, s.panels, s.wallM, s.notes, s.bufferBefore, s.bufferAfter, s.active ? 1 : 0, id,
    );
    return { ok: true as const, set: (await getSet(db, id))! };
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

/** The set a stop goes with when none is named: the first active one, made on demand. */
export async function defaultSetId(db: Db): Promise<number> {
  const r = await db.get<{ id: number }>('SELECT id FROM tour_sets WHERE active = 1 ORDER BY id LIMIT 1');
  return r?.id ?? (await createSet(db, { name: 'A' })).id;
}

/** A stop of the touring exhibition; first and last day are Prague calendar dates, inclusive. */
export const tourStopSchema = z
  .object({
    setId: z.coerce.number().int().positive().optional(),
    venue: z.string().trim().min(1, { error: 'required' }).max(200, { error: 'tooLong' }),
    address: text(300).default(''),
    town: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
    region: z.enum(REGION_CODES, { error: 'region' }),
    firstDay: day,
    lastDay: day,
    openingHours: text(300).default(''),
    accessibility: text(1000).default(''),
    contact: text(300).default(''),
    isPublic: z.boolean().default(true),
  })
  .refine((s) => s.lastDay >= s.firstDay, { error: 'lastBeforeFirst', path: ['lastDay'] });
export type TourStopInput = z.input<typeof tourStopSchema>;

export interface TourStop {
  id: number;
  uid: string;
  setId: number | null;
  venue: string;
  address: string;
  town: string;
  region: string;
  firstDay: Day;
  lastDay: Day;
  openingHours: string;
  accessibility: string;
  contact: string;
  isPublic: boolean;
  status: 'confirmed' | 'cancelled';
  sequence: number;
  requestId: number | null;
}

interface StopRow {
  id: number;
  uid: string;
  set_id: number | null;
  venue: string;
  address: string;
  town: string;
  region: string;
  first_day: string;
  last_day: string;
  opening_hours: string;
  accessibility: string;
  contact: string;
  is_public: number;
  status: 'confirmed' | 'cancelled';
  sequence: number;
  request_id: number | null;
}

const toStop = (r: StopRow): TourStop => ({
  id: r.id,
  uid: r.uid,
  setId: r.set_id,
  venue: r.venue,
  address: r.address,
  town: r.town,
  region: r.region,
  firstDay: r.first_day,
  lastDay: r.last_day,
  openingHours: r.opening_hours,
  accessibility: r.accessibility ?? '',
  contact: r.contact ?? '',
  isPublic: r.is_public === 1,
  status: r.status,
  sequence: r.sequence,
  requestId: r.request_id ?? null,
});

/** Thrown when a stop would overlap another stop of its set (buffers included). */
export class TourConflictError extends Error {
  readonly conflicts: Occupation[];
  constructor(conflicts: Occupation[]) {
    super(`The set is busy then: ${conflicts.map((c) => `${c.firstDay}–${c.lastDay}`).join(', ')}`);
    this.name = 'TourConflictError';
    this.conflicts = conflicts;
  }
}

/** What keeps sets busy: confirmed stops and windows held for an offer to a waitlisted request. */
/**
 * Every transaction that reads the schedule to decide whether days are free and then changes it
 * (a confirmation, a stop, a cancellation that offers freed days on, longer buffers) takes this
 * lock first. The question "is this window free?" spans many rows, some not yet written, so no row
 * lock can hold it; on PostgreSQL a transaction-scoped advisory lock makes those transactions take
 * turns, and each then sees what the one before it committed (READ COMMITTED). Of 50 overlapping
 * confirmations from any number of processes exactly one wins. SQLite has one writer anyway.
 */
export const TOUR_SCHEDULE_LOCK = 'tour-schedule';

export async function busySets(db: Db): Promise<Occupation[]> {
  const stops = await db.all<{ id: number; set_id: number; first_day: string; last_day: string }>(
    "SELECT id, set_id, first_day, last_day FROM tour_stops WHERE status = 'confirmed' AND set_id IS NOT NULL",
  );
  const offers = await db.all<{ id: number; offer_set_id: number; offer_first: string; offer_last: string }>(
    "SELECT id, offer_set_id, offer_first, offer_last FROM tour_requests WHERE status = 'waitlisted' AND offer_set_id IS NOT NULL",
  );
  return [
    ...stops.map((s) => ({ id: s.id, setId: s.set_id, firstDay: s.first_day, lastDay: s.last_day })),
    // Negative ids keep offers apart from stop ids.
    ...offers.map((o) => ({ id: -o.id, setId: o.offer_set_id, firstDay: o.offer_first, lastDay: o.offer_last })),
  ];
}

/** Conflicts of a stop on set `setId`; call inside the transaction that writes the stop. */
export async function stopConflicts(db: Db, setId: number, first: Day, last: Day, ignore: { stopId?: number; requestId?: number } = {}): Promise<Occupation[]> {
  const set = await getSet(db, setId);
  if (!set) throw new Error(`No exhibition set ${setId}`);
  const busy = (await busySets(db)).filter((o) => o.id !== ignore.stopId && (ignore.requestId === undefined || o.id !== -ignore.requestId));
  return conflictsFor(set, busy, first, last);
}

/** Adds a stop after checking its set is free then, in one transaction. */
export async function createStop(db: Db, input: TourStopInput, requestId?: number): Promise<TourStop> {
  const s = tourStopSchema.parse(input);
  return await db.tx(async (db) => {
    const setId = s.setId ?? await defaultSetId(db);
    const conflicts = await stopConflicts(db, setId, s.firstDay, s.lastDay, requestId ? { requestId } : {});
    if (conflicts.length) throw new TourConflictError(conflicts);
    const uid = `stop-${crypto.randomUUID()}@cartoon-truth`;
    const { id } = (await db.get<{ id: number }>(
      `INSERT INTO tour_stops (uid, set_id, venue, address, town, region, first_day, last_day, opening_hours, accessibility, contact, is_public, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      uid, setId, s.venue, s.address, s.town, s.region, s.firstDay, s.lastDay, s.openingHours, s.accessibility, s.contact, s.isPublic ? 1 : 0, requestId ?? null,
    ))!;
    return (await getStop(db, id))!;
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

/** Changes a stop; its UID stays, its SEQUENCE goes up so calendars replace the old version. */
export async function updateStop(db: Db, id: number, input: TourStopInput): Promise<TourStop> {
  const s = tourStopSchema.parse(input);
  return await db.tx(async (db) => {
    const old = await getStop(db, id);
    if (!old) throw new Error(`No stop ${id}`);
    const setId = s.setId ?? old.setId ?? await defaultSetId(db);
    if (old.status === 'confirmed') {
      const conflicts = await stopConflicts(db, setId, s.firstDay, s.lastDay, { stopId: id });
      if (conflicts.length) throw new TourConflictError(conflicts);
    }
    await db.run(
      `UPDATE tour_stops SET set_id = ?, venue = ?, address = ?, town = ?, region = ?, first_day = ?, last_day = ?, opening_hours = ?,
       accessibility = ?, contact = ?, is_public = ?, sequence = sequence + 1, updated_at = ct_now() WHERE id = ?`,
      setId, s.venue, s.address, s.town, s.region, s.firstDay, s.lastDay, s.openingHours, s.accessibility, s.contact, s.isPublic ? 1 : 0, id,
    );
    return (await getStop(db, id))!;
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

export async function getStop(db: Db, id: number): Promise<TourStop | undefined> {
  const r = await db.get<StopRow>('SELECT * FROM tour_stops WHERE id = ?', id);
  return r && toStop(r);
}

/** Every stop, for the organisers. */
export async function listStops(db: Db): Promise<TourStop[]> {
  return (await db.all<StopRow>('SELECT * FROM tour_stops ORDER BY first_day, id')).map(toStop);
}

/** Public stops in date order, cancelled ones included (the feed must keep them). */
export async function listPublicStops(db: Db): Promise<TourStop[]> {
  return (await db.all<StopRow>('SELECT * FROM tour_stops WHERE is_public = 1 ORDER BY first_day, id')).map(toStop);
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

/** Stops by month of their first day ('YYYY-MM'), months in order. */
export function groupByMonth<T extends { firstDay: Day }>(stops: T[]): { month: string; stops: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const s of [...stops].sort((a, b) => a.firstDay.localeCompare(b.firstDay))) {
    const key = s.firstDay.slice(0, 7);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups].map(([month, list]) => ({ month, stops: list }));
}

/** One calendar event: all-day (calendar dates, end exclusive) or timed (a UTC instant). */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  title: string;
  location?: string;
  description?: string;
  cancelled: boolean;
  allDay?: { first: Day; last: Day };
  timed?: { start: Date; minutes: number };
}

const utcParts = (d: Date): [number, number, number, number, number] => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];

/** Writes events as iCalendar text; an empty list is still a valid calendar. */
export function writeCalendar(events: CalendarEvent[], calendarName: string, method: 'PUBLISH' | 'REQUEST' | 'CANCEL' = 'PUBLISH'): string {
  if (events.length === 0) {
    // The ics library refuses an empty list.
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:cartoon-truth', `METHOD:${method}`, `X-WR-CALNAME:${calendarName}`, 'END:VCALENDAR', ''].join('\r\n');
  }
  const attrs: EventAttributes[] = events.map((e) => {
    const common = {
      uid: e.uid,
      sequence: e.sequence,
      title: e.title,
      location: e.location || undefined,
      description: e.description || undefined,
      status: e.cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const),
      productId: 'cartoon-truth',
    };
    if (e.timed) {
      return { ...common, start: utcParts(e.timed.start), startInputType: 'utc', startOutputType: 'utc', duration: { minutes: e.timed.minutes } } as EventAttributes;
    }
    const { first, last } = e.allDay!;
    return { ...common, start: dayParts(first), end: dayParts(addDays(last, 1)) } as EventAttributes;
  });
  const { error, value } = createEvents(attrs, { productId: 'cartoon-truth', method, calName: calendarName });
  if (error || !value) throw error ?? new Error('Calendar could not be written');
  return value;
}

export function stopEvent(s: TourStop, calendarName: string): CalendarEvent {
  return {
    uid: s.uid,
    sequence: s.sequence,
    title: `${calendarName}: ${s.venue}, ${s.town}`,
    location: [s.venue, s.address, s.town].filter(Boolean).join(', '),
    description: [s.openingHours, s.accessibility].filter(Boolean).join('\n'),
    cancelled: s.status === 'cancelled',
    allDay: { first: s.firstDay, last: s.lastDay },
  };
}

/** The schedule as iCalendar: all-day events (DATE values, end exclusive) with UIDs that never change. */
export function tourCalendar(stops: TourStop[], calendarName: string): string {
  return writeCalendar(stops.map((s) => stopEvent(s, calendarName)), calendarName);
}
