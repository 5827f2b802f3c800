import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { App } from '#src/platform/app.ts';
import { artworksDir, derivativeName, entryDir, masterPath, tmpDir } from '#src/artworks/storage.ts';
import { schemaVersion } from '#src/platform/db.ts';
import { processImage } from '#src/artworks/images.ts';
import { removeUploads, staleUploads, UPLOAD_ID } from '#src/artworks/uploads.ts';

/**
 * Checks the data directory against the database: every entry has its master and derivatives,
 * every artwork folder has its entry, nothing is left in staging, no background upload is older
 * than a day without an entry, the schema is current. `repair` fixes what is safe: folders of
 * uploads that never committed, staging leftovers and stale uploads are removed, missing
 * derivatives are made again from the master. A missing master cannot be
 * repaired (restore it from a backup); it is reported as an error.
 */
export type ProblemKind = 'schema-behind' | 'missing-dir' | 'missing-master' | 'missing-derivative' | 'orphan-dir' | 'staging-leftover' | 'stale-upload';

export interface Problem {
  kind: ProblemKind;
  entryId?: number;
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

export async function runDoctor(
  app: App,
  opts: { repair?: boolean; minAgeMs?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DoctorReport> {
  const { db, config } = app;
  const dataDir = config.dataDir;
  const minAgeMs = opts.minAgeMs ?? 0;
  const problems: Problem[] = [];
  let files = 0;

  const schema = schemaVersion(db);
  if (schema.current !== schema.latest) {
    problems.push({ kind: 'schema-behind', detail: `schema ${schema.current} of ${schema.latest}: start the site to migrate`, repairable: false });
  }

  const ids = new Set(db.all<{ id: number }>('SELECT id FROM entries').map((r) => r.id));
  const pages = db.all<PageRow>('SELECT entry_id, page_no, widths FROM entry_pages ORDER BY entry_id, page_no');
  const byEntry = new Map<number, PageRow[]>();
  for (const p of pages) byEntry.set(p.entry_id, [...(byEntry.get(p.entry_id) ?? []), p]);

  let checked = 0;
  for (const id of ids) {
    opts.onProgress?.(++checked, ids.size);
    const dir = entryDir(dataDir, id);
    if (!existsSync(dir)) {
      problems.push({ kind: 'missing-dir', entryId: id, path: dir, detail: `entry ${id} has no artwork folder`, repairable: false });
      continue;
    }
    for (const p of byEntry.get(id) ?? []) {
      const master = masterPath(dataDir, id, p.page_no);
      if (!existsSync(master)) {
        problems.push({ kind: 'missing-master', entryId: id, path: master, detail: `entry ${id} page ${p.page_no}: print master missing`, repairable: false });
        continue;
      }
      files++;
      for (const w of JSON.parse(p.widths) as number[]) {
        for (const fmt of ['avif', 'webp'] as const) {
          const path = join(dir, derivativeName(p.page_no, w, fmt));
          if (existsSync(path)) files++;
          else problems.push({ kind: 'missing-derivative', entryId: id, path, detail: `entry ${id} page ${p.page_no}: ${w} px ${fmt} missing`, repairable: true });
        }
      }
    }
  }

  const now = Date.now();
  const oldEnough = (path: string) => minAgeMs <= 0 || now - statSync(path).mtimeMs >= minAgeMs;
  if (existsSync(artworksDir(dataDir))) {
    for (const name of readdirSync(artworksDir(dataDir))) {
      const path = join(artworksDir(dataDir), name);
      if (/^\d+$/.test(name) && ids.has(Number(name))) continue;
      if (!oldEnough(path)) continue;
      problems.push({ kind: 'orphan-dir', path, detail: `artworks/${name} belongs to no entry (an upload that never committed)`, repairable: true });
    }
  }
  if (existsSync(tmpDir(dataDir))) {
    for (const name of readdirSync(tmpDir(dataDir))) {
      const path = join(tmpDir(dataDir), name);
      if (!oldEnough(path)) continue;
      problems.push({ kind: 'staging-leftover', path, detail: `tmp/${name} is an unfinished upload`, repairable: true });
    }
  }

  const stale = staleUploads(db, dataDir, now);
  for (const id of stale.ids) problems.push({ kind: 'stale-upload', path: id, detail: `uploads/${id} was uploaded over a day ago and never sent with an entry`, repairable: true });
  for (const path of stale.orphans) problems.push({ kind: 'stale-upload', path, detail: `uploads/${basename(path)} belongs to no upload`, repairable: true });

  if (opts.repair) {
    for (const p of problems) {
      if (p.kind === 'stale-upload' && p.path) {
        if (UPLOAD_ID.test(p.path)) removeUploads(db, dataDir, [p.path]);
        else rmSync(p.path, { recursive: true, force: true });
        p.repaired = true;
        continue;
      }
      if (!p.repairable || !p.path) continue;
      if (p.kind === 'orphan-dir' || p.kind === 'staging-leftover') {
        rmSync(p.path, { recursive: true, force: true });
        p.repaired = true;
      }
    }
    await regenerateDerivatives(dataDir, problems.filter((p) => p.kind === 'missing-derivative'));
  }
  return { entries: ids.size, files, problems, remaining: problems.filter((p) => !p.repaired).length };
}

/** Makes missing derivatives again from the entry's master (one decode per page). */
async function regenerateDerivatives(dataDir: string, missing: Problem[]): Promise<void> {
  const pagesToDo = new Map<string, Problem[]>();
  for (const p of missing) {
    const page = /p(\d+)-/.exec(p.path!)![1]!;
    const key = `${p.entryId}:${page}`;
    pagesToDo.set(key, [...(pagesToDo.get(key) ?? []), p]);
  }
  for (const [key, list] of pagesToDo) {
    const [entryId, pageNo] = key.split(':').map(Number) as [number, number];
    const processed = await processImage(new Uint8Array((await import('node:fs')).readFileSync(masterPath(dataDir, entryId, pageNo))), { minShortSide: 1 });
    for (const p of list) {
      const [, w, fmt] = /-(\d+)\.(avif|webp)$/.exec(p.path!)!;
      const d = processed.derivatives.find((x) => x.width === Number(w) && x.format === fmt) ?? processed.derivatives.filter((x) => x.format === fmt).at(-1);
      if (!d) continue;
      writeFileSync(p.path!, d.data);
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
 * What start-up clears when this process holds the data lock: staging folders and artwork folders
 * whose entry row never committed (a crash between moving the files and the commit).
 */
export function removeUncommitted(app: App): number {
  const { db, config } = app;
  const ids = new Set(db.all<{ id: number }>('SELECT id FROM entries').map((r) => r.id));
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
