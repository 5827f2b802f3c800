import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organiserInBrowser } from '../helpers/backoffice.ts';
import { ARTIFACTS, browser, screenshot } from '../helpers/browser.ts';
import { flat, pagesText, qrCodes } from '../helpers/pdf.ts';
import { readDb, startSite, type Site } from '../helpers/site.ts';

/**
 * Originals on tour, in a browser (demo edition: set A with three stops, sixteen exhibition works):
 * the set takes the exhibition works, the post desk receives all but one, the packing list lists
 * the set's works with codes that decode to their references, hand-overs move the originals to a
 * stop (and refuse a hand-over out of order), and the set's page says what is missing.
 */
let site: Site;
let chromium: Browser;
let ctx: BrowserContext;
let page: Page;
let setId = 0;
let stop = { id: 0, venue: '' };
let works: { id: number; reference: string; surname: string }[] = [];

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const textOf = (l: Locator) => poll(async () => flat((await l.first().textContent({ timeout: 20_000 })) ?? ''));

beforeAll(async () => {
  site = await startSite({ demo: true });
  chromium = await browser();
  ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  page = await ctx.newPage();
  await organiserInBrowser(page, site);
  setId = (await readDb<{ id: number }>(site, "SELECT id FROM tour_sets WHERE name = 'A'"))[0]!.id;
  stop = (await readDb<{ id: number; venue: string }>(site, "SELECT id, venue FROM tour_stops WHERE set_id = ? AND venue = 'Galerie U Františkánů'", setId))[0]!;
  works = await readDb(site, "SELECT e.id, e.reference, e.surname FROM selections s JOIN entries e ON e.id = s.entry_id WHERE s.kind = 'exhibition' ORDER BY s.position");
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await chromium?.close();
  await site?.stop();
});

describe('originals on tour', () => {
  it('set A takes the exhibition works, and the post desk receives all but the last', async () => {
    expect(works.length).toBeGreaterThan(3);
    await page.goto(`${site.base}/admin/originals/tour`);
    await page.getByRole('link', { name: 'Sada A' }).click();
    await page.getByRole('button', { name: 'Přidat je do této sady' }).click();
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).waitFor();
    expect((await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM set_works WHERE set_id = ?', setId))[0]!.n).toBe(works.length);
    await page.goto(`${site.base}/admin/originals`);
    for (const w of works.slice(0, -1)) {
      await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').fill(w.reference);
      await page.getByLabel('Číslo přihlášky nebo naskenovaný kód').press('Enter');
      await textOf(page.getByRole('status')).toContain(`Přijato: ${w.reference}`);
    }
    await page.goto(`${site.base}/admin/originals/sets/${setId}`);
    await textOf(page.getByText('Originál nedorazil:')).toBe(`Originál nedorazil: ${works.at(-1)!.reference}`);
  }, 180_000);

  it('a packing list for the set and a stop lists its works with decodable codes and no surnames', async () => {
    const res = await ctx.request.get(`${site.base}/admin/originals/sets/${setId}/packing.pdf?stop=${stop.id}`, { timeout: 120_000 });
    expect(res.status()).toBe(200);
    const file = join(ARTIFACTS, 'originals-packing-list.pdf');
    writeFileSync(file, await res.body());
    const codes = qrCodes(file).map((c) => new URL(c).searchParams.get('ref'));
    expect(codes.sort()).toEqual(works.map((w) => w.reference).sort());
    const text = flat(pagesText(file).join(' '));
    expect(text).toContain('Galerie U Františkánů');
    expect(text).toContain('Balicí list');
    for (const w of works) expect(text).not.toContain(w.surname);
  }, 180_000);

  it('moving the set to a stop updates where each original is; a hand-over out of order is refused', async () => {
    const setPage = `${site.base}/admin/originals/sets/${setId}`;
    await page.goto(setPage);
    // Hung before it was even packed: refused, nothing moves.
    await page.getByLabel('Co se děje').selectOption({ label: 'pověšeno' });
    await page.getByLabel('Zastávka').selectOption(String(stop.id));
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).click();
    await textOf(page.getByRole('alert')).toContain('Předávku nelze zaznamenat');
    expect((await readDb<{ n: number }>(site, "SELECT COUNT(*) AS n FROM originals WHERE state <> 'office'"))[0]!.n).toBe(0);
    await page.goto(setPage);
    // A scanner ticks a work in the list (Enter there never sends the form).
    await page.getByLabel(`Předat ${works[1]!.reference}`).uncheck();
    await page.getByLabel('Naskenujte nebo napište číslo díla a stiskněte Enter: zaškrtne se v seznamu.').fill(`${site.base}/admin/originals?ref=${works[1]!.reference}`);
    await page.getByLabel('Naskenujte nebo napište číslo díla a stiskněte Enter: zaškrtne se v seznamu.').press('Enter');
    await textOf(page.locator('#tick-result')).toBe(`Zaškrtnuto: ${works[1]!.reference}`);
    expect(await page.getByLabel(`Předat ${works[1]!.reference}`).isChecked()).toBe(true);
    await page.getByLabel('Co se děje').selectOption({ label: 'zabaleno' });
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).click();
    await textOf(page.getByRole('status')).toBe(`Zaznamenáno: ${works.length - 1} děl.`);
    await page.getByLabel('Co se děje').selectOption({ label: 'dorazilo na místo' });
    const options = await page.getByLabel('Zastávka').locator('option').allTextContents();
    await page.getByLabel('Zastávka').selectOption({ label: options.find((o) => o.startsWith(stop.venue))! });
    await page.getByLabel(`Poškození ${works[0]!.reference}`).fill('Prasklé sklo rámu');
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).click();
    await textOf(page.getByRole('status')).toBe(`Zaznamenáno: ${works.length - 1} děl.`);
    const places = await readDb<{ entry_id: number; state: string; stop_id: number | null; condition: string }>(site, 'SELECT entry_id, state, stop_id, condition FROM originals ORDER BY entry_id');
    expect(places).toHaveLength(works.length - 1);
    for (const p of places) expect(p).toMatchObject({ state: 'arrived', stop_id: stop.id });
    expect(places.find((p) => p.entry_id === works[0]!.id)!.condition).toBe('damaged');
    await textOf(page.locator(`[data-where="${works[1]!.id}"]`)).toBe(`na místě: ${stop.venue}, Praha`);
    await textOf(page.getByText('Sada je teď:')).toContain(stop.venue);
    await screenshot(page, 'originals-set-1280-cs');
    const audit = await readDb<{ action: string }>(site, "SELECT action FROM audit_log WHERE action IN ('original.packed', 'original.arrived') ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['original.packed', 'original.arrived']);
  }, 180_000);

  it('at the end of the tour, return slips name each school, and the originals back at the office are returned', async () => {
    const setPage = `${site.base}/admin/originals/sets/${setId}`;
    await page.goto(setPage);
    // The next hand-over is offered first.
    expect(await page.getByLabel('Co se děje').inputValue()).toBe('hung');
    await page.getByLabel('Co se děje').selectOption({ label: 'sundáno' });
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).click();
    await textOf(page.getByRole('status')).toBe(`Zaznamenáno: ${works.length - 1} děl.`);
    await page.getByLabel('Co se děje').selectOption({ label: 'vráceno do kanceláře' });
    await page.getByRole('button', { name: 'Zaznamenat předávku' }).click();
    await textOf(page.getByText('Sada je teď:')).toBe('Sada je teď: v kanceláři');
    const res = await ctx.request.get(`${setPage}/return-slips.pdf`, { timeout: 120_000 });
    expect(res.status()).toBe(200);
    const file = join(ARTIFACTS, 'originals-return-slips.pdf');
    writeFileSync(file, await res.body());
    const schools = await readDb<{ school: string; reference: string }>(site, `SELECT school, reference FROM entries WHERE id IN (${works.slice(0, -1).map((w) => w.id).join(',')})`);
    const pages = pagesText(file).map(flat);
    expect(pages).toHaveLength(new Set(schools.map((s) => s.school)).size);
    for (const s of schools) expect(pages.find((p) => p.includes(s.school))).toContain(s.reference);
    await page.getByRole('button', { name: 'Originály jsou vráceny školám' }).click();
    await textOf(page.getByRole('status')).toBe(`Hotovo: ${works.length - 1} originálů.`);
    const states = await readDb<{ state: string }>(site, 'SELECT DISTINCT state FROM originals');
    expect(states).toEqual([{ state: 'returned' }]);
  }, 180_000);
});

