import { z } from 'zod';
import { dict, fill, formatDay, isLang, type Lang } from '#src/i18n/index.ts';
import { addDays, dayParts, isDay, todayInPrague, type Day } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { enqueueMail } from '#src/platform/mail.ts';
import { checkToken, createToken } from '#src/platform/tokens.ts';
import { getStop, writeCalendar, type TourStop } from './tour.ts';

/** Rules of guided class visits. */
export const VISIT_RULES = {
  /** Largest group one teacher may bring. */
  groupMax: 35,
  /** A booking can be cancelled by its link until this many hours before the visit starts. */
  cancelHoursBefore: 24,
  /** Reminder this many days before the visit. */
  remindDaysBefore: 2,
  tokenDays: 400,
} as const;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant a Prague wall-clock time happens. Computed from the zone's real offset on that day,
 * so a 10:00 visit is 09:00 UTC in winter and 08:00 UTC in summer, DST change days included.
 */
export function pragueInstant(day: Day, time: string): Date {
  const [y, m, d] = dayParts(day);
  const t = TIME_RE.exec(time);
  if (!t) throw new Error(`Not a time: ${time}`);
  const wall = Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2]));
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Prague', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at / 60_000) * 60_000;
  };
  let at = wall - offset(wall);
  at = wall - offset(at);
  return new Date(at);
}

export const visitSlotSchema = z.object({
  day: z.string().refine(isDay, { error: 'date' }),
  startTime: z.string().regex(TIME_RE, { error: 'time' }),
  minutes: z.coerce.number().int().min(15).max(480).default(60),
  capacity: z.coerce.number().int().min(1).max(500),
});
export type VisitSlotInput = z.input<typeof visitSlotSchema>;

export interface VisitSlot {
  id: number;
  stopId: number;
  day: Day;
  startTime: string;
  minutes: number;
  capacity: number;
  booked: number;
  cancelled: boolean;
}

interface SlotRow {
  id: number;
  stop_id: number;
  day: string;
  start_time: string;
  minutes: number;
  capacity: number;
  booked: number;
  cancelled: number;
}

const toSlot = (r: SlotRow): VisitSlot => ({
  id: r.id,
  stopId: r.stop_id,
  day: r.day,
  startTime: r.start_time,
  minutes: r.minutes,
  capacity: r.capacity,
  booked: r.booked,
  cancelled: r.cancelled === 1,
});

const SLOT_SELECT = `SELECT s.*, COALESCE((SELECT SUM(pupils) FROM visit_bookings b WHERE b.slot_id = s.id AND b.status = 'booked'), 0) AS booked FROM visit_slots s`;

export async function listSlots(db: Db, stopId: number): Promise<VisitSlot[]> {
  return (await db.all<SlotRow>(`${SLOT_SELECT} WHERE s.stop_id = ? ORDER BY s.day, s.start_time`, stopId)).map(toSlot);
}

export async function getSlot(db: Db, id: number): Promise<VisitSlot | undefined> {
  const r = await db.get<SlotRow>(`${SLOT_SELECT} WHERE s.id = ?`, id);
  return r && toSlot(r);
}

export type SlotResult = { ok: true; slot: VisitSlot } | { ok: false; reason: 'notFound' | 'notPublic' | 'outsideStop' | 'invalid' };

/** Publishes a guided-visit slot on a day of a confirmed public stop. */
export async function createSlot(db: Db, stopId: number, input: VisitSlotInput): Promise<SlotResult> {
  const parsed = visitSlotSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const s = parsed.data;
  return await db.tx(async (db) => {
    const stop = await getStop(db, stopId);
    if (!stop || stop.status !== 'confirmed') return { ok: false as const, reason: 'notFound' as const };
    if (!stop.isPublic) return { ok: false as const, reason: 'notPublic' as const };
    if (s.day < stop.firstDay || s.day > stop.lastDay) return { ok: false as const, reason: 'outsideStop' as const };
    const { id } = (await db.get<{ id: number }>(
      'INSERT INTO visit_slots (stop_id, day, start_time, minutes, capacity, uid) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      stopId, s.day, s.startTime, s.minutes, s.capacity, `visit-slot-${crypto.randomUUID()}@cartoon-truth`,
    ))!;
    return { ok: true as const, slot: (await getSlot(db, id))! };
  });
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const text = (max: number) => z.preprocess(trimmed, z.string({ error: 'required' }).min(1, { error: 'required' }).max(max, { error: 'tooLong' }));

/** A class booking: one schema for the form and the Action. Messages are `tourBook.errors` keys. */
export const visitBookingSchema = z.object({
  slotId: z.coerce.number({ error: 'slot' }).int({ error: 'slot' }).positive({ error: 'slot' }),
  school: text(200),
  teacher: text(120),
  email: z.preprocess(trimmed, z.string({ error: 'required' }).min(1, { error: 'required' }).max(200, { error: 'tooLong' }).pipe(z.email({ error: 'email' }))),
  phone: z.preprocess(trimmed, z.string().regex(/^(\+?[0-9][0-9 ()-]{7,19})?$/, { error: 'phone' })).default(''),
  pupils: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' || typeof v === 'number' ? Number(v) : v),
    z.number({ error: (i) => (i.input === undefined ? 'required' : 'group') }).int({ error: 'group' }).min(1, { error: 'group' }).max(VISIT_RULES.groupMax, { error: 'group' }),
  ),
});
export interface VisitBooking {
  id: number;
  slotId: number;
  status: 'booked' | 'cancelled';
  school: string;
  teacher: string;
  email: string;
  phone: string;
  pupils: number;
  lang: Lang;
  uid: string;
  sequence: number;
}

interface BookingRow {
  id: number;
  slot_id: number;
  status: 'booked' | 'cancelled';
  school: string;
  teacher: string;
  email: string;
  phone: string;
  pupils: number;
  lang: string;
  uid: string;
  sequence: number;
}

const toBooking = (r: BookingRow): VisitBooking => ({
  id: r.id,
  slotId: r.slot_id,
  status: r.status,
  school: r.school,
  teacher: r.teacher,
  email: r.email,
  phone: r.phone,
  pupils: r.pupils,
  lang: isLang(r.lang) ? r.lang : 'cs',
  uid: r.uid,
  sequence: r.sequence,
});

export async function getBooking(db: Db, id: number): Promise<VisitBooking | undefined> {
  const r = await db.get<BookingRow>('SELECT * FROM visit_bookings WHERE id = ?', id);
  return r && toBooking(r);
}

export async function listBookings(db: Db, slotId: number): Promise<VisitBooking[]> {
  return (await db.all<BookingRow>('SELECT * FROM visit_bookings WHERE slot_id = ? ORDER BY id', slotId)).map(toBooking);
}

export const visitLink = (base: string, lang: Lang, token: string) => `${base.replace(/\/$/, '')}/${lang}/tour/visit/${token}`;

export function visitCalendar(booking: VisitBooking, slot: VisitSlot, stop: TourStop, lang: Lang): string {
  const t = dict(lang);
  return writeCalendar(
    [
      {
        uid: booking.uid,
        sequence: booking.sequence,
        title: `${t.site.name}: ${t.tourVisit.eventTitle}, ${stop.venue}`,
        location: [stop.venue, stop.address, stop.town].filter(Boolean).join(', '),
        description: fill(t.tourVisit.eventDescription, { pupils: booking.pupils, school: booking.school }),
        cancelled: booking.status === 'cancelled',
        timed: { start: pragueInstant(slot.day, slot.startTime), minutes: slot.minutes },
      },
    ],
    t.site.name,
  );
}

async function visitMail(db: Db, kind: 'visitBooked' | 'visitCancelled' | 'visitReminder', booking: VisitBooking, slot: VisitSlot, stop: TourStop, link: string, dedupeKey?: string) {
  const t = dict(booking.lang).tourMail[kind];
  const values = {
    teacher: booking.teacher,
    venue: `${stop.venue}, ${stop.town}`,
    date: formatDay(slot.day, booking.lang),
    time: slot.startTime,
    pupils: booking.pupils,
    link,
  };
  await enqueueMail(db, {
    to: booking.email,
    subject: fill(t.subject, values),
    text: fill(t.body, values),
    attachments: [{ filename: 'visit.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: visitCalendar(booking, slot, stop, booking.lang) }],
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

export type BookResult =
  | { ok: true; id: number; token: string }
  | { ok: false; errors: Record<string, { key: string; params?: Record<string, number> }> }
  | { ok: false; reason: 'notFound' | 'closed' | 'full'; remaining?: number };

/**
 * Books a class into a slot. The seats still free are counted and the booking written in one
 * transaction that holds the slot's row, so concurrent bookings can never take more than the capacity.
 */
export async function bookVisit(db: Db, raw: unknown, lang: Lang, links: { baseUrl: string }, now: Date = new Date()): Promise<BookResult> {
  const parsed = visitBookingSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, { key: string; params?: Record<string, number> }> = {};
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? 'form');
      errors[f] ??= { key: i.message, params: { max: VISIT_RULES.groupMax } };
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  return await db.tx(async (db) => {
    // The slot's row stands for its places: locked first, so bookings of one slot (from any
    // process) count the seats one after another; bookings of other slots do not wait.
    await db.get(`SELECT id FROM visit_slots WHERE id = ?${db.dialect.forUpdate}`, v.slotId);
    const slot = await getSlot(db, v.slotId);
    const stop = slot && await getStop(db, slot.stopId);
    if (!slot || !stop || slot.cancelled || stop.status !== 'confirmed' || !stop.isPublic) return { ok: false as const, reason: 'notFound' as const };
    if (pragueInstant(slot.day, slot.startTime).getTime() <= now.getTime()) return { ok: false as const, reason: 'closed' as const };
    const remaining = slot.capacity - slot.booked;
    if (v.pupils > remaining) return { ok: false as const, reason: 'full' as const, remaining: Math.max(0, remaining) };
    const { id } = (await db.get<{ id: number }>(
      'INSERT INTO visit_bookings (slot_id, school, teacher, email, phone, pupils, lang, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      slot.id, v.school, v.teacher, v.email, v.phone, v.pupils, lang, `visit-${crypto.randomUUID()}@cartoon-truth`,
    ))!;
    const token = await createToken(db, 'tour-visit', id, VISIT_RULES.tokenDays);
    await visitMail(db, 'visitBooked', (await getBooking(db, id))!, (await getSlot(db, slot.id))!, stop, visitLink(links.baseUrl, lang, token));
    return { ok: true as const, id, token };
  });
}

export interface VisitAccess {
  booking: VisitBooking;
  slot: VisitSlot;
  stop: TourStop;
  cancelUntil: Date;
}

export async function visitByToken(db: Db, token: unknown): Promise<VisitAccess | undefined> {
  const check = await checkToken(db, token, 'tour-visit');
  if (!check.ok) return undefined;
  const booking = await getBooking(db, check.subjectId);
  const slot = booking && await getSlot(db, booking.slotId);
  const stop = slot && await getStop(db, slot.stopId);
  if (!booking || !slot || !stop) return undefined;
  const cancelUntil = new Date(pragueInstant(slot.day, slot.startTime).getTime() - VISIT_RULES.cancelHoursBefore * 3_600_000);
  return { booking, slot, stop, cancelUntil };
}

export type CancelVisitResult = { ok: true } | { ok: false; reason: 'notFound' | 'tooLate' | 'alreadyCancelled' };

/** Cancels a class booking by its link, up to the cut-off before the visit; the seats free up. */
export async function cancelVisit(db: Db, token: unknown, now: Date = new Date()): Promise<CancelVisitResult> {
  return await db.tx(async (db) => {
    const access = await visitByToken(db, token);
    if (!access) return { ok: false as const, reason: 'notFound' as const };
    if (access.booking.status === 'cancelled') return { ok: false as const, reason: 'alreadyCancelled' as const };
    if (now.getTime() > access.cancelUntil.getTime()) return { ok: false as const, reason: 'tooLate' as const };
    await db.run("UPDATE visit_bookings SET status = 'cancelled', sequence = sequence + 1 WHERE id = ?", access.booking.id);
    await visitMail(db, 'visitCancelled', (await getBooking(db, access.booking.id))!, access.slot, access.stop, '');
    return { ok: true as const };
  });
}

/** Bookings whose reminder is due: visits within the reminder window that have not started. */
export async function sendVisitReminders(db: Db, links: { baseUrl: string }, now: Date = new Date()): Promise<number> {
  const today = todayInPrague(now);
  const rows = await db.all<{ id: number; slot_id: number }>(
    `SELECT b.id, b.slot_id FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id
     WHERE b.status = 'booked' AND s.cancelled = 0 AND s.day >= ? AND s.day <= ?`,
    today, addDays(today, VISIT_RULES.remindDaysBefore),
  );
  let sent = 0;
  for (const r of rows) {
    const key = `tour-visit-reminder:${r.id}`;
    await db.tx(async (db) => {
      if (await db.get('SELECT 1 FROM mail_queue WHERE dedupe_key = ?', key)) return;
      const booking = (await getBooking(db, r.id))!;
      const slot = (await getSlot(db, r.slot_id))!;
      if (pragueInstant(slot.day, slot.startTime).getTime() <= now.getTime()) return;
      const stop = (await getStop(db, slot.stopId))!;
      // The raw link is never stored, so each reminder carries a fresh one.
      const token = await createToken(db, 'tour-visit', booking.id, VISIT_RULES.tokenDays, now);
      await visitMail(db, 'visitReminder', booking, slot, stop, visitLink(links.baseUrl, booking.lang, token), key);
      sent++;
    }, { locks: [key] });
  }
  return sent;
}
