import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { closeApp, openApp } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { runDoctor } from '#src/operations/doctor.ts';
import { endAfterSchoolDays, isoWeekday, isSchoolDay } from '#src/tour/availability.ts';
import { ROOT, signIn, startSite, type Site } from '../helpers/site.ts';
import { engineMissing } from '../helpers/engines.ts';
import { entryForm } from '../helpers/entry.ts';
import { noiseJpeg } from '../helpers/images.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Several server processes on one PostgreSQL database and one bucket give the same answers as one:
 * what one stores the other shows (with the same validators), rules re-checked in transactions
 * hold across processes, and a process that dies mid-upload loses nothing it confirmed.
 */
describe.skipIf(engineMissing('postgres'))('two server processes on one PostgreSQL and one bucket', () => {
  let a: Site;
  let b: Site;
  let cookie = '';
  let jpeg: Buffer;
  const env = { ENTRY_RATE_LIMIT: '100000' };
  const year = new Date().getFullYear();

  beforeAll(async () => {
    a = await startSite({ engine: 'postgres', env });
    b = await startSite({ shared: a.shared, env });
    // Sessions live in the database: signed in through the first, the organiser is signed in on both.
    cookie = await signIn(a);
    jpeg = await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#457b9d' } }).jpeg().toBuffer();
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const submit = async (site: Site, over: Record<string, string>, pages: Uint8Array[] = [jpeg]) => {
    const r = await fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: entryForm(over, pages), headers: { Origin: site.base } });
    const body = await r.text();
    return { status: r.status, reference: /CT-\d{4}-\d{4}/.exec(body)?.[0] };
  };
  const post = (site: Site, path: string, fields: Record<string, string>, withCookie = true) =>
    fetch(`${site.base}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers: { Origin: site.base, ...(withCookie ? { cookie } : {}) }, redirect: 'manual' });
  const references = async () => (await (await a.db()).all<{ reference: string }>('SELECT reference FROM entries ORDER BY seq')).map((r) => r.reference);
  const gapless = (n: number) => Array.from({ length: n }, (_, i) => `CT-${year}-${String(i + 1).padStart(4, '0')}`);

  it('an entry sent to the first and accepted on the second shows in the first\'s gallery with the second\'s ETag', async () => {
    // Both have drawn (and cached) the gallery before the entry exists.
    const before = await fetch(`${a.base}/cs/gallery`);
    expect(before.status).toBe(200);
    const staleEtag = before.headers.get('etag');
    expect((await fetch(`${b.base}/cs/gallery`)).headers.get('etag')).toBe(staleEtag);

    const { status, reference } = await submit(a, { title: 'Dva procesy', lang: 'cs' });
    expect(status).toBe(200);
    const { id } = (await (await a.db()).get<{ id: number }>('SELECT id FROM entries WHERE reference = ?', reference!))!;
    const accepted = await post(b, '/_actions/reviewEntry', { id: String(id), decision: 'accepted' });
    expect(accepted.status).toBe(200);

    const [fromA, fromB] = await Promise.all([fetch(`${a.base}/cs/gallery`), fetch(`${b.base}/cs/gallery`)]);
    expect(await fromA.text()).toContain('Dva procesy');
    expect(await fromB.text()).toContain('Dva procesy');
    const etag = fromA.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(etag).not.toBe(staleEtag);
    expect(fromB.headers.get('etag')).toBe(etag);
    // Either process answers the other's validator with 304, and the old one with the new page.
    expect((await fetch(`${b.base}/cs/gallery`, { headers: { 'If-None-Match': etag! } })).status).toBe(304);
    expect((await fetch(`${a.base}/cs/gallery`, { headers: { 'If-None-Match': staleEtag! } })).status).toBe(200);
    // The artwork page and its pictures come from the one bucket through either process.
    const page = await (await fetch(`${b.base}/cs/gallery/${id}`)).text();
    const picture = /\/media\/\d+\/\d+\/p1-\d+\.(?:avif|webp)/.exec(page)?.[0];
    expect(picture).toBeDefined();
    expect((await fetch(`${a.base}${picture}`)).status).toBe(200);
  });

  it('50 racing confirmations of overlapping tour requests across both processes confirm exactly one', async () => {
    expect((await post(a, '/_actions/tourSaveSet', { name: 'Putovní sada', panels: '20', wallM: '15', bufferBefore: '2', bufferAfter: '2', active: 'on' })).status).toBe(200);
    let first = addDays(todayInPrague(), 56);
    while (isoWeekday(first) !== 1 || !isSchoolDay(first)) first = addDays(first, 1);
    for (let i = 0; i < 50; i++) {
      const r = await post(i % 2 ? b : a, '/en/tour/book?_action=requestTour', {
        lang: 'en', school: `ZŠ číslo ${i}`, address: `Školní ${i}`, town: 'Jihlava', region: 'VYS', teacher: `Učitel ${i}`, email: `teacher${i}@school.test`,
        phone: '+420 601 234 567', first1: endAfterSchoolDays(first, (i % 5) + 1), last1: addDays(endAfterSchoolDays(first, (i % 5) + 1), 11), pupils: '25', ages: '12–15', wallM: '20',
      }, false);
      // Post/redirect/get: the request's own page.
      expect(r.status).toBe(303);
    }
    const ids = (await (await a.db()).all<{ id: number }>('SELECT id FROM tour_requests ORDER BY id')).map((r) => r.id);
    expect(ids).toHaveLength(50);
    const answers = await Promise.all(ids.map((id, i) => post(i % 2 ? b : a, '/_actions/tourConfirm', { id: String(id) }).then(async (r) => ({ status: r.status, body: await r.text() }))));
    expect(answers.map((x) => x.status)).toEqual(Array(50).fill(200));
    expect(answers.filter((x) => !x.body.includes('conflict'))).toHaveLength(1);
    const db = await a.db();
    expect(await db.get("SELECT COUNT(*) AS n FROM tour_stops WHERE status = 'confirmed'")).toEqual({ n: 1 });
    expect(await db.get("SELECT COUNT(*) AS n FROM tour_requests WHERE status = 'confirmed'")).toEqual({ n: 1 });
  });

  it('100 entries sent at once across both processes get gapless references', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => submit(i % 2 ? b : a, { title: `Souběžná ${i}`, artistEmail: `rush-${i}@example.org` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(new Set(results.map((r) => r.reference)).size).toBe(100);
    expect(await references()).toEqual(gapless(101));
  });

  it('a process killed with SIGKILL during uploads loses no entry it confirmed; the others carry on', async () => {
    const big = await noiseJpeg(2400, 3200, { quality: 85 });
    const c = await startSite({ shared: a.shared, env });
    const seen: string[] = [];
    try {
      const uploads = Array.from({ length: 16 }, (_, i) =>
        submit(c, { title: `Pád ${i}`, category: 'comic', artistEmail: `crash-${i}@example.org` }, [big, big])
          .then((r) => void (r.status === 200 && r.reference && seen.push(r.reference)))
          .catch(() => undefined),
      );
      await waitFor(() => seen.length >= 2, { timeoutMs: 90_000, intervalMs: 50, what: 'two stored entries' }).catch(() => undefined);
      await c.kill();
      await Promise.all(uploads);
    } finally {
      await c.stop();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(16);

    // Every confirmed entry is there with both pages, in the database and in the bucket.
    const db = await a.db();
    const storage = await a.storage();
    const rows = await db.all<{ id: number; reference: string; pages: number }>(
      "SELECT e.id, e.reference, (SELECT COUNT(*) FROM entry_pages p WHERE p.entry_id = e.id) AS pages FROM entries e WHERE e.title LIKE 'Pád %'",
    );
    for (const ref of seen) expect(rows.map((r) => r.reference), `${ref} was confirmed to the client`).toContain(ref);
    for (const row of rows) {
      expect(row.pages).toBe(2);
      const keys = (await storage.list(`artworks/${row.id}/`)).map((o) => o.key);
      expect(keys).toEqual(expect.arrayContaining([`artworks/${row.id}/p1.jpg`, `artworks/${row.id}/p2.jpg`]));
    }
    // A transaction cut off by the kill took no reference with it.
    expect(await references()).toEqual(gapless(101 + rows.length));

    // The doctor, run while the others serve, leaves uploads that may still be in flight alone and
    // finds nothing wrong with any row.
    const cli = execFileSync(process.execPath, [join(ROOT, 'scripts/doctor.ts')], { cwd: ROOT, env: { ...process.env, ...a.shared, DATA_DIR: a.dataDir, BASE_URL: a.base }, encoding: 'utf8' });
    expect(cli).toContain('uploads younger than 2 minutes left alone');
    expect(cli).toContain('all good');
    // Told nothing is in flight, it removes the pictures of the uploads the kill cut off.
    const app = await openApp(loadConfig({ DATA_DIR: a.dataDir, ...a.shared }));
    try {
      const repaired = await runDoctor(app, { repair: true });
      expect(repaired.problems.every((p) => p.kind === 'orphan-dir' && p.repaired)).toBe(true);
      const ids = new Set((await db.all<{ id: number }>('SELECT id FROM entries')).map((r) => r.id));
      const prefixes = new Set((await storage.list('artworks/')).map((o) => Number(o.key.split('/')[1])));
      expect([...prefixes].filter((id) => !ids.has(id))).toEqual([]);
      expect((await runDoctor(app)).problems).toEqual([]);
    } finally {
      await closeApp(app);
    }

    // The survivors still take entries, and the numbering goes on without a gap.
    const after = await submit(b, { title: 'Po pádu' });
    expect(after.status).toBe(200);
    expect(await references()).toEqual(gapless(102 + rows.length));
  });
});
