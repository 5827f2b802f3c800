import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryForm } from '../helpers/entry.ts';
import { openSiteDb, signIn, startSite, type Site } from '../helpers/site.ts';
import { waitFor } from '../helpers/wait.ts';

let site: Site;
let cookie = '';
beforeAll(async () => {
  site = await startSite();
  cookie = await signIn(site);
});
afterAll(() => site?.stop());

describe('a catalogue PDF made earlier', () => {
  it('is no longer handed out once a work in it has lost its print consent', async () => {
    const f = entryForm({ title: 'Printed once', consentPrint: 'on' }, [await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#456' } }).jpeg().toBuffer()]);
    expect((await fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: f, headers: { Origin: site.base } })).status).toBe(200);

    const db = openSiteDb(site.dataDir, { write: true });
    const id = (db.prepare('SELECT id FROM entries').get() as { id: number }).id;
    db.prepare(`UPDATE entries SET status = 'accepted' WHERE id = ?`).run(id);
    mkdirSync(join(site.dataDir, 'catalogue'), { recursive: true });
    writeFileSync(join(site.dataDir, 'catalogue', 'job-1-cs-a4-print.pdf'), '%PDF-1.7 test');
    const job = db
      .prepare(`INSERT INTO catalogue_jobs (lang, format, edition, state, file, entry_ids) VALUES ('cs', 'a4', 'print', 'done', 'catalogue/job-1-cs-a4-print.pdf', ?)`)
      .run(JSON.stringify([id])).lastInsertRowid;

    const ok = await fetch(`${site.base}/admin/catalogue/download/${job}`, { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('%PDF');
    expect((await fetch(`${site.base}/admin/catalogue/download/${job}`, { redirect: 'manual' })).status).toBe(303);

    db.prepare(`UPDATE entries SET consent_print = 0, consent_state = 'withdrawn' WHERE id = ?`).run(id);
    db.close();
    const gone = await fetch(`${site.base}/admin/catalogue/download/${job}`, { headers: { cookie } });
    expect(gone.status).toBe(410);
  });
});

describe('a catalogue job started in the admin', () => {
  it('renders the PDF in the background with the same code as the command and hands it out', async () => {
    const start = await fetch(`${site.base}/admin/catalogue?_action=startCatalogueJob`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'en', format: 'a5', edition: 'screen', force: 'on' }),
      headers: { Origin: site.base, cookie },
      redirect: 'manual',
    });
    expect(start.status).toBeLessThan(400);
    const db = openSiteDb(site.dataDir);
    const id = (db.prepare('SELECT MAX(id) AS id FROM catalogue_jobs').get() as { id: number }).id;
    db.close();
    const status = await waitFor(
      async () => {
        const s = (await (await fetch(`${site.base}/admin/catalogue/status/${id}`, { headers: { cookie } })).json()) as { state: string; pages: number | null };
        return s.state === 'running' ? undefined : s;
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'the catalogue job' },
    );
    expect(status.state).toBe('done');
    expect(status.pages).toBeGreaterThan(4);
    const pdf = await fetch(`${site.base}/admin/catalogue/download/${id}`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 240_000);
});
