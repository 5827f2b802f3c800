import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, closePage, screenshot } from '../helpers/browser.ts';
import { ADMIN, startSite, type Site } from '../helpers/site.ts';

/**
 * The catalogue for teachers: an organiser publishes a finished screen catalogue from the admin,
 * and a teacher on a phone goes from the home page to the catalogue page and downloads the PDF.
 * Nothing public links to /print.
 */
let site: Site;
let chromium: Browser;

beforeAll(async () => {
  site = await startSite({ demo: true });
  chromium = await browser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

async function signedInDesk(): Promise<Page> {
  const desk = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
  await desk.goto(`${site.base}/admin/catalogue`);
  await desk.getByLabel('E-mail').fill(ADMIN.email);
  await desk.getByLabel('Heslo').fill(ADMIN.password);
  await desk.getByRole('button', { name: 'Přihlásit se' }).click();
  await desk.waitForURL('**/admin/catalogue');
  return desk;
}

describe('the catalogue for teachers', () => {
  it('is empty until an organiser publishes one; the home page links to it, never to /print', async () => {
    const phone = await chromium.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${site.base}/cs/`);
    expect(await phone.locator('a[href^="/print"]').count()).toBe(0);
    await phone.getByRole('link', { name: 'Katalog výstavy' }).click();
    await phone.waitForURL('**/cs/catalogue');
    expect(await phone.getByText('Katalog zatím nevyšel').isVisible()).toBe(true);
    await closePage(phone);
  });

  it('an organiser makes a screen catalogue and publishes it; on a phone it is listed with its cover, pages and size, and downloads', async () => {
    const desk = await signedInDesk();
    // The catalogue's own section: the print products below it have a language field too.
    const make = desk.getByRole('region', { name: 'Vytvořit PDF' });
    await make.getByLabel('Jazyk').selectOption({ label: 'Čeština' });
    await make.getByLabel('Verze').selectOption({ label: 'Pro učitele na obrazovku (bez spadávky, 150 dpi)' });
    await make.getByLabel('Vytvořit i tehdy, když zpráva o připravenosti hlásí chyby').check();
    await make.getByRole('button', { name: 'Spustit' }).click();
    // The page follows the job and reloads when it is done.
    const publish = desk.getByRole('button', { name: /^Zveřejnit pro učitele: katalog č\. \d+$/ });
    await publish.waitFor({ timeout: 200_000 });
    await publish.click();
    await desk.getByText('Katalog je zveřejněný pro učitele.').waitFor();
    await screenshot(desk, 'catalogue-admin-published-1280');
    await closePage(desk);

    for (const lang of ['cs', 'en'] as const) {
      // A phone-sized window (Chromium's mobile emulation does not hand out downloads).
      const phone = await chromium.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
      await phone.goto(`${site.base}/${lang}/`);
      await phone.getByRole('link', { name: lang === 'cs' ? 'Katalog výstavy' : 'Exhibition catalogue' }).click();
      await phone.waitForURL(`**/${lang}/catalogue`);
      const item = phone.getByRole('listitem').filter({ hasText: lang === 'cs' ? 'Čeština' : 'Czech' });
      const meta = await item.textContent();
      const pages = Number(/(\d+) (stran|pages)/.exec(meta ?? '')![1]);
      expect(meta).toMatch(lang === 'cs' ? /\d+ stran, \d+,\d MB/ : /\d+ pages, \d+\.\d MB/);
      const cover = item.getByRole('img');
      await expect.poll(() => cover.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      await screenshot(phone, `catalogue-public-${lang}-390`);

      const [download] = await Promise.all([phone.waitForEvent('download'), item.getByRole('link', { name: /^(Stáhnout PDF|Download the PDF): / }).click()]);
      expect(download.suggestedFilename()).toMatch(/^kreslena-pravda-katalog-\d{4}-cs\.pdf$/);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
      const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(pages);
      await closePage(phone);
    }

    // A stable address with a validator: a second request revalidates cheaply.
    const html = await (await fetch(`${site.base}/cs/catalogue`)).text();
    const href = /href="(\/catalogue\/\d+\/cs\.pdf)"/.exec(html)![1]!;
    const first = await fetch(`${site.base}${href}`);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect((await fetch(`${site.base}${href}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  }, 240_000);
});
