/**
 * Renders a print product's route through Paged.js in headless Chromium and writes the PDF, for
 * the command line (scripts/print.ts, scripts/catalogue.ts) and the admin's background jobs
 * (jobs.ts) alike:
 *  1. the print-readiness report (catalogue: pictures under 300/150 dpi, works left out, alt text,
 *     long statements; every product: its own checks, and QR codes that would point at a loopback
 *     or missing BASE_URL); errors stop here unless `force`;
 *  2. layout in Chromium with progress (pages laid out, pictures), in print media from the start
 *     as pagedjs-cli does (page.pdf then prints the laid-out pages without styling them again);
 *  3. checks of the laid-out pages (layout-checks.ts: page count, overflow, split pictures, TOC
 *     against real pages, how many items made it);
 *  4. page.pdf (tagged, with bookmarks), then pdf-lib in one pass (pdf/pdf-boxes.ts): padding to a
 *     multiple of 4 pages (the printed catalogue), TrimBox/BleedBox, PDF/UA-1 (pdf/pdf-ua.ts);
 *  5. the PDF is written as soon as pdf-lib has finished it; then, for the catalogue with `cmyk`,
 *     a CMYK copy through Ghostscript (FILE-cmyk.pdf) while
 *  6. MuPDF (or poppler) finishes the contact sheet beside the PDF (FILE-contact-sheet.png), which
 *     it began from Chromium's PDF while pdf-lib worked.
 * `steps` in the result times each of these (see README, "Performance").
 *
 * The print routes are not public: a short-lived key made in the site's database opens them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { geometry, type CatalogueEdition, type Format } from '#src/artworks/print-size.ts';
import type { Lang } from '#src/i18n/config.ts';
import { dict, fill } from '#src/i18n/index.ts';
import { launchChromium } from '#src/platform/chromium.ts';
import type { Db } from '#src/platform/db.ts';
import { createPrintKey, PRINT_KEY_COOKIE, revokePrintKey } from './access.ts';
import { inspectLayout } from './layout-checks.ts';
import { finishPdf, paddingFor } from './pdf/pdf-boxes.ts';
import { contactSheet, contactSheetPath, runTool } from './pdf/contact-sheet.ts';
import { readinessAfter, type ReadinessItem } from './readiness.ts';
import { printPath, printQuery, productSheet, type PrintOptions, type Sheet } from './products/products.ts';

export interface RenderOptions {
  /** The site whose print routes are rendered (its database is `db`). */
  base: string;
  db: Db;
  options: PrintOptions;
  out: string;
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
  /** Seconds of each step: report, chromium, page load, layout, pictures, checks, pdf, post-processing, contact sheet, cmyk. */
  steps: Record<string, number>;
  entryIds: number[];
  contactSheet?: string | undefined;
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

/** The sheet a run prints on: the catalogue's geometry, or the product's own. */
export function sheetOf(o: PrintOptions): Sheet {
  if (o.product !== 'catalogue') return productSheet(o);
  const g = geometry(o.format, o.edition);
  return { trim: g.trim, bleed: g.bleed, marks: g.marks, margin: g.margin.top };
}

/** What the PDF's metadata says it is ("Katalog výstavy · tisková verze · A4", "Popisky děl"…). */
function subjectOf(o: PrintOptions, lang: Lang): string {
  const t = dict(lang);
  if (o.product === 'catalogue') return `${t.catalogue.cover} · ${t.catalogue.editionName[o.edition]} · ${o.format.toUpperCase()}`;
  if (o.product === 'labels') return t.printed.labels.title;
  if (o.product === 'poster') return t.printed.poster.kicker;
  if (o.product === 'certificates') return t.printed.certificate.title;
  if (o.product === 'backlabels') return t.originals.labels.title;
  if (o.product === 'packinglist') return t.originals.packing.title;
  if (o.product === 'returnslips') return t.originals.slip.title;
  if (o.product === 'consentforms') return t.classBatch.paper.title;
  return t.printed.worksheet.title;
}

export async function renderPrint(r: RenderOptions, log: RenderLog): Promise<RenderResult> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  let mark = started;
  const step = (name: string) => {
    const now = Date.now();
    steps[name] = (now - mark) / 1000;
    mark = now;
  };
  const o = r.options;
  const t = dict(o.lang);
  const timeoutSec = r.timeoutSec ?? 600;
  const items = (list: ReportLine[]) => list.forEach((i) => log(`${i.level === 'error' ? 'ERROR  ' : 'warning'} ${i.message}`, 'item'));
  const key = await createPrintKey(r.db);
  // Chromium shuts down while the PDF is finished; awaited before returning.
  let closing: Promise<void> | undefined;
  const what = o.product === 'catalogue' ? `${o.format.toUpperCase()}, ${o.edition}` : o.product;
  try {
    // 1. Print-readiness before rendering.
    const query = printQuery(o).toString();
    const res = await fetch(new URL(`/print/readiness.json?${query}`, r.base), { headers: { Cookie: `${PRINT_KEY_COOKIE}=${key}` } });
    if (res.status === 404) throw new CatalogueError(`the site at ${r.base} refused the print key: is DATA_DIR the site's own data directory?`);
    if (!res.ok) throw new CatalogueError(`the readiness report answered ${res.status}`);
    const before = (await res.json()) as { items: ReportLine[]; errors: number; warnings: number; works: number };
    log(`print readiness (${what}): ${before.works} ${o.product === 'catalogue' ? 'works' : 'items'}, ${before.errors} error(s), ${before.warnings} warning(s)`, 'progress');
    items(before.items);
    if (before.errors > 0 && !o.force) throw new CatalogueError(`the report has ${before.errors} error(s); fix them or run again with --force`);
    step('report');

    // 2. Layout in Chromium.
    const browser = await launchChromium().catch((err: Error) => {
      throw new CatalogueError(`Chromium could not start: ${err.message}`);
    });
    step('chromium');
    let facts: ReturnType<typeof inspectLayout>;
    let raw: Buffer;
    const sheetBox = sheetOf(o);
    const padTo = o.product === 'catalogue' && o.edition === 'print' ? 4 : 1;
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: PRINT_KEY_COOKIE, value: key, url: r.base, httpOnly: true, sameSite: 'Lax' }]);
      const page = await context.newPage();
      // Laid out in print media from the start, as pagedjs-cli does: page.pdf then prints the pages
      // as they are instead of restyling and laying out the whole document again for print.
      await page.emulateMedia({ media: 'print' });
      page.on('pageerror', (err) => log(`page error: ${err.message}`, 'item'));
      let images = 0;
      page.on('requestfinished', (req) => {
        if (req.url().includes('/print/image/')) images++;
      });
      const url = new URL(`${printPath(o)}?${query}`, r.base).href;
      log(`laying out ${url}`, 'progress');
      // Not 'load': the pictures load while the progress line runs; Paged.js starts once they are all
      // in (public/print/paged-config.js), so it never stops mid-book to wait for one.
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      if (!response || !response.ok()) throw new CatalogueError(`the print route answered ${response?.status() ?? 'nothing'}`);
      step('page load');
      const ticker = setInterval(async () => {
        const n = await page.evaluate(() => document.querySelectorAll('.pagedjs_page').length).catch(() => 0);
        if (r.onLayout) r.onLayout(n, images);
        else log(`pages laid out: ${n}, pictures loaded: ${images}`, 'progress');
      }, 500);
      try {
        await page.waitForSelector('html[data-paged-pages]', { state: 'attached', timeout: timeoutSec * 1000 });
        step('layout');
        await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: timeoutSec * 1000 });
        step('pictures');
      } catch {
        throw new CatalogueError(`Paged.js did not finish within ${timeoutSec} s`);
      } finally {
        clearInterval(ticker);
      }
      facts = await page.evaluate(inspectLayout);
      step('checks');
      log(`laid out ${facts.pages} pages with ${images} pictures; writing PDF`, 'progress');
      raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
      step('pdf');
    } finally {
      closing = browser.close().catch(() => {});
    }
    // The contact sheet is rendered from Chromium's PDF while pdf-lib works on it.
    mkdirSync(dirname(r.out), { recursive: true });
    const sheetJob = contactSheet(raw, facts.pages, paddingFor(facts.pages, padTo)).catch((err: Error) => {
      log(`contact sheet: not made (${err.message.includes('ENOENT') ? 'neither MuPDF’s mutool nor poppler’s pdftoppm is installed' : err.message})`, 'progress');
      return undefined;
    });

    // 3. Checks of the laid-out pages.
    const after = readinessAfter(facts).map((i) => ({ ...i, message: fill(t.catalogue.report[i.code], i.params) }));
    const errors = after.filter((i) => i.level === 'error').length;
    log(`after layout: ${facts.pages} pages (about ${facts.expected} expected), ${facts.toc.length} contents entries checked, ${errors} error(s)`, 'progress');
    items(after);

    // 4. Post-processing.
    log(`post-processing: page boxes, PDF/UA tagging, metadata${padTo > 1 ? ', padding to a multiple of 4 pages' : ''}`, 'progress');
    const sheetMm = { width: sheetBox.trim.width + 2 * sheetBox.bleed, height: sheetBox.trim.height + 2 * sheetBox.bleed };
    let finished: Awaited<ReturnType<typeof finishPdf>>;
    try {
      finished = await finishPdf(raw, {
        sheetMm,
        bleedMm: sheetBox.bleed,
        padTo,
        title: facts.title,
        lang: o.lang,
        author: t.site.name,
        subject: subjectOf(o, o.lang),
        keywords: [subjectOf(o, o.lang), o.product, ...(o.product === 'catalogue' ? [o.format.toUpperCase(), o.edition] : [])],
        links: facts.links,
      });
      step('post-processing');
      // The PDF is written as soon as it is finished, while the contact sheet is put together.
      const tmp = `${r.out}.${process.pid}.tmp`;
      await writeFile(tmp, finished.bytes);
      if (errors > 0 && !o.force) {
        rmSync(tmp, { force: true });
        throw new CatalogueError(`the laid-out ${o.product} has ${errors} error(s); nothing written (run again with --force to write it anyway)`);
      }
      renameSync(tmp, r.out);
    } catch (err) {
      await sheetJob;
      throw err;
    }
    if (finished.padded) log(`added ${finished.padded} blank page(s) before the back cover`, 'progress');
    const a = finished.accessibility;
    log(`PDF/UA: ${a.artifacts} untagged drawing(s) marked as artifacts, ${a.linksDescribed} link(s) described, ${a.listBodies} list item(s) and ${a.figuresUnnested} figure(s) restructured${a.roleMapped.length ? `, role map for ${a.roleMapped.join(', ')}` : ''}`, 'progress');

    // 5. CMYK copy through Ghostscript, while the contact sheet is finished.
    let cmykJob: Promise<string | Error | undefined> = Promise.resolve(undefined);
    if (r.cmyk && o.product === 'catalogue') {
      const gs = ghostscript();
      if (!gs) log('--cmyk: Ghostscript (gs) is not installed, so no CMYK copy was made; install it (apt-get install ghostscript) and run again', 'progress');
      else {
        const cmykPath = join(dirname(r.out), `${basename(r.out, extname(r.out))}-cmyk.pdf`);
        log(`converting to CMYK with Ghostscript: ${cmykPath}`, 'progress');
        const gsTmp = `${cmykPath}.${process.pid}.tmp.pdf`;
        cmykJob = runTool(gs, ['-dBATCH', '-dNOPAUSE', '-dSAFER', '-dQUIET', '-sDEVICE=pdfwrite', '-dPDFSETTINGS=/prepress', '-dAutoRotatePages=/None',
          '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK', '-dEmbedAllFonts=true', '-dSubsetFonts=true', '-dCompatibilityLevel=1.6', `-sOutputFile=${gsTmp}`, r.out])
          .then(async () => {
            const cmyk = await finishPdf(readFileSync(gsTmp), { sheetMm, bleedMm: sheetBox.bleed, padTo: 1, title: facts.title, lang: o.lang, author: t.site.name, subject: `${subjectOf(o, o.lang)} · CMYK`, keywords: ['CMYK'] });
            writeFileSync(cmykPath, cmyk.bytes);
            return cmykPath;
          })
          .catch((err: Error) => new CatalogueError(`Ghostscript failed: ${err.message}`))
          .finally(() => rmSync(gsTmp, { force: true }));
      }
    }

    // 6. The contact sheet (started while pdf-lib worked).
    const sheet = await sheetJob;
    step('contact sheet');
    let sheetPath: string | undefined;
    if (sheet) {
      sheetPath = contactSheetPath(r.out);
      writeFileSync(sheetPath, sheet);
      log(`contact sheet: ${sheetPath}`, 'progress');
    }
    const cmykResult = await cmykJob;
    if (cmykResult instanceof Error) throw cmykResult;
    const cmykPath = cmykResult;
    if (cmykPath) step('cmyk');

    await closing;
    const bytes = statSync(r.out).size;
    const seconds = (Date.now() - started) / 1000;
    log(`wrote ${r.out}: ${finished.pages} pages, ${mb(bytes)} in ${seconds.toFixed(1)} s${cmykPath ? ` (CMYK copy: ${mb(statSync(cmykPath).size)})` : ''}`, 'progress');
    if (errors > 0) log(`written with --force despite ${errors} error(s)`, 'progress');
    return { pages: finished.pages, padded: finished.padded, bytes, seconds, steps, entryIds: facts.entryIds, contactSheet: sheetPath, cmyk: cmykPath, report: [...before.items, ...after], errors };
  } finally {
    await closing;
    await revokePrintKey(r.db, key);
  }
}

/** The catalogue as the catalogue command and its jobs have always asked for it. */
export function renderCatalogue(
  o: { base: string; db: Db; lang: Lang; format: Format; edition: CatalogueEdition; out: string; force?: boolean; cmyk?: boolean; timeoutSec?: number; onLayout?: RenderOptions['onLayout'] },
  log: RenderLog,
): Promise<RenderResult> {
  return renderPrint(
    {
      base: o.base, db: o.db, out: o.out, ...(o.cmyk !== undefined ? { cmyk: o.cmyk } : {}), ...(o.timeoutSec ? { timeoutSec: o.timeoutSec } : {}), ...(o.onLayout ? { onLayout: o.onLayout } : {}),
      options: { product: 'catalogue', lang: o.lang, format: o.format, edition: o.edition, force: o.force ?? false },
    },
    log,
  );
}
