import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '#src/platform/storage/index.ts';
import type { ProcessedImage } from './images.ts';

/**
 * Where artworks live in the file store (the data directory or the bucket, platform/storage):
 *   artworks/<entry id>/p<page>.jpg            the print master (never served)
 *   artworks/<entry id>/p<page>-<width>.<fmt>  web derivatives (AVIF, WebP)
 *   artworks/<entry id>/…                      kept originals, share and jury pictures (erased with the entry)
 *
 * A new upload's files and its row commit together, or neither does:
 * - files: the pictures are written to a staging folder under DATA_DIR/tmp and moved into place
 *   (one rename on the same file system) inside the transaction that stores the row; start-up and
 *   the doctor remove a folder whose row never committed.
 * - bucket: the entry id is taken first (a sequence never hands an id out twice), the pictures go
 *   straight to their final keys, then the row commits. A crash in between leaves objects under an
 *   id no row will ever have; the doctor (and an hourly sweep) removes them once they are older
 *   than an upload can take. Copying objects after the commit would instead leave, for a moment
 *   or after a crash, a row whose pictures are not there yet.
 */
export const entryPrefix = (entryId: number): string => `artworks/${entryId}/`;
export const artworkKey = (entryId: number, name: string): string => `${entryPrefix(entryId)}${name}`;
export const masterName = (pageNo: number): string => `p${pageNo}.jpg`;
export const masterKey = (entryId: number, pageNo: number): string => artworkKey(entryId, masterName(pageNo));

export function derivativeName(pageNo: number, width: number, format: 'avif' | 'webp'): string {
  return `p${pageNo}-${width}.${format}`;
}

/** Only derivative names may ever be served; the master and anything else never. */
export const DERIVATIVE_NAME = /^p(\d{1,2})-(\d{2,5})\.(avif|webp)$/;

/** An entry id from a key under artworks/, if it is one. */
export function entryIdOfKey(key: string): number | undefined {
  const m = /^artworks\/(\d{1,12})\//.exec(key);
  return m ? Number(m[1]) : undefined;
}

// --- the data directory (files) --------------------------------------------------------------

export function artworksDir(dataDir: string): string {
  return join(dataDir, 'artworks');
}

export function entryDir(dataDir: string, entryId: number): string {
  return join(artworksDir(dataDir), String(entryId));
}

export function tmpDir(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** A page's smallest WebP as a data URI, for a printed sheet's small picture; undefined without one. */
export async function thumbnailDataUri(storage: Storage, entryId: number, page: { pageNo: number; widths: number[] } | undefined): Promise<string | undefined> {
  if (!page) return undefined;
  const width = Math.min(...(page.widths.length ? page.widths : [480]));
  const bytes = await storage.read(artworkKey(entryId, derivativeName(page.pageNo, width, 'webp')));
  return bytes ? `data:image/webp;base64,${bytes.toString('base64')}` : undefined;
}

/** The files of one page: the master and every derivative, by name. */
export function pageFiles(pageNo: number, page: ProcessedImage): [string, Uint8Array][] {
  return [[masterName(pageNo), page.master], ...page.derivatives.map((d) => [derivativeName(pageNo, d.width, d.format), d.data] as [string, Uint8Array])];
}

/** A new upload's pictures on their way to the file store (see the module comment). */
export interface Upload {
  /** The id the entry's row must take, when the files were named for it in advance (bucket). */
  readonly entryId: number | undefined;
  writePage(pageNo: number, page: ProcessedImage): Promise<void>;
  /** Inside the row's transaction: the files take their final place. */
  commit(entryId: number): Promise<void>;
  /** The row did not commit (or never will): its files go. */
  discard(): Promise<void>;
}

/**
 * Starts an upload. With a bucket, `reserveId` is asked for the entry's id first; the files go
 * under it at once.
 */
export async function beginUpload(storage: Storage, dataDir: string, reserveId: () => Promise<number>): Promise<Upload> {
  if (storage.kind === 'files') {
    const dir = createStaging(dataDir);
    let moved: string | undefined;
    return {
      entryId: undefined,
      writePage: async (pageNo, page) => {
        for (const [name, data] of pageFiles(pageNo, page)) writeFileSync(join(dir, name), data);
      },
      commit: async (entryId) => {
        commitStaged(dataDir, dir, entryId);
        moved = entryDir(dataDir, entryId);
      },
      discard: async () => {
        rmSync(dir, { recursive: true, force: true });
        if (moved) rmSync(moved, { recursive: true, force: true });
      },
    };
  }
  const entryId = await reserveId();
  return {
    entryId,
    writePage: async (pageNo, page) => {
      await Promise.all(pageFiles(pageNo, page).map(([name, data]) => storage.write(artworkKey(entryId, name), data)));
    },
    commit: async () => {},
    discard: async () => {
      await storage.removePrefix(entryPrefix(entryId)).catch(() => {
        // the bucket is away: the sweep removes them later (no row will ever have this id)
      });
    },
  };
}

/** A fresh temporary folder for one upload's files. */
export function createStaging(dataDir: string): string {
  mkdirSync(tmpDir(dataDir), { recursive: true });
  return mkdtempSync(join(tmpDir(dataDir), 'upload-'));
}

/** Writes every page's master and derivatives into a fresh staging folder and returns it (data directory only). */
export function writeStaged(dataDir: string, pages: ProcessedImage[]): string {
  const dir = createStaging(dataDir);
  for (const [i, page] of pages.entries()) for (const [name, data] of pageFiles(i + 1, page)) writeFileSync(join(dir, name), data);
  return dir;
}

/** Moves a staged folder to its entry's place (same file system, so the move is atomic). */
export function commitStaged(dataDir: string, staged: string, entryId: number): void {
  mkdirSync(artworksDir(dataDir), { recursive: true });
  renameSync(staged, entryDir(dataDir, entryId));
}

/**
 * Removes uploads left half-way by a crash. Only folders older than `minAgeMs` go, so a second
 * process started on the same data directory (e.g. the catalogue command) cannot pull the files
 * from under an upload the running site is finishing.
 */
export function clearStaging(dataDir: string, minAgeMs = 2 * 60 * 1000, now = Date.now()): number {
  const dir = tmpDir(dataDir);
  let removed = 0;
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs < minAgeMs) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    }
  } catch {
    // no tmp folder yet
  }
  return removed;
}

/** Copies every object of one entry to another entry's place (the demo's past edition borrows pictures). */
export async function copyArtworks(storage: Storage, fromId: number, toId: number, skip: (name: string) => boolean = () => false): Promise<void> {
  for (const o of await storage.list(entryPrefix(fromId))) {
    const name = o.key.slice(entryPrefix(fromId).length);
    if (skip(name)) continue;
    const data = await storage.read(o.key);
    if (data) await storage.write(artworkKey(toId, name), data);
  }
}
