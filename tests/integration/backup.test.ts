import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSiteDb, ROOT, startSite, type Site } from '../helpers/site.ts';
import { createBucket, createPgDatabase, engineMissing } from '../helpers/engines.ts';
import { storageUrl, S3_CREDENTIALS } from '../helpers/s3.ts';
import { inject } from 'vitest';
import { entryForm } from '../helpers/entry.ts';
import { noiseJpeg } from '../helpers/images.ts';

const sites: Site[] = [];
afterAll(async () => {
  for (const s of sites) await s.stop();
});

function env(dataDir: string): Record<string, string | undefined> {
  const e: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
  delete e.BASE_URL; // vitest sets it to "/" for Vite
  return e;
}
const run = (args: string[], dataDir: string) => execFileSync(process.execPath, [join(ROOT, 'scripts/backup.ts'), ...args], { cwd: ROOT, env: env(dataDir), encoding: 'utf8' });

function tables(file: string): Record<string, unknown[]> {
  const db = new DatabaseSync(file, { readOnly: true });
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const n of names) out[n] = db.prepare(`SELECT * FROM "${n}" ORDER BY rowid`).all();
  db.close();
  return out;
}
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('backup and restore', () => {
  it('takes a consistent backup while entries keep arriving, and restores it whole into an empty directory', async () => {
    const site = await startSite({ demo: true, env: { ENTRY_RATE_LIMIT: '100000' } });
    sites.push(site);
    const jpeg = await noiseJpeg(1000, 1300, { mean: 100, sigma: 30 });
    const submit = (i: number) => {
      const f = entryForm({ title: `During backup ${i}`, artistEmail: `backup-${i}@example.org` }, [jpeg]);
      return fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: f, headers: { Origin: site.base } }).then((r) => r.status);
    };
    const out = join(mkdtempSync(join(tmpdir(), 'ct-backup-')), 'b');
    // Load runs before, during and after the backup.
    const load = Promise.all(Array.from({ length: 12 }, (_, i) => new Promise((r) => setTimeout(r, i * 150)).then(() => submit(i))));
    // Run asynchronously, so this test keeps sending entries while the backup runs.
    const backup = promisify(execFile)(process.execPath, [join(ROOT, 'scripts/backup.ts'), '--out', out], { cwd: ROOT, env: env(site.dataDir), encoding: 'utf8' });
    const [{ stdout: log }, statuses] = await Promise.all([backup, load]);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(log).toMatch(/\d+ entries, \d+ files/);

    const snapshot = tables(join(out, 'cartoon-truth.sqlite'));
    expect(snapshot.entries!.length).toBeGreaterThanOrEqual(24);
    expect(snapshot.tour_stops!.length).toBeGreaterThan(0);

    // Every entry in the snapshot is identical to the live one, files included.
    const live = openSiteDb(site.dataDir);
    for (const e of snapshot.entries as { id: number; reference: string; title: string }[]) {
      const l = live.prepare('SELECT reference, title FROM entries WHERE id = ?').get(e.id) as { reference: string; title: string };
      expect(l).toEqual({ reference: e.reference, title: e.title });
      for (const f of readdirSync(join(out, 'artworks', String(e.id)))) {
        expect(sha(join(out, 'artworks', String(e.id), f))).toBe(sha(join(site.dataDir, 'artworks', String(e.id), f)));
      }
    }
    live.close();

    // Restore into an empty directory: the same rows in every table, the same files, a working site.
    const target = mkdtempSync(join(tmpdir(), 'ct-restored-'));
    run(['--restore', '--from', out], target);
    expect(tables(join(target, 'cartoon-truth.sqlite'))).toEqual(snapshot);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    for (const f of manifest.files.filter((x) => x.path.startsWith('artworks'))) expect(sha(join(target, f.path))).toBe(f.sha256);

    const restored = await startSite({ dataDir: target, demo: true });
    sites.push(restored);
    expect((await fetch(`${restored.base}/cs/gallery`)).status).toBe(200);
    expect(execFileSync(process.execPath, [join(ROOT, 'scripts/doctor.ts')], { cwd: ROOT, env: env(target), encoding: 'utf8' })).toContain('all good');

    // Restoring over data is refused, and a damaged backup is refused.
    expect(() => run(['--restore', '--from', out], target)).toThrow(/not empty/);
    rmSync(join(out, manifest.files.find((f) => f.path.startsWith('artworks'))!.path));
    expect(() => run(['--restore', '--from', out], mkdtempSync(join(tmpdir(), 'ct-r2-')))).toThrow(/not intact/);
  }, 300_000);

  it('a second backup copies only what changed and links the rest; each restores byte-identical', async () => {
    const site = await startSite({ demo: true });
    sites.push(site);
    const root = mkdtempSync(join(tmpdir(), 'ct-backups-'));
    const first = run(['--out', join(root, 'day-1')], site.dataDir);
    expect(first).toMatch(/linked 0 unchanged/);

    // One new entry arrives between the two backups.
    const f = entryForm({ title: 'Between backups' }, [await noiseJpeg(1000, 1300)]);
    expect((await fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: f })).status).toBe(200);

    // The previous backup is found beside the new one, as a daily timer leaves them.
    const second = run(['--out', join(root, 'day-2')], site.dataDir);
    type M = { entries: number; files: { path: string; bytes: number; sha256: string }[] };
    const m1 = JSON.parse(readFileSync(join(root, 'day-1', 'manifest.json'), 'utf8')) as M;
    const m2 = JSON.parse(readFileSync(join(root, 'day-2', 'manifest.json'), 'utf8')) as M;
    expect(m2.entries).toBe(m1.entries + 1);
    const before = new Set(m1.files.map((x) => x.path));
    const added = m2.files.filter((x) => !before.has(x.path));
    expect(added.length).toBeGreaterThan(0);
    // Copied: the database and the new entry's files; every other artwork is the same file on disk as yesterday's.
    expect(second).toContain(`copied ${added.length + 1} files`);
    expect(second).toContain(`linked ${m2.files.length - added.length - 1} unchanged`);
    expect(second).toMatch(/ in \d+\.\d s/);
    for (const x of m2.files.filter((y) => y.path.startsWith('artworks') && before.has(y.path))) {
      expect(statSync(join(root, 'day-2', x.path)).ino).toBe(statSync(join(root, 'day-1', x.path)).ino);
    }
    for (const x of added) expect(statSync(join(root, 'day-2', x.path)).nlink).toBe(1);

    // Either backup restores on its own, byte for byte; deleting the older one does not harm the newer.
    rmSync(join(root, 'day-1'), { recursive: true });
    const target = mkdtempSync(join(tmpdir(), 'ct-restored-'));
    run(['--restore', '--from', join(root, 'day-2')], target);
    for (const x of m2.files) expect(sha(join(target, x.path)), x.path).toBe(x.sha256);
    for (const x of m2.files.filter((y) => y.path.startsWith('artworks'))) expect(sha(join(target, x.path))).toBe(sha(join(site.dataDir, x.path)));
  }, 300_000);
});

describe.skipIf(engineMissing('postgres'))('backup and restore on PostgreSQL and a bucket', () => {
  it('dumps the database with pg_dump and the bucket\'s pictures while entries keep arriving, and restores both into a new database and bucket', async () => {
    const site = await startSite({ engine: 'postgres', demo: true, env: { ENTRY_RATE_LIMIT: '100000' } });
    sites.push(site);
    const jpeg = await noiseJpeg(1000, 1300, { mean: 90, sigma: 30 });
    const submit = (i: number) =>
      fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: entryForm({ title: `Při záloze ${i}`, artistEmail: `pg-backup-${i}@example.org` }, [jpeg]), headers: { Origin: site.base } }).then((r) => r.status);
    const pgEnv = (dataDir: string, shared: Record<string, string>) => ({ ...env(dataDir), ...shared });
    const out = join(mkdtempSync(join(tmpdir(), 'ct-pg-backup-')), 'b');
    const load = Promise.all(Array.from({ length: 8 }, (_, i) => new Promise((r) => setTimeout(r, i * 150)).then(() => submit(i))));
    const backup = promisify(execFile)(process.execPath, [join(ROOT, 'scripts/backup.ts'), '--out', out], { cwd: ROOT, env: pgEnv(site.dataDir, site.shared), encoding: 'utf8' });
    const [{ stdout: log }, statuses] = await Promise.all([backup, load]);
    expect(statuses.every((x) => x === 200)).toBe(true);
    expect(log).toMatch(/\d+ entries, \d+ files/);

    type M = { engine: string; database: string; entries: number; files: { path: string; sha256: string }[] };
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as M;
    expect(manifest).toMatchObject({ engine: 'postgres', database: 'database.dump' });
    expect(manifest.files[0]!.path).toBe('database.dump');
    // The pictures in the backup are the bucket's, byte for byte, for every entry of the snapshot.
    const storage = await site.storage();
    const pictures = manifest.files.filter((f) => f.path.startsWith('artworks/'));
    expect(pictures.length).toBeGreaterThan(manifest.entries);
    for (const f of pictures) expect(createHash('sha256').update((await storage.read(f.path))!).digest('hex'), f.path).toBe(f.sha256);

    // Restore into a new, empty database and bucket.
    const restoredEnv = { DATABASE_URL: await createPgDatabase('restored'), STORAGE_URL: storageUrl(inject('s3Endpoint'), await createBucket('restored')), ...S3_CREDENTIALS };
    const target = mkdtempSync(join(tmpdir(), 'ct-pg-restored-'));
    const restore = (dataDir: string, shared: Record<string, string>) =>
      execFileSync(process.execPath, [join(ROOT, 'scripts/backup.ts'), '--restore', '--from', out], { cwd: ROOT, env: pgEnv(dataDir, shared), encoding: 'utf8', stdio: 'pipe' });
    expect(restore(target, restoredEnv)).toContain(`restored ${manifest.entries} entries`);

    const restored = await startSite({ dataDir: target, shared: restoredEnv });
    sites.push(restored);
    const live = await site.db();
    const back = await restored.db();
    const rows = await back.all<{ id: number; reference: string; title: string }>('SELECT id, reference, title FROM entries ORDER BY id');
    expect(rows).toHaveLength(manifest.entries);
    for (const r of rows) expect(await live.get('SELECT id, reference, title FROM entries WHERE id = ?', r.id)).toEqual(r);
    // The planner has statistics at once, not only once autovacuum gets round to the tables.
    expect(await back.get(`SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE relname IN ('entries', 'entry_pages') AND last_analyze IS NOT NULL`)).toEqual({ n: 2 });
    const restoredStore = await restored.storage();
    for (const f of pictures) expect(createHash('sha256').update((await restoredStore.read(f.path))!).digest('hex'), f.path).toBe(f.sha256);
    expect((await fetch(`${restored.base}/cs/gallery`)).status).toBe(200);
    expect(execFileSync(process.execPath, [join(ROOT, 'scripts/doctor.ts')], { cwd: ROOT, env: pgEnv(target, restoredEnv), encoding: 'utf8' })).toContain('all good');

    // A database or bucket that already holds data is refused, and so is restoring without DATABASE_URL.
    expect(() => restore(mkdtempSync(join(tmpdir(), 'ct-r3-')), restoredEnv)).toThrow(/already holds artworks|not empty/);
    expect(() => restore(mkdtempSync(join(tmpdir(), 'ct-r4-')), {})).toThrow(/PostgreSQL site: restore it with DATABASE_URL/);
  }, 300_000);
});
