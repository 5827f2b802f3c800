import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jurorInBrowser, linkIn, mailTo, openRoundInBrowser, organiserInBrowser, outbox, submitEntries } from '../helpers/backoffice.ts';
import { browser, screenshot } from '../helpers/browser.ts';
import { ADMIN, readDb, startSite, type Site } from '../helpers/site.ts';
import { REGIONS } from '#src/platform/regions.ts';

/**
 * The organisers' desk in a browser, by visible labels: a keyboard-only review of five entries
 * (English), "forgot password", the confirmations that say how many (with JavaScript as a dialog,
 * without it as a second step), selections without a page load per step, and the admin in one
 * language at a time.
 */
let site: Site;
let chromium: Browser;
let jpeg: Buffer;
const ENTRIES = [
  { lang: 'en', firstName: 'Amy', surname: 'Archer', title: 'Alpha drawing', age: '16', artistEmail: 'alpha@example.org', consentPrint: 'on' },
  { lang: 'en', firstName: 'Ben', surname: 'Baker', title: 'Bravo drawing', age: '13', guardianName: 'Olga Bravo', guardianEmail: 'guardian.bravo@example.org', artistEmail: undefined },
  { lang: 'en', firstName: 'Cleo', surname: 'Clark', title: 'Charlie drawing', age: '17', artistEmail: 'charlie@example.org', consentPrint: 'on' },
  { lang: 'en', firstName: 'Dan', surname: 'Dale', title: 'Delta drawing', age: '18', artistEmail: 'delta@example.org' },
  { lang: 'en', firstName: 'Eve', surname: 'Ellis', title: 'Echo drawing', age: '16', artistEmail: 'echo@example.org', consentPrint: 'on' },
];
let ids: number[];
/** The organiser's password: the forgot-password test changes it. */
let password = ADMIN.password;

beforeAll(async () => {
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '1000' } });
  chromium = await browser();
  jpeg = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#7a3e9d' } }).jpeg().toBuffer();
  ids = await submitEntries(site, ENTRIES, [[jpeg]]);
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

/** Waits (by deadline, on a busy machine too) until the value matches: a page load after a post may take a while. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const focusedRow = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('tr')?.dataset.id ?? document.activeElement?.tagName);
const statusOf = async (id: number) => (await readDb<{ status: string; reject_reason: string | null }>(site, 'SELECT status, reject_reason FROM entries WHERE id = ?', id))[0]!;

describe('reviewing five entries by keyboard alone (English)', () => {
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    await organiserInBrowser(page, site, 'en');
  });
  afterAll(() => ctx?.close());

  it('moves, accepts and rejects with keys; the focus always lands on the next undecided row; the dialog keeps its context on an error', async () => {
    await page.goto(`${site.base}/admin/entries?status=received&sort=reference`);
    await page.keyboard.press('j');
    expect(await focusedRow(page)).toBe(String(ids[0]));
    await page.keyboard.press('a');
    await poll(async () => (await statusOf(ids[0]!)).status).toBe('accepted');
    await page.waitForLoadState('load');
    await poll(() => focusedRow(page)).toBe(String(ids[1]));
    expect(await page.getByRole('status').first().textContent()).toBe('Saved for 1 entry.');

    // R asks for the reason; "Another reason" without a note is refused inside the dialog, which stays open.
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: 'Reject Bravo drawing' });
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.type('Another');
    expect(await dialog.getByLabel('Reason for rejection').inputValue()).toBe('other');
    await page.keyboard.press('Tab'); // the note
    await page.keyboard.press('Tab'); // Reject
    await page.keyboard.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('alert').textContent()).toBe('With the reason “Another reason”, write a note for the artist.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('d-note');
    await page.keyboard.type('Please send a photo of the whole sheet.');
    await page.keyboard.press('Enter');
    await poll(async () => (await statusOf(ids[1]!)).status).toBe('rejected');
    expect((await statusOf(ids[1]!)).reject_reason).toBe('Another reason. Please send a photo of the whole sheet.');
    await page.waitForLoadState('load');
    // The rejected row left the "new" filter: the focus is on the next undecided one, not on the page.
    await poll(() => focusedRow(page)).toBe(String(ids[2]));

    await page.keyboard.press('a');
    await poll(async () => (await statusOf(ids[2]!)).status).toBe('accepted');
    await page.waitForLoadState('load');
    await poll(() => focusedRow(page)).toBe(String(ids[3]));
    await page.keyboard.press('n'); // already on the next undecided: stays within the undecided rows
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await focusedRow(page)).toBe(String(ids[4]));
    await page.keyboard.press('k');
    expect(await focusedRow(page)).toBe(String(ids[3]));
    await page.keyboard.press('r');
    await page.keyboard.type('The work is not on');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await poll(async () => (await statusOf(ids[3]!)).status).toBe('rejected');
    await page.waitForLoadState('load');
    await poll(() => focusedRow(page)).toBe(String(ids[4]));
    await page.keyboard.press('a');
    await poll(async () => (await statusOf(ids[4]!)).status).toBe('accepted');
    await poll(() => page.getByText('No entries match the filter.').count()).toBe(1);
    await screenshot(page, 'review-keyboard-en-1280');
  });

  it('each decision is mailed once, in the entry’s language, to the artist (informally) or the guardian, with the reason as written', async () => {
    const accepted = await mailTo(site, 'alpha@example.org', /^Entry CT-\d{4}-0001 has been accepted into the competition$/);
    expect(accepted.text).toMatch(/^Hello,\n\nwe have accepted your work “Alpha drawing”/);
    const rejected = await mailTo(site, 'guardian.bravo@example.org', /^Entry CT-\d{4}-0002 has not been accepted$/);
    expect(rejected.text).toContain('thank you for entering the work “Bravo drawing”');
    expect(rejected.text).toContain('Another reason. Please send a photo of the whole sheet.');
    expect(linkIn(rejected, site)).toMatch(/\/en\/status\//);
    const offTopic = await mailTo(site, 'delta@example.org', /has not been accepted/);
    expect(offTopic.text).toContain('The work is not on the theme of the competition.');
    // The last decision's mail may still be on its way: wait until nothing is left to send, then count.
    await poll(async () => (await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL'))[0]!.n).toBe(0);
    const all = await outbox(site);
    expect(all.filter((m) => /accepted|not been accepted/.test(m.subject))).toHaveLength(5);
  });

  it('without JavaScript, a refused rejection keeps the reason chosen and says what is missing next to the note', async () => {
    const plain = await chromium.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const p = await plain.newPage();
    await organiserInBrowser(p, site, 'en');
    await p.goto(`${site.base}/admin/entries?sort=reference`);
    const bulk = p.locator('#review-form');
    await bulk.getByLabel('Reason for rejection').selectOption({ label: 'Another reason.' });
    const row = p.locator(`tr[data-id="${ids[0]}"]`);
    await row.getByRole('button', { name: 'Reject: Alpha drawing' }).click();
    expect(await p.getByRole('alert').textContent()).toBe('With the reason “Another reason”, write a note for the artist.');
    expect(await p.locator('#review-form').getByLabel('Reason for rejection').inputValue()).toBe('other');
    expect(await p.locator('#review-form').getByLabel('Note for the artist').getAttribute('aria-invalid')).toBe('true');
    expect((await statusOf(ids[0]!)).status).toBe('accepted');
    await plain.close();
  });
});

describe('forgot password', () => {
  it('sends a single-use link, answers the same for an unknown address, and the new password signs in', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${site.base}/admin`);
    await page.getByRole('link', { name: 'Zapomněli jste heslo?' }).click();
    await page.getByLabel('E-mail').fill('nobody@example.org');
    await page.getByRole('button', { name: 'Poslat odkaz' }).click();
    const unknown = await page.getByRole('status').textContent();
    await page.goto(`${site.base}/admin/forgot`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Poslat odkaz' }).click();
    const known = await page.getByRole('status').textContent();
    expect(known!.replace(ADMIN.email, '@')).toBe(unknown!.replace('nobody@example.org', '@'));
    const mail = await mailTo(site, ADMIN.email, /^Nové heslo do administrace soutěže Kreslená pravda$/);
    expect(mail.text).toContain('odkaz platí 2 hodiny a jen jednou');
    expect((await outbox(site)).some((m) => m.to === 'nobody@example.org')).toBe(false);

    const link = linkIn(mail, site);
    await page.goto(link);
    await page.getByLabel('Nové heslo').fill('a brand new passphrase');
    await page.getByLabel('Heslo znovu').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Nastavit heslo' }).click();
    await page.waitForURL('**/admin/entries');
    await page.goto(link);
    expect(await page.getByRole('alert').textContent()).toMatch(/^Odkaz už byl použit/);
    await screenshot(page, 'forgot-used-link-390');
    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.waitForURL('**/admin/entries');
    password = 'a brand new passphrase';
    await ctx.close();
  });
});

describe('steps that need a second yes say how many', () => {
  let desk: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    desk = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    page = await desk.newPage();
    await organiserInBrowser(page, site, 'cs', password);
  });
  afterAll(() => desk?.close());

  it('closing a round with unscored works, giving a second 1st place in a group, publishing with ties', async () => {
    const juror = await jurorInBrowser(page, chromium, site, 'confirm-juror@example.org', { width: 1280, height: 900 });
    await openRoundInBrowser(page, site);
    // The juror scores two of the three accepted works alike (a tie) and leaves one.
    const j = await juror.newPage();
    await j.goto(`${site.base}/admin/jury`);
    await j.getByRole('link', { name: 'Začít hodnotit' }).click();
    for (let i = 0; i < 2; i++) {
      await j.waitForURL(/\/admin\/jury\/w/);
      for (const label of ['Srozumitelnost sdělení', 'Nápad', 'Řemeslné provedení']) await j.getByLabel(label, { exact: true }).fill('8');
      await j.getByRole('button', { name: 'Uložit a další' }).click();
      await j.waitForLoadState('load');
    }
    await juror.close();

    await page.goto(`${site.base}/admin/judging`);
    await page.getByRole('button', { name: 'Uzavřít kolo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Opravdu pokračovat?' });
    expect(await dialog.textContent()).toContain('Hodnocení ještě chybí u 1 z 3 děl.');
    await screenshot(page, 'confirm-close-round-dialog-1280');
    await dialog.getByRole('button', { name: 'Zpět' }).click();
    expect((await readDb<{ judging: string }>(site, 'SELECT judging FROM editions'))[0]!.judging).toBe('open');
    await page.getByRole('button', { name: 'Uzavřít kolo' }).click();
    await dialog.getByRole('button', { name: 'Ano, uzavřít kolo' }).click();
    await page.waitForURL('**/admin/judging*saved=1');
    expect((await readDb<{ judging: string }>(site, 'SELECT judging FROM editions'))[0]!.judging).toBe('closed');

    await page.goto(`${site.base}/admin/results`);
    await page.getByLabel('Název česky').fill('1. místo');
    await page.getByLabel('Název anglicky').fill('1st place');
    await page.getByRole('button', { name: 'Přidat ocenění' }).click();
    await page.waitForURL('**/admin/results*saved=1');
    const [first, second] = await readDb<{ id: number; reference: string }>(site, `SELECT id, reference FROM entries WHERE status = 'accepted' ORDER BY id`);
    for (const [n, e] of [first!, second!].entries()) {
      const row = page.locator(`#row-${e.id}`);
      await row.getByLabel(`Ocenění: ${e.reference}`).selectOption({ label: '1. místo' });
      await row.getByRole('button', { name: /Uložit ocenění/ }).click();
      if (n === 1) {
        expect(await dialog.textContent()).toContain('Toto ocenění už ve stejné skupině patří 1 dílu.');
        await dialog.getByRole('button', { name: 'Ano, udělit' }).click();
      }
      await page.waitForURL(`**/admin/results*saved=${e.id}*`);
    }

    // Without JavaScript the same question is a second step with a box to tick.
    const plain = await chromium.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const p = await plain.newPage();
    await organiserInBrowser(p, site, 'cs', password);
    await p.goto(`${site.base}/admin/results`);
    await p.getByRole('button', { name: 'Zveřejnit výsledky', exact: true }).click();
    const step = p.getByRole('alert');
    expect(await step.textContent()).toContain('Ve výsledcích je shoda v pořadí: týká se 2 děl.');
    expect((await readDb<{ p: string | null }>(site, 'SELECT results_published_at AS p FROM editions'))[0]!.p).toBeNull();
    await screenshot(p, 'confirm-publish-step-390');
    await p.getByLabel('Rozumím a chci pokračovat').check();
    await p.getByRole('button', { name: 'Ano, zveřejnit výsledky' }).click();
    expect(await p.getByRole('status').first().textContent()).toMatch(/Výsledky jsou zveřejněné\. E-mailů o ocenění odesláno: 2\./);
    await plain.close();
  });
});

describe('selections', () => {
  let page: Page;
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    await organiserInBrowser(page, site, 'cs', password);
  });
  afterAll(() => ctx?.close());

  const order = () => page.locator('#selection-list > li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.title));

  it('finds works by title or by a reference as typed, with pictures, and adds them without a page load', async () => {
    const accepted = await readDb<{ reference: string; title: string }>(site, `SELECT reference, title FROM entries WHERE status = 'accepted' ORDER BY seq`);
    await page.goto(`${site.base}/admin/selections`);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const typed = accepted[2]!.reference.toLowerCase().replace(/-0+/, '-'); // "ct-2026-5"
    await page.getByLabel('Hledat dílo (název nebo číslo přihlášky)').fill(typed);
    const found = page.locator('#candidates li');
    await poll(() => found.count()).toBe(1);
    expect(await found.locator('img.thumb').count()).toBe(1);
    await found.getByRole('button', { name: `Přidat ${accepted[2]!.title}` }).click();
    await poll(() => order()).toEqual([accepted[2]!.title]);
    expect(await page.locator('#selection-live').textContent()).toBe(`Přidáno: ${accepted[2]!.title}.`);
    for (const e of accepted.slice(0, 2)) {
      await page.getByLabel('Hledat dílo (název nebo číslo přihlášky)').fill(e.title.split(' ')[0]!);
      await poll(() => found.count()).toBe(1);
      await found.getByRole('button', { name: `Přidat ${e.title}` }).click();
      await poll(() => order()).toContain(e.title);
    }
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator('#selection-list img.thumb').count()).toBe(3);
  });

  it('reorders by keyboard (move to a position) and by dragging, still without a page load', async () => {
    const before = await order();
    const last = before[2]!;
    const position = page.getByLabel(/^Pozice díla/).nth(2);
    await position.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await poll(() => order()).toEqual([last, before[0], before[1]]);
    expect(await page.locator('#selection-live').textContent()).toBe(`${last} je teď na pozici 1.`);
    // The focus stays on the same work's position field, now the first.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('1');
    // Dragged by its handle and dropped on the lower half of the last work: it goes after it.
    const target = page.locator('#selection-list > li').nth(2);
    const height = (await target.boundingBox())!.height;
    await page.locator('#selection-list > li').nth(0).locator('.drag-handle').dragTo(target, { targetPosition: { x: 40, y: height - 8 } });
    await poll(() => order()).toEqual([before[0], before[1], last]);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await screenshot(page, 'selections-1280');
  });

  it('without JavaScript every step still works, one page load each', async () => {
    const plain = await chromium.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const p = await plain.newPage();
    await organiserInBrowser(p, site, 'cs', password);
    await p.goto(`${site.base}/admin/selections`);
    const titles = () => p.locator('#selection-list > li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.title));
    const before = await titles();
    await p.getByRole('button', { name: new RegExp(`^Výš: `) }).last().click();
    expect(await titles()).toEqual([before[0], before[2], before[1]]);
    await p.getByLabel(/^Pozice díla/).first().fill('3');
    await p.getByRole('button', { name: /na zadanou pozici/ }).first().click();
    expect((await titles())[2]).toBe(before[0]);
    await plain.close();
  });

  it('the review queue adds the checked works to the catalogue at once', async () => {
    await page.goto(`${site.base}/admin/entries?status=accepted`);
    for (const box of await page.getByRole('checkbox', { name: /^Vybrat CT-/ }).all()) await box.check();
    await page.getByRole('button', { name: 'Přidat vybrané do katalogu' }).click();
    await page.waitForURL('**/admin/entries?status=accepted');
    expect(await page.getByRole('status').first().textContent()).toBe('Do katalogu přidáno: 3.');
  });
});

describe('one language at a time', () => {
  it('with English chosen, no admin page shows Czech or an internal value, and exports are English', async () => {
    const ctx = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await organiserInBrowser(page, site, 'en', password);
    const pages = ['/admin/dashboard', '/admin/entries', `/admin/entries/${ids[1]}`, '/admin/judging', '/admin/results', '/admin/selections', '/admin/editions', '/admin/editions/1',
      '/admin/tour', '/admin/tour/requests', '/admin/accounts', '/admin/account', '/admin/reasons', '/admin/exports', '/admin/audit', '/admin/catalogue',
      '/admin/catalogue/report?lang=en&format=a4&edition=print'];
    for (const path of pages) {
      await page.goto(`${site.base}${path}`);
      // What the page says in its own voice: texts organisers typed in another language are marked with their lang,
      // format examples of what to type are <code>.
      const text = await page.locator('body').evaluate((body) => {
        const copy = body.cloneNode(true) as HTMLElement;
        for (const el of copy.querySelectorAll('[lang]:not([lang="en"]), select, textarea, input, script, template, dialog, code')) el.remove();
        return copy.innerText;
      });
      // Czech place names keep their letters in English ("Plzeň Region"); anything else would be an untranslated text.
      const czech = /[^\n]*[ěščřžýáíéůúťďňĚŠČŘŽÝÁÍÉŮÚŤĎŇ][^\n]*/.exec(REGIONS.reduce((t, r) => t.replaceAll(r.en, ''), text));
      expect(czech?.[0] ?? '', `${path} is in English`).toBe('');
      // "poster" and "comic" are English words here ("Stop poster"); the exports below check the codes.
      expect(text, `${path} shows no internal value`).not.toMatch(/\b(not_needed|not_started)\b|laying out|https?:\/\//);
    }
    const csv = await (await page.request.get(`${site.base}/admin/exports/entries.csv`)).text();
    expect(csv.split('\r\n')[0]).toBe('\uFEFFReference;Status;First name;Surname;Age;School;Town;Region;Category;Title;Award;Artist e-mail;Guardian;Guardian e-mail;Teacher e-mail;Consent web;Consent print;Guardian consent;Received');
    expect(csv).toMatch(/;(New|Accepted|Rejected);/);
    expect(csv).toContain(';Poster;');
    expect(csv).not.toMatch(/;(accepted|rejected|poster|not_needed|awaiting);/);
    const juror = await (await page.request.get(`${site.base}/admin/exports/jurors.csv`)).text();
    expect(juror.split('\r\n')[0]).toMatch(/^\uFEFFJuror;Juror e-mail;Reference;Title;(Clarity of the message;Idea;Craft;)?Weighted mean;Abstained$/);
    await ctx.close();
  });
});
