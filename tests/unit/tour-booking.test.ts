import ical from 'node-ical';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { isoWeekday } from '#src/tour/availability.ts';
import { acceptOffer, cancelByTeacher, cancelStop, confirmRequest, declineRequest, getRequest, requestByToken, reviewRequests, submitRequest, waitlistRequest } from '#src/tour/booking.ts';
import { sendTourReminders } from '#src/tour/reminders.ts';
import { bookVisit, cancelVisit, createSlot, getSlot, pragueInstant, visitByToken } from '#src/tour/visits.ts';
import { createSet, createStop, listPublicStops, tourCalendar, TourConflictError, updateSet, updateStop } from '#src/tour/tour.ts';
import { freshDb } from '../helpers/db.ts';

const LINKS = { baseUrl: 'http://site.test' };
let db: Db;

interface Mail {
  to_addr: string;
  subject: string;
  text: string;
  attachments: string;
  dedupe_key: string | null;
}
const mails = async (): Promise<Mail[]> => await db.all<Mail>('SELECT to_addr, subject, text, attachments, dedupe_key FROM mail_queue ORDER BY id');
const lastMail = async () => (await mails()).at(-1)!;
const tokenIn = (text: string, kind = 'request') => new RegExp(`/tour/${kind}/([A-Za-z0-9_-]+)`).exec(text)![1]!;

/** A Monday comfortably beyond the booking lead time. */
function monday(weeksAhead: number): string {
  let d = addDays(todayInPrague(), 7 * weeksAhead);
  while (isoWeekday(d) !== 1) d = addDays(d, 1);
  return d;
}

const request = (first: string, last: string, over: Record<string, string> = {}) => ({
  school: 'ZŠ Komenského',
  address: 'Komenského 12',
  town: 'Jihlava',
  region: 'VYS',
  teacher: 'Jana Dvořáková',
  email: 'jana@school.test',
  phone: '+420 601 234 567',
  first1: first,
  last1: last,
  pupils: '48',
  ages: '12–15',
  wallM: '18,5',
  ...over,
});

beforeEach(async () => {
  db = (await freshDb('tour')).db;
  await createSet(db, { name: 'A', panels: 24, wallM: 15, bufferBefore: 2, bufferAfter: 2 });
});

describe('a teacher request', () => {
  it('is stored for a free window and acknowledged by mail without a calendar file', async () => {
    const first = monday(6);
    const r = await submitRequest(db, request(first, addDays(first, 11)), 'cs', LINKS);
    expect(r.ok).toBe(true);
    const m = await lastMail();
    expect(m.to_addr).toBe('jana@school.test');
    expect(JSON.parse(m.attachments)).toEqual([]);
    expect(m.text).toContain('http://site.test/cs/tour/request/');
    const access = await requestByToken(db, tokenIn(m.text));
    expect(access?.request.status).toBe('new');
    expect(access?.request.wallM).toBe(18.5);
  });

  it('is refused with the nearest free windows when the set is busy then, and nothing is stored', async () => {
    const first = monday(6);
    await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 18) });
    const before = (await mails()).length;
    const r = await submitRequest(db, request(addDays(first, 7), addDays(first, 11)), 'en', LINKS);
    expect(r.ok).toBe(false);
    if (r.ok || !('refused' in r)) throw new Error('expected a refusal');
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) expect(s.first > addDays(first, 22) || s.last < addDays(first, -4)).toBe(true);
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM tour_requests'))!.n).toBe(0);
    expect((await mails()).length).toBe(before);
  });

  it('is accepted when only an alternative window is free', async () => {
    const first = monday(6);
    await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 18) });
    const alt = monday(12);
    const r = await submitRequest(db, request(first, addDays(first, 4), { first2: alt, last2: addDays(alt, 4) }), 'cs', LINKS);
    expect(r.ok).toBe(true);
  });

  it('reports translated field errors for bad input', async () => {
    const first = monday(6);
    const r = await submitRequest(db, request(first, addDays(first, -1), { email: 'not-mail', pupils: '0', wallM: 'lots', region: 'XX' }), 'cs', LINKS);
    expect(r.ok).toBe(false);
    if (r.ok || !('errors' in r)) throw new Error('expected errors');
    expect(r.errors.email?.key).toBe('email');
    expect(r.errors.pupils?.key).toBe('pupils');
    expect(r.errors.wallM?.key).toBe('wall');
    expect(r.errors.region?.key).toBe('region');
    expect(r.errors.last1?.key).toBe('lastBeforeFirst');
    const soon = await submitRequest(db, request(todayInPrague(), addDays(todayInPrague(), 14)), 'cs', LINKS);
    expect(!soon.ok && 'errors' in soon && soon.errors.first1?.key).toBe('tooSoon');
    const short = await submitRequest(db, request(first, addDays(first, 1)), 'cs', LINKS);
    expect(!short.ok && 'errors' in short && short.errors.last1?.key).toBe('tooShortStay');
  });

  it('is refused when the school has less wall than every set needs', async () => {
    const first = monday(6);
    const r = await submitRequest(db, request(first, addDays(first, 11), { wallM: '8' }), 'cs', LINKS);
    expect(!r.ok && 'errors' in r && r.errors.wallM).toEqual({ key: 'wallTooShort', params: { min: 15 } });
  });
});

describe('the organiser decides', () => {
  it('confirms into a stop with an .ics mail, and refuses a second overlapping confirmation', async () => {
    const first = monday(6);
    const a = await submitRequest(db, request(first, addDays(first, 11)), 'en', LINKS);
    const b = await submitRequest(db, request(addDays(first, 7), addDays(first, 18), { email: 'other@school.test' }), 'cs', LINKS);
    if (!a.ok || !b.ok) throw new Error('requests should be stored');
    const review = await reviewRequests(db);
    expect(review.find((r) => r.request.id === a.id)?.competing).toEqual([b.id]);

    const ok = await confirmRequest(db, { id: a.id, isPublic: true }, LINKS);
    expect(ok.ok).toBe(true);
    const m = await lastMail();
    expect(m.subject).toMatch(/confirmed/);
    const [att] = JSON.parse(m.attachments) as { content: string; filename: string }[];
    const events = Object.values(ical.sync.parseICS(att!.content)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    expect(events[0]!.datetype).toBe('date');
    expect(att!.content).toContain(`DTSTART;VALUE=DATE:${first.replaceAll('-', '')}`);
    expect(att!.content).toContain(`DTEND;VALUE=DATE:${addDays(first, 12).replaceAll('-', '')}`);

    const clash = await confirmRequest(db, { id: b.id }, LINKS);
    expect(clash).toMatchObject({ ok: false, reason: 'conflict' });
    expect((await getRequest(db, b.id))?.status).toBe('new');
    expect((await reviewRequests(db)).find((r) => r.request.id === b.id)?.freeSets).toEqual([[]]);
    expect(await confirmRequest(db, { id: a.id }, LINKS)).toMatchObject({ ok: false, reason: 'notPending' });
    expect((await listPublicStops(db)).map((s) => s.venue)).toEqual(['ZŠ Komenského']);
  });

  it('declines with a message the teacher receives', async () => {
    const first = monday(6);
    const a = await submitRequest(db, request(first, addDays(first, 11)), 'cs', LINKS);
    if (!a.ok) throw new Error('stored');
    expect((await declineRequest(db, a.id, 'Letos už nemáme volnou sadu.', LINKS)).ok).toBe(true);
    expect((await lastMail()).text).toContain('Letos už nemáme volnou sadu.');
    expect((await getRequest(db, a.id))?.status).toBe('declined');
  });

  it('offers a waitlisted request the window freed by a cancelled stop, and confirms it on acceptance', async () => {
    const first = monday(6);
    const a = await submitRequest(db, request(first, addDays(first, 11)), 'cs', LINKS);
    const b = await submitRequest(db, request(first, addDays(first, 11), { email: 'wait@school.test' }), 'en', LINKS);
    if (!a.ok || !b.ok) throw new Error('stored');
    const confirmed = await confirmRequest(db, { id: a.id, isPublic: true }, LINKS);
    expect((await waitlistRequest(db, b.id, LINKS)).ok).toBe(true);
    if (!confirmed.ok) throw new Error('confirmed');
    expect((await cancelStop(db, confirmed.stop!.id, LINKS)).ok).toBe(true);

    const offer = (await mails()).find((m) => m.to_addr === 'wait@school.test' && /become free/.test(m.subject))!;
    expect(offer).toBeDefined();
    expect((await getRequest(db, b.id))?.offer).toMatchObject({ first, last: addDays(first, 11) });
    // The held window is not free for anyone else.
    const c = await submitRequest(db, request(first, addDays(first, 11), { email: 'late@school.test' }), 'cs', LINKS);
    expect(!c.ok && 'refused' in c).toBe(true);

    expect((await acceptOffer(db, tokenIn(offer.text), LINKS)).ok).toBe(true);
    expect((await getRequest(db, b.id))?.status).toBe('confirmed');
    // The cancelled stop stays in the feed as cancelled, next to the new one.
    const feed = tourCalendar(await listPublicStops(db), 'X');
    expect(feed).toContain('STATUS:CANCELLED');
    // The first teacher was told, with a cancelling calendar file.
    const told = (await mails()).find((m) => m.to_addr === 'jana@school.test' && /zrušena/.test(m.subject))!;
    expect(JSON.parse(told.attachments)[0].content).toContain('STATUS:CANCELLED');
  });

  it('lets the teacher cancel by link: a pending request any time, a confirmed stop until the cut-off', async () => {
    const first = monday(6);
    const a = await submitRequest(db, request(first, addDays(first, 11)), 'cs', LINKS);
    if (!a.ok) throw new Error('stored');
    await confirmRequest(db, { id: a.id }, LINKS);
    const link = tokenIn((await lastMail()).text);
    expect(await cancelByTeacher(db, link, LINKS, addDays(first, -6))).toMatchObject({ ok: false, reason: 'tooLate' });
    expect((await cancelByTeacher(db, link, LINKS, addDays(first, -7))).ok).toBe(true);
    expect((await getRequest(db, a.id))?.status).toBe('cancelled');
    expect(await cancelByTeacher(db, 'x'.repeat(32), LINKS)).toMatchObject({ ok: false, reason: 'notFound' });
  });
});

describe('stops and sets', () => {
  it('keep their UID when changed, with a higher SEQUENCE', async () => {
    const first = monday(6);
    const s = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 5) });
    const moved = await updateStop(db, s.id, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: addDays(first, 1), lastDay: addDays(first, 6) });
    expect(moved.uid).toBe(s.uid);
    expect(moved.sequence).toBe(s.sequence + 1);
  });

  it('refuse a stop inside another stop’s buffer, and longer buffers that would make stops collide', async () => {
    const first = monday(6);
    const s = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 4) });
    await expect(createStop(db, { venue: 'Knihovna', town: 'Zlín', region: 'ZLK', firstDay: addDays(first, 8), lastDay: addDays(first, 12) })).rejects.toThrow(TourConflictError);
    await createStop(db, { venue: 'Knihovna', town: 'Zlín', region: 'ZLK', firstDay: addDays(first, 9), lastDay: addDays(first, 12) });
    const r = await updateSet(db, s.setId!, { name: 'A', wallM: 15, bufferBefore: 3, bufferAfter: 2 });
    expect(r.ok).toBe(false);
  });
});

describe('class visits', () => {
  it('never take more pupils than the slot holds, and cancel by link until the cut-off', async () => {
    const first = monday(6);
    const stop = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 10) });
    const slot = await createSlot(db, stop.id, { day: addDays(first, 2), startTime: '10:00', capacity: 30 });
    if (!slot.ok) throw new Error('slot');
    const book = async (pupils: number, email = 'a@school.test') => await bookVisit(db, { slotId: slot.slot.id, school: 'ZŠ', teacher: 'Petr Novák', email, pupils: String(pupils) }, 'cs', LINKS);
    const first20 = await book(20);
    expect(first20.ok).toBe(true);
    expect(await book(11)).toMatchObject({ ok: false, reason: 'full', remaining: 10 });
    expect((await book(10)).ok).toBe(true);
    expect((await getSlot(db, slot.slot.id))?.booked).toBe(30);
    expect(await book(36)).toMatchObject({ ok: false, errors: { pupils: { key: 'group' } } });

    const m = (await mails()).find((x) => /objednána/.test(x.subject))!;
    const ics = JSON.parse(m.attachments)[0].content as string;
    const ev = Object.values(ical.sync.parseICS(ics)).find((c) => c.type === 'VEVENT') as ical.VEvent;
    expect(ev.start.toISOString()).toBe(pragueInstant(addDays(first, 2), '10:00').toISOString());

    if (!first20.ok) throw new Error('booked');
    const visitStart = pragueInstant(addDays(first, 2), '10:00');
    expect(await cancelVisit(db, first20.token, new Date(visitStart.getTime() - 23 * 3_600_000))).toMatchObject({ ok: false, reason: 'tooLate' });
    expect((await cancelVisit(db, first20.token, new Date(visitStart.getTime() - 25 * 3_600_000))).ok).toBe(true);
    expect((await visitByToken(db, first20.token))?.booking.status).toBe('cancelled');
    expect((await getSlot(db, slot.slot.id))?.booked).toBe(10);
  });

  it('are only published on days of a public stop', async () => {
    const first = monday(6);
    const school = await createStop(db, { venue: 'ZŠ', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 10), isPublic: false });
    expect(await createSlot(db, school.id, { day: first, startTime: '10:00', capacity: 30 })).toMatchObject({ ok: false, reason: 'notPublic' });
    const pub = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: addDays(first, 20), lastDay: addDays(first, 25) });
    expect(await createSlot(db, pub.id, { day: first, startTime: '10:00', capacity: 30 })).toMatchObject({ ok: false, reason: 'outsideStop' });
  });
});

describe('Prague wall-clock times', () => {
  it('follow the real offset, DST change days included', () => {
    expect(pragueInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(pragueInstant('2026-07-15', '10:00').toISOString()).toBe('2026-07-15T08:00:00.000Z');
    expect(pragueInstant('2026-03-29', '10:00').toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(pragueInstant('2026-10-25', '10:00').toISOString()).toBe('2026-10-25T09:00:00.000Z');
    expect(pragueInstant('2026-12-31', '23:30').toISOString()).toBe('2026-12-31T22:30:00.000Z');
  });
});

describe('reminders', () => {
  it('are queued once, however often the task runs', async () => {
    const today = todayInPrague();
    const first = monday(6);
    const a = await submitRequest(db, request(first, addDays(first, 11)), 'cs', LINKS);
    if (!a.ok) throw new Error('stored');
    await confirmRequest(db, { id: a.id, isPublic: true }, LINKS);
    const stop = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: addDays(first, 30), lastDay: addDays(first, 40) });
    const slot = await createSlot(db, stop.id, { day: addDays(first, 31), startTime: '09:00', capacity: 30 });
    if (!slot.ok) throw new Error('slot');
    await bookVisit(db, { slotId: slot.slot.id, school: 'ZŠ', teacher: 'Petr', email: 'p@school.test', pupils: '25' }, 'en', LINKS);

    expect(await sendTourReminders(db, LINKS, new Date())).toEqual({ installs: 0, visits: 0 });
    // Six days before the installation and one day before the visit (noon in Prague).
    const installDay = new Date(`${addDays(first, -6)}T10:00:00Z`);
    expect(await sendTourReminders(db, LINKS, installDay)).toEqual({ installs: 1, visits: 0 });
    expect(await sendTourReminders(db, LINKS, installDay)).toEqual({ installs: 0, visits: 0 });
    const visitEve = new Date(`${addDays(first, 30)}T10:00:00Z`);
    expect(await sendTourReminders(db, LINKS, visitEve)).toEqual({ installs: 0, visits: 1 });
    expect(await sendTourReminders(db, LINKS, visitEve)).toEqual({ installs: 0, visits: 0 });
    const reminders = (await mails()).filter((m) => m.dedupe_key);
    expect(reminders).toHaveLength(2);
    expect(reminders.every((m) => /\/tour\/(request|visit)\//.test(m.text))).toBe(true);
    expect(today).toBeTruthy();
  });
});
