import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jurorInBrowser, openRoundInBrowser, organiserInBrowser, submitEntries } from '../helpers/backoffice.ts';
import { browser, screenshot } from '../helpers/browser.ts';
import { startSite, type Site } from '../helpers/site.ts';

/**
 * Redaction you can trust: on a portrait A4 scan and a wide landscape photo (solid colours, so any
 * change is visible), rectangles drawn with the mouse, by touch and typed in per cent cover exactly
 * that region of the master in the picture jurors get, and nothing else. Both views show the whole
 * page at its own aspect ratio.
 */
const PAGES = {
  portrait: { width: 2480, height: 3508, colour: { r: 63, g: 143, b: 90 } },
  landscape: { width: 4608, height: 1976, colour: { r: 217, g: 164, b: 65 } },
} as const;
const COVER = { r: 58, g: 58, b: 58 }; // redaction.ts covers with #3a3a3a

type Rect = { x: number; y: number; w: number; h: number };

let site: Site;
let chromium: Browser;
let ids: { portrait: number; landscape: number };

beforeAll(async () => {
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '1000' } });
  chromium = await browser();
  const make = (p: (typeof PAGES)[keyof typeof PAGES]) => sharp({ create: { width: p.width, height: p.height, channels: 3, background: p.colour } }).jpeg({ quality: 95 }).toBuffer();
  const [portrait, landscape] = await Promise.all([make(PAGES.portrait), make(PAGES.landscape)]);
  const [a, b] = await submitEntries(site, [{ title: 'Na výšku' }, { title: 'Na šířku', category: 'comic' }], [[portrait], [landscape]]);
  ids = { portrait: a!, landscape: b! };
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

/** The stage's picture is the whole page: the master's proportions, inside the window. */
async function expectWholePage(page: Page, selector: string, p: { width: number; height: number }) {
  const img = page.locator(selector).first();
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), { message: `${selector} loads`, timeout: 30_000 }).toBe(true);
  const box = (await img.boundingBox())!;
  expect(box.width / box.height, `${selector} keeps the aspect ratio`).toBeCloseTo(p.width / p.height, 2);
  expect(await img.evaluate((el) => getComputedStyle(el).objectFit)).toBe('contain');
  expect(box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  expect(box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function stageBox(page: Page) {
  const stage = page.locator('.redact-stage').first();
  await stage.scrollIntoViewIfNeeded();
  return (await stage.locator('img').boundingBox())!;
}

async function typedRect(page: Page): Promise<Rect> {
  const v = async (label: string) => Number(await page.getByLabel(label).first().inputValue()) / 100;
  return { x: await v('Zleva (%)'), y: await v('Shora (%)'), w: await v('Šířka (%)'), h: await v('Výška (%)') };
}

async function addCover(page: Page, id: number) {
  await page.getByLabel('Způsob').first().selectOption({ label: 'Zakrýt' });
  await page.getByRole('button', { name: 'Přidat obdélník na stranu 1' }).click();
  await page.waitForURL(`**/admin/entries/${id}?saved=1*`);
}

/** The jury's picture of page 1, as raw RGB. */
async function juryPixels(page: Page, id: number) {
  const response = await page.request.get(`${site.base}/admin/jury/image/${id}/1`);
  expect(response.status()).toBe(200);
  return sharp(Buffer.from(await response.body())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** Checks pixels inside each rectangle (all covered) and in a ring just outside (all unchanged). */
function expectCovered(img: { data: Buffer; info: { width: number; height: number } }, rects: Rect[], original: { r: number; g: number; b: number }) {
  const { width: W, height: H } = img.info;
  const at = (x: number, y: number) => {
    const i = (y * W + x) * 3;
    return { r: img.data[i]!, g: img.data[i + 1]!, b: img.data[i + 2]! };
  };
  const near = (a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }) => Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) < 36;
  const inAny = (fx: number, fy: number, grow: number) => rects.some((r) => fx >= r.x - grow && fx <= r.x + r.w + grow && fy >= r.y - grow && fy <= r.y + r.h + grow);
  const margin = 0.012; // about one JPEG/WebP block at the jury size
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < H; y += 3) {
    for (let x = 0; x < W; x += 3) {
      const fx = x / W;
      const fy = y / H;
      const px = at(x, y);
      if (rects.some((r) => fx > r.x + margin && fx < r.x + r.w - margin && fy > r.y + margin && fy < r.y + r.h - margin)) {
        expect(near(px, COVER), `covered at ${fx.toFixed(3)},${fy.toFixed(3)}: ${JSON.stringify(px)}`).toBe(true);
        inside++;
      } else if (!inAny(fx, fy, margin)) {
        expect(near(px, original), `unchanged at ${fx.toFixed(3)},${fy.toFixed(3)}: ${JSON.stringify(px)}`).toBe(true);
        outside++;
      }
    }
  }
  expect(inside).toBeGreaterThan(100);
  expect(outside).toBeGreaterThan(1000);
}

describe('redaction geometry', () => {
  it('a box drawn with the mouse on a portrait A4 page covers exactly that region of the master', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await organiserInBrowser(page, site);
    await page.goto(`${site.base}/admin/entries/${ids.portrait}`);
    await expectWholePage(page, '.redact-stage img', PAGES.portrait);
    const want: Rect = { x: 0.1, y: 0.82, w: 0.3, h: 0.1 }; // a signature near the bottom edge
    const box = await stageBox(page);
    await page.mouse.move(box.x + box.width * want.x, box.y + box.height * want.y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * (want.x + want.w), box.y + box.height * (want.y + want.h), { steps: 8 });
    await page.mouse.up();
    const got = await typedRect(page);
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(got[k], `drawn ${k}`).toBeCloseTo(want[k], 2);
    await addCover(page, ids.portrait);
    await expectWholePage(page, '.redact-preview img', PAGES.portrait);
    await screenshot(page, 'redaction-portrait-1280');
    expectCovered(await juryPixels(page, ids.portrait), [got], PAGES.portrait.colour);
    await ctx.close();
  });

  it('on a phone, a box drawn by touch and one typed in per cent cover exactly their regions of a landscape photo', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await organiserInBrowser(page, site);
    await page.goto(`${site.base}/admin/entries/${ids.landscape}`);
    await expectWholePage(page, '.redact-stage img', PAGES.landscape);
    const want: Rect = { x: 0.7, y: 0.08, w: 0.25, h: 0.3 };
    const box = await stageBox(page);
    const cdp = await ctx.newCDPSession(page);
    const point = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(want.x, want.y)] });
    for (let i = 1; i <= 8; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(want.x + (want.w * i) / 8, want.y + (want.h * i) / 8)] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const touched = await typedRect(page);
    // A finger is coarser than a mouse, and the stage is narrow: within half a per cent.
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(touched[k] - want[k]), `touched ${k}`).toBeLessThan(0.005);
    await addCover(page, ids.landscape);

    const typed: Rect = { x: 0.4, y: 0.5, w: 0.1, h: 0.2 };
    await page.getByLabel('Zleva (%)').first().fill('40');
    await page.getByLabel('Shora (%)').first().fill('50');
    await page.getByLabel('Šířka (%)').first().fill('10');
    await page.getByLabel('Výška (%)').first().fill('20');
    await addCover(page, ids.landscape);
    await screenshot(page, 'redaction-landscape-390');
    expectCovered(await juryPixels(page, ids.landscape), [touched, typed], PAGES.landscape.colour);
    await ctx.close();
  });

  it('a juror sees both pages whole, at their own aspect ratio, on a desktop beside the score fields', async () => {
    const desk = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await desk.newPage();
    await organiserInBrowser(page, site);
    await page.getByRole('checkbox', { name: 'Vše', exact: true }).check();
    await page.getByRole('button', { name: 'Přijmout vybrané' }).click();
    await page.waitForURL('**/admin/entries');
    const juror = await jurorInBrowser(page, chromium, site, 'geometry-juror@example.org', { width: 1280, height: 900 });
    await openRoundInBrowser(page, site);

    const j = await juror.newPage();
    await j.goto(`${site.base}/admin/jury`);
    await j.getByRole('link', { name: 'Začít hodnotit' }).click();
    for (const p of [PAGES.portrait, PAGES.landscape]) {
      await j.waitForURL(/\/admin\/jury\/w/);
      await expectWholePage(j, '.jury-pages .zoom-image img', p);
      // The picture and the score fields are on screen together.
      const picture = (await j.locator('.jury-pages .zoom-image img').first().boundingBox())!;
      const field = (await j.getByLabel('Srozumitelnost sdělení').boundingBox())!;
      expect(field.x).toBeGreaterThan(picture.x + picture.width - 1);
      expect(field.y + field.height).toBeLessThanOrEqual(900);
      await screenshot(j, `jury-desk-${p.width > p.height ? 'landscape' : 'portrait'}-1280`);
      await j.getByLabel('Srozumitelnost sdělení').fill('6');
      await j.getByLabel('Nápad', { exact: true }).fill('6');
      await j.getByLabel('Řemeslné provedení').fill('6');
      await j.getByRole('button', { name: 'Uložit a další' }).click();
      await j.waitForLoadState('load');
    }
    await juror.close();
    await desk.close();
  });
});
