/**
 * Print products made from the admin: one job at a time, run in the background in this process by
 * the same renderPrint as the command line (render.ts), against this very site, its progress kept
 * in `catalogue_jobs` and the PDF (and its contact sheet) in the file store under catalogue/ (the
 * data directory or the bucket, never a public place). The PDFs are
 * organisers' files: handed out only under /admin, and erasing an entry deletes every job file
 * whose `entry_ids` list it (backoffice/erase.ts).
 *
 * Plain, erasable TypeScript only.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '#src/platform/app.ts';
import { tmpDir } from '#src/artworks/storage.ts';
import type { Db } from '#src/platform/db.ts';
import { visibleSql, type Visibility } from '#src/entries/visibility.ts';
import { renderPrint } from './render.ts';
import { contactSheetPath } from './pdf/contact-sheet.ts';
import { printOptionsSchema, productSlug, type PrintOptions, type Product } from './products/products.ts';

export { printOptionsSchema as jobInputSchema };
export type JobInput = PrintOptions;

export interface CatalogueJob {
  id: number;
  product: Product;
  options: PrintOptions;
  lang: string;
  format: string;
  edition: string;
  state: 'running' | 'done' | 'failed';
  progress: string;
  pages: number | null;
  bytes: number | null;
  file: string | null;
  contactSheet: string | null;
  entryIds: number[];
  report: { level: string; message: string }[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface Row {
  id: number;
  product: Product;
  options: string;
  lang: string;
  format: string;
  edition: string;
  state: CatalogueJob['state'];
  progress: string;
  pages: number | null;
  bytes: number | null;
  file: string | null;
  contact_sheet: string | null;
  entry_ids: string;
  report: string;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

function optionsOf(r: Row): PrintOptions {
  const parsed = printOptionsSchema.safeParse({ lang: r.lang, format: r.format, edition: r.edition, ...(JSON.parse(r.options) as object), product: r.product });
  return parsed.success ? parsed.data : { product: 'catalogue', lang: 'cs', format: 'a4', edition: 'print', force: false };
}

const toJob = (r: Row): CatalogueJob => ({
  id: r.id,
  product: r.product,
  options: optionsOf(r),
  lang: r.lang,
  format: r.format,
  edition: r.edition,
  state: r.state,
  progress: r.progress,
  pages: r.pages,
  bytes: r.bytes,
  file: r.file,
  contactSheet: r.contact_sheet,
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

/** This very site over loopback: print routes are rendered from it with the print key, not a session. */
export function siteOverLoopback(): string {
  return `http://127.0.0.1:${process.env.PORT ?? '4321'}`;
}

/** Starts a job unless one is running. The site's own loopback address is what the job renders. */
export async function startJob(app: App, options: PrintOptions, accountId: number | null, siteBase: string): Promise<StartResult> {
  const { db, config, storage } = app;
  await reapInterrupted(db);
  const { product, lang } = options;
  const format = options.product === 'catalogue' ? options.format : '';
  const edition = options.product === 'catalogue' ? options.edition : '';
  const id = await db.tx(
    async (db) => {
      if (await db.get("SELECT 1 AS x FROM catalogue_jobs WHERE state = 'running'")) return undefined;
      return (await db.get<{ id: number }>(
        'INSERT INTO catalogue_jobs (product, options, lang, format, edition, progress, created_by, owner, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        product, JSON.stringify(options), lang, format, edition, 'starting', accountId, OWNER, Date.now(),
      ))!.id;
    },
    { locks: [JOBS_LOCK] },
  );
  if (id === undefined) return { ok: false, reason: 'busy' };
  const name = `job-${id}-${productSlug(options)}.pdf`;
  // Rendered to this process's scratch space, then kept in the file store (data directory or bucket).
  mkdirSync(tmpDir(config.dataDir), { recursive: true });
  const out = join(tmpDir(config.dataDir), name);
  const sheet = contactSheetPath(out);
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
  renderPrint({ base: siteBase, db, options, out }, log)
    .then(async (r) => {
      await storage.write(`catalogue/${name}`, readFileSync(out), 'application/pdf');
      const sheetKey = r.contactSheet ? `catalogue/${contactSheetPath(name)}` : null;
      if (sheetKey) await storage.write(sheetKey, readFileSync(sheet), 'image/png');
      await db.run(
        `UPDATE catalogue_jobs SET state = 'done', progress = 'done', pages = ?, bytes = ?, file = ?, contact_sheet = ?, entry_ids = ?, report = ?, finished_at = ct_now() WHERE id = ?`,
        r.pages, r.bytes, `catalogue/${name}`, sheetKey, JSON.stringify(r.entryIds), JSON.stringify(r.report), id,
      );
    })
    .catch(async (err: Error) => {
      const reasons = [...problems.filter((l) => l.startsWith('ERROR')).slice(-11), err.message].join('\n');
      await db.run(`UPDATE catalogue_jobs SET state = 'failed', error = ?, finished_at = ct_now() WHERE id = ?`, reasons.slice(-3000), id).catch(() => {});
    })
    .finally(() => {
      clearInterval(heartbeat);
      rmSync(out, { force: true });
      rmSync(sheet, { force: true });
    });
  return { ok: true, id };
}

const JOB_FILE = /^catalogue\/job-\d+-[a-z0-9-]+(\.pdf|-contact-sheet\.png)$/;

/** The store key of a finished job's PDF (or its contact sheet), when it has one. */
export function jobFileKey(job: CatalogueJob, which: 'pdf' | 'contact-sheet' = 'pdf'): string | undefined {
  const file = which === 'pdf' ? job.file : job.contactSheet;
  if (job.state !== 'done' || !file || !JOB_FILE.test(file)) return undefined;
  return file;
}

/** Which entries a product may still hold: the catalogue and its kin printable works, labels exhibited ones, certificates accepted ones. */
const HOLDS: Record<Product, Visibility | 'accepted'> = { catalogue: 'printable', worksheets: 'printable', poster: 'printable', labels: 'exhibitable', certificates: 'accepted', backlabels: 'accepted', packinglist: 'exhibitable', returnslips: 'accepted', consentforms: 'accepted' };

/**
 * Whether a finished job's file may still be handed out: false once a work in it was withdrawn,
 * rejected or erased since it was made (make a new one then).
 */
export async function jobStillValid(db: Db, job: CatalogueJob): Promise<boolean> {
  const ids = job.entryIds.filter((n) => Number.isInteger(n));
  if (ids.length === 0) return true;
  const rule = HOLDS[job.product];
  const cond = rule === 'accepted' ? `status = 'accepted'` : visibleSql(rule);
  const still = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE id IN (${ids.map(() => '?').join(',')}) AND ${cond}`, ...ids))!.n;
  return still === ids.length;
}

/** The file name a job's PDF is downloaded under. */
export function downloadName(job: CatalogueJob): string {
  return `${productSlug(job.options)}-${job.id}.pdf`;
}
