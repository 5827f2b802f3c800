import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { nowIso, type Db } from '#src/platform/db.ts';
import { DEFAULT_POLICY, UPLOAD_LIMITS } from './image-policy.ts';
import { ImageRejectedError, imageQueue, processImage, type ImageErrorCode, type ProcessedImage } from './images.ts';
import { derivativeName } from './storage.ts';
import { QueueFullError } from '#src/platform/work-queue.ts';
import { periodicTasks } from '#src/platform/workers.ts';

/**
 * Pages uploaded in the background while the artist fills in the form, with the tus protocol
 * (tus.io: @tus/server here, tus-js-client in the browser), so a dropped connection resumes where
 * it stopped instead of sending the page again. Each finished upload is judged at once by the same
 * image policy as a plain form post (images.ts: processImage), and the verdict is kept with it; the
 * entry form then sends only references to judged pages.
 *
 *   DATA_DIR/uploads/<id>           the bytes as they arrive (tus FileStore), and <id>.json its record
 *   DATA_DIR/uploads/<id>.judged/   master and web derivatives of a page that passed the policy
 *
 * The `uploads` table holds who sent it (the client address counts against the per-IP limit), its
 * size and verdict. Uploads never used by an entry are removed after a day (sweepUploads).
 */
export const UPLOADS_PATH = '/uploads';
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}
const judgedDir = (dataDir: string, id: string) => join(uploadsDir(dataDir), `${id}.judged`);

export type UploadState = 'uploading' | 'judging' | 'ok' | 'rejected';

/** What the browser learns about one upload: judged fine, refused (with the policy's reason), or not finished. */
export type Verdict =
  | { state: 'ok'; width: number; height: number }
  | { state: 'rejected'; code: ImageErrorCode | 'busy'; detail?: Record<string, string | number> }
  | { state: 'uploading' | 'judging' };

interface UploadRow {
  id: string;
  client: string;
  size: number;
  state: UploadState;
  code: string | null;
  detail: string | null;
  width: number | null;
  height: number | null;
  widths: string | null;
  placeholder: string | null;
  created_at: string;
}

async function getRow(db: Db, id: string): Promise<UploadRow | undefined> {
  return UPLOAD_ID.test(id) ? await db.get<UploadRow>('SELECT * FROM uploads WHERE id = ?', id) : undefined;
}

function verdictOf(row: UploadRow): Verdict {
  if (row.state === 'ok') return { state: 'ok', width: row.width ?? 0, height: row.height ?? 0 };
  if (row.state === 'rejected') return { state: 'rejected', code: (row.code ?? 'corrupt') as ImageErrorCode, ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, string | number> } : {}) };
  return { state: row.state };
}

const servers = new Map<string, Server>();

/** The tus server of a data directory. Uploads larger than the image policy allows are refused when created. */
export function tusServer(dataDir: string): Server {
  let server = servers.get(dataDir);
  if (!server) {
    mkdirSync(uploadsDir(dataDir), { recursive: true });
    server = new Server({
      path: UPLOADS_PATH,
      datastore: new FileStore({ directory: uploadsDir(dataDir) }),
      maxSize: DEFAULT_POLICY.maxBytes,
      // The browser resolves the upload's address against the page: right behind any proxy.
      relativeLocation: true,
      // Same origin only: the middleware refuses cross-site writes, and no other site may read.
      allowedOrigins: [],
    });
    servers.set(dataDir, server);
  }
  return server;
}

/** Records a new upload and the client it came from (after tus created it). */
export async function recordUpload(db: Db, id: string, client: string, size: number): Promise<void> {
  await db.run('INSERT INTO uploads (id, client, size, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', id, client, size, nowIso());
}

const judging = new Map<string, Promise<Verdict>>();

/**
 * The verdict on an upload: judged once when its last byte arrives (or when first asked after a
 * restart), by the image policy of images.ts, in the same queue as every other picture.
 */
export async function judgeUpload(db: Db, dataDir: string, id: string): Promise<Verdict | undefined> {
  const row = await getRow(db, id);
  if (!row) return undefined;
  if (row.state === 'ok' || row.state === 'rejected') return verdictOf(row);
  const path = join(uploadsDir(dataDir), id);
  if (!existsSync(path) || statSync(path).size < row.size) return { state: 'uploading' };
  let pending = judging.get(id);
  if (!pending) {
    pending = judge(db, dataDir, id, path).finally(() => judging.delete(id));
    judging.set(id, pending);
  }
  return await pending;
}

async function judge(db: Db, dataDir: string, id: string, path: string): Promise<Verdict> {
  await db.run(`UPDATE uploads SET state = 'judging' WHERE id = ? AND state = 'uploading'`, id);
  let processed: ProcessedImage;
  try {
    processed = await imageQueue.run(async () => processImage(new Uint8Array(await readFile(path))));
  } catch (err) {
    if (err instanceof QueueFullError) {
      // Not a verdict on the picture: it is judged again when next asked.
      await db.run(`UPDATE uploads SET state = 'uploading' WHERE id = ?`, id);
      return { state: 'rejected', code: 'busy' };
    }
    if (!(err instanceof ImageRejectedError)) throw err;
    const min: Record<string, number> = typeof err.detail?.minShortSide === 'number' ? { min: err.detail.minShortSide } : {};
    await db.run(`UPDATE uploads SET state = 'rejected', code = ?, detail = ?, judged_at = ? WHERE id = ?`, err.code, JSON.stringify(min), nowIso(), id);
    return { state: 'rejected', code: err.code, detail: min };
  }
  const dir = judgedDir(dataDir, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'page.jpg'), processed.master);
  for (const d of processed.derivatives) writeFileSync(join(dir, derivativeName(0, d.width, d.format)), d.data);
  const widths = [...new Set(processed.derivatives.map((d) => d.width))];
  await db.run(
    `UPDATE uploads SET state = 'ok', width = ?, height = ?, widths = ?, placeholder = ?, judged_at = ? WHERE id = ?`,
    processed.width, processed.height, JSON.stringify(widths), processed.placeholder, nowIso(), id,
  );
  // The bytes as sent stay until the entry is sent or the upload expires: a client that lost the
  // last answer asks tus for the upload again (HEAD), which needs them.
  return { state: 'ok', width: processed.width, height: processed.height };
}

/** A judged page ready to become page `pageNo` of an entry, or why it cannot. */
export type JudgedPage =
  | { ok: true; width: number; height: number; widths: number[]; placeholder: string }
  | { ok: false; key: 'uploadMissing' | 'uploadUnfinished' } | { ok: false; key: `image.${ImageErrorCode}`; params?: Record<string, number> };

export async function judgedPage(db: Db, id: string): Promise<JudgedPage> {
  const row = await getRow(db, id);
  if (!row) return { ok: false, key: 'uploadMissing' };
  if (row.state === 'rejected') {
    const detail = row.detail ? (JSON.parse(row.detail) as Record<string, number>) : {};
    return { ok: false, key: `image.${row.code as ImageErrorCode}`, params: detail };
  }
  if (row.state !== 'ok') return { ok: false, key: 'uploadUnfinished' };
  return { ok: true, width: row.width!, height: row.height!, widths: JSON.parse(row.widths ?? '[]') as number[], placeholder: row.placeholder ?? '' };
}

/**
 * A judged page's pictures as the image policy made them (master and web derivatives), read back
 * so the entry's upload writes them to the file store like any other page (artworks/storage.ts).
 */
export async function judgedImage(dataDir: string, id: string, page: { width: number; height: number; placeholder: string }): Promise<ProcessedImage> {
  const dir = judgedDir(dataDir, id);
  const derivatives: ProcessedImage['derivatives'] = [];
  for (const name of await readdir(dir)) {
    const m = /^p0-(\d+)\.(avif|webp)$/.exec(name);
    if (!m) continue;
    const width = Number(m[1]);
    derivatives.push({ format: m[2] as 'avif' | 'webp', width, height: Math.round((width * page.height) / page.width), data: await readFile(join(dir, name)) });
  }
  return { format: 'jpeg', width: page.width, height: page.height, master: await readFile(join(dir, 'page.jpg')), derivatives, placeholder: page.placeholder };
}

/** Forgets uploads: their rows (inside the caller's transaction). */
export async function forgetUploads(db: Db, ids: readonly string[]): Promise<void> {
  for (const id of ids) if (UPLOAD_ID.test(id)) await db.run('DELETE FROM uploads WHERE id = ?', id);
}

/** Removes uploads' files (after their rows are gone, or with them). */
export function removeUploadFiles(dataDir: string, ids: readonly string[]): void {
  for (const id of ids) {
    if (!UPLOAD_ID.test(id)) continue;
    for (const p of [id, `${id}.json`, `${id}.judged`]) rmSync(join(uploadsDir(dataDir), p), { recursive: true, force: true });
  }
}

/** Forgets uploads and removes their files. */
export async function removeUploads(db: Db, dataDir: string, ids: readonly string[]): Promise<void> {
  await forgetUploads(db, ids);
  removeUploadFiles(dataDir, ids);
}

/** The path of a judged page's preview for the form (the smallest web derivative). */
export async function previewPath(db: Db, dataDir: string, id: string): Promise<string | undefined> {
  const row = await getRow(db, id);
  if (row?.state !== 'ok') return undefined;
  const widths = JSON.parse(row.widths ?? '[]') as number[];
  const w = widths[0];
  return w === undefined ? undefined : join(judgedDir(dataDir, id), derivativeName(0, w, 'webp'));
}

/** Uploads older than the limit that no entry used: rows and files, and files with no row. */
export async function staleUploads(db: Db, dataDir: string, now = Date.now()): Promise<{ ids: string[]; orphans: string[] }> {
  const cutoff = new Date(now - UPLOAD_LIMITS.keepUnsubmittedMs).toISOString();
  const ids = (await db.all<{ id: string }>('SELECT id FROM uploads WHERE created_at < ?', cutoff)).map((r) => r.id);
  const dir = uploadsDir(dataDir);
  const known = new Set((await db.all<{ id: string }>('SELECT id FROM uploads')).map((r) => r.id));
  const orphans: string[] = [];
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const id = name.slice(0, 32);
      if (known.has(id)) continue;
      if (now - statSync(join(dir, name)).mtimeMs >= UPLOAD_LIMITS.keepUnsubmittedMs) orphans.push(join(dir, name));
    }
  }
  return { ids, orphans };
}

/** Removes what staleUploads finds; returns how many uploads and loose files went. */
export async function sweepUploads(db: Db, dataDir: string, now = Date.now()): Promise<number> {
  const { ids, orphans } = await staleUploads(db, dataDir, now);
  await removeUploads(db, dataDir, ids);
  for (const p of orphans) rmSync(p, { recursive: true, force: true });
  return ids.length + orphans.length;
}

periodicTasks.push({
  name: 'unsubmitted uploads',
  everyMs: 60 * 60_000,
  run: async (app, now) => {
    await sweepUploads(app.db, app.config.dataDir, now.getTime());
  },
});
