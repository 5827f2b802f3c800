/**
 * Print products made while the asker waits: back-of-work labels (an artist on the status page, a
 * teacher for a class, an organiser for a list of entries) and a set's packing list. The same print
 * route and renderPrint as every other product, over loopback, into a scratch file that is removed
 * once read; one at a time per process, since each run starts Chromium.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '#src/i18n/config.ts';
import type { App } from '#src/platform/app.ts';
import { tmpDir } from '#src/artworks/storage.ts';
import { renderPrint } from '#src/catalogue/render.ts';
import { siteOverLoopback } from '#src/catalogue/jobs.ts';
import { contactSheetPath } from '#src/catalogue/pdf/contact-sheet.ts';
import type { PrintOptions } from '#src/catalogue/products/products.ts';

let queue: Promise<unknown> = Promise.resolve();

/**
 * The labels of these entries (in this order) as PDF bytes, ten to an A4 sheet. Throws when the
 * print route refuses (no such entries) or rendering fails.
 */
export function labelsPdf(app: Pick<App, 'db' | 'config'>, entryIds: number[], lang: Lang, base: string = siteOverLoopback()): Promise<Buffer> {
  return printNow(app, { product: 'backlabels', lang, entries: entryIds, force: false }, base);
}

/** Any print product rendered now, as PDF bytes (back labels, a set's packing list). */
export function printNow(app: Pick<App, 'db' | 'config'>, options: PrintOptions, base: string = siteOverLoopback()): Promise<Buffer> {
  const run = async () => {
    const dir = tmpDir(app.config.dataDir);
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `${options.product}-${randomUUID()}.pdf`);
    try {
      await renderPrint({ base, db: app.db, options, out, timeoutSec: 120 }, () => {});
      return readFileSync(out);
    } finally {
      rmSync(out, { force: true });
      rmSync(contactSheetPath(out), { force: true });
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** A file name for the download: labels-CT-2026-0042.pdf, or labels-12.pdf for twelve entries. */
export const labelsFileName = (references: string[]): string => (references.length === 1 ? `labels-${references[0]}.pdf` : `labels-${references.length}.pdf`);
