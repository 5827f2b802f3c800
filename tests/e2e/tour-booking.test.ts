import { readFileSync } from 'node:fs';
import ical from 'node-ical';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePage, phoneJourney, type PhoneJourney, screenshot } from '../helpers/browser.ts';
import { ADMIN, postForm, readRow, signIn, type Site } from '../helpers/site.ts';
import { addresses, type Inbox } from '../helpers/smtp.ts';

const TEACHER = 'ucitelka.e2e@school.test';
let journey: PhoneJourney;
let site: Site;
let inbox: Inbox;
let chromium: Browser;
let phone: Page;

beforeAll(async () => {
  journey = await phoneJourney();
  ({ site, inbox, chromium, phone } = journey);
  // The organisers have one exhibition set on tour.
  const cookie = await signIn(site);
  const set = await fetch(`${site.base}/_actions/tourSaveSet`, {
    method: 'POST',
    body: new URLSearchParams({ name: 'A', panels: '24', wallM: '15', bufferBefore: '2', bufferAfter: '2', active: 'on' }),
    headers: { Origin: site.base, cookie },
  });
  expect(set.status).toBe(200);
});

afterAll(() => journey?.stop());

describe('a teacher books the exhibition on a phone, by keyboard', () => {
  let first = '';
  let last = '';

  it('finds a free window in the calendar and chooses it with the keyboard', async () => {
    await phone.goto(`${site.base}/en/tour/book`);
    await phone.getByRole('grid').waitFor();
    // From the month buttons, Tab lands on the calendar's current day; arrows move, Enter chooses.
    await phone.getByRole('button', { name: 'Next month' }).focus();
    await phone.keyboard.press('Tab');
    const focused = await phone.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(focused).toMatch(/, free$/);
    await phone.keyboard.press('ArrowDown');
    await phone.keyboard.press('ArrowDown');
    await phone.keyboard.press('Home');
    await phone.keyboard.press('Enter');
    await expect.poll(() => phone.getByRole('status').filter({ hasText: 'Chosen dates' }).count()).toBe(1);
    first = await phone.locator('#first1').inputValue();
    last = await phone.locator('#last1').inputValue();
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(last > first).toBe(true);
    await screenshot(phone, 'tour-book-calendar-390');
  });

  it('fills in the request by keyboard and sends it', async () => {
    // Required fields carry a "*" after their label text.
    const field = (label: string) => phone.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
    const type = async (label: string, text: string) => {
      await field(label).focus();
      await phone.keyboard.type(text);
    };
    await type('School name', 'ZŠ Na Výsluní');
    await type('School address', 'Slunečná 5');
    await type('Town', 'Tábor');
    await field('Region').focus();
    await phone.keyboard.type('South Bohemian');
    expect(await field('Region').inputValue()).toBe('JHC');
    await type('Teacher’s name', 'Alena Veselá');
    await type('E-mail', TEACHER);
    await type('Phone', '+420 603 111 222');
    await type('Number of pupils', '56');
    await type('Pupils’ ages', '11–14');
    await type('Free wall length in metres', '16,5');
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Thank you, your request has arrived' }).waitFor({ timeout: 30_000 });
    // The answer shows what was sent, the chosen dates and set included.
    expect(await phone.getByText('ZŠ Na Výsluní, Slunečná 5, Tábor').isVisible()).toBe(true);
    expect(await phone.getByText('Any set that fits our wall').isVisible()).toBe(true);
    await screenshot(phone, 'tour-book-sent-390');
    const ack = await inbox.waitFor((m) => addresses(m).includes(TEACHER) && /has arrived/.test(m.subject ?? ''));
    expect(ack.attachments).toHaveLength(0);
    expect(ack.text).toContain('/en/tour/request/');
    expect(ack.text).toMatch(/^Hello,\n\nThank you, we have received your request/);

    // Reloading the answer sends nothing again: one request, one mail.
    await phone.reload();
    await phone.getByRole('heading', { name: 'Thank you, your request has arrived' }).waitFor();
    expect(await readRow(site, 'SELECT COUNT(*) AS n FROM tour_requests')).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 1500)); // give a second mail the time it would need to arrive
    expect(inbox.messages.filter((m) => addresses(m).includes(TEACHER))).toHaveLength(1);
  });

  it('an organiser sees the request and confirms it; the teacher gets a valid .ics and the stop is in /tour.ics', async () => {
    const desk = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
    await desk.goto(`${site.base}/admin/tour/requests`);
    await desk.getByLabel('E-mail').fill(ADMIN.email);
    await desk.getByLabel('Heslo').fill(ADMIN.password);
    await desk.getByRole('button', { name: 'Přihlásit se' }).click();
    // Sign-in keeps ?next=, so the organiser lands on the page they asked for.
    await desk.waitForURL('**/admin/tour/requests');
    await desk.getByRole('link', { name: 'Výstava na cestách' }).click();
    await desk.getByRole('link', { name: 'Žádosti škol' }).click();
    await desk.waitForURL('**/admin/tour/requests');
    const row = desk.getByRole('row', { name: /ZŠ Na Výsluní/ });
    expect(await row.getByText('volné', { exact: false }).count()).toBeGreaterThan(0);
    await row.getByLabel('Veřejné (jinak jen pro školu)').check();
    await row.getByRole('button', { name: 'Potvrdit: Žádost č. 1' }).click();
    await desk.getByText('Hotovo.').waitFor();
    await screenshot(desk, 'tour-admin-requests-1280');
    await closePage(desk);

    const mail = await inbox.waitFor((m) => addresses(m).includes(TEACHER) && /confirmed/.test(m.subject ?? ''));
    const att = mail.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect(att).toBeDefined();
    const text = att!.content.toString('utf8');
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev.datetype).toBe('date');
    expect(text).toContain(`DTSTART;VALUE=DATE:${first.replaceAll('-', '')}`);
    expect(ev.summary).toContain('ZŠ Na Výsluní');

    const feed = await (await fetch(`${site.base}/tour.ics`)).text();
    const inFeed = Object.values(ical.sync.parseICS(feed)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(inFeed.map((e) => e.uid)).toContain(ev.uid);

    // The teacher's status link shows the confirmed dates.
    const link = /https?:\/\/\S+\/en\/tour\/request\/\S+/.exec(mail.text ?? '')![0];
    await phone.goto(link);
    expect(await phone.getByText('Confirmed', { exact: true }).count()).toBe(1);
    await screenshot(phone, 'tour-request-status-390');
  });

  it('a class visit booked on a phone is summarised, added to a calendar and cancelled after asking; the cancellation is METHOD:CANCEL with the same UID and a higher SEQUENCE', async () => {
    const stop = (await readRow<{ id: number; first_day: string }>(site, "SELECT id, first_day FROM tour_stops WHERE venue = 'ZŠ Na Výsluní'"))!;
    const cookie = await signIn(site);
    expect((await postForm(site, cookie, '/_actions/tourAddSlot', { stopId: String(stop.id), day: stop.first_day, startTime: '10:00', minutes: '60', capacity: '30' })).status).toBe(200);

    await phone.goto(`${site.base}/en/tour/${stop.id}`);
    expect(await phone.getByText('At most as many pupils as there are places left').isVisible()).toBe(true);
    await phone.getByLabel('School').fill('ZŠ Lipová');
    await phone.getByLabel('Teacher’s name').fill('Jan Novák');
    await phone.getByLabel('E-mail').fill('jan.novak@school.test');
    await phone.getByLabel('Number of pupils in the group').fill('31');
    await phone.getByRole('button', { name: 'Book the visit' }).click();
    // More pupils than the slot holds: the slot's capacity is the limit, and the form keeps what was typed.
    await phone.getByText('Only 30 places are left at this time.').waitFor();
    expect(await phone.getByLabel('School').inputValue()).toBe('ZŠ Lipová');
    await phone.getByLabel('Number of pupils in the group').fill('24');
    await phone.getByRole('button', { name: 'Book the visit' }).click();
    await phone.getByRole('heading', { name: 'The visit is booked' }).waitFor();
    expect(await phone.getByText('24 pupils').isVisible()).toBe(true);
    await screenshot(phone, 'tour-visit-booked-390');

    const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('link', { name: 'Add to calendar (.ics)' }).click()]);
    const added = readFileSync(await download.path(), 'utf8');
    const addedParsed = ical.sync.parseICS(added);
    const event = Object.values(addedParsed).find((c) => c.type === 'VEVENT') as ical.VEvent;
    expect((addedParsed.vcalendar as unknown as { method: string }).method).toBe('PUBLISH');

    await phone.getByRole('link', { name: 'Cancel the visit' }).click();
    await phone.getByRole('heading', { name: 'Do you really want to cancel the visit?' }).waitFor();
    await screenshot(phone, 'tour-visit-cancel-confirm-390');
    await phone.getByRole('button', { name: 'Yes, cancel the visit' }).click();
    await phone.getByText('You have cancelled the visit.').waitFor();

    const mail = await inbox.waitFor((m) => addresses(m).includes('jan.novak@school.test') && /cancelled/.test(m.subject ?? ''));
    expect(mail.text).toContain('this confirms that you cancelled the visit'.replace(/^t/, 'T'));
    const ics = mail.attachments.find((a) => a.filename?.endsWith('.ics'))!.content.toString('utf8');
    const parsed = ical.sync.parseICS(ics);
    const cancel = Object.values(parsed).find((c) => c.type === 'VEVENT') as ical.VEvent;
    expect((parsed.vcalendar as unknown as { method: string }).method).toBe('CANCEL');
    expect(cancel.uid).toBe(event.uid);
    expect(Number(cancel.sequence)).toBeGreaterThan(Number(event.sequence));
    expect(cancel.status).toBe('CANCELLED');
  });
});
