import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, screenshot } from '../helpers/browser.ts';
import { field, fillEntryForm } from '../helpers/entry-form.ts';
import { noiseJpeg } from '../helpers/images.ts';
import { FIXTURES, HAVE_FIXTURES, readDb, startSite, type Site } from '../helpers/site.ts';

/**
 * Pages upload in the background as soon as they are chosen, each judged by the server right
 * then, each with its own progress and its own problems; a dropped upload resumes by itself.
 */
let site: Site;
let chromium: Browser;
let page: Page;
const dir = join(ARTIFACTS, 'uploads');
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '1000' } });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file('poster.png'), await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#2a9d48' } }).png().toBuffer());
  // Larger than two upload chunks, so an upload can be cut off half-way.
  writeFileSync(file('scan.jpg'), await noiseJpeg(2600, 2000, { quality: 95 }));
  if (HAVE_FIXTURES) {
    copyFileSync(join(FIXTURES, 'phone-photo-iphone.heic'), file('IMG_0042.heic'));
    copyFileSync(join(FIXTURES, 'camera-tiny-exif-thumbnail.jpg'), file('thumbnail.jpg'));
  }
  chromium = await browser();
  page = await chromium.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

const entries = () =>
  readDb<{ id: number; title: string; pages: number }>(site, 'SELECT e.id, e.title, (SELECT COUNT(*) FROM entry_pages p WHERE p.entry_id = e.id) AS pages FROM entries e ORDER BY e.id');
const item = (name: string) => page.getByRole('listitem').filter({ hasText: name });

describe('an artist on a phone chooses pictures', () => {
  it.skipIf(!HAVE_FIXTURES)('two bad files and one good one: both problems show next to their files before sending, the good one is kept', async () => {
    await page.goto(`${site.base}/en/enter`);
    await fillEntryForm(page, {
      firstName: 'Lucie', surname: 'Horáková', age: '16', town: 'Kolín', region: 'Central Bohemian Region', category: 'Poster',
      title: 'Two wrong files', statement: 'A poster about a job offer that is too good to be true.', altText: 'A green poster with a phone and a warning sign.',
      artistEmail: 'lucie@example.org',
    });
    await field(page, 'Add pictures').setInputFiles([file('IMG_0042.heic'), file('thumbnail.jpg'), file('poster.png')]);
    // Each page is judged on its own, before anything is sent.
    await expect.poll(() => item('IMG_0042.heic').textContent(), { timeout: 60_000 }).toContain('we cannot open iPhone photos (HEIC)');
    await expect.poll(() => item('thumbnail.jpg').textContent(), { timeout: 60_000 }).toContain('too small to print');
    await expect.poll(() => item('poster.png').textContent(), { timeout: 60_000 }).toContain('The picture is fine.');
    expect(await item("IMG_0042.heic").locator(".page-thumb").textContent()).toBe("HEIC");
    expect(await entries()).toEqual([]);
    await screenshot(page, 'entry-uploads-problems-390');

    // Sending with the bad pages still there is refused, pointing at them.
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Some pictures cannot be used').isVisible()).toBe(true);
    expect(await entries()).toEqual([]);

    await page.getByRole('button', { name: 'Remove: Page 1' }).click();
    await page.getByRole('button', { name: 'Remove: Page 1' }).click();
    expect(await page.getByRole('list', { name: 'Pictures of the work' }).getByRole('listitem').count()).toBe(1);
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Thank you, your entry has arrived').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await entries()).toEqual([expect.objectContaining({ title: 'Two wrong files', pages: 1 })]);
  });

  it('an upload cut off half-way resumes by itself from where it stopped, and the entry is stored once', async () => {
    const before = (await entries()).length;
    await page.goto(`${site.base}/en/enter`);
    await fillEntryForm(page, {
      firstName: 'Marek', surname: 'Veselý', age: '17', town: 'Zlín', region: 'Zlín Region', category: 'Poster',
      title: 'Cut off', statement: 'What happens when a friend disappears after a job abroad.', altText: 'A grey scanned drawing of an empty bus stop.',
      artistEmail: 'marek@example.org',
    });
    // The second chunk of the upload is cut off: the first is on the server already.
    const sent: { method: string; offset: string | null }[] = [];
    page.on('request', (r: Request) => {
      if (/\/uploads\/[0-9a-f]{32}$/.test(r.url())) sent.push({ method: r.method(), offset: r.headers()['upload-offset'] ?? null });
    });
    let patches = 0;
    await page.route('**/uploads/*', async (route) => {
      if (route.request().method() === 'PATCH' && ++patches === 2) return route.abort('connectionreset');
      return route.fallback();
    });
    await field(page, 'Add pictures').setInputFiles([file('scan.jpg')]);
    await expect.poll(() => item('scan.jpg').textContent(), { timeout: 90_000 }).toContain('The picture is fine.');
    await page.unroute('**/uploads/*');
    // Resumed, not restarted: the client asked where it stopped and went on from the first chunk's end.
    const chunk = 2 * 1024 * 1024;
    const offsets = sent.filter((r) => r.method === 'PATCH').map((r) => r.offset);
    expect(offsets.slice(0, 3)).toEqual(['0', String(chunk), String(chunk)]);
    expect(sent.some((r) => r.method === 'HEAD')).toBe(true);
    await screenshot(page, 'entry-uploads-resumed-390');

    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Thank you, your entry has arrived').isVisible(), { timeout: 60_000 }).toBe(true);
    const stored = (await entries()).slice(before);
    expect(stored).toEqual([expect.objectContaining({ title: 'Cut off', pages: 1 })]);
  });
});
