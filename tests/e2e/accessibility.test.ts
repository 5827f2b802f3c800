import { AxeBuilder } from '@axe-core/playwright';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { isoWeekday, isSchoolDay } from '#src/tour/availability.ts';
import { browser, screenshot } from '../helpers/browser.ts';
import { entryForm } from '../helpers/entry.ts';
import { readRow, startSite, type Site } from '../helpers/site.ts';
import { addresses, links, startInbox, type Inbox } from '../helpers/smtp.ts';

/** axe-core finds nothing on the pages of issue 14, in every language, on a phone and a desktop. */
const LANGS = ['cs', 'en', 'uk'] as const;
let site: Site;
let inbox: Inbox;
let chromium: Browser;
const paths: Record<string, string[]> = { cs: [], en: [], uk: [] };

beforeAll(async () => {
  inbox = await startInbox();
  site = await startSite({ demo: true, env: { SMTP_URL: inbox.url, ENTRY_RATE_LIMIT: '1000' } });
  const jpeg = await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#457b9d' } }).jpeg().toBuffer();
  const stop = (await readRow<{ id: number }>(site, 'SELECT s.id FROM tour_stops s JOIN visit_slots v ON v.stop_id = s.id WHERE s.is_public = 1 ORDER BY s.first_day LIMIT 1'))!;
  const slot = (await readRow<{ id: number }>(site, 'SELECT v.id FROM visit_slots v WHERE v.stop_id = ? AND v.day > ? ORDER BY v.day LIMIT 1', stop.id, todayInPrague()))!;
  let monday = addDays(todayInPrague(), 120);
  while (isoWeekday(monday) !== 1 || !isSchoolDay(monday)) monday = addDays(monday, 1);

  for (const lang of LANGS) {
    // A twelve-year-old's entry: the guardian's consent page, the status page and the withdrawal page.
    const guardian = `guardian-${lang}@example.org`;
    const r = await fetch(`${site.base}/${lang}/enter?_action=submitEntry`, {
      method: 'POST',
      body: entryForm({ lang, age: '12', artistEmail: undefined, guardianName: 'Rodič Testový', guardianEmail: guardian }, [jpeg]),
      headers: { Origin: site.base },
    });
    expect(r.status).toBe(200);
    const mail = await inbox.waitFor((m) => addresses(m).includes(guardian));
    const [consent, status] = links(mail);
    const path = (url: string) => new URL(url).pathname;
    const request = await fetch(`${site.base}/${lang}/tour/book?_action=requestTour`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: site.base },
      body: new URLSearchParams({
        lang, school: 'ZŠ Přístupná', address: 'Školní 1', town: 'Kolín', region: 'STC', teacher: 'Eva Malá', email: `teacher-${lang}@school.test`,
        phone: '+420 777 000 111', first1: monday, last1: addDays(monday, 11), pupils: '50', ages: '12–14', wallM: '30',
      }),
    });
    const visit = await fetch(`${site.base}/${lang}/tour/${stop.id}?_action=bookVisit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: site.base },
      body: new URLSearchParams({ lang, slotId: String(slot.id), school: 'ZŠ Přístupná', teacher: 'Eva Malá', email: `visit-${lang}@school.test`, pupils: '2' }),
    });
    expect([request.status, visit.status]).toEqual([303, 303]);
    const requestPage = request.headers.get('location')!;
    const visitPage = visit.headers.get('location')!;
    paths[lang] = [
      `/${lang}/catalogue`,
      `/${lang}/enter`,
      `/${lang}/tour`,
      `/${lang}/tour/book`,
      `/${lang}/tour/${stop.id}`,
      requestPage,
      `${requestPage.split('?')[0]}?cancel=1`,
      visitPage,
      `${visitPage.split('?')[0]}?cancel=1`,
      path(status!),
      path(consent!),
      `/${lang}/withdraw/${path(status!).split('/').pop()}`,
      `/${lang}/no-such-page`,
    ];
  }
  chromium = await browser();
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
  await inbox?.close();
});

describe('the new pages have no accessibility violations', () => {
  for (const lang of LANGS) {
    for (const width of [390, 1280]) {
      it(`in ${lang} at ${width} px`, async () => {
        const context = await chromium.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        for (const path of paths[lang]!) {
          await page.goto(`${site.base}${path}`);
          // Islands hydrate before the check, so what axe sees is what a visitor sees.
          await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
          const result = await new AxeBuilder({ page }).analyze();
          const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          expect(summary, `${path} at ${width} px`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width} px is wider than the screen`).toBeLessThanOrEqual(width);
          if (width === 390) {
            const name = path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/token').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
            await screenshot(page, `a11y-${name}-${width}`);
          }
        }
        await context.close();
      });
    }
  }
});
