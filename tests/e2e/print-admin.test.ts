import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, screenshot } from '../helpers/browser.ts';
import { pageCount, tool } from '../helpers/pdf.ts';
import { ADMIN, readDb, startSite, type Site } from '../helpers/site.ts';

/**
 * An organiser makes the exhibition's print from the admin, in a browser, by the labels on the
 * page: wall labels in Czech at desktop width, a poster in English on a phone. Each job runs in
 * the background, shows its progress, and ends with a download.
 */
let site: Site;
let chromium: Browser;

beforeAll(async () => {
  site = await startSite({ demo: true });
  chromium = await browser();
}, 240_000);
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${site.base}/admin/catalogue`);
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Heslo').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await page.waitForURL('**/admin/catalogue');
}

/** Waits until the newest job (the table's first row) is done, as the page reloads itself then, and downloads its PDF. */
async function download(page: Page, linkName: string): Promise<string> {
  const link = page.locator('tr[data-job]').first().getByRole('link', { name: linkName });
  await link.waitFor({ timeout: 240_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return (await file.path())!;
}

describe('print made from the admin', () => {
  it('wall labels, one per page at A6, in Czech at 1280 px: progress, then a download', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await signIn(page);
    const form = page.getByRole('form', { name: 'Popisky děl' });
    await form.getByLabel('Jeden popisek na stránku zvolené velikosti').check();
    await form.getByLabel('Velikost popisku v mm (šířka × výška)').fill('148x105');
    await form.getByLabel(/Vytvořit i přes chyby/).check();
    await form.getByRole('button', { name: 'Vytvořit: Popisky děl' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Soubor se vytváří na pozadí');
    const row = page.locator('tr[data-job]').first();
    expect(await row.textContent()).toContain('Popisky děl');
    await screenshot(page, 'print-admin-labels-running');
    const pdf = await download(page, 'Stáhnout PDF');
    const count = (await readDb<{ n: number }>(site, `SELECT COUNT(*) AS n FROM selections WHERE kind = 'exhibition'`))[0]!.n;
    expect(pageCount(pdf)).toBe(count);
    expect(await page.locator('tr[data-job]').first().textContent()).toContain(`${count} stran`);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.locator('tr[data-job]').first().getByRole('link', { name: 'Náhled stran (PNG)' }).count()).toBe(1);
    await screenshot(page, 'print-admin-labels-done');
    await ctx.close();
  }, 300_000);

  for (const [lang, width, item, note] of [
    ['cs', 1280, /^Čeština · A4 · Tisková/, 'Sází se stránky…'],
    ['en', 390, /^English · A5 · Teachers’ screen edition/, 'Laying out the pages…'],
  ] as const) {
    it(`the catalogue's preview (${lang}, ${width} px) says the pages are being laid out, then shows them without the note`, async () => {
      const ctx = await chromium.newContext({ viewport: { width, height: 844 } });
      // The pictures are held back, so the time before layout lasts long enough to look at.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const fetched = new Map<string, number>();
      await ctx.route('**/print/image/**', async (route) => {
        fetched.set(route.request().url(), (fetched.get(route.request().url()) ?? 0) + 1);
        await held;
        await route.continue();
      });
      const page = await ctx.newPage();
      await signIn(page);
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.waitForLoadState('load');
      }
      const [preview] = await Promise.all([
        ctx.waitForEvent('page'),
        page.getByRole('listitem').filter({ hasText: item }).getByRole('link').first().click(),
      ]);
      mkdirSync(ARTIFACTS, { recursive: true });
      const shownNote = () => preview.evaluate(() => getComputedStyle(document.body, '::before').content);
      await expect.poll(shownNote).toBe(`"${note}"`);
      // The unpaged book is not shown meanwhile: no long single page that turns into pages later.
      expect(await preview.getByRole('heading', { level: 1 }).isVisible()).toBe(false);
      // Playwright's screenshot waits for the fonts, which wait for the held pictures: asked of Chromium directly.
      const { data } = await (await ctx.newCDPSession(preview)).send('Page.captureScreenshot', { format: 'png' });
      writeFileSync(join(ARTIFACTS, `print-preview-waiting-${lang}-${width}.png`), Buffer.from(data, 'base64'));
      release();
      // Garbage collected all through layout, as a long book is: Paged.js's copies of the pictures
      // still get the ones the page loaded, and ask the site for none a second time.
      const cdp = await ctx.newCDPSession(preview);
      const collecting = (async () => {
        while (!(await preview.locator('html[data-paged-pages]').count())) {
          await cdp.send('HeapProfiler.collectGarbage');
          await preview.waitForTimeout(50);
        }
      })();
      await preview.waitForSelector('html[data-paged-pages]', { state: 'attached', timeout: 90_000 });
      await collecting;
      expect(fetched.size).toBeGreaterThan(3);
      expect([...fetched].filter(([, n]) => n > 1)).toEqual([]);
      expect(await shownNote()).toBe('none');
      // Each page started on a message, not on the next frame (paged-config.js): fails when a
      // Paged.js update moves the queue the configuration speeds up.
      expect(await preview.evaluate(() => {
        const tick = (window as { PagedPolyfill?: { chunker?: { q?: { tick?: unknown } } } }).PagedPolyfill?.chunker?.q?.tick;
        return typeof tick === 'function' && tick !== window.requestAnimationFrame;
      })).toBe(true);
      expect(await preview.locator('.pagedjs_page').first().getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      await screenshot(preview, `print-preview-done-${lang}-${width}`, { fullPage: false });
      await ctx.close();
    }, 120_000);
  }

  it('a refused size says which field is wrong, and starts nothing', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page);
    const before = (await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM catalogue_jobs'))[0]!.n;
    const form = page.getByRole('form', { name: 'Popisky děl' });
    // The browser's own pattern check is what a person meets first; the server refuses as well.
    await form.getByLabel('Velikost popisku v mm (šířka × výška)').evaluate((input) => input.removeAttribute('pattern'));
    await form.getByLabel('Velikost popisku v mm (šířka × výška)').fill('20x20');
    await form.getByRole('button', { name: 'Vytvořit: Popisky děl' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Volbu „Velikost popisku v mm (šířka × výška)“ nelze použít');
    expect((await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM catalogue_jobs'))[0]!.n).toBe(before);
    await ctx.close();
  });

  it('a stop’s poster in English on a phone, with the opening hours translated in the form', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await signIn(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState('load');
    const form = page.getByRole('form', { name: 'Stop poster' });
    await form.getByLabel('Language', { exact: true }).selectOption('en');
    await form.getByLabel('Tour stop').selectOption({ index: 0 });
    await form.getByLabel('Opening hours in the poster’s language').fill('Tue–Sun 10 am – 6 pm');
    await form.getByLabel('Access in the poster’s language').fill('Step-free entrance from Jungmannovo náměstí, lift to the first floor.');
    await form.getByLabel(/Make it despite errors/).check();
    await form.getByRole('button', { name: 'Make: Stop poster' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The file is being made in the background');
    await screenshot(page, 'print-admin-poster-phone');
    const pdf = await download(page, 'Download the PDF');
    expect(await page.locator('tr[data-job]').first().textContent()).toContain('1 page,');
    const text = tool('pdftotext', [pdf, '-']);
    expect(text).toContain('Tue–Sun 10 am – 6 pm');
    expect(text).toContain('Step-free entrance');
    expect(pageCount(pdf)).toBe(1);
    await ctx.close();
  }, 300_000);
});
