import ical from 'node-ical';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { isoWeekday, isSchoolDay } from '#src/tour/availability.ts';
import { cancelStop, confirmRequest, saveStopChanges, submitRequest } from '#src/tour/booking.ts';
import { bookVisit, cancelVisit, createSlot, visitByToken, visitCalendar } from '#src/tour/visits.ts';
import { createSet, createStop, organizerFrom } from '#src/tour/tour.ts';
import { freshDb } from '../helpers/db.ts';

/**
 * Calendar files as RFC 5546 means them: an invitation by mail is METHOD:REQUEST with an organiser
 * and the teacher as attendee; a change keeps the UID with a higher SEQUENCE; a cancellation is
 * METHOD:CANCEL with the same UID, a higher SEQUENCE and STATUS:CANCELLED. Read back with node-ical.
 */
const LINKS = { baseUrl: 'http://site.test', organizer: organizerFrom('Kreslená pravda <noreply@kreslenapravda.example>') };
let db: Db;

function monday(weeksAhead: number): string {
  let d = addDays(todayInPrague(), 7 * weeksAhead);
  while (isoWeekday(d) !== 1 || !isSchoolDay(d)) d = addDays(d, 1);
  return d;
}
interface Parsed {
  method: string | undefined;
  event: ical.VEvent;
}
function parse(text: string): Parsed {
  const all = ical.sync.parseICS(text);
  const event = Object.values(all).find((c) => c.type === 'VEVENT') as ical.VEvent;
  return { method: (all.vcalendar as unknown as { method?: string } | undefined)?.method, event };
}
const mailsTo = async (to: string) =>
  (await db.all<{ subject: string; text: string; attachments: string }>('SELECT subject, text, attachments FROM mail_queue WHERE to_addr = ? ORDER BY id', to))
    .map((m) => ({ ...m, ics: (JSON.parse(m.attachments) as { content: string; contentType: string }[])[0]! }));

beforeEach(async () => {
  db = (await freshDb('cal')).db;
  await createSet(db, { name: 'A', wallM: 10 });
});

describe('calendar files follow RFC 5546', () => {
  it('a class visit: booked as REQUEST, cancelled as CANCEL with the same UID and a higher SEQUENCE', async () => {
    const first = monday(6);
    const stop = await createStop(db, { venue: 'Galerie', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 10) });
    const slot = await createSlot(db, stop.id, { day: addDays(first, 1), startTime: '10:00', capacity: 30 });
    if (!slot.ok) throw new Error('slot');
    const booked = await bookVisit(db, { slotId: slot.slot.id, school: 'ZŠ Lipová', teacher: 'Eva Malá', email: 'eva@school.test', pupils: '24' }, 'cs', LINKS);
    if (!booked.ok) throw new Error('booking');
    const invite = (await mailsTo('eva@school.test'))[0]!;
    expect(invite.ics.contentType).toContain('method=REQUEST');
    const request = parse(invite.ics.content);
    expect(request.method).toBe('REQUEST');
    const unfolded = invite.ics.content.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toMatch(/^ORGANIZER;[^\r\n]*:mailto:noreply@kreslenapravda\.example\r?$/im);
    expect(unfolded).toMatch(/^ATTENDEE;[^\r\n]*:mailto:eva@school\.test\r?$/im);

    // The file to download from the visit's page is PUBLISH, for importing.
    const access = (await visitByToken(db, booked.token))!;
    expect(parse(visitCalendar(access.booking, access.slot, access.stop, 'cs')).method).toBe('PUBLISH');

    expect((await cancelVisit(db, booked.token, LINKS)).ok).toBe(true);
    const cancelMail = (await mailsTo('eva@school.test')).at(-1)!;
    expect(cancelMail.subject).toContain('zrušena');
    expect(cancelMail.text).toContain('jste zrušili');
    const cancel = parse(cancelMail.ics.content);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(request.event.uid);
    expect(Number(cancel.event.sequence)).toBeGreaterThan(Number(request.event.sequence));
    expect(cancel.event.status).toBe('CANCELLED');
  });

  it('a school’s stop: confirmed as REQUEST, moved as REQUEST with a higher SEQUENCE, cancelled as CANCEL; visits booked there are cancelled too', async () => {
    const first = monday(8);
    const req = await submitRequest(db, {
      school: 'Gymnázium Tábor', address: 'Pierra de Coubertina 2653', town: 'Tábor', region: 'JHC', teacher: 'Eva Malá', email: 'ucitel@school.test',
      phone: '+420 777 000 111', first1: first, last1: addDays(first, 11), pupils: '60', ages: '15–18', wallM: '20',
    }, 'cs', LINKS);
    if (!req.ok) throw new Error(JSON.stringify(req));
    const confirmed = await confirmRequest(db, { id: req.id, isPublic: true }, LINKS);
    if (!confirmed.ok || !confirmed.stop) throw new Error('confirm');
    const invite = parse((await mailsTo('ucitel@school.test')).at(-1)!.ics.content);
    expect(invite.method).toBe('REQUEST');

    const stop = confirmed.stop;
    await saveStopChanges(db, stop.id, { setId: stop.setId!, venue: stop.venue, address: stop.address, town: stop.town, region: 'JHC', firstDay: addDays(first, 1), lastDay: addDays(first, 12), isPublic: true }, LINKS);
    const change = (await mailsTo('ucitel@school.test')).at(-1)!;
    expect(change.subject).toContain('Změna');
    const moved = parse(change.ics.content);
    expect(moved.method).toBe('REQUEST');
    expect(moved.event.uid).toBe(invite.event.uid);
    expect(Number(moved.event.sequence)).toBeGreaterThan(Number(invite.event.sequence));

    const slot = await createSlot(db, stop.id, { day: addDays(first, 2), startTime: '09:00', capacity: 30 });
    if (!slot.ok) throw new Error('slot');
    const visit = await bookVisit(db, { slotId: slot.slot.id, school: 'ZŠ Husova', teacher: 'Jan Novák', email: 'jan@school.test', pupils: '20' }, 'cs', LINKS);
    if (!visit.ok) throw new Error('visit');
    const visitInvite = parse((await mailsTo('jan@school.test'))[0]!.ics.content);

    expect((await cancelStop(db, stop.id, LINKS)).ok).toBe(true);
    const cancel = parse((await mailsTo('ucitel@school.test')).at(-1)!.ics.content);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(invite.event.uid);
    expect(Number(cancel.event.sequence)).toBeGreaterThan(Number(moved.event.sequence));

    const visitCancel = (await mailsTo('jan@school.test')).at(-1)!;
    expect(visitCancel.text).toContain('musíme zrušit');
    const visitCancelled = parse(visitCancel.ics.content);
    expect(visitCancelled.method).toBe('CANCEL');
    expect(visitCancelled.event.uid).toBe(visitInvite.event.uid);
    expect(Number(visitCancelled.event.sequence)).toBeGreaterThan(Number(visitInvite.event.sequence));
    expect((await visitByToken(db, visit.token))?.booking.status).toBe('cancelled');
  });
});
