import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, readDb, signIn, startSite, type Site } from '../helpers/site.ts';
import { engineMissing } from '../helpers/engines.ts';
import { entryForm } from '../helpers/entry.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Review and erasure on PostgreSQL and a bucket (backoffice.test.ts covers them on SQLite and
 * files, with the jury): an organiser's decisions reach the database every process reads, and an
 * erased entry leaves nothing in any table, in the bucket or in the process's data directory.
 */
describe.skipIf(engineMissing('postgres'))('review and erase on PostgreSQL and a bucket', () => {
  let site: Site;
  let organiser = '';
  beforeAll(async () => {
    site = await startSite({ engine: 'postgres', env: { ENTRY_RATE_LIMIT: '1000' } });
    organiser = await signIn(site);
  });
  afterAll(() => site?.stop());

  it('reviews, redacts and selects an entry, then erases every trace of it', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#264653' } }).jpeg().toBuffer();
    const form = entryForm(
      {
        firstName: 'Xaverie', surname: 'Qwertzova', age: '13', town: 'Zlin', region: 'ZLK', title: 'Erase me on PostgreSQL', school: 'ZS Qwertzova', artistEmail: undefined,
        guardianName: 'Mama Qwertzova', guardianEmail: 'mama.qwertzova@example.org', teacherEmail: 'teacher.qwertzova@example.org', consentPrint: 'on',
      },
      [jpeg],
    );
    expect((await fetch(`${site.base}/cs/enter?_action=submitEntry`, { method: 'POST', body: form, headers: { Origin: site.base } })).status).toBe(200);
    const { id, reference } = (await readDb<{ id: number; reference: string }>(site, `SELECT id, reference FROM entries WHERE surname = 'Qwertzova'`))[0]!;
    const editionId = (await readDb<{ id: number }>(site, 'SELECT id FROM editions WHERE is_current = 1'))[0]!.id;
    await waitFor(async () => (await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL'))[0]!.n === 0, { timeoutMs: 20_000, what: 'the mail queue to empty' });

    // Review: the queue lists it, the decision and a text correction are stored.
    expect(await (await fetch(`${site.base}/admin/entries`, { headers: { cookie: organiser } })).text()).toContain(reference);
    await postForm(site, organiser, `/admin/entries/${id}?_action=reviewEntry`, { id: String(id), decision: 'accepted' });
    await postForm(site, organiser, `/admin/entries/${id}?_action=editEntryTexts`, { id: String(id), title: 'Qwertzova corrected', statement: 'A statement long enough.', altText: 'A poster with a bridge.' });
    expect(await readDb(site, 'SELECT status, title FROM entries WHERE id = ?', id)).toEqual([{ status: 'accepted', title: 'Qwertzova corrected' }]);

    // Redaction made public: the original is kept aside in the bucket and the media version moves on.
    await postForm(site, organiser, `/admin/entries/${id}?_action=redact`, { id: String(id), op: 'add', pageNo: '1', x: '70', y: '80', w: '20', h: '10', mode: 'blur' });
    const version = async () => (await readDb<{ v: number }>(site, 'SELECT media_version AS v FROM entries WHERE id = ?', id))[0]!.v;
    const before = await version();
    await postForm(site, organiser, `/admin/entries/${id}?_action=redact`, { id: String(id), op: 'public', public: 'on' });
    expect(await version()).toBeGreaterThan(before);
    const storage = await site.storage();
    expect((await storage.list(`artworks/${id}/`)).map((o) => o.key)).toContain(`artworks/${id}/p1.orig.jpg`);
    await postForm(site, organiser, `/admin/selections?_action=changeSelection`, { edition: String(editionId), kind: 'catalogue', op: 'add', entry: String(id) });
    await storage.write('catalogue/catalogue-cs-print.pdf', Buffer.from('%PDF- Qwertzova'));

    const r = await postForm(site, organiser, `/admin/entries/${id}?_action=eraseEntry`, { id: String(id), confirm: 'on' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('/admin/entries?erased=');

    const needles = ['Qwertzova', 'mama.qwertzova@example.org', 'teacher.qwertzova@example.org'];
    // Nothing in the bucket…
    expect(await storage.list(`artworks/${id}/`)).toEqual([]);
    for (const o of await storage.list('')) {
      const bytes = (await storage.read(o.key))!;
      for (const n of needles) expect(bytes.includes(Buffer.from(n)), `${o.key} holds ${n}`).toBe(false);
    }
    // …nor in the process's data directory (outbox, scratch space)…
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const file of walk(site.dataDir)) {
      const bytes = readFileSync(file);
      for (const n of needles) expect(bytes.includes(Buffer.from(n)), `${relative(site.dataDir, file)} holds ${n}`).toBe(false);
    }
    // …nor in any table.
    const tables = (await readDb<{ name: string }>(site, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).map((t) => t.name);
    expect(tables).toContain('entries');
    for (const table of tables) {
      for (const row of await readDb<Record<string, unknown>>(site, `SELECT * FROM "${table}"`)) {
        for (const [col, v] of Object.entries(row)) {
          if (col === 'entry_id') expect(v, `${table}.${col}`).not.toBe(id);
          if (table === 'entries' && col === 'id') expect(v).not.toBe(id);
          if (typeof v === 'string') for (const n of needles) expect(v, `${table}.${col}`).not.toContain(n);
        }
      }
    }
    expect((await readDb<{ action: string }>(site, 'SELECT action FROM audit_log WHERE entry_ref = ? ORDER BY id DESC LIMIT 1', reference))[0]!.action).toBe('entry.erase');
  });
});
