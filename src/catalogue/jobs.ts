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
import { LANGS } from '#src/i18n/config.ts';
import type { App } from '#src/platform/app.ts';
import { catalogueDir } from './images.ts';
import { renderCatalogue } from './render.ts';
import { EDITIONS, FORMATS } from '#src/artworks/print-size.ts';
import type { Db } from '#src/platform/db.ts';

export const jobInputSchema = z.object({
  lang: z.enum(LANGS),
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

export async function listJobs(db: Db, limit = 20): Promise<CatalogueJob[]> {
  await reapInterrupted(db);
  return (await db.all<Row>('SELECT * FROM catalogue_jobs ORDER BY id DESC LIMIT ?', limit)).map(toJob);
}

export async function getJob(db: Db, id: number): Promise<CatalogueJob | undefined> {
  await reapInterrupted(db);
  const row = await db.get<Row>('SELECT * FROM catalogue_jobs WHERE id = ?', id);
  return row ? toJob(row) : undefined;
}

async function reapInterrupted(db: Db): Promise<void> {
  const live = holder.__catalogueJob?.id ?? -1;
  await db.run(
    `UPDATE catalogue_jobs SET state = 'failed', error = 'interrupted (the site restarted)', finished_at = ct_now()
     WHERE state = 'running' AND id <> ?`,
    live,
  );
}

export type StartResult = { ok: true; id: number } | { ok: false; reason: 'busy' };

/** Starts a job unless one is running. The site's own loopback address is what the job renders. */
export async function startJob(app: App, input: JobInput, accountId: number | null, siteBase: string): Promise<StartResult> {
  const { db, config } = app;
  await reapInterrupted(db);
  const id = await db.tx(async (db) => {
    if (await db.get("SELECT 1 AS x FROM catalogue_jobs WHERE state = 'running'")) return undefined;
    return (await db.get<{ id: number }>('INSERT INTO catalogue_jobs (lang, format, edition, progress, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id', input.lang, input.format, input.edition, 'starting', accountId))!
      .id;
  });
  if (id === undefined) return { ok: false, reason: 'busy' };
  const dir = catalogueDir(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `job-${id}-${input.lang}-${input.format}-${input.edition}.pdf`;
  holder.__catalogueJob = { id };
  const problems: string[] = [];
  const log = (message: string, kind: 'progress' | 'item') => {
    if (kind === 'item') problems.push(message);
    // Progress is a courtesy: a lost update must not stop the job.
    else void db.run("UPDATE catalogue_jobs SET progress = ? WHERE id = ? AND state = 'running'", message.slice(0, 300), id).catch(() => {});
  };
  renderCatalogue({ base: siteBase, db, lang: input.lang, format: input.format, edition: input.edition, out: join(dir, name), force: input.force }, log)
    .then(async (r) => {
      await db.run(
        `UPDATE catalogue_jobs SET state = 'done', progress = 'done', pages = ?, bytes = ?, file = ?, entry_ids = ?, report = ?, finished_at = ct_now() WHERE id = ?`,
        r.pages, r.bytes, `catalogue/${name}`, JSON.stringify(r.entryIds), JSON.stringify(r.report), id,
      );
    })
    .catch(async (err: Error) => {
      const reasons = [...problems.filter((l) => l.startsWith('ERROR')).slice(-11), err.message].join('\n');
      await db.run(`UPDATE catalogue_jobs SET state = 'failed', error = ?, finished_at = ct_now() WHERE id = ?`, reasons.slice(-3000), id);
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
