/**
 * Renders the catalogue's print route through Paged.js in headless Chromium and writes the PDF,
 * for the command line (scripts/catalogue.ts) and the admin's background jobs (jobs.ts) alike:
 *  1. the print-readiness report (pictures under 300/150 dpi, works left out, alt text, long
 *     statements); errors stop here unless `force`;
 *  2. layout in Chromium with progress (pages laid out, pictures);
 *  3. checks of the laid-out pages (layout-checks.ts: page count, overflow, split pictures, TOC
 *     against real pages);
 *  4. page.pdf (tagged, with bookmarks), then pdf-lib: padding to a multiple of 4 pages (print),
 *     TrimBox/BleedBox on every page, title, language and author;
 *  5. with `cmyk`, a CMYK copy through Ghostscript (FILE-cmyk.pdf) when Ghostscript is installed.
 *
 * The print route is not public: a short-lived key made in the site's database opens it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { geometry, type CatalogueEdition, type Format } from '#src/artworks/print-size.ts';
import type { Lang } from '#src/i18n/config.ts';
import { dict, fill } from '#src/i18n/index.ts';
import { launchChromium } from '#src/platform/chromium.ts';
import type { Db } from '#src/platform/db.ts';
import { createPrintKey, PRINT_KEY_COOKIE, revokePrintKey } from './access.ts';
import { inspectLayout } from './layout-checks.ts';
import { finishPdf } from './pdf-boxes.ts';
import { readinessAfter, type ReadinessItem } from './readiness.ts';

export interface RenderOptions {
  /** The site whose print route is rendered (its database is `db`). */
  base: string;
  db: Db;
  lang: Lang;
  format: Format;
  edition: CatalogueEdition;
  out: string;
  force?: boolean;
  cmyk?: boolean;
  timeoutSec?: number;
  /** Told twice a second while Paged.js lays out (the command draws a progress line); without it the count is logged. */
  onLayout?: (pages: number, pictures: number) => void;
}

export type ReportLine = ReadinessItem & { message: string };

export interface RenderResult {
  pages: number;
  padded: number;
  bytes: number;
  seconds: number;
  entryIds: number[];
  cmyk?: string | undefined;
  report: ReportLine[];
  /** Errors the report found (non-zero only when written anyway with `force`). */
  errors: number;
}

/** Where rendering stopped, with a message for a person. */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}

/** What the renderer tells as it goes: progress, or a line of the readiness report. */
export type RenderLog = (message: string, kind: 'progress' | 'item') => void;

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function ghostscript(): string | undefined {
  for (const bin of ['gs', '/usr/bin/gs', '/usr/local/bin/gs']) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  return undefined;
}

export async function renderCatalogue(o: RenderOptions, log: RenderLog): Promise<RenderResult> {
  const started = Date.now();
  const t = dict(o.lang);
  const { lang, format, edition } = o;
  const timeoutSec = o.timeoutSec ?? 600;
  const items = (list: ReportLine[]) => list.forEach((i) => log(`${i.level === 'error' ? 'ERROR  ' : 'warning'} ${i.message}`, 'item'));
  const key = await createPrintKey(o.db);
  try {
    // 1. Print-readiness before rendering.
    const query = `lang=${lang}&format=${format}&edition=${edition}`;
    const res = await fetch(new URL(`/print/readiness.json?${query}`, o.base), { headers: { Cookie: `${PRINT_KEY_COOKIE}=${key}` } });
    if (res.status === 404) throw new CatalogueError(`the site at ${o.base} refused the catalogue key: is DATA_DIR the site's own data directory?`);
    if (!res.ok) throw new CatalogueError(`the readiness report answered ${res.status}`);
    const before = (await res.json()) as { items: ReportLine[]; errors: number; warnings: number; works: number };
    log(`print readiness (${format.toUpperCase()}, ${edition}): ${before.works} works, ${before.errors} error(s), ${before.warnings} warning(s)`, 'progress');
    items(before.items);
    if (before.errors > 0 && !o.force) throw new CatalogueError(`the report has ${before.errors} error(s); fix them or run again with --force`);

    // 2. Layout in Chromium.
    const browser = await launchChromium().catch((err: Error) => {
      throw new CatalogueError(`Chromium could not start: ${err.message}`);
    });
    let facts: ReturnType<typeof inspectLayout>;
    let raw: Buffer;
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: PRINT_KEY_COOKIE, value: key, url: o.base, httpOnly: true, sameSite: 'Lax' }]);
      const page = await context.newPage();
      page.on('pageerror', (err) => log(`page error: ${err.message}`, 'item'));
      let images = 0;
      page.on('requestfinished', (r) => {
        if (r.url().includes('/print/image/')) images++;
      });
      const url = new URL(`/print/${lang}?${query}`, o.base).href;
      log(`laying out ${url}`, 'progress');
      const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      if (!response || !response.ok()) throw new CatalogueError(`the print route answered ${response?.status() ?? 'nothing'}`);
      const ticker = setInterval(async () => {
        const n = await page.evaluate(() => document.querySelectorAll('.pagedjs_page').length).catch(() => 0);
        if (o.onLayout) o.onLayout(n, images);
        else log(`pages laid out: ${n}, pictures loaded: ${images}`, 'progress');
      }, 500);
      try {
        await page.waitForSelector('html[data-paged-pages]', { state: 'attached', timeout: timeoutSec * 1000 });
        await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: timeoutSec * 1000 });
      } catch {
        throw new CatalogueError(`Paged.js did not finish within ${timeoutSec} s`);
      } finally {
        clearInterval(ticker);
      }
      facts = await page.evaluate(inspectLayout);
      log(`laid out ${facts.pages} pages with ${images} pictures; writing PDF`, 'progress');
      raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    } finally {
      await browser.close();
    }

    // 3. Checks of the laid-out pages.
    const after = readinessAfter(facts).map((i) => ({ ...i, message: fill(t.catalogue.report[i.code], i.params) }));
    const errors = after.filter((i) => i.level === 'error').length;
    log(`after layout: ${facts.pages} pages (about ${facts.expected} expected), ${facts.toc.length} contents entries checked, ${errors} error(s)`, 'progress');
    items(after);

    // 4. Post-processing.
    log('post-processing: page boxes, metadata' + (edition === 'print' ? ', padding to a multiple of 4 pages' : ''), 'progress');
    const g = geometry(format, edition);
    const sheetMm = { width: g.trim.width + 2 * g.bleed, height: g.trim.height + 2 * g.bleed };
    const finished = await finishPdf(raw, {
      sheetMm,
      bleedMm: g.bleed,
      padTo: edition === 'print' ? 4 : 1,
      title: facts.title,
      lang,
      author: t.site.name,
      subject: `${t.catalogue.cover} · ${t.catalogue.editionName[edition]} · ${format.toUpperCase()}`,
      keywords: [t.catalogue.cover, format.toUpperCase(), edition],
    });
    mkdirSync(dirname(o.out), { recursive: true });
    const tmp = `${o.out}.${process.pid}.tmp`;
    writeFileSync(tmp, finished.bytes);
    if (errors > 0 && !o.force) {
      rmSync(tmp, { force: true });
      throw new CatalogueError(`the laid-out catalogue has ${errors} error(s); nothing written (run again with --force to write it anyway)`);
    }
    renameSync(tmp, o.out);
    if (finished.padded) log(`added ${finished.padded} blank page(s) before the back cover`, 'progress');

    // 5. CMYK copy.
    let cmykPath: string | undefined;
    if (o.cmyk) {
      const gs = ghostscript();
      if (!gs) log('--cmyk: Ghostscript (gs) is not installed, so no CMYK copy was made; install it (apt-get install ghostscript) and run again', 'progress');
      else {
        cmykPath = join(dirname(o.out), `${basename(o.out, extname(o.out))}-cmyk.pdf`);
        log(`converting to CMYK with Ghostscript: ${cmykPath}`, 'progress');
        const gsTmp = `${cmykPath}.${process.pid}.tmp.pdf`;
        const r = spawnSync(gs, ['-dBATCH', '-dNOPAUSE', '-dSAFER', '-dQUIET', '-sDEVICE=pdfwrite', '-dPDFSETTINGS=/prepress', '-dAutoRotatePages=/None',
          '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK', '-dEmbedAllFonts=true', '-dSubsetFonts=true', '-dCompatibilityLevel=1.6', `-sOutputFile=${gsTmp}`, o.out], { encoding: 'utf8' });
        if (r.status !== 0) throw new CatalogueError(`Ghostscript failed: ${r.stderr || r.stdout}`);
        const cmyk = await finishPdf(readFileSync(gsTmp), { sheetMm, bleedMm: g.bleed, padTo: 1, title: facts.title, lang, author: t.site.name, subject: `${t.catalogue.cover} · CMYK`, keywords: ['CMYK'] });
        writeFileSync(cmykPath, cmyk.bytes);
        rmSync(gsTmp, { force: true });
      }
    }

    const bytes = statSync(o.out).size;
    const seconds = (Date.now() - started) / 1000;
    log(`wrote ${o.out}: ${finished.pages} pages, ${mb(bytes)} in ${seconds.toFixed(1)} s${cmykPath ? ` (CMYK copy: ${mb(statSync(cmykPath).size)})` : ''}`, 'progress');
    if (errors > 0) log(`written with --force despite ${errors} error(s)`, 'progress');
    return { pages: finished.pages, padded: finished.padded, bytes, seconds, entryIds: facts.entryIds, cmyk: cmykPath, report: [...before.items, ...after], errors };
  } finally {
    await revokePrintKey(o.db, key);
  }
}
