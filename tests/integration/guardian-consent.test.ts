import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startSite, type Site } from '../helpers/site.ts';
import { engineMissing, ENGINES, type Engine } from '../helpers/engines.ts';
import { addresses, links, startInbox, type Inbox } from '../helpers/smtp.ts';
import { entryForm } from '../helpers/entry.ts';
import { waitFor } from '../helpers/wait.ts';

let site: Site;
let inbox: Inbox;
let jpeg: Buffer;

/** A site on `engine` with a real SMTP server on loopback, for the tests of one describe block. */
function onSite(engine: Engine) {
  beforeAll(async () => {
    if (engineMissing(engine)) return;
    inbox = await startInbox();
    site = await startSite({ engine, env: { SMTP_URL: inbox.url, ENTRY_RATE_LIMIT: '1000' } });
    jpeg = await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#2a9d8f' } }).jpeg().toBuffer();
  });
  afterAll(async () => {
    await site?.stop();
    await inbox?.close();
  });
}

/** A 12-year-old's entry: a guardian must confirm it. */
const guardedEntry = (over: Record<string, string> = {}): FormData =>
  entryForm(
    {
      firstName: 'Vendula', surname: 'Přemyslová', age: '12', town: 'Jihlava', region: 'VYS', title: 'Neznámý kamarád',
      statement: 'Kamarád z internetu nemusí být tím, za koho se vydává.', altText: 'Dívka u počítače, za obrazovkou stojí stín s maskou.',
      artistEmail: undefined, guardianName: 'Marta Přemyslová', guardianEmail: 'marta.premyslova@example.org', teacherEmail: 'ucitelka@example.org', consentPrint: 'on',
      ...over,
    },
    [jpeg],
  );

const entry = async (id: number) =>
  (await (await site.db()).get<{ status: string; consent_state: string; consent_publish: number }>('SELECT status, consent_state, consent_publish FROM entries WHERE id = ?', id))!;
const idOf = async (reference: string) => (await (await site.db()).get<{ id: number }>('SELECT id FROM entries WHERE reference = ?', reference))!.id;
const consents = async (id: number) =>
  (await site.db()).all<{ kind: string; action: string; by_role: string; form_version: string; wording_version: string }>(
    'SELECT kind, action, by_role, form_version, wording_version FROM consents WHERE entry_id = ? ORDER BY id',
    id,
  );

async function accept(id: number, cookie: string) {
  const body = new FormData();
  body.append('id', String(id));
  body.append('decision', 'accepted');
  const r = await fetch(`${site.base}/_actions/reviewEntry`, { method: 'POST', body, headers: { Origin: site.base, Cookie: cookie } });
  expect(r.status).toBe(200);
}

/** Presses the button of a page's form the way a browser would. */
async function pressButton(pageUrl: string): Promise<{ status: number; html: string }> {
  const html = await (await fetch(pageUrl)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  expect(action, html).toBeDefined();
  const body = new FormData();
  body.append('token', token!);
  body.append('lang', 'cs');
  const r = await fetch(new URL(action!, pageUrl), { method: 'POST', body, headers: { Origin: site.base } });
  return { status: r.status, html: await r.text() };
}

describe.each(ENGINES)('guardian consent by e-mail (%s)', (engine) => {
  onSite(engine);
  it.skipIf(engineMissing(engine))('mails the guardian a working link; the work is public only after the guardian confirms, and leaves at once when withdrawn', async () => {
    const r = await fetch(`${site.base}/cs/enter?_action=submitEntry`, { method: 'POST', body: guardedEntry(), headers: { Origin: site.base } });
    const html = await r.text();
    expect(r.status).toBe(200);
    const reference = /CT-\d{4}-\d{4}/.exec(html)![0];
    expect(html).toContain('Rodiči jsme poslali e-mail');

    const mail = await inbox.waitFor((m) => addresses(m).includes('marta.premyslova@example.org'));
    expect(mail.subject).toContain(reference);
    expect(mail.text).toContain('Vendula (12 let)');
    const [confirmUrl, statusUrl, withdrawUrl] = links(mail);
    expect(confirmUrl).toMatch(new RegExp(`^${site.base}/cs/consent/`));
    expect(statusUrl).toMatch(new RegExp(`^${site.base}/cs/status/`));
    expect(withdrawUrl).toMatch(new RegExp(`^${site.base}/cs/withdraw/`));

    // The teacher hears about it, without any secret link.
    const teacher = await inbox.waitFor((m) => addresses(m).includes('ucitelka@example.org'));
    expect(teacher.text).toContain(reference);
    expect(links(teacher)).toEqual([]);

    const id = await idOf(reference);
    expect((await entry(id)).consent_state).toBe('awaiting');
    expect(await (await fetch(statusUrl!)).text()).toContain('Čekáme na souhlas rodiče');

    // Accepted by the organisers but still not public without the guardian.
    const cookie = await signIn(site);
    await accept(id, cookie);
    expect((await fetch(`${site.base}/cs/gallery/${id}`)).status).toBe(404);

    // Opening the link changes nothing (mail scanners open links); the button confirms.
    const opened = await (await fetch(confirmUrl!)).text();
    expect(opened).toContain('Neznámý kamarád');
    expect((await entry(id)).consent_state).toBe('awaiting');
    const confirmed = await pressButton(confirmUrl!);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('souhlas je potvrzen');
    expect((await entry(id)).consent_state).toBe('confirmed');
    expect((await fetch(`${site.base}/cs/gallery/${id}`)).status).toBe(200);
    expect(await (await fetch(statusUrl!)).text()).toContain('Dílo je vidět v online galerii');

    // The confirmation link is single-use.
    const again = await fetch(confirmUrl!);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Tento odkaz už byl použit');

    // Every consent is on record with the form and wording versions.
    const log = await consents(id);
    expect(log.filter((c) => c.by_role === 'artist').map((c) => c.kind).sort()).toEqual(['print', 'publish', 'rules']);
    expect(log.filter((c) => c.by_role === 'guardian').map((c) => c.kind).sort()).toEqual(['print', 'publish']);
    expect(log.every((c) => c.form_version && c.wording_version)).toBe(true);

    // Withdrawal: the work leaves the gallery, the sitemap and the feed at once.
    const withdrawn = await pressButton(withdrawUrl!);
    expect(withdrawn.html).toContain('Souhlas je odvolán');
    expect(await entry(id)).toMatchObject({ consent_state: 'withdrawn', consent_publish: 0 });
    expect((await fetch(`${site.base}/cs/gallery/${id}`)).status).toBe(404);
    expect(await (await fetch(`${site.base}/sitemap.xml`)).text()).not.toContain(`/gallery/${id}`);
    expect(await (await fetch(`${site.base}/cs/feed.xml`)).text()).not.toContain('Neznámý kamarád');
    expect((await consents(id)).at(-1)).toMatchObject({ kind: 'publish', action: 'withdrawn', by_role: 'guardian' });
  });

  it.skipIf(engineMissing(engine))('refuses made-up and expired links with a clear page', async () => {
    const made = await fetch(`${site.base}/en/consent/${'x'.repeat(32)}`);
    expect(made.status).toBe(404);
    expect(await made.text()).toContain('This link is not valid');
    const r = await fetch(`${site.base}/en/enter?_action=submitEntry`, { method: 'POST', body: guardedEntry({ lang: 'en', guardianEmail: 'late@example.org', title: 'Late' }), headers: { Origin: site.base } });
    expect(r.status).toBe(200);
    const mail = await inbox.waitFor((m) => addresses(m).includes('late@example.org'));
    await (await site.db()).run(`UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE purpose = 'guardian-confirm'`);
    const expired = await fetch(links(mail)[0]!);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
  });

  it.skipIf(engineMissing(engine))('sends an artist of 15 or more a confirmation in their language with the status link', async () => {
    const r = await fetch(`${site.base}/en/enter?_action=submitEntry`, {
      method: 'POST',
      body: guardedEntry({ lang: 'en', age: '16', guardianName: '', guardianEmail: '', artistEmail: 'sixteen@example.org', teacherEmail: '' }),
      headers: { Origin: site.base },
    });
    expect(r.status).toBe(200);
    const mail = await inbox.waitFor((m) => addresses(m).includes('sixteen@example.org'));
    expect(mail.subject).toMatch(/^Entry CT-\d{4}-\d{4} has arrived$/);
    expect(links(mail).some((l) => l.includes('/en/status/'))).toBe(true);
  });
});

describe('when the mail server is down', () => {
  it('still stores the entry and keeps its mails queued for a retry', async () => {
    const deadPort = await (await import('../helpers/site.ts')).freePort();
    const down = await startSite({ env: { SMTP_URL: `smtp://127.0.0.1:${deadPort}` } });
    try {
      const r = await fetch(`${down.base}/cs/enter?_action=submitEntry`, { method: 'POST', body: guardedEntry(), headers: { Origin: down.base } });
      expect(r.status).toBe(200);
      const db = await down.db();
      expect(await db.get('SELECT COUNT(*) AS n FROM entries')).toEqual({ n: 1 });
      // The worker tries, fails, and schedules the next attempt; nothing is dropped.
      await waitFor(async () => (await db.get<{ a: number }>('SELECT MIN(attempts) AS a FROM mail_queue WHERE sent_at IS NULL'))!.a >= 1, { timeoutMs: 5_000, intervalMs: 100 }).catch(() => undefined);
      const pending = await db.all<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM mail_queue WHERE sent_at IS NULL');
      expect(pending).toHaveLength(2);
      expect(pending.every((p) => p.attempts >= 1 && p.last_error)).toBe(true);
    } finally {
      await down.stop();
    }
  });
});
