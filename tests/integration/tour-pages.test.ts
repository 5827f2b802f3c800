import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { isoWeekday, isSchoolDay } from '#src/tour/availability.ts';
import { openSiteDb, signIn, startSite, type Site } from '../helpers/site.ts';

let site: Site;
let cookie = '';

function monday(weeks: number): string {
  let d = addDays(todayInPrague(), 7 * weeks);
  while (isoWeekday(d) !== 1 || !isSchoolDay(d)) d = addDays(d, 1);
  return d;
}
const post = (path: string, body: Record<string, string>, withCookie = true) =>
  fetch(`${site.base}${path}`, { method: 'POST', body: new URLSearchParams(body), headers: { Origin: site.base, ...(withCookie ? { cookie } : {}) }, redirect: 'manual' });
const query = <T,>(sql: string, ...params: (string | number)[]): T[] => {
  const db = openSiteDb(site.dataDir);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
};
const feed = async () => {
  const text = await (await fetch(`${site.base}/tour.ics`)).text();
  return { text, events: Object.values(ical.sync.parseICS(text)).filter((c) => c.type === 'VEVENT') as ical.VEvent[] };
};

beforeAll(async () => {
  site = await startSite();
  cookie = await signIn(site);
  await post('/_actions/tourSaveSet', { name: 'A', panels: '20', wallM: '15', bufferBefore: '2', bufferAfter: '2', active: 'on' });
});
afterAll(() => site?.stop());

describe('the public schedule and its calendar feed', () => {
  const first = monday(4);

  it('keeps a stop’s UID when it is moved and keeps it as CANCELLED when it is cancelled', async () => {
    expect((await post('/_actions/tourSaveStop', { venue: 'Městská knihovna', town: 'Pardubice', region: 'PAK', firstDay: first, lastDay: addDays(first, 4), isPublic: 'on' })).status).toBe(200);
    const [stop] = query<{ id: number; uid: string }>("SELECT id, uid FROM tour_stops WHERE venue = 'Městská knihovna'");
    const before = (await feed()).events.find((e) => e.uid === stop!.uid)!;
    expect(before.datetype).toBe('date');
    await post('/_actions/tourSaveStop', { id: String(stop!.id), venue: 'Městská knihovna', town: 'Pardubice', region: 'PAK', firstDay: addDays(first, 1), lastDay: addDays(first, 5), isPublic: 'on' });
    const moved = (await feed()).events.find((e) => e.uid === stop!.uid)!;
    expect(Number(moved.sequence)).toBe(Number(before.sequence ?? 0) + 1);
    expect((await feed()).text).toContain(`DTSTART;VALUE=DATE:${addDays(first, 1).replaceAll('-', '')}`);
    await post('/_actions/tourCancelStop', { id: String(stop!.id) });
    const cancelled = (await feed()).events.find((e) => e.uid === stop!.uid)!;
    expect(cancelled.status).toBe('CANCELLED');
    const page = await (await fetch(`${site.base}/en/tour/${stop!.id}`)).text();
    expect(page).toContain('Cancelled');
    const one = await fetch(`${site.base}/tour/${stop!.id}.ics`);
    expect(one.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await one.text()).toContain(`UID:${stop!.uid}`);
  });

  it('refuses a stop that would fall into another stop’s transport days', async () => {
    const second = monday(10);
    await post('/_actions/tourSaveStop', { venue: 'Zámek', town: 'Litomyšl', region: 'PAK', firstDay: second, lastDay: addDays(second, 4), isPublic: 'on' });
    const r = await post('/admin/tour?_action=tourSaveStop', { venue: 'Kino', town: 'Zlín', region: 'ZLK', firstDay: addDays(second, 7), lastDay: addDays(second, 10), isPublic: 'on' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('Sada je v tu dobu obsazená');
    expect(query("SELECT id FROM tour_stops WHERE venue = 'Kino'")).toHaveLength(0);
  });

  it('keeps school-only stops out of the public pages and feed', async () => {
    const third = monday(16);
    await post('/_actions/tourSaveStop', { venue: 'ZŠ Tajná', town: 'Zlín', region: 'ZLK', firstDay: third, lastDay: addDays(third, 4) });
    const [hidden] = query<{ id: number; uid: string }>("SELECT id, uid FROM tour_stops WHERE venue = 'ZŠ Tajná'");
    expect((await fetch(`${site.base}/cs/tour`).then((r) => r.text())).includes('ZŠ Tajná')).toBe(false);
    expect((await feed()).text.includes(hidden!.uid)).toBe(false);
    expect((await fetch(`${site.base}/cs/tour/${hidden!.id}`)).status).toBe(404);
    expect((await fetch(`${site.base}/tour/${hidden!.id}.ics`)).status).toBe(404);
  });

  it('shows the schedule grouped by month with the map, and free windows as a plain list without JavaScript', async () => {
    const tour = await (await fetch(`${site.base}/cs/tour`)).text();
    expect(tour).toContain('<svg');
    expect(tour).toContain('class="month"');
    expect(tour).toContain('Litomyšl');
    const book = await (await fetch(`${site.base}/en/tour/book`)).text();
    expect(book).toContain('List of free windows');
    expect(book).toMatch(/school days\)/);
    // Each window's link chooses its set too; the set field works without JavaScript (part of the form).
    expect(book).toMatch(/href="\?first=\d{4}-\d{2}-\d{2}&amp;last=\d{4}-\d{2}-\d{2}&amp;set=\d+#request-form"/);
    expect(book).toMatch(/<select id="setId" name="setId" form="request-form"/);
    // Nothing JavaScript-only is in the page as sent: no calendar grid, no keyboard instructions
    // (the islands' props carry their texts, but nothing shows them until the script runs).
    const shown = book.replace(/ props="[^"]*"/g, '');
    expect(shown).not.toContain('role="grid"');
    expect(shown).not.toContain('Enter or Space');
  });
});

describe('a teacher’s request over plain HTTP', () => {
  const form = (first: string, last: string, over: Record<string, string> = {}) => ({
    lang: 'en', school: 'Gymnázium Tábor', address: 'Pierra de Coubertina 2653', town: 'Tábor', region: 'JHC', teacher: 'Eva Malá',
    email: 'eva@school.test', phone: '+420 777 000 111', first1: first, last1: last, pupils: '60', ages: '15–18', wallM: '20', ...over,
  });

  it('is refused with the nearest free windows offered as choices, and nothing is stored', async () => {
    const busy = monday(10); // the Litomyšl stop
    const r = await post('/en/tour/book?_action=requestTour', form(busy, addDays(busy, 4)), false);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('The dates you chose are no longer free');
    expect(html).toMatch(/name="suggestion" value="\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}"/);
    expect(html).toContain('Gymnázium Tábor'); // the typed values come back
    expect(query('SELECT id FROM tour_requests')).toHaveLength(0);
  });

  it('shows translated errors for bad input and stores nothing', async () => {
    const r = await post('/cs/tour/book?_action=requestTour', form('', '', { lang: 'cs', email: 'nope', wallM: '' }), false);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('Zadejte platnou e-mailovou adresu.');
    expect(html).toContain('Toto pole je povinné.');
    expect(query('SELECT id FROM tour_requests')).toHaveLength(0);
  });

  it('is stored for a free window, answered by a redirect to its own page; the status link shows it and cancels it after asking', async () => {
    const free = monday(20);
    const r = await post('/en/tour/book?_action=requestTour', form(free, addDays(free, 4)), false);
    // Post/redirect/get: a reload of the answer cannot send the request again.
    expect(r.status).toBe(303);
    const link = r.headers.get('location')!;
    expect(link).toMatch(/^\/en\/tour\/request\/[^/?]+\?sent=1$/);
    const sent = await (await fetch(`${site.base}${link}`)).text();
    expect(sent).toContain('Thank you, your request has arrived');
    expect(sent).toContain('eva@school.test');
    expect(sent).toContain('Any set that fits our wall');
    await fetch(`${site.base}${link}`);
    expect(query('SELECT id FROM tour_requests')).toHaveLength(1);
    const page = link.split('?')[0]!;
    const status = await (await fetch(`${site.base}${page}`)).text();
    expect(status).toContain('Received, awaiting a decision');
    // Cancelling asks first; the answer is again a redirect.
    const asking = await (await fetch(`${site.base}${page}?cancel=1`)).text();
    expect(asking).toContain('Do you really want to cancel the request?');
    expect(query<{ status: string }>('SELECT status FROM tour_requests')).toEqual([{ status: 'new' }]);
    const token = page.split('/').pop()!;
    const c = await post(`${page}?_action=cancelTourRequest`, { token }, false);
    expect(c.status).toBe(303);
    expect(await (await fetch(`${site.base}${c.headers.get('location')}`)).text()).toContain('You have cancelled the request.');
    expect(query<{ status: string }>('SELECT status FROM tour_requests')).toEqual([{ status: 'cancelled' }]);
    expect((await fetch(`${site.base}/en/tour/request/${'x'.repeat(30)}`)).status).toBe(404);
  });
});

describe('the tour admin', () => {
  it('is closed to anyone not signed in', async () => {
    for (const path of ['/admin/tour', '/admin/tour/requests', '/admin/tour/stop/1']) {
      const r = await fetch(`${site.base}${path}`, { redirect: 'manual' });
      expect(r.status).toBe(303);
    }
    for (const action of ['tourConfirm', 'tourSaveStop', 'tourSaveSet', 'tourCancelStop', 'tourAddSlot', 'tourDecline', 'tourWaitlist']) {
      const r = await post(`/_actions/${action}`, { id: '1' }, false);
      expect([400, 401]).toContain(r.status);
    }
  });
});
