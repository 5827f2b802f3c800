import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { juryHandle } from '#src/jury/jury-handle.ts';
import { createJuror } from '../helpers/backoffice.ts';
import { engineMissing, ENGINES } from '../helpers/engines.ts';
import { postForm, readDb, readRow, signIn, startSite, type Site } from '../helpers/site.ts';
import { entryForm } from '../helpers/entry.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Erasing an entry on either engine: after review, a text correction, a public redaction, a place
 * in the catalogue selection and a juror's score, nothing of the child is left in any table, in the
 * file store (data directory or bucket) or anywhere in the process's data directory; the anonymous
 * score and the audit log's reference stay.
 */
describe.each(ENGINES)('erase on %s', (engine) => {
  const skip = engineMissing(engine);
  let site: Site;
  let organiser = '';
  beforeAll(async () => {
    if (skip) return;
    site = await startSite({ engine, env: { ENTRY_RATE_LIMIT: '1000' } });
    organiser = await signIn(site);
  });
  afterAll(() => site?.stop());

  it.skipIf(skip)('leaves no trace of the entry in any file, object or table', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#2a9d8f' } }).jpeg().toBuffer();
    const form = entryForm(
      {
        firstName: 'Xaverie', surname: 'Qwertzova', age: '13', town: 'Zlin', region: 'ZLK', title: 'Erase me', school: 'ZS Qwertzova', artistEmail: undefined,
        guardianName: 'Mama Qwertzova', guardianEmail: 'mama.qwertzova@example.org', teacherEmail: 'teacher.qwertzova@example.org', consentPrint: 'on',
      },
      [jpeg],
    );
    expect((await fetch(`${site.base}/cs/enter?_action=submitEntry`, { method: 'POST', body: form, headers: { Origin: site.base } })).status).toBe(200);
    const { id, reference } = (await readRow<{ id: number; reference: string }>(site, `SELECT id, reference FROM entries WHERE surname = 'Qwertzova'`))!;
    const editionId = (await readRow<{ id: number }>(site, 'SELECT id FROM editions WHERE is_current = 1'))!.id;
    // The worker writes the queued mails to outbox/ as .eml files.
    await waitFor(async () => (await readRow<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL'))!.n === 0, { timeoutMs: 20_000, what: 'the mail queue to empty' });

    // Review: the queue lists it, the decision and a text correction are stored.
    expect(await (await fetch(`${site.base}/admin/entries`, { headers: { cookie: organiser } })).text()).toContain(reference);
    await postForm(site, organiser, `/admin/entries/${id}?_action=reviewEntry`, { id: String(id), decision: 'accepted' });
    await postForm(site, organiser, `/admin/entries/${id}?_action=editEntryTexts`, { id: String(id), title: 'Qwertzova corrected', statement: 'A statement long enough.', altText: 'A poster with a bridge.' });
    expect(await readDb(site, 'SELECT status, title FROM entries WHERE id = ?', id)).toEqual([{ status: 'accepted', title: 'Qwertzova corrected' }]);

    // Redaction made public: the original is kept aside and the media version moves on.
    await postForm(site, organiser, `/admin/entries/${id}?_action=redact`, { id: String(id), op: 'add', pageNo: '1', x: '70', y: '80', w: '20', h: '10', mode: 'blur' });
    const version = async () => (await readRow<{ v: number }>(site, 'SELECT media_version AS v FROM entries WHERE id = ?', id))!.v;
    const before = await version();
    await postForm(site, organiser, `/admin/entries/${id}?_action=redact`, { id: String(id), op: 'public', public: 'on' });
    expect(await version()).toBeGreaterThan(before);
    const storage = await site.storage();
    expect((await storage.list(`artworks/${id}/`)).map((o) => o.key)).toContain(`artworks/${id}/p1.orig.jpg`);
    await postForm(site, organiser, `/admin/selections?_action=changeSelection`, { edition: String(editionId), kind: 'catalogue', op: 'add', entry: String(id) });
    await storage.write('catalogue/catalogue-cs-print.pdf', Buffer.from('%PDF- Qwertzova'));

    // A juror scores it (blind, through the juror's handle) in an open round.
    const juror = await createJuror(site, organiser, 'juror.erase@example.org');
    const db = await site.db();
    const jurorId = (await db.get<{ id: number }>('SELECT id FROM accounts WHERE email = ?', 'juror.erase@example.org'))!.id;
    expect((await postForm(site, organiser, `/admin/judging?edition=${editionId}&_action=saveRubric`, { edition: String(editionId), rubric: 'Sdělení | Message | 2\nNápad | Idea | 1' })).status).toBe(303);
    expect((await postForm(site, organiser, '/admin/judging?_action=assignJuror', { edition: String(editionId), juror: String(jurorId), op: 'assign', category: '', ageGroup: '' })).status).toBe(303);
    expect((await postForm(site, organiser, '/admin/judging?_action=setRound', { edition: String(editionId), state: 'open' })).status).toBe(303);
    const crit = (await readDb<{ id: number }>(site, 'SELECT id FROM rubric_criteria WHERE edition_id = ? ORDER BY position', editionId)).map((c) => c.id);
    expect(crit.length).toBeGreaterThan(0);
    const scored = await postForm(site, juror, '/_actions/saveScore', { entry: await juryHandle(db, jurorId, id), edition: String(editionId), ...Object.fromEntries(crit.map((c) => [`c${c}`, '7'])) });
    expect(scored.status).toBe(200);

    const r = await postForm(site, organiser, `/admin/entries/${id}?_action=eraseEntry`, { id: String(id), confirm: 'on' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('/admin/entries?erased=');

    const needles = ['Qwertzova', 'mama.qwertzova@example.org', 'teacher.qwertzova@example.org'];
    // Nothing in the file store (the data directory's files or the bucket's objects)…
    expect(await storage.list(`artworks/${id}/`)).toEqual([]);
    for (const o of await storage.list('')) {
      const bytes = (await storage.read(o.key))!;
      for (const n of needles) expect(bytes.includes(Buffer.from(n)), `${o.key} holds ${n}`).toBe(false);
    }
    // …nor anywhere in the process's data directory (outbox, scratch space, the SQLite files)…
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const file of walk(site.dataDir)) {
      const bytes = readFileSync(file);
      for (const n of needles) expect(bytes.includes(Buffer.from(n)), `${relative(site.dataDir, file)} holds ${n}`).toBe(false);
    }
    // …nor in any table.
    const tables = (
      await readDb<{ name: string }>(
        site,
        engine === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      )
    ).map((t) => t.name);
    expect(tables).toContain('entries');
    for (const table of tables) {
      for (const row of await readDb<Record<string, unknown>>(site, `SELECT * FROM "${table}"`)) {
        for (const [col, v] of Object.entries(row)) {
          if (col === 'entry_id') expect(v, `${table}.${col}`).not.toBe(id);
          if (table === 'entries' && col === 'id') expect(v).not.toBe(id);
          if (table === 'tokens' && col === 'subject_id' && ['status', 'withdraw', 'guardian-confirm'].includes(String(row.purpose))) expect(v).not.toBe(id);
          if (typeof v === 'string') for (const n of needles) expect(v, `${table}.${col}`).not.toContain(n);
        }
      }
    }
    // The anonymous score stays; the log keeps the reference.
    expect((await readRow<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM scores WHERE entry_id IS NULL'))!.n).toBeGreaterThan(0);
    expect((await readRow<{ action: string }>(site, 'SELECT action FROM audit_log WHERE entry_ref = ? ORDER BY id DESC LIMIT 1', reference))!.action).toBe('entry.erase');
  });
});
