/**
 * Catalogue PDFs made from the admin: one job at a time, run in the background in this process by
 * the same renderCatalogue as the command line (render.ts), against this very site, its progress
 * kept in `catalogue_jobs` and the PDF under <DATA_DIR>/catalogue/.
 *
 * Plain, erasable TypeScript only.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOGUE_LANGS } from '#src/i18n/config.ts';
import type { App } from '#src/platform/app.ts';
import { tmpDir } from '#src/artworks/storage.ts';
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

/**
 * With several server processes a job runs in the one that started it, which says so every few
 * seconds (heartbeat_at). A job whose process stopped saying so was cut off (a restart, a crash);
 * any process then calls it failed. One job at a time across all processes.
 */
const HEARTBEAT_MS = 5_000;
const DEAD_AFTER_MS = 30_000;
const JOBS_LOCK = 'catalogue-jobs';
const OWNER = `${process.pid}-${randomUUID().slice(0, 8)}`;

export async function listJobs(db: Db, limit = 20): Promise<CatalogueJob[]> {
  await reapInterrupted(db);
  return (await db.all<Row>('SELECT * FROM catalogue_jobs ORDER BY id DESC LIMIT ?', limit)).map(toJob);
}

export async function getJob(db: Db, id: number): Promise<CatalogueJob | undefined> {
  await reapInterrupted(db);
  const row = await db.get<Row>('SELECT * FROM catalogue_jobs WHERE id = ?', id);
  return row ? toJob(row) : undefined;
}

async function reapInterrupted(db: Db, now = Date.now()): Promise<void> {
  await db.run(
    `UPDATE catalogue_jobs SET state = 'failed', error = 'interrupted (the site restarted)', finished_at = ct_now()
     WHERE state = 'running' AND heartbeat_at < ?`,
    now - DEAD_AFTER_MS,
  );
}

export type StartResult = { ok: true; id: number } | { ok: false; reason: 'busy' };

/** Starts a job unless one is running. The site's own loopback address is what the job renders. */
export async function startJob(app: App, input: JobInput, accountId: number | null, siteBase: string): Promise<StartResult> {
  const { db, config, storage } = app;
  await reapInterrupted(db);
  const id = await db.tx(
    async (db) => {
      if (await db.get("SELECT 1 AS x FROM catalogue_jobs WHERE state = 'running'")) return undefined;
      return (await db.get<{ id: number }>(
        'INSERT INTO catalogue_jobs (lang, format, edition, progress, created_by, owner, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
        input.lang, input.format, input.edition, 'starting', accountId, OWNER, Date.now(),
      ))!.id;
    },
    { locks: [JOBS_LOCK] },
  );
  if (id === undefined) return { ok: false, reason: 'busy' };
  const name = `job-${id}-${input.lang}-${input.format}-${input.edition}.pdf`;
  // Rendered to this process's scratch space, then kept in the file store (data directory or bucket).
  mkdirSync(tmpDir(config.dataDir), { recursive: true });
  const out = join(tmpDir(config.dataDir), name);
  const problems: string[] = [];
  let progress = 'starting';
  // Progress and heartbeat are a courtesy: a lost update must not stop the job.
  const beat = () => void db.run("UPDATE catalogue_jobs SET progress = ?, heartbeat_at = ? WHERE id = ? AND state = 'running'", progress, Date.now(), id).catch(() => {});
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  heartbeat.unref();
  const log = (message: string, kind: 'progress' | 'item') => {
    if (kind === 'item') problems.push(message);
    else {
      progress = message.slice(0, 300);
      beat();
    }
  };
  renderCatalogue({ base: siteBase, db, lang: input.lang, format: input.format, edition: input.edition, out, force: input.force }, log)
    .then(async (r) => {
      await storage.write(`catalogue/${name}`, readFileSync(out), 'application/pdf');
      await db.run(
        `UPDATE catalogue_jobs SET state = 'done', progress = 'done', pages = ?, bytes = ?, file = ?, entry_ids = ?, report = ?, finished_at = ct_now() WHERE id = ?`,
        r.pages, r.bytes, `catalogue/${name}`, JSON.stringify(r.entryIds), JSON.stringify(r.report), id,
      );
    })
    .catch(async (err: Error) => {
      const reasons = [...problems.filter((l) => l.startsWith('ERROR')).slice(-11), err.message].join('\n');
      await db.run(`UPDATE catalogue_jobs SET state = 'failed', error = ?, finished_at = ct_now() WHERE id = ?`, reasons.slice(-3000), id).catch(() => {});
    })
    .finally(() => {
      clearInterval(heartbeat);
      rmSync(out, { force: true });
    });
  return { ok: true, id };
}

/** The store key of a finished job's PDF (catalogue/job-….pdf), when it has one. */
export function jobFileKey(job: CatalogueJob): string | undefined {
  if (job.state !== 'done' || !job.file || !/^catalogue\/job-\d+-[a-z0-9-]+\.pdf$/.test(job.file)) return undefined;
  return job.file;
}
