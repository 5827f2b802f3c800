import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, screenshot } from '../helpers/browser.ts';
import { organiserInBrowser } from '../helpers/backoffice.ts';
import { ADMIN, readDb, startSite, type Site } from '../helpers/site.ts';

/** An organiser types in a posted work's paper form (English admin, 1280 px): the consent is recorded as paper. */
let site: Site;
let chromium: Browser;
let page: Page;
const picture = join(ARTIFACTS, 'paper-poster.png');
const field = (label: string) => page.getByLabel(new RegExp(`^${label}`));

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(picture, await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#e76f51' } }).png().toBuffer());
  site = await startSite();
  chromium = await browser();
  page = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

describe('a posted work with only a paper form', () => {
  it('is entered by an organiser in the entry form, and its consent shows as paper, by whom and when', async () => {
    await organiserInBrowser(page, site, 'en');
    await page.getByRole('link', { name: 'Enter a posted work' }).click();
    await page.getByRole('heading', { name: 'Enter a work from its paper form' }).waitFor();
    await field('First name').fill('Marek');
    await field('Surname').fill('Veselý');
    await field('Age').fill('10');
    await field('Town or village').fill('Tábor');
    await field('Region').selectOption({ label: 'South Bohemian Region' });
    await page.getByRole('radio', { name: 'Poster' }).check();
    await field('Title of the work').fill('The stranger’s car');
    await field('What the work says').fill('Never get into a stranger’s car.');
    await field('Description of the picture for blind visitors').fill('A yellow car and a boy stepping back.');
    await field('Add pictures').setInputFiles([picture]);
    await expect.poll(() => page.getByText('✓ The picture is fine.').isVisible(), { timeout: 60_000 }).toBe(true);
    await field('Parent’s full name').fill('Eva Veselá');
    await field('Parent’s e-mail').fill('eva@example.org');
    await page.getByRole('checkbox', { name: /^I agree to my work being published in the online gallery/ }).check();
    await page.getByRole('checkbox', { name: /^I agree to the competition rules/ }).check();
    await page.getByRole('button', { name: 'Send my entry', exact: true }).click();
    await expect.poll(() => page.locator('#entry-done .reference').isVisible(), { timeout: 60_000 }).toBe(true);
    const reference = (await page.locator('#entry-done .reference').textContent())!.trim();
    const [row] = await readDb<{ id: number; consent_state: string }>(site, 'SELECT id, consent_state FROM entries WHERE reference = ?', reference);
    expect(row!.consent_state).toBe('confirmed');
    expect(await readDb(site, "SELECT 1 AS x FROM tokens WHERE purpose = 'guardian-confirm' AND subject_id = ?", row!.id)).toEqual([]);
    await page.goto(`${site.base}/admin/entries/${row!.id}`);
    await page.getByText(new RegExp(`Paper form: consents recorded by ${ADMIN.email.replace('.', '\\.')}`)).waitFor();
    await screenshot(page, 'paper-entry-admin-1280');
  });
});
