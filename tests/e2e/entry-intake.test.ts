import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, screenshot } from '../helpers/browser.ts';
import { field, fillEntryForm } from '../helpers/entry-form.ts';
import { readRow, startSite, type Site } from '../helpers/site.ts';
import { addresses, links, startInbox, type Inbox } from '../helpers/smtp.ts';

let site: Site;
let inbox: Inbox;
let chromium: Browser;
let page: Page;
const pages: string[] = [];
const COLOURS = { red: '#d62828', green: '#2a9d48', blue: '#1d3fb5' } as const;

beforeAll(async () => {
  inbox = await startInbox();
  site = await startSite({ env: { SMTP_URL: inbox.url } });
  mkdirSync(join(ARTIFACTS, 'upload'), { recursive: true });
  for (const [name, background] of Object.entries(COLOURS)) {
    const path = join(ARTIFACTS, 'upload', `comic-${name}.png`);
    writeFileSync(path, await sharp({ create: { width: 900, height: 1200, channels: 3, background } }).png().toBuffer());
    pages.push(path);
  }
  chromium = await browser();
  page = await chromium.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
  await inbox?.close();
});

/** The dominant colour of a stored master page. */
async function masterColour(entryId: number, pageNo: number): Promise<keyof typeof COLOURS> {
  const { dominant } = await sharp(join(site.dataDir, 'artworks', String(entryId), `p${pageNo}.jpg`)).stats();
  const { r, g, b } = dominant;
  return r > g && r > b ? 'red' : g > b ? 'green' : 'blue';
}

describe('a twelve-year-old enters a three-page comic on a phone', () => {
  it('chooses pages, reorders them by keyboard, survives a dropped upload, and sends the entry', async () => {
    await page.goto(`${site.base}/en/enter`);
    await fillEntryForm(page, {
      firstName: 'Kryštof',
      surname: 'Vlasáček',
      age: '12',
      town: 'Liberec',
      region: 'Liberec Region',
      category: 'Comic',
      title: 'Three Panels of Trust',
      statement: 'A stranger online promises a modelling job; the friend in the last panel says no.',
      altText: 'Three coloured pages: a phone message, a packed suitcase, a friend holding up a hand.',
      guardianName: 'Alena Vlasáčková',
      guardianEmail: 'alena.vlasackova@example.org',
    });
    // Chosen in the wrong order: blue, red, green.
    await field(page, 'Add pictures').setInputFiles([pages[2]!, pages[0]!, pages[1]!]);
    const list = page.getByRole('list', { name: 'Pictures of the work' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(3);

    // Move the blue page from first to last with the keyboard only.
    await page.getByRole('button', { name: 'Move later: Page 1' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move later: Page 2');
    await page.keyboard.press('Enter');
    const names = async () => (await list.locator('.file-name').allTextContents()).join(',');
    await expect.poll(names).toBe('comic-red.png,comic-green.png,comic-blue.png');

    // Remove a page and add it again: still three pages, in order.
    await page.getByRole('button', { name: 'Remove: Page 3' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    await field(page, 'Add pictures').setInputFiles([pages[2]!]);
    await expect.poll(names).toBe('comic-red.png,comic-green.png,comic-blue.png');
    await screenshot(page, 'entry-three-pages-390');

    // The connection drops while the entry is sent: nothing typed or chosen is lost.
    await page.route('**/_actions/submitEntry**', (route) => route.abort('connectionreset'));
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Sending failed').isVisible()).toBe(true);
    expect(await field(page, 'Title of the work').inputValue()).toBe('Three Panels of Trust');
    expect(await names()).toBe('comic-red.png,comic-green.png,comic-blue.png');
    await page.unroute('**/_actions/submitEntry**');

    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Thank you, your entry has arrived').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByText('We have e-mailed your parent').isVisible()).toBe(true);
    const reference = (await page.locator('.reference').textContent())!.trim();
    await screenshot(page, 'entry-success-390');

    // Stored once, with the pages in the order the artist chose.
    const row = (await readRow<{ id: number; consent_state: string }>(site, 'SELECT id, consent_state FROM entries WHERE reference = ?', reference))!;
    const count = (await readRow<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM entry_pages WHERE entry_id = ?', row.id))!.n;
    expect(row.consent_state).toBe('awaiting');
    expect(count).toBe(3);
    expect([await masterColour(row.id, 1), await masterColour(row.id, 2), await masterColour(row.id, 3)]).toEqual(['red', 'green', 'blue']);

    // The status link on the page works.
    await page.getByRole('link', { name: 'Status of my entry' }).click();
    await expect.poll(() => page.getByText('Waiting for a parent’s consent').isVisible()).toBe(true);

    // The parent confirms from the e-mail.
    const mail = await inbox.waitFor((m) => addresses(m).includes('alena.vlasackova@example.org'));
    await page.goto(links(mail)[0]!);
    await page.getByRole('button', { name: 'I agree to taking part and to the chosen uses' }).click();
    await expect.poll(() => page.getByText('your consent is confirmed').isVisible()).toBe(true);
  });

  it('shows the errors of the whole form at once at phone width and moves focus to the first', async () => {
    await page.goto(`${site.base}/en/enter`);
    await field(page, 'Age').fill('13');
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.locator('#guardianEmail-error').textContent()).toBe('For artists under 15, please give a parent’s name and e-mail.');
    expect(await page.locator('#firstName-error').textContent()).toBe('This field is required.');
    expect(await page.locator('#pages-error').textContent()).toBe('Attach at least one picture of your work.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('firstName');
    // Nothing overflows sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'entry-errors-390');
  });
});
