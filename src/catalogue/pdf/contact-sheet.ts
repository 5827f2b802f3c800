/**
 * The contact sheet: every page of a print product small on one PNG, numbered, for a quick look
 * before a file goes to the print shop. MuPDF's `mutool draw` renders the pages Chromium wrote while
 * pdf-lib post-processes them; it decodes each picture only at the size it is drawn (a print-size
 * JPEG at an eighth of its pixels), so 384 pages take about a third of the time poppler's pdftoppm,
 * which decodes every picture whole, needs; pdftoppm is the fallback when MuPDF is not installed.
 * The blank pages that padding adds before the back cover are drawn as blank tiles. With neither
 * tool there is no contact sheet, and the command says so.
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';

/** Where the contact sheet of a PDF goes: beside it, `<name>-contact-sheet.png`. */
export function contactSheetPath(pdfPath: string): string {
  return join(dirname(pdfPath), `${basename(pdfPath, extname(pdfPath))}-contact-sheet.png`);
}

const TILE = 150;
const GAP = 14;
const LABEL = 16;
const MAX_COLUMNS = 12;

/** Runs a command to its end; rejects with its error output when it fails (poppler here, Ghostscript in render.ts). */
export function runTool(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(err.trim() || `${cmd} exited with ${code}`))));
  });
}

/**
 * Renders every page of `pdf` (it has `pages` pages) small and lays the tiles out in numbered rows;
 * `padBeforeLast` blank tiles go before the last page. Two renderers share the pages: decoding the
 * pictures is the slow part, and the machine has two cores.
 */
export async function contactSheet(pdf: string, pages: number, padBeforeLast = 0): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-contact-'));
  try {
    const half = Math.ceil(pages / 2);
    const ranges = pages > 8 ? [[1, half], [half + 1, pages]] : [[1, pages]];
    // MuPDF's command-line tool (Debian's mupdf-tools); CONTACT_SHEET_MUTOOL names another (tests of the fallback).
    const mutool = process.env.CONTACT_SHEET_MUTOOL || 'mutool';
    const draw = (f: number, l: number) =>
      runTool(mutool, ['draw', '-q', '-o', join(dir, `p-${f}-%d.png`), '-h', String(TILE), '-F', 'png', pdf, `${f}-${l}`]).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        return runTool('pdftoppm', ['-png', '-scale-to', String(TILE), '-f', String(f), '-l', String(l), pdf, join(dir, 'p')]);
      });
    await Promise.all(ranges.map(([f, l]) => draw(f!, l!)));
    // Both tools number the files by page (mutool as given, pdftoppm zero-padded): in page order.
    const pageOf = (f: string) => Number(/(\d+)\.png$/.exec(f)![1]);
    const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort((a, b) => pageOf(a) - pageOf(b)).map((f) => join(dir, f));
    if (files.length !== pages) throw new Error(`${files.length} of ${pages} pages were drawn`);
    const tiles: (string | undefined)[] = [...files.slice(0, -1), ...Array.from({ length: padBeforeLast }, () => undefined), ...files.slice(-1)];
    const first = await sharp(files[0]!).metadata();
    const w = first.width ?? TILE;
    const h = first.height ?? TILE;
    const columns = Math.min(MAX_COLUMNS, Math.max(4, Math.ceil(Math.sqrt(tiles.length * 1.4))));
    const rows = Math.ceil(tiles.length / columns);
    const cellW = w + GAP;
    const cellH = h + LABEL + GAP;
    const width = columns * cellW + GAP;
    const height = rows * cellH + GAP;
    const labels = tiles
      .map((_, i) => `<text x="${GAP + (i % columns) * cellW + w / 2}" y="${GAP + Math.floor(i / columns) * cellH + h + 12}" text-anchor="middle">${i + 1}</text>`)
      .join('');
    const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" fill="#f1f1f1">${labels}</svg>`);
    const composites = tiles.map((file, i) => {
      const left = GAP + (i % columns) * cellW;
      const top = GAP + Math.floor(i / columns) * cellH;
      return file ? { input: file, left, top } : { input: { create: { width: w, height: h, channels: 3 as const, background: '#ffffff' } }, left, top };
    });
    return await sharp({ create: { width, height, channels: 3, background: '#5b6470' } })
      .composite([...composites, { input: overlay, left: 0, top: 0 }])
      .png({ compressionLevel: 6 })
      .toBuffer();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
