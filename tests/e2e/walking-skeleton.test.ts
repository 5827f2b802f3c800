import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, closePage, screenshot } from '../helpers/browser.ts';
import { field, fillEntryForm } from '../helpers/entry-form.ts';
import { ADMIN, FIXTURES, freePort, ROOT, startSite, type Site } from '../helpers/site.ts';

const FIXTURE = join(FIXTURES, 'phone-photo-iphone-hdr.jpg');
const TITLE = 'Skeleton Bridge of Promises';

let site: Site;
let chromium: Browser;
let page: Page;
let photo: string;

/** A phone photo with GPS in its EXIF: the shared fixture when present, else one made here. */
async function gpsPhoto(): Promise<string> {
  if (existsSync(FIXTURE)) return FIXTURE;
  console.warn(`fixture ${FIXTURE} is absent: using a generated JPEG with GPS EXIF instead`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'generated-gps.jpg');
  const data = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2a9d8f' } })
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'GPS 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 5/1 0/1' } })
    .jpeg()
    .toBuffer();
  writeFileSync(path, data);
  return path;
}

beforeAll(async () => {
  photo = await gpsPhoto();
  const meta = await sharp(photo).metadata();
  expect(meta.exif, 'the uploaded photo must carry EXIF for this test to mean anything').toBeDefined();
  site = await startSite();
  chromium = await browser();
  page = await chromium.newPage();
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

describe('one entry from the form to the gallery and the printed catalogue', () => {
  let reference = '';

  it('an artist submits an entry in English with a phone photo', async () => {
    await page.goto(`${site.base}/en/enter`);
    await fillEntryForm(page, {
      firstName: 'Radomíra',
      surname: 'Quastová',
      age: '16',
      town: 'Jihlava',
      region: 'Vysočina Region',
      category: 'Poster',
      title: TITLE,
      statement: 'Money builds bridges that lead nowhere good.',
      altText: 'A bridge made of banknotes over a dark river, a girl halfway across.',
      artistEmail: 'radomira.quastova@example.org',
    });
    await field(page, 'Add pictures').setInputFiles(photo);
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Thank you, your entry has arrived').isVisible(), { timeout: 60_000 }).toBe(true);
    reference = (await page.locator('.reference').textContent())!.trim();
    expect(reference).toMatch(/^CT-\d{4}-0001$/);
    await screenshot(page, 'skeleton-entry-success');
  });

  it('the form shows translated errors next to the fields without sending anything', async () => {
    await page.goto(`${site.base}/en/enter`);
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('We did not send your entry').isVisible()).toBe(true);
    const firstName = field(page, 'First name');
    expect(await firstName.getAttribute('aria-invalid')).toBe('true');
    // The keyboard lands on the first field that needs fixing.
    expect(await firstName.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#firstName-error').textContent()).toBe('This field is required.');
    expect(await page.locator('#pages-error').textContent()).toBe('Attach at least one picture of your work.');
  });

  it('the entry is not public before an organiser accepts it', async () => {
    await page.goto(`${site.base}/en/gallery`);
    expect(await page.getByText(TITLE).count()).toBe(0);
  });

  it('an organiser signs in and accepts it', async () => {
    await page.goto(`${site.base}/admin/entries`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.waitForURL('**/admin/entries');
    const row = page.getByRole('row', { name: new RegExp(reference) });
    expect(await row.getByText('Radomíra Quastová').count()).toBe(1);
    await page.getByRole('button', { name: `Přijmout: ${TITLE}` }).click();
    await page.waitForURL('**/admin/entries');
    expect(await page.getByRole('row', { name: new RegExp(reference) }).getByText('Přijato').count()).toBe(1);
  });

  it('the gallery shows it with a privacy-safe credit and an image without EXIF', async () => {
    await page.goto(`${site.base}/en/gallery`);
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.waitForURL(/\/en\/gallery\/\d+$/);
    expect(await page.getByRole('heading', { name: TITLE }).count()).toBe(1);
    const body = await page.locator('main').textContent();
    expect(body).toContain('Radomíra Q.');
    expect(body).not.toContain('Quastová');
    const img = page.getByRole('img', { name: /bridge made of banknotes/ });
    const src = await img.evaluate((el: HTMLImageElement) => el.currentSrc);
    const res = await fetch(src);
    expect(res.headers.get('content-type')).toMatch(/^image\/(avif|webp)$/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    await screenshot(page, 'skeleton-artwork');
  });

  it('the catalogue command writes a PDF whose text holds the entry title', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const out = join(ARTIFACTS, 'skeleton-catalogue-en.pdf');
    // --force: the test site's BASE_URL is its loopback address, for which QR codes are refused otherwise.
    const log = execFileSync(process.execPath, [join(ROOT, 'scripts/catalogue.ts'), '--lang', 'en', '--out', out, '--force'], {
      cwd: ROOT,
      env: { ...process.env, BASE_URL: site.base, DATA_DIR: site.dataDir },
      encoding: 'utf8',
    });
    expect(log).toMatch(/pages laid out|laid out \d+ pages/);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain(TITLE);
    expect(text).not.toContain('Quastová');
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    // A4 plus 3 mm bleed on each side: 216 x 303 mm = 612.3 x 858.9 pt.
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.abs(Number(w) - 612.3)).toBeLessThan(1.5);
    expect(Math.abs(Number(h) - 858.9)).toBeLessThan(1.5);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('with no site answering, the catalogue command starts the built site itself on the same data', async () => {
    const out = join(ARTIFACTS, 'skeleton-catalogue-cs.pdf');
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: site.dataDir, PORT: String(await freePort()) };
    delete env.BASE_URL;
    const log = execFileSync(process.execPath, [join(ROOT, 'scripts/catalogue.ts'), '--lang', 'cs', '--out', out, '--force'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(log).toContain('no site answering');
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain(TITLE);
    expect(text).toContain('Kde najít pomoc');
    expect(text).toContain('Radomíra Q.');
  });

  it('fails with a clear message and a non-zero exit for an unknown language', () => {
    let error: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts/catalogue.ts'), '--lang', 'de', '--out', join(ARTIFACTS, 'x.pdf')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.status).toBe(1);
    expect(error.stderr).toContain('--lang must be one of cs, en');
  });

  it('pages read well on a phone (screenshots at 390 px kept as artifacts)', async () => {
    const phone = await chromium.newPage({ viewport: { width: 390, height: 844 } });
    for (const [name, path] of [['home-cs', '/cs/'], ['enter-cs', '/cs/enter'], ['gallery-cs', '/cs/gallery'], ['tour-en', '/en/tour'], ['help-en', '/en/help']] as const) {
      await phone.goto(`${site.base}${path}`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(phone, `phone-${name}`);
    }
    await closePage(phone);
  });
});
