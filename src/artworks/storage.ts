import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessedImage } from './images.ts';

/**
 * Where artworks live under the data directory:
 *   artworks/<entry id>/p<page>.jpg            the print master (never served)
 *   artworks/<entry id>/p<page>-<width>.<fmt>  web derivatives (AVIF, WebP)
 * New uploads are written to tmp/ first and moved into place when the database row commits.
 */
export function artworksDir(dataDir: string): string {
  return join(dataDir, 'artworks');
}

export function entryDir(dataDir: string, entryId: number): string {
  return join(artworksDir(dataDir), String(entryId));
}

export function masterPath(dataDir: string, entryId: number, pageNo: number): string {
  return join(entryDir(dataDir, entryId), `p${pageNo}.jpg`);
}

export function derivativeName(pageNo: number, width: number, format: 'avif' | 'webp'): string {
  return `p${pageNo}-${width}.${format}`;
}

/** Only derivative names may ever be served; the master and anything else never. */
export const DERIVATIVE_NAME = /^p(\d{1,2})-(\d{2,5})\.(avif|webp)$/;

export function tmpDir(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** A fresh temporary folder for one upload's files. */
export function createStaging(dataDir: string): string {
  mkdirSync(tmpDir(dataDir), { recursive: true });
  return mkdtempSync(join(tmpDir(dataDir), 'upload-'));
}

/** Writes one page's master and derivatives into a staging folder. */
export function writeStagedPage(dir: string, pageNo: number, page: ProcessedImage): void {
  writeFileSync(join(dir, `p${pageNo}.jpg`), page.master);
  for (const d of page.derivatives) writeFileSync(join(dir, derivativeName(pageNo, d.width, d.format)), d.data);
}

/** Writes every page's master and derivatives into a fresh temporary folder and returns it. */
export function writeStaged(dataDir: string, pages: ProcessedImage[]): string {
  const dir = createStaging(dataDir);
  try {
    pages.forEach((page, i) => writeStagedPage(dir, i + 1, page));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
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
