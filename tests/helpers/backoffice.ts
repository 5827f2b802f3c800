import { postForm, signInAs, type Site } from './site.ts';
import type { EntryFields } from './entry.ts';
import { waitFor } from './wait.ts';

/** Invites a juror as the organiser, sets the password from the invitation link, and signs in. */
export async function createJuror(site: Site, organiser: string, email: string, password = 'juror password 1'): Promise<string> {
  const r = await postForm(site, organiser, '/admin/accounts?_action=inviteAccount', { email, name: email.split('@')[0]!, role: 'juror' });
  if (r.status !== 303) throw new Error(`invite failed: ${r.status}`);
  // The invitation as delivered: without SMTP the site writes it to the outbox (sent text is not kept in the queue).
  const link = await invitationLink(site, email);
  const set = await postForm(site, undefined, `${link}?_action=setPassword`, { token: link.split('/').pop()!, password, password2: password });
  if (set.status !== 303) throw new Error(`set password failed: ${set.status}`);
  return signInAs(site, email, password);
}

/** Waits for the invitation mail to an address in the outbox and returns its set-password path. */
export async function invitationLink(site: Site, email: string): Promise<string> {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const outbox = join(site.dataDir, 'outbox');
  const find = () => {
    if (!existsSync(outbox)) return undefined;
    for (const name of readdirSync(outbox).filter((n) => n.endsWith('.eml')).sort().reverse()) {
      const eml = readFileSync(join(outbox, name), 'utf8');
      if (!eml.includes(`To: ${email}`)) continue;
      // Quoted-printable may break long lines with "=\n".
      const m = /(\/admin\/password\/[\w-]+)/.exec(eml.replace(/=\r?\n/g, ''));
      if (m) return m[1]!;
    }
    return undefined;
  };
  return waitFor(find, { timeoutMs: 20_000, intervalMs: 100, what: `an invitation for ${email} in ${outbox}` });
}

/** A mail the site wrote to its outbox (no SMTP configured), parsed. */
export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** Every mail in a site's outbox, oldest first, parsed as a mail client would. */
export async function outbox(site: Site): Promise<OutboxMail[]> {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { simpleParser } = await import('mailparser');
  const dir = join(site.dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(
    names.map(async (file) => {
      const m = await simpleParser(readFileSync(join(dir, file)));
      const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
      return { file, to, subject: m.subject ?? '', text: m.text ?? '' };
    }),
  );
}

/** Waits for the mail to an address whose subject matches, and returns it. */
export function mailTo(site: Site, to: string, subject: RegExp): Promise<OutboxMail> {
  return waitFor(async () => (await outbox(site)).find((m) => m.to === to && subject.test(m.subject)), { timeoutMs: 20_000, intervalMs: 150, what: `a mail to ${to} about ${subject}` });
}

/** The first link under the site's address in a mail's text. */
export const linkIn = (mail: OutboxMail, site: Site): string => {
  const m = new RegExp(`${site.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+`).exec(mail.text);
  if (!m) throw new Error(`no link to ${site.base} in: ${mail.text}`);
  return m[0];
};

/**
 * Sends entries through the public entry form's Action, as a browser would post it, each consenting
 * to the gallery and the touring exhibition unless `over` says otherwise; returns their ids in order.
 */
export async function submitEntries(site: Site, entries: EntryFields[], pages: Uint8Array[][]): Promise<number[]> {
  const { entryForm } = await import('./entry.ts');
  const { readDb } = await import('./site.ts');
  const ids: number[] = [];
  const last = async () => (await readDb<{ id: number | null }>(site, 'SELECT MAX(id) AS id FROM entries'))[0]!.id ?? 0;
  for (const [i, over] of entries.entries()) {
    const lang = String(over.lang ?? 'cs');
    const before = await last();
    const r = await fetch(`${site.base}/${lang}/enter?_action=submitEntry`, { method: 'POST', body: entryForm({ consentExhibit: 'on', ...over }, pages[i] ?? pages[0]!) });
    const id = await last();
    if (id === before) throw new Error(`entry ${i} was not stored (${r.status}): ${(await r.text()).slice(0, 300)}`);
    ids.push(id);
  }
  return ids;
}

/**
 * In a browser, as a person would: the organiser's page (signed in, Czech admin) invites a juror,
 * the juror opens the mailed link in a new context and sets a password. Returns the juror's
 * signed-in context.
 */
export async function jurorInBrowser(
  organiser: import('playwright-core').Page,
  browser: import('playwright-core').Browser,
  site: Site,
  email: string,
  viewport = { width: 390, height: 844 },
): Promise<import('playwright-core').BrowserContext> {
  await organiser.goto(`${site.base}/admin/accounts`);
  await organiser.getByLabel('E-mail', { exact: true }).fill(email);
  await organiser.getByLabel('Jméno', { exact: true }).fill(email.split('@')[0]!);
  await organiser.getByRole('button', { name: 'Poslat pozvánku' }).click();
  await organiser.waitForURL('**/admin/accounts?invited=*');
  const invite = await mailTo(site, email, /Pozvánka/);
  const ctx = await browser.newContext({ viewport, hasTouch: viewport.width < 600, isMobile: viewport.width < 600 });
  const page = await ctx.newPage();
  await page.goto(linkIn(invite, site));
  await page.getByLabel('Nové heslo').fill('juror password 12');
  await page.getByLabel('Heslo znovu').fill('juror password 12');
  await page.getByRole('button', { name: 'Nastavit heslo' }).click();
  await page.waitForURL('**/admin/jury');
  await page.close();
  return ctx;
}

/** Signs the test organiser in through the sign-in page of a fresh page. */
export async function organiserInBrowser(page: import('playwright-core').Page, site: Site, lang: 'cs' | 'en' = 'cs', password?: string): Promise<void> {
  const { ADMIN } = await import('./site.ts');
  await page.goto(`${site.base}/admin`);
  if (lang === 'en') {
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState('load');
  }
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel(lang === 'cs' ? 'Heslo' : 'Password').fill(password ?? ADMIN.password);
  await page.getByRole('button', { name: lang === 'cs' ? 'Přihlásit se' : 'Sign in' }).click();
  await page.waitForURL('**/admin/entries');
}

/** On the judging page (Czech): the default criteria saved, the only juror assigned to everything, the round opened. */
export async function openRoundInBrowser(page: import('playwright-core').Page, site: Site): Promise<void> {
  await page.goto(`${site.base}/admin/judging`);
  await page.getByRole('button', { name: 'Uložit kritéria' }).click();
  await page.waitForURL('**/admin/judging*saved=1');
  await page.getByRole('button', { name: 'Přidělit', exact: true }).click();
  await page.waitForURL('**/admin/judging*saved=1');
  await page.getByRole('button', { name: 'Otevřít kolo' }).click();
  await page.waitForURL('**/admin/judging*saved=1');
}
