import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, mailTo, organiserInBrowser, submitEntries } from '../helpers/backoffice.ts';
import { ARTIFACTS, browser, PHONE, screenshot } from '../helpers/browser.ts';
import { flat, pagesText, qrCodes } from '../helpers/pdf.ts';
import { readDb, startSite, type Site } from '../helpers/site.ts';

/**
 * Originals by post, in a browser: the organiser sets the edition to ask for originals; an
 * artist's mail says so and the status page gives the label; the labels PDF for a set of entries
 * decodes (zbarimg) to their references and names nobody by surname; at the post desk on a phone
 * (390 px, Czech) a typed or scanned reference marks the original received, says so clearly, and
 * refuses what it does not know.
 */
let site: Site;
let chromium: Browser;
let jpeg: Buffer;
const ENTRIES = [
  { firstName: 'Anežka', surname: 'Zelenková', title: 'Klec z peněz', age: '16', artistEmail: 'anezka@example.org' },
  { firstName: 'Bohdan', surname: 'Vrbický', title: 'Falešná nabídka', age: '17', artistEmail: 'bohdan@example.org' },
  { firstName: 'Cyril', surname: 'Štěpánský', title: 'Kdo ti pomůže', age: '18', artistEmail: 'cyril@example.org' },
];
let ids: number[] = [];
let refs: string[] = [];
let organiser: BrowserContext;
let desk: Page;

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
/** A locator's text once it is there, without extra white space. */
const textOf = (l: Locator) => poll(async () => flat((await l.first().textContent({ timeout: 20_000 })) ?? ''));

beforeAll(async () => {
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '1000' } });
  chromium = await browser();
  jpeg = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#2e6b8a' } }).jpeg().toBuffer();
  organiser = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  desk = await organiser.newPage();
  await organiserInBrowser(desk, site);
}, 120_000);
afterAll(async () => {
  await organiser?.close();
  await chromium?.close();
  await site?.stop();
});

describe('originals by post', () => {
  it('the organiser sets the edition to ask for originals, returned to schools after the tour', async () => {
    const [edition] = await readDb<{ id: number }>(site, 'SELECT id FROM editions WHERE is_current = 1');
    await desk.goto(`${site.base}/admin/editions/${edition!.id}`);
    await desk.getByLabel('Soutěž žádá originály děl poštou').check();
    await desk.getByLabel('vrátíme školám').check();
    await desk.getByRole('button', { name: 'Uložit nastavení originálů' }).click();
    await textOf(desk.getByRole('status')).toBe('Nastavení originálů je uloženo.');
    expect(await desk.getByLabel('Soutěž žádá originály děl poštou').isChecked()).toBe(true);
    ids = await submitEntries(site, ENTRIES, [[jpeg]]);
    refs = (await readDb<{ reference: string }>(site, `SELECT reference FROM entries WHERE id IN (${ids.join(',')}) ORDER BY id`)).map((r) => r.reference);
    expect(refs).toHaveLength(3);
  });

  it('the artist’s mail says the competition wants the original, and the status page gives its label', async () => {
    const mail = await mailTo(site, 'anezka@example.org', /./);
    expect(flat(mail.text)).toContain('Soutěž chce originál díla poštou');
    const phone = await chromium.newContext({ ...PHONE, acceptDownloads: true });
    const page = await phone.newPage();
    await page.goto(linkIn(mail, site).replace(/[.,)]$/, ''));
    await page.getByRole('heading', { name: 'Originál poštou' }).waitFor();
    await page.getByRole('heading', { name: 'Originál poštou' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'originals-status-390-cs.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('link', { name: 'Stáhnout štítek (PDF)' }).click()]);
    const file = join(ARTIFACTS, 'originals-label-artist.pdf');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe(`labels-${refs[0]}.pdf`);
    expect(qrCodes(file)).toEqual([`${site.base}/admin/originals?ref=${refs[0]}`]);
    await phone.close();
  }, 180_000);

  it('the labels PDF for a set of entries decodes to their references, with the public credit and no surname', async () => {
    const res = await organiser.request.get(`${site.base}/admin/originals/labels.pdf?entries=${ids.join(',')}`, { timeout: 120_000 });
    expect(res.status()).toBe(200);
    const file = join(ARTIFACTS, 'originals-labels.pdf');
    writeFileSync(file, await res.body());
    const codes = qrCodes(file);
    expect(codes.map((c) => new URL(c).searchParams.get('ref')).sort()).toEqual([...refs].sort());
    const text = flat(pagesText(file).join(' '));
    for (const r of refs) expect(text).toContain(r);
    expect(text).toContain('Anežka Z.');
    for (const e of ENTRIES) expect(text).not.toContain(e.surname);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  }, 180_000);

  it('nobody but an organiser gets labels for a list of entries', async () => {
    const anon = await fetch(`${site.base}/admin/originals/labels.pdf?entries=${ids.join(',')}`, { redirect: 'manual' });
    expect(anon.status).not.toBe(200);
  });

  it('at the post desk on a phone, a typed reference marks the original received; a second scan and an unknown one are told apart', async () => {
    const phone = await chromium.newContext(PHONE);
    const page = await phone.newPage();
    await organiserInBrowser(page, site);
    await page.goto(`${site.base}/admin/originals`);
    await page.getByText('Dnes zatím nic nepřišlo.').waitFor();
    const field = page.getByLabel('Číslo přihlášky nebo naskenovaný kód');
    await poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // What a USB scanner types: the label's address, then Enter.
    await field.fill(`${site.base}/admin/originals?ref=${refs[1]}`);
    await field.press('Enter');
    await textOf(page.getByRole('status')).toBe(`Přijato: ${refs[1]} – ${ENTRIES[1]!.title}`);
    await poll(async () => (await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM originals WHERE entry_id = ?', ids[1]!))[0]!.n).toBe(1);
    // Typed by hand, loosely.
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').fill(refs[0]!.toLowerCase());
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').press('Enter');
    await textOf(page.getByRole('status')).toBe(`Přijato: ${refs[0]} – ${ENTRIES[0]!.title}`);
    await page.getByLabel('Stav', { exact: true }).selectOption({ label: 'poškozený' });
    await page.getByLabel('Šířka (mm)').fill('297');
    await page.getByLabel('Výška (mm)').fill('420');
    await page.getByLabel('Poznámka').fill('Ohnutý roh');
    await page.getByLabel('Fotografie nebo sken originálu').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByRole('button', { name: 'Uložit' }).click();
    await textOf(page.getByRole('status')).toBe('Uloženo.');
    const [row] = await readDb<{ condition: string; width_mm: number; height_mm: number; photo: string }>(site, 'SELECT condition, width_mm, height_mm, photo FROM originals WHERE entry_id = ?', ids[0]!);
    expect(row).toMatchObject({ condition: 'damaged', width_mm: 297, height_mm: 420, photo: `artworks/${ids[0]}/original-scan.jpg` });
    // The same original again, an unknown reference, and something that is no reference at all.
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').fill(refs[1]!);
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').press('Enter');
    await textOf(page.getByRole('alert')).toContain(`Už přijato`);
    await textOf(page.getByRole('alert')).toContain(refs[1]!);
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').fill('CT-2099-9999');
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').press('Enter');
    await textOf(page.getByRole('alert')).toBe('Přihlášku s číslem CT-2099-9999 neznáme. Zkontrolujte štítek.');
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').fill('banán');
    await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').press('Enter');
    await textOf(page.getByRole('alert')).toBe('„banán“ není číslo přihlášky (např. CT-2026-0042).');
    await page.getByText('2 originály').waitFor();
    const table = page.getByRole('table');
    await textOf(table).toContain(refs[0]!);
    await textOf(table).toContain('297 × 420 mm');
    await screenshot(page, 'originals-desk-390-cs');
    const audit = await readDb<{ action: string }>(site, "SELECT action FROM audit_log WHERE action LIKE 'original.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['original.received', 'original.received', 'original.details', 'original.photo']);
    await phone.close();
  }, 120_000);

  it('in English at 1280 px the desk receives by reference, and a photo that is no image is refused and changes nothing', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await organiserInBrowser(page, site, 'en');
    await page.goto(`${site.base}/admin/originals`);
    await page.getByLabel('Entry reference or scanned code').fill(refs[2]!);
    await page.getByRole('button', { name: 'Receive original' }).click();
    await textOf(page.getByRole('status')).toBe(`Received: ${refs[2]} – ${ENTRIES[2]!.title}`);
    await page.getByLabel('Width (mm)').fill('210');
    await page.getByLabel('Photo or scan of the original').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a picture at all') });
    await page.getByRole('button', { name: 'Save' }).click();
    await textOf(page.getByRole('alert')).toContain('Nothing was changed.');
    const [row] = await readDb<{ width_mm: number | null; photo: string | null }>(site, 'SELECT width_mm, photo FROM originals WHERE entry_id = ?', ids[2]!);
    expect(row).toEqual({ width_mm: null, photo: null });
    // Without the photo and with the note left empty, the size is saved.
    await page.getByLabel('Width (mm)').fill('210');
    await page.getByLabel('Height (mm)').fill('297');
    await page.getByRole('button', { name: 'Save' }).click();
    await textOf(page.getByRole('status')).toBe('Saved.');
    expect((await readDb<{ width_mm: number | null; note: string }>(site, 'SELECT width_mm, note FROM originals WHERE entry_id = ?', ids[2]!))[0]).toEqual({ width_mm: 210, note: '' });
    await textOf(page.getByRole('table')).toContain(refs[2]!);
    await screenshot(page, 'originals-desk-1280-en');
    await ctx.close();
  }, 120_000);
});

