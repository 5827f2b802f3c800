/**
 * Print products made from the admin: one job at a time, run in the background in this process by
 * the same renderPrint as the command line (render.ts), against this very site, its progress kept
 * in `catalogue_jobs` and the PDF (and its contact sheet) under <DATA_DIR>/catalogue/. The PDFs are
 * organisers' files: handed out only under /admin, and erasing an entry deletes every job file
 * whose `entry_ids` list it (backoffice/erase.ts).
 *
 * Plain, erasable TypeScript only.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '#src/platform/app.ts';
import type { Db } from '#src/platform/db.ts';
import { visibleSql, type Visibility } from '#src/entries/visibility.ts';
import { catalogueDir } from './images.ts';
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
export function startJob(app: App, options: PrintOptions, accountId: number | null, siteBase: string): StartResult {
  const { db, config } = app;
  reapInterrupted(db);
  const { product, lang } = options;
  const format = options.product === 'catalogue' ? options.format : '';
  const edition = options.product === 'catalogue' ? options.edition : '';
  const id = db.tx(() => {
    if (db.get("SELECT 1 AS x FROM catalogue_jobs WHERE state = 'running'")) return undefined;
    return db.run('INSERT INTO catalogue_jobs (product, options, lang, format, edition, progress, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)', product, JSON.stringify(options), lang, format, edition, 'starting', accountId)
      .lastInsertRowid;
  });
  if (id === undefined) return { ok: false, reason: 'busy' };
  const dir = catalogueDir(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `job-${id}-${productSlug(options)}.pdf`;
  holder.__catalogueJob = { id };
  const problems: string[] = [];
  const log = (message: string, kind: 'progress' | 'item') => {
    if (kind === 'item') problems.push(message);
    else db.run("UPDATE catalogue_jobs SET progress = ? WHERE id = ? AND state = 'running'", message.slice(0, 300), id);
  };
  renderPrint({ base: siteBase, db, options, out: join(dir, name) }, log)
    .then((r) => {
      db.run(
        `UPDATE catalogue_jobs SET state = 'done', progress = 'done', pages = ?, bytes = ?, file = ?, contact_sheet = ?, entry_ids = ?, report = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
        r.pages, r.bytes, `catalogue/${name}`, r.contactSheet ? `catalogue/${contactSheetPath(name)}` : null, JSON.stringify(r.entryIds), JSON.stringify(r.report), id,
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

const JOB_FILE = /^catalogue\/job-\d+-[a-z0-9-]+(\.pdf|-contact-sheet\.png)$/;

/** The absolute path of a finished job's PDF (or its contact sheet), when it still exists. */
export function jobFile(dataDir: string, job: CatalogueJob, which: 'pdf' | 'contact-sheet' = 'pdf'): string | undefined {
  const file = which === 'pdf' ? job.file : job.contactSheet;
  if (job.state !== 'done' || !file || !JOB_FILE.test(file)) return undefined;
  const path = join(dataDir, file);
  return existsSync(path) ? path : undefined;
}

/** Which entries a product may still hold: the catalogue and its kin printable works, labels exhibited ones, certificates accepted ones. */
const HOLDS: Record<Product, Visibility | 'accepted'> = { catalogue: 'printable', worksheets: 'printable', poster: 'printable', labels: 'exhibitable', certificates: 'accepted' };

/**
 * Whether a finished job's file may still be handed out: false once a work in it was withdrawn,
 * rejected or erased since it was made (make a new one then).
 */
export function jobStillValid(db: Db, job: CatalogueJob): boolean {
  const ids = job.entryIds.filter((n) => Number.isInteger(n));
  if (ids.length === 0) return true;
  const rule = HOLDS[job.product];
  const cond = rule === 'accepted' ? `status = 'accepted'` : visibleSql(rule);
  const still = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE id IN (${ids.map(() => '?').join(',')}) AND ${cond}`, ...ids)!.n;
  return still === ids.length;
}

/** The file name a job's PDF is downloaded under. */
export function downloadName(job: CatalogueJob): string {
  return `${productSlug(job.options)}-${job.id}.pdf`;
}
