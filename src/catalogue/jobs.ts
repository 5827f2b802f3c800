/**
 * Catalogue PDFs made from the admin: one job at a time, run in the background in this process by
 * the same renderCatalogue as the command line (render.ts), against this very site, its progress
 * kept in `catalogue_jobs` and the PDF under <DATA_DIR>/catalogue/.
 *
 * Plain, erasable TypeScript only.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOGUE_LANGS } from '#src/i18n/config.ts';
import type { App } from '#src/platform/app.ts';
import { catalogueDir } from './images.ts';
import { renderCatalogue } from './render.ts';
import { EDITIONS, FORMATS } from '#src/artworks/print-size.ts';
import type { Db } from '#src/platform/db.ts';

export const jobInputSchema = z.object({
  lang: z.enum(CATALOGUE_LANGS),
  format: z.enum(FORMATS),
  edition: z.enum(EDITIONS),
  force: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false),
});
export type JobInput = z.infer<typeof jobInputSchema>;

export interface CatalogueJob {
  id: number;
  lang: string;
  format: string;
  edition: string;
  state: 'running' | 'done' | 'failed';
  progress: string;
  pages: number | null;
  bytes: number | null;
  file: string | null;
  entryIds: number[];
  report: { level: string; message: string }[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface Row {
  id: number;
  lang: string;
  format: string;
  edition: string;
  state: CatalogueJob['state'];
  progress: string;
  pages: number | null;
  bytes: number | null;
  file: string | null;
  entry_ids: string;
  report: string;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const toJob = (r: Row): CatalogueJob => ({
  id: r.id,
  lang: r.lang,
  format: r.format,
  edition: r.edition,
  state: r.state,
  progress: r.progress,
  pages: r.pages,
  bytes: r.bytes,
  file: r.file,
  entryIds: JSON.parse(r.entry_ids) as number[],
  report: JSON.parse(r.report) as CatalogueJob['report'],
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

// The running job, kept across module reloads; a job the database calls running that is not
// running in this process was cut off by a restart.
const holder = globalThis as { __catalogueJob?: { id: number } };

export function listJobs(db: Db, limit = 20): CatalogueJob[] {
  reapInterrupted(db);
  return db.all<Row>('SELECT * FROM catalogue_jobs ORDER BY id DESC LIMIT ?', limit).map(toJob);
}

export function getJob(db: Db, id: number): CatalogueJob | undefined {
  reapInterrupted(db);
  const row = db.get<Row>('SELECT * FROM catalogue_jobs WHERE id = ?', id);
  return row ? toJob(row) : undefined;
}

function reapInterrupted(db: Db): void {
  const live = holder.__catalogueJob?.id ?? -1;
  db.run(
    `UPDATE catalogue_jobs SET state = 'failed', error = 'interrupted (the site restarted)', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
     WHERE state = 'running' AND id <> ?`,
    live,
  );
}

export type StartResult = { ok: true; id: number } | { ok: false; reason: 'busy' };

/** Starts a job unless one is running. The site's own loopback address is what the job renders. */
export function startJob(app: App, input: JobInput, accountId: number | null, siteBase: string): StartResult {
  const { db, config } = app;
  reapInterrupted(db);
  const id = db.tx(() => {
    if (db.get("SELECT 1 AS x FROM catalogue_jobs WHERE state = 'running'")) return undefined;
    return db.run('INSERT INTO catalogue_jobs (lang, format, edition, progress, created_by) VALUES (?, ?, ?, ?, ?)', input.lang, input.format, input.edition, 'starting', accountId)
      .lastInsertRowid;
  });
  if (id === undefined) return { ok: false, reason: 'busy' };
  const dir = catalogueDir(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `job-${id}-${input.lang}-${input.format}-${input.edition}.pdf`;
  holder.__catalogueJob = { id };
  const problems: string[] = [];
  const log = (message: string, kind: 'progress' | 'item') => {
    if (kind === 'item') problems.push(message);
    else db.run("UPDATE catalogue_jobs SET progress = ? WHERE id = ? AND state = 'running'", message.slice(0, 300), id);
  };
  renderCatalogue({ base: siteBase, db, lang: input.lang, format: input.format, edition: input.edition, out: join(dir, name), force: input.force }, log)
    .then((r) => {
      db.run(
        `UPDATE catalogue_jobs SET state = 'done', progress = 'done', pages = ?, bytes = ?, file = ?, entry_ids = ?, report = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
        r.pages, r.bytes, `catalogue/${name}`, JSON.stringify(r.entryIds), JSON.stringify(r.report), id,
      );
    })
    .catch((err: Error) => {
      const reasons = [...problems.filter((l) => l.startsWith('ERROR')).slice(-11), err.message].join('\n');
      db.run(`UPDATE catalogue_jobs SET state = 'failed', error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`, reasons.slice(-3000), id);
    })
    .finally(() => {
      if (holder.__catalogueJob?.id === id) holder.__catalogueJob = undefined;
    });
  return { ok: true, id };
}

/** The absolute path of a finished job's PDF, when it still exists. */
export function jobFile(dataDir: string, job: CatalogueJob): string | undefined {
  if (job.state !== 'done' || !job.file || !/^catalogue\/job-\d+-[a-z0-9-]+\.pdf$/.test(job.file)) return undefined;
  const path = join(dataDir, job.file);
  return existsSync(path) ? path : undefined;
}
