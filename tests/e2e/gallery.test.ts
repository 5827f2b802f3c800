import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTISTS } from '#src/operations/demo.ts';
import { browser, closePage, screenshot } from '../helpers/browser.ts';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
let chromium: Browser;
let context: BrowserContext;
let page: Page;
let comicPath = '';
let posterPath = '';

beforeAll(async () => {
  site = await startSite({ demo: true });
  chromium = await browser();
  context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // A three-page comic and a poster, found the way a visitor finds them: in the gallery.
  const html = await (await fetch(`${site.base}/en/gallery`)).text();
  const cards = [...html.matchAll(/<a href="(\/en\/gallery\/\d+)">([\s\S]*?)<\/a>/g)];
  comicPath = cards.find((c) => c[2]!.includes('3 pages'))![1]!;
  posterPath = cards.find((c) => c[2]!.includes('>Poster<'))![1]!;
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

/** Loads lazy pictures too, so a full-page screenshot shows them rather than their placeholders. */
async function loadAllPictures(p: Page): Promise<void> {
  await p.evaluate(async () => {
    for (const img of document.querySelectorAll('img')) img.loading = 'eager';
    await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
  });
}

/** Waits until the artwork page's island runs (its controls appear only then). */
async function hydrated(p: Page): Promise<void> {
  await p.getByRole('button', { name: /Zoom in|Přiblížit/ }).waitFor();
}

describe('the public gallery in a browser', () => {
  const pages = (lang: 'cs' | 'en') => [
    ['home', `/${lang}/`],
    ['gallery', `/${lang}/gallery`],
    ['artwork-comic', comicPath.replace('/en/', `/${lang}/`)],
    ['artwork-poster', posterPath.replace('/en/', `/${lang}/`)],
    ['winners', `/${lang}/winners`],
    ['help', `/${lang}/help`],
  ];

  for (const lang of ['cs', 'en'] as const) {
    it(`axe-core finds no accessibility violations (${lang}, phone and desktop)`, async () => {
      for (const width of [390, 1280]) {
        const p = await context.newPage();
        await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        for (const [name, path] of pages(lang)) {
          await p.goto(`${site.base}${path}`);
          if (name!.startsWith('artwork')) await hydrated(p);
          const result = await new AxeBuilder({ page: p }).analyze();
          const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          expect(summary, `${path} at ${width} px`).toEqual([]);
          await loadAllPictures(p);
          await screenshot(p, `gallery-${name}-${lang}-${width}`);
        }
        await closePage(p);
      }
    });
  }

  it('facets combine, live in the URL and survive a reload', async () => {
    await page.goto(`${site.base}/en/gallery`);
    await page.getByLabel('Category').selectOption({ label: 'Comic' });
    await page.getByLabel('Artist’s age').selectOption({ label: 'ages 13–15' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/category=comic/);
    const expected = ARTISTS.filter((a) => a.status === 'accepted' && a.category === 'comic' && a.age >= 13 && a.age <= 15);
    const check = async () => {
      expect(new URL(page.url()).searchParams.get('age')).toBe('13-15');
      expect(await page.getByRole('status').first().textContent()).toContain(`Works: ${expected.length}`);
      expect(await page.getByLabel('Category').inputValue()).toBe('comic');
      expect(await page.getByLabel('Artist’s age').inputValue()).toBe('13-15');
      expect(await page.locator('.card').count()).toBe(expected.length);
    };
    await check();
    await page.reload();
    await check();
    await page.getByLabel('Award').selectOption({ label: 'All awarded works' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/award=any/);
    expect(new URL(page.url()).searchParams.get('category')).toBe('comic');
    await screenshot(page, 'gallery-facets-en-1280');
  });

  it('the Ukrainian gallery names the categories in Ukrainian, also for an edition made before Ukrainian', async () => {
    await page.goto(`${site.base}/uk/gallery`);
    const category = page.getByLabel('Категорія');
    expect(await category.locator('option').allTextContents()).toEqual(['Усі', 'Комікс', 'Плакат']);
    await category.selectOption({ label: 'Плакат' });
    await page.getByRole('button', { name: 'Показати' }).click();
    await page.waitForURL(/category=poster/);
    expect(await page.locator('.card').count()).toBe(ARTISTS.filter((a) => a.status === 'accepted' && a.category === 'poster').length);
    // The past edition's categories were named in Czech and English only; its own third one has no built-in name.
    await page.getByLabel('Рік конкурсу').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Показати' }).click();
    await page.waitForURL(/edition=\d{4}/);
    expect(await page.getByLabel('Категорія').locator('option').allTextContents()).toEqual(['Усі', 'Комікс', 'Плакат', 'Leták']);
  });

  it('a comic is read page by page with the keyboard', async () => {
    await page.goto(`${site.base}${comicPath}`);
    await hydrated(page);
    const position = page.locator('.reader-position');
    expect(await position.textContent()).toBe('Page 1 of 3');
    await page.getByRole('group', { name: 'Zoomable picture' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position.textContent()).toBe('Page 2 of 3');
    expect(await page.locator('.reader img').getAttribute('src')).toMatch(/\/p2-\d+\.webp$/);
    await page.keyboard.press('End');
    await expect.poll(() => position.textContent()).toBe('Page 3 of 3');
    await page.keyboard.press('ArrowRight');
    expect(await position.textContent()).toBe('Page 3 of 3');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position.textContent()).toBe('Page 2 of 3');
    await page.getByRole('button', { name: 'Previous page' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => position.textContent()).toBe('Page 1 of 3');
    await screenshot(page, 'gallery-reader-en-1280');
  });

  it('a picture is zoomed and moved with the keyboard', async () => {
    await page.goto(`${site.base}${posterPath}`);
    await hydrated(page);
    const level = page.locator('.zoom-level');
    const content = page.locator('.zoom-content');
    await page.getByRole('group', { name: 'Zoomable picture' }).focus();
    await page.keyboard.press('+');
    await expect.poll(() => level.textContent()).toBe('Zoom 150 %');
    await page.keyboard.press('+');
    await expect.poll(() => level.textContent()).toBe('Zoom 225 %');
    const before = await content.evaluate((el) => getComputedStyle(el).transform);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => content.evaluate((el) => getComputedStyle(el).transform)).not.toBe(before);
    await screenshot(page, 'gallery-zoomed-en-1280');
    await page.keyboard.press('-');
    await expect.poll(() => level.textContent()).toBe('Zoom 150 %');
    await page.keyboard.press('0');
    await expect.poll(() => level.textContent()).toBe('Zoom 100 %');
    expect(await content.evaluate((el) => (el as HTMLElement).style.transform)).toBe('translate(0px, 0px) scale(1)');
  });

  it('without JavaScript every page of a comic is a plain picture', async () => {
    const noJs = await chromium.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const p = await noJs.newPage();
    await p.goto(`${site.base}${comicPath}`);
    const imgs = p.locator('.reader img');
    expect(await imgs.count()).toBe(3);
    expect(await imgs.first().getAttribute('fetchpriority')).toBe('high');
    expect(await imgs.first().getAttribute('loading')).toBe('eager');
    expect(await imgs.nth(1).getAttribute('loading')).toBe('lazy');
    for (const img of await imgs.all()) {
      expect(Number(await img.getAttribute('width'))).toBeGreaterThan(0);
      expect(Number(await img.getAttribute('height'))).toBeGreaterThan(0);
    }
    expect(await p.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    await screenshot(p, 'gallery-comic-nojs-en-390');
    await p.goto(`${site.base}/en/gallery?category=poster`);
    expect(await p.locator('.card').count()).toBe(ARTISTS.filter((a) => a.status === 'accepted' && a.category === 'poster').length);
    await noJs.close();
  });
});
