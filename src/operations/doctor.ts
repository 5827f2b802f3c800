import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '#src/platform/app.ts';
import { artworkKey, artworksDir, derivativeName, entryIdOfKey, entryPrefix, masterKey, masterName, tmpDir } from '#src/artworks/storage.ts';
import { schemaVersion } from '#src/platform/db.ts';
import { processImage } from '#src/artworks/images.ts';
import type { StoredObject } from '#src/platform/storage/index.ts';
import { periodicTasks } from '#src/platform/workers.ts';

/**
 * Checks the file store (data directory or bucket) against the database: every entry has its
 * master and derivatives, every entry's files have their row, nothing is left in staging, the
 * schema is current. `repair` fixes what is safe: files of uploads that never committed and
 * staging leftovers are removed, missing derivatives are made again from the master. A missing
 * master cannot be repaired (restore it from a backup); it is reported as an error.
 */
export type ProblemKind = 'schema-behind' | 'missing-dir' | 'missing-master' | 'missing-derivative' | 'orphan-dir' | 'staging-leftover';

export interface Problem {
  kind: ProblemKind;
  entryId?: number;
  /** The storage key (or, for staging in the data directory, the path) concerned. */
  path?: string;
  detail: string;
  repairable: boolean;
  repaired?: boolean;
}

export interface DoctorReport {
  entries: number;
  files: number;
  problems: Problem[];
  /** Problems left after repair (or all of them without repair). */
  remaining: number;
}

interface PageRow {
  entry_id: number;
  page_no: number;
  widths: string;
}

/** Every object under artworks/, by entry id, with the time the newest of them was written. */
async function artworkObjects(app: App): Promise<Map<number, { names: Set<string>; newestMs: number }>> {
  const byEntry = new Map<number, { names: Set<string>; newestMs: number }>();
  const add = (o: StoredObject) => {
    const id = entryIdOfKey(o.key);
    if (id === undefined) return;
    const e = byEntry.get(id) ?? { names: new Set<string>(), newestMs: 0 };
    e.names.add(o.key.slice(entryPrefix(id).length));
    e.newestMs = Math.max(e.newestMs, o.modifiedMs);
    byEntry.set(id, e);
  };
  for (const o of await app.storage.list('artworks/')) add(o);
  return byEntry;
}

export async function runDoctor(
  app: App,
  opts: { repair?: boolean; minAgeMs?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DoctorReport> {
  const { db, config, storage } = app;
  const minAgeMs = opts.minAgeMs ?? 0;
  const problems: Problem[] = [];
  let files = 0;

  const schema = await schemaVersion(db);
  if (schema.current !== schema.latest) {
    problems.push({ kind: 'schema-behind', detail: `schema ${schema.current} of ${schema.latest}: start the site to migrate`, repairable: false });
  }

  // Objects first, rows second: an upload committing in between shows as a row with its files,
  // never as files without a row.
  const objects = await artworkObjects(app);
  const ids = new Set((await db.all<{ id: number }>('SELECT id FROM entries')).map((r) => r.id));
  const pages = await db.all<PageRow>('SELECT entry_id, page_no, widths FROM entry_pages ORDER BY entry_id, page_no');
  const byEntry = new Map<number, PageRow[]>();
  for (const p of pages) byEntry.set(p.entry_id, [...(byEntry.get(p.entry_id) ?? []), p]);

  let checked = 0;
  for (const id of ids) {
    opts.onProgress?.(++checked, ids.size);
    const have = objects.get(id)?.names;
    if (!have) {
      problems.push({ kind: 'missing-dir', entryId: id, path: entryPrefix(id), detail: `entry ${id} has no pictures at all`, repairable: false });
      continue;
    }
    for (const p of byEntry.get(id) ?? []) {
      if (!have.has(masterName(p.page_no))) {
        problems.push({ kind: 'missing-master', entryId: id, path: masterKey(id, p.page_no), detail: `entry ${id} page ${p.page_no}: print master missing`, repairable: false });
        continue;
      }
      files++;
      for (const w of JSON.parse(p.widths) as number[]) {
        for (const fmt of ['avif', 'webp'] as const) {
          const name = derivativeName(p.page_no, w, fmt);
          if (have.has(name)) files++;
          else problems.push({ kind: 'missing-derivative', entryId: id, path: artworkKey(id, name), detail: `entry ${id} page ${p.page_no}: ${w} px ${fmt} missing`, repairable: true });
        }
      }
    }
  }

  const now = Date.now();
  for (const [id, o] of objects) {
    if (ids.has(id) || (minAgeMs > 0 && now - o.newestMs < minAgeMs)) continue;
    problems.push({ kind: 'orphan-dir', entryId: id, path: entryPrefix(id), detail: `artworks/${id} belongs to no entry (an upload that never committed)`, repairable: true });
  }
  const oldEnough = (path: string) => minAgeMs <= 0 || now - statSync(path).mtimeMs >= minAgeMs;
  if (existsSync(tmpDir(config.dataDir))) {
    for (const name of readdirSync(tmpDir(config.dataDir))) {
      const path = join(tmpDir(config.dataDir), name);
      if (!oldEnough(path)) continue;
      problems.push({ kind: 'staging-leftover', path, detail: `tmp/${name} is an unfinished upload`, repairable: true });
    }
  }
  // Anything else in the artworks folder that is not an entry's (files only; a bucket has no folders).
  if (storage.kind === 'files' && existsSync(artworksDir(config.dataDir))) {
    for (const name of readdirSync(artworksDir(config.dataDir))) {
      const path = join(artworksDir(config.dataDir), name);
      if (/^\d+$/.test(name)) {
        // An entry's folder left empty (its files gone, its row never committed): no object lists it.
        const id = Number(name);
        if (!ids.has(id) && !objects.has(id) && oldEnough(path)) {
          problems.push({ kind: 'orphan-dir', entryId: id, path: entryPrefix(id), detail: `artworks/${id} belongs to no entry (an upload that never committed)`, repairable: true });
        }
        continue;
      }
      if (!oldEnough(path)) continue;
      problems.push({ kind: 'staging-leftover', path, detail: `artworks/${name} is not an entry's folder`, repairable: true });
    }
  }

  if (opts.repair) {
    for (const p of problems) {
      if (!p.repairable || !p.path) continue;
      if (p.kind === 'orphan-dir') {
        await storage.removePrefix(p.path);
        p.repaired = true;
      } else if (p.kind === 'staging-leftover') {
        rmSync(p.path, { recursive: true, force: true });
        p.repaired = true;
      }
    }
    await regenerateDerivatives(app, problems.filter((p) => p.kind === 'missing-derivative'));
  }
  return { entries: ids.size, files, problems, remaining: problems.filter((p) => !p.repaired).length };
}

/** Makes missing derivatives again from the entry's master (one decode per page). */
async function regenerateDerivatives(app: App, missing: Problem[]): Promise<void> {
  const pagesToDo = new Map<string, Problem[]>();
  for (const p of missing) {
    const page = /p(\d+)-\d+\.(avif|webp)$/.exec(p.path!)![1]!;
    const key = `${p.entryId}:${page}`;
    pagesToDo.set(key, [...(pagesToDo.get(key) ?? []), p]);
  }
  for (const [key, list] of pagesToDo) {
    const [entryId, pageNo] = key.split(':').map(Number) as [number, number];
    const master = await app.storage.read(masterKey(entryId, pageNo));
    if (!master) continue;
    const processed = await processImage(new Uint8Array(master), { minShortSide: 1 });
    for (const p of list) {
      const [, w, fmt] = /-(\d+)\.(avif|webp)$/.exec(p.path!)!;
      const d = processed.derivatives.find((x) => x.width === Number(w) && x.format === fmt) ?? processed.derivatives.filter((x) => x.format === fmt).at(-1);
      if (!d) continue;
      await app.storage.write(p.path!, d.data);
      p.repaired = true;
    }
  }
}

export function formatReport(r: DoctorReport, repaired: boolean): string {
  const lines = [`${r.entries} entries, ${r.files} files checked`];
  for (const p of r.problems) lines.push(`  ${p.repaired ? 'repaired' : p.repairable ? (repaired ? 'NOT repaired' : 'repairable') : 'ERROR'}: ${p.detail}`);
  lines.push(r.problems.length === 0 ? 'all good' : `${r.problems.length} problem(s), ${r.remaining} remaining${!repaired && r.problems.some((p) => p.repairable) ? ' (run with --repair)' : ''}`);
  return lines.join('\n');
}

/**
 * What start-up clears in the embedded mode, where this process holds the data directory's lock:
 * staging folders and artwork folders whose entry row never committed (a crash between moving the
 * files and the commit).
 */
export async function removeUncommitted(app: App): Promise<number> {
  const { db, config } = app;
  const ids = new Set((await db.all<{ id: number }>('SELECT id FROM entries')).map((r) => r.id));
  let removed = 0;
  for (const base of [artworksDir(config.dataDir), tmpDir(config.dataDir)]) {
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      if (base === artworksDir(config.dataDir) && /^\d+$/.test(name) && ids.has(Number(name))) continue;
      rmSync(join(base, name), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/** How old files without a row must be before anyone may call them leftovers: longer than an upload can take. */
export const ORPHAN_AGE_MS = 30 * 60 * 1000;

/**
 * With several processes (PostgreSQL), nobody holds the data directory: each process, hourly,
 * removes only what is certainly dead, files without a row older than ORPHAN_AGE_MS and its own
 * data directory's stale staging.
 */
export async function removeStaleUploads(app: App, minAgeMs = ORPHAN_AGE_MS): Promise<number> {
  const report = await runDoctor(app, { minAgeMs });
  let removed = 0;
  for (const p of report.problems) {
    if (p.kind === 'orphan-dir') await app.storage.removePrefix(p.path!);
    else if (p.kind === 'staging-leftover') rmSync(p.path!, { recursive: true, force: true });
    else continue;
    removed++;
  }
  return removed;
}

periodicTasks.push({
  name: 'stale uploads',
  everyMs: 60 * 60 * 1000,
  // Embedded, the process holding the data directory cleared everything at start; nothing can be left since.
  run: async (app) => {
    if (app.db.engine === 'postgres') await removeStaleUploads(app);
  },
});
