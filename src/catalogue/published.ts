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
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { nowIso, type Db } from '#src/platform/db.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { isLang, type Lang } from '#src/i18n/config.ts';
import { localizedField, type Localized } from '#src/i18n/format.ts';
import { currentEdition, getEdition } from '#src/editions/edition.ts';
import { visibleSql } from '#src/entries/visibility.ts';
import { getJob, jobFileKey, type CatalogueJob } from './jobs.ts';

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

async function toPublication(db: Db, r: Row): Promise<Publication | undefined> {
  const edition = await getEdition(db, r.edition_id);
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
    hasCover: Number(r.has_cover) === 1,
    publishedAt: r.published_at,
  };
}

/** Whether every work a job's PDF holds may still be printed (the rule of entries/visibility.ts). */
export async function stillPrintable(db: Db, job: Pick<CatalogueJob, 'entryIds'>): Promise<boolean> {
  const ids = job.entryIds.filter((n) => Number.isInteger(n));
  if (ids.length === 0) return true;
  const n = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE id IN (${ids.map(() => '?').join(',')}) AND ${visibleSql('printable')}`, ...ids))!.n;
  return Number(n) === ids.length;
}

/** The edition a job's works belong to (the current one when it holds none). */
async function editionOfJob(db: Db, job: CatalogueJob): Promise<number | undefined> {
  const first = job.entryIds.find((n) => Number.isInteger(n));
  const row = first === undefined ? undefined : await db.get<{ edition_id: number }>('SELECT edition_id FROM entries WHERE id = ?', first);
  return row?.edition_id ?? (await currentEdition(db))?.id;
}

/**
 * A small picture of the PDF's first page (poppler's pdftoppm, as the catalogue checks use), or
 * undefined when the tool is missing: the public page then shows the title instead.
 */
export async function coverPicture(pdf: Uint8Array): Promise<Buffer | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-cover-'));
  try {
    const path = join(dir, 'catalogue.pdf');
    await writeFile(path, pdf);
    const { stdout } = await promisify(execFile)('pdftoppm', ['-f', '1', '-l', '1', '-r', '48', '-png', path], { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 });
    return await sharp(stdout).resize({ width: 420, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type PublishResult = { ok: true; id: number } | { ok: false; reason: 'notFound' | 'notDone' | 'notScreen' | 'notPublicLang' | 'missingFile' | 'notPrintable' | 'noEdition' };

/** Publishes a finished screen catalogue; it replaces the edition's current one in that language. */
export async function publishJob(db: Db, storage: Storage, jobId: number, accountId: number | null): Promise<PublishResult> {
  const job = await getJob(db, jobId);
  if (!job) return { ok: false, reason: 'notFound' };
  if (job.state !== 'done') return { ok: false, reason: 'notDone' };
  if (job.edition !== 'screen') return { ok: false, reason: 'notScreen' };
  if (!isLang(job.lang)) return { ok: false, reason: 'notPublicLang' };
  const key = jobFileKey(job);
  const pdf = key ? await storage.read(key) : undefined;
  if (!pdf) return { ok: false, reason: 'missingFile' };
  if (!(await stillPrintable(db, job))) return { ok: false, reason: 'notPrintable' };
  const editionId = await editionOfJob(db, job);
  if (editionId === undefined) return { ok: false, reason: 'noEdition' };
  const etag = createHash('sha256').update(pdf).digest('hex');
  const cover = await coverPicture(pdf);
  const id = await db.tx(async (db) => {
    await db.run(`UPDATE catalogue_publications SET withdrawn_at = ? WHERE edition_id = ? AND lang = ? AND withdrawn_at IS NULL`, nowIso(), editionId, job.lang);
    await db.run('DELETE FROM catalogue_publications WHERE job_id = ?', job.id);
    const row = await db.get<{ id: number }>(
      'INSERT INTO catalogue_publications (job_id, edition_id, lang, pages, bytes, etag, cover, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      job.id, editionId, job.lang, job.pages ?? 0, job.bytes ?? pdf.length, etag.slice(0, 32), cover ?? null, nowIso(), accountId,
    );
    return Number(row!.id);
  });
  return { ok: true, id };
}

/** Takes a publication off the public page; its address answers 404 from then on. */
export async function unpublish(db: Db, publicationId: number): Promise<boolean> {
  return (await db.run(`UPDATE catalogue_publications SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL`, nowIso(), publicationId)).changes === 1;
}

/** The current publications of jobs, by job id (for the admin's list of jobs). */
export async function publicationsByJob(db: Db): Promise<Map<number, { id: number; publishedAt: string }>> {
  const rows = await db.all<{ id: number; job_id: number; published_at: string }>('SELECT id, job_id, published_at FROM catalogue_publications WHERE withdrawn_at IS NULL');
  return new Map(rows.map((r) => [r.job_id, { id: r.id, publishedAt: r.published_at }]));
}

/** A current publication with its PDF, when it may be served. */
export async function servablePublication(db: Db, storage: Storage, editionId: number, lang: string): Promise<{ publication: Publication; key: string } | undefined> {
  const row = await db.get<Row>(`SELECT ${COLUMNS} FROM catalogue_publications WHERE edition_id = ? AND lang = ? AND withdrawn_at IS NULL`, editionId, lang);
  const publication = row && (await toPublication(db, row));
  const job = publication && (await getJob(db, publication.jobId));
  const key = job && jobFileKey(job);
  if (!publication || !job || !key || !(await storage.exists(key)) || !(await stillPrintable(db, job))) return undefined;
  return { publication, key };
}

/** Every publication teachers may download: newest edition first, languages in the site's order. */
export async function listPublished(db: Db, storage: Storage): Promise<Publication[]> {
  const rows = await db.all<{ edition_id: number; lang: string }>('SELECT edition_id, lang FROM catalogue_publications WHERE withdrawn_at IS NULL');
  const found = [];
  for (const r of rows) found.push((await servablePublication(db, storage, r.edition_id, r.lang))?.publication);
  return found
    .filter((p): p is Publication => p !== undefined)
    .sort((a, b) => b.year - a.year || b.editionId - a.editionId || a.lang.localeCompare(b.lang));
}

/** The cover picture of a current publication. */
export async function publicationCover(db: Db, publicationId: number): Promise<Buffer | undefined> {
  const row = await db.get<{ cover: Uint8Array | null }>('SELECT cover FROM catalogue_publications WHERE id = ? AND withdrawn_at IS NULL', publicationId);
  return row?.cover ? Buffer.from(row.cover) : undefined;
}

/** The public addresses of a publication's PDF and cover: stable for its edition and language. */
export const publicationPath = (p: Pick<Publication, 'editionId' | 'lang'>, ext: 'pdf' | 'webp') => `/catalogue/${p.editionId}/${p.lang}.${ext}`;

/** The file name a download is saved under. */
export const publicationFileName = (p: Pick<Publication, 'year' | 'lang'>) => `kreslena-pravda-katalog-${p.year}-${p.lang}.pdf`;
