/**
 * Screen catalogues published for teachers. An organiser publishes a finished screen-edition job
 * (catalogue_jobs) of an edition in one language; the public page lists the current publication of
 * every edition and language with a cover picture, page count and size, and serves the PDF at a
 * stable address (/catalogue/<edition>/<lang>.pdf) with a validator, so browsers and caches keep it
 * and revalidate cheaply. A publication whose PDF holds a work that may no longer be printed
 * (withdrawn, rejected, erased) is not listed or served: the organisers make and publish a new one.
 *
 * Plain, erasable TypeScript only.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Db } from '#src/platform/db.ts';
import { isLang, type Lang } from '#src/i18n/config.ts';
import { localizedField, type Localized } from '#src/i18n/format.ts';
import { currentEdition, getEdition } from '#src/editions/edition.ts';
import { visibleSql } from '#src/entries/visibility.ts';
import { getJob, jobFile, type CatalogueJob } from './jobs.ts';

export interface Publication {
  id: number;
  jobId: number;
  editionId: number;
  year: number;
  editionTitle: Localized;
  lang: Lang;
  pages: number;
  bytes: number;
  etag: string;
  hasCover: boolean;
  publishedAt: string;
}

interface Row {
  id: number;
  job_id: number;
  edition_id: number;
  lang: string;
  pages: number;
  bytes: number;
  etag: string;
  has_cover: number;
  published_at: string;
}

const COLUMNS = 'id, job_id, edition_id, lang, pages, bytes, etag, cover IS NOT NULL AS has_cover, published_at';

function toPublication(db: Db, r: Row): Publication | undefined {
  const edition = getEdition(db, r.edition_id);
  if (!edition || !isLang(r.lang)) return undefined;
  return {
    id: r.id,
    jobId: r.job_id,
    editionId: r.edition_id,
    year: edition.year,
    editionTitle: localizedField(edition, 'title'),
    lang: r.lang,
    pages: r.pages,
    bytes: r.bytes,
    etag: r.etag,
    hasCover: r.has_cover === 1,
    publishedAt: r.published_at,
  };
}

/** Whether every work a job's PDF holds may still be printed (the rule of entries/visibility.ts). */
export function stillPrintable(db: Db, job: Pick<CatalogueJob, 'entryIds'>): boolean {
  const ids = job.entryIds.filter((n) => Number.isInteger(n));
  if (ids.length === 0) return true;
  const n = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE id IN (${ids.map(() => '?').join(',')}) AND ${visibleSql('printable')}`, ...ids)!.n;
  return n === ids.length;
}

/** The edition a job's works belong to (the current one when it holds none). */
function editionOfJob(db: Db, job: CatalogueJob): number | undefined {
  const first = job.entryIds.find((n) => Number.isInteger(n));
  const row = first === undefined ? undefined : db.get<{ edition_id: number }>('SELECT edition_id FROM entries WHERE id = ?', first);
  return row?.edition_id ?? currentEdition(db)?.id;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A small picture of the PDF's first page (poppler's pdftoppm, as the catalogue checks use), or
 * undefined when the tool is missing: the public page then shows the title instead.
 */
export async function coverPicture(pdf: string): Promise<Buffer | undefined> {
  try {
    const { stdout } = await promisify(execFile)('pdftoppm', ['-f', '1', '-l', '1', '-r', '48', '-png', pdf], { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 });
    return await sharp(stdout).resize({ width: 420, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  } catch {
    return undefined;
  }
}

export type PublishResult = { ok: true; id: number } | { ok: false; reason: 'notFound' | 'notDone' | 'notScreen' | 'notPublicLang' | 'missingFile' | 'notPrintable' | 'noEdition' };

/** Publishes a finished screen catalogue; it replaces the edition's current one in that language. */
export async function publishJob(db: Db, dataDir: string, jobId: number, accountId: number | null): Promise<PublishResult> {
  const job = getJob(db, jobId);
  if (!job) return { ok: false, reason: 'notFound' };
  if (job.state !== 'done') return { ok: false, reason: 'notDone' };
  if (job.edition !== 'screen') return { ok: false, reason: 'notScreen' };
  if (!isLang(job.lang)) return { ok: false, reason: 'notPublicLang' };
  const path = jobFile(dataDir, job);
  if (!path) return { ok: false, reason: 'missingFile' };
  if (!stillPrintable(db, job)) return { ok: false, reason: 'notPrintable' };
  const editionId = editionOfJob(db, job);
  if (editionId === undefined) return { ok: false, reason: 'noEdition' };
  const [etag, cover] = await Promise.all([sha256(path), coverPicture(path)]);
  const id = db.tx(() => {
    db.run(`UPDATE catalogue_publications SET withdrawn_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE edition_id = ? AND lang = ? AND withdrawn_at IS NULL`, editionId, job.lang);
    db.run('DELETE FROM catalogue_publications WHERE job_id = ?', job.id);
    return db.run(
      'INSERT INTO catalogue_publications (job_id, edition_id, lang, pages, bytes, etag, cover, published_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      job.id, editionId, job.lang, job.pages ?? 0, job.bytes ?? 0, etag.slice(0, 32), cover ?? null, accountId,
    ).lastInsertRowid;
  });
  return { ok: true, id };
}

/** Takes a publication off the public page; its address answers 404 from then on. */
export function unpublish(db: Db, publicationId: number): boolean {
  return db.run(`UPDATE catalogue_publications SET withdrawn_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND withdrawn_at IS NULL`, publicationId).changes === 1;
}

/** The current publications of jobs, by job id (for the admin's list of jobs). */
export function publicationsByJob(db: Db): Map<number, { id: number; publishedAt: string }> {
  const rows = db.all<{ id: number; job_id: number; published_at: string }>('SELECT id, job_id, published_at FROM catalogue_publications WHERE withdrawn_at IS NULL');
  return new Map(rows.map((r) => [r.job_id, { id: r.id, publishedAt: r.published_at }]));
}

/** A current publication with its PDF, when it may be served. */
export function servablePublication(db: Db, dataDir: string, editionId: number, lang: string): { publication: Publication; path: string } | undefined {
  const row = db.get<Row>(`SELECT ${COLUMNS} FROM catalogue_publications WHERE edition_id = ? AND lang = ? AND withdrawn_at IS NULL`, editionId, lang);
  const publication = row && toPublication(db, row);
  const job = publication && getJob(db, publication.jobId);
  const path = job && jobFile(dataDir, job);
  if (!publication || !job || !path || !existsSync(path) || !stillPrintable(db, job)) return undefined;
  return { publication, path };
}

/** Every publication teachers may download: newest edition first, languages in the site's order. */
export function listPublished(db: Db, dataDir: string): Publication[] {
  const rows = db.all<{ edition_id: number; lang: string }>('SELECT edition_id, lang FROM catalogue_publications WHERE withdrawn_at IS NULL');
  return rows
    .map((r) => servablePublication(db, dataDir, r.edition_id, r.lang)?.publication)
    .filter((p): p is Publication => p !== undefined)
    .sort((a, b) => b.year - a.year || b.editionId - a.editionId || a.lang.localeCompare(b.lang));
}

/** The cover picture of a current publication. */
export function publicationCover(db: Db, publicationId: number): Buffer | undefined {
  const row = db.get<{ cover: Uint8Array | null }>('SELECT cover FROM catalogue_publications WHERE id = ? AND withdrawn_at IS NULL', publicationId);
  return row?.cover ? Buffer.from(row.cover) : undefined;
}

/** The public addresses of a publication's PDF and cover: stable for its edition and language. */
export const publicationPath = (p: Pick<Publication, 'editionId' | 'lang'>, ext: 'pdf' | 'webp') => `/catalogue/${p.editionId}/${p.lang}.${ext}`;

/** The file name a download is saved under. */
export const publicationFileName = (p: Pick<Publication, 'year' | 'lang'>) => `kreslena-pravda-katalog-${p.year}-${p.lang}.pdf`;
