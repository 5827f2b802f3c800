/**
 * npm run catalogue -- --lang cs|en --format a4|a5 --edition print|screen --out FILE.pdf [--force] [--cmyk]
 *
 * Renders the catalogue's print route through Paged.js in headless Chromium and writes the PDF:
 *  1. the print-readiness report (pictures under 300/150 dpi, works left out, alt text, long
 *     statements); errors stop here unless --force;
 *  2. layout in Chromium with progress (pages laid out, pictures);
 *  3. checks of the laid-out pages (page count, overflow, split pictures, TOC against real pages);
 *  4. page.pdf (tagged, with bookmarks), then pdf-lib: padding to a multiple of 4 pages (print),
 *     TrimBox/BleedBox on every page, title, language and author;
 *  5. with --cmyk, a CMYK copy through Ghostscript (FILE-cmyk.pdf) when Ghostscript is installed.
 *
 * Uses the site answering at BASE_URL (or http://127.0.0.1:$PORT); when none answers it starts the
 * built site itself on a free port with the same DATA_DIR, and stops it afterwards. The print route
 * is not public: the command makes a short-lived key in the site's database (same DATA_DIR).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/build.ts';
import { freePort } from '../scripts/net.ts';
import { openApp } from '../src/lib/app.ts';
import { PRINT_KEY_COOKIE, createPrintKey, revokePrintKey } from '../src/lib/catalogue-access.ts';
import { EDITIONS, FORMATS, geometry, isCatalogueEdition, isFormat } from '../src/lib/catalogue-layout.ts';
import { finishPdf } from '../src/lib/catalogue-pdf.ts';
import { readinessAfter, type LayoutFacts, type ReadinessItem } from '../src/lib/catalogue-readiness.ts';
import { launchChromium } from '../src/lib/chromium.ts';
import { loadConfig } from '../src/lib/config.ts';
import { progress as progressLine } from '../src/lib/progress.ts';
import { fill, dict } from '../src/i18n/index.ts';

const LANGS = ['cs', 'en'];

function fail(message: string, code = 1): never {
  console.error(`catalogue: ${message}`);
  process.exit(code);
}

function progress(message: string): void {
  console.log(`catalogue: ${message}`);
}

async function answers(base: string): Promise<boolean> {
  try {
    const r = await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Starts the built site on a free port and waits until it answers. */
async function startSite(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  progress(`no site answering, starting one at ${base}`);
  const child = spawn(process.execPath, [resolve(ROOT, 'scripts/serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`the site could not start:\n${output}`);
    if (await answers(base)) return { base, child };
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill();
  fail(`the site did not answer within 3 minutes:\n${output}`);
}

function printItems(items: (ReadinessItem & { message: string })[]): void {
  for (const i of items) console.log(`catalogue: ${i.level === 'error' ? 'ERROR  ' : 'warning'} ${i.message}`);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Gathers, in the laid-out page, what the report checks after rendering. */
function inspectLayout(): LayoutFacts & { entryIds: number[]; title: string } {
  const pages = [...document.querySelectorAll<HTMLElement>('.pagedjs_page')];
  const pageOf = (el: Element) => Number((el.closest('.pagedjs_page') as HTMLElement | null)?.dataset.pageNumber ?? 0);
  const overflows: { page: number; what: string }[] = [];
  for (const page of pages) {
    const area = page.querySelector('.pagedjs_page_content');
    if (!area) continue;
    const box = area.getBoundingClientRect();
    for (const el of area.querySelectorAll('img, figure, p, li, h1, h2, h3, h4, table, pre')) {
      const r = el.getBoundingClientRect();
      if (r.height === 0) continue;
      if (r.bottom > box.bottom + 2 || r.right > box.right + 2) {
        overflows.push({ page: pageOf(el), what: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}` });
        break;
      }
    }
  }
  const splitImages = [...document.querySelectorAll('.pagedjs_pages figure[data-split-from], .pagedjs_pages img[data-split-from]')].map((el) => ({ page: pageOf(el) }));
  // Paged.js turns target-counter() into a counter reset by a rule it adds per link.
  const resets = new Map<string, number>();
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of rules) {
      const m = /^\[data-(target-counter-[\w-]+)="([^"]+)"\]/.exec((rule as CSSStyleRule).selectorText ?? '');
      const n = /(-?\d+)\s*$/.exec((rule as CSSStyleRule).style?.counterReset ?? '');
      if (m && n) resets.set(`${m[1]}=${m[2]}`, Number(n[1]));
    }
  }
  const toc = [...document.querySelectorAll<HTMLAnchorElement>('.pagedjs_pages .toc a[href^="#"]')].flatMap((a) => {
    const id = decodeURIComponent(a.getAttribute('href')!.slice(1));
    const target = document.querySelector(`.pagedjs_pages [id="${CSS.escape(id)}"]`);
    const mark = [...a.attributes].find((at) => at.name.startsWith('data-target-counter-'));
    const listed = mark ? (resets.get(`${mark.name.slice(5)}=${mark.value}`) ?? 0) : 0;
    return target ? [{ title: a.textContent!.trim(), listed, actual: pageOf(target) }] : [];
  });
  const entryIds = [...new Set([...document.querySelectorAll<HTMLElement>('.pagedjs_pages [data-entry-id]')].map((el) => Number(el.dataset.entryId)))];
  const title = document.querySelector<HTMLMetaElement>('meta[name="catalogue-title"]')?.content ?? document.title;
  const expected = Number(document.querySelector<HTMLMetaElement>('meta[name="catalogue-expected-pages"]')?.content ?? pages.length);
  return { pages: pages.length, expected, overflows, splitImages, toc, entryIds, title };
}

function ghostscript(): string | undefined {
  for (const bin of ['gs', '/usr/bin/gs', '/usr/local/bin/gs']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string', default: 'cs' },
      format: { type: 'string', default: 'a4' },
      edition: { type: 'string', default: 'print' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      cmyk: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      // For the admin's background jobs: a JSON summary (pages, size, entries, report).
      'summary-json': { type: 'string' },
    },
  });
  const lang = values.lang!;
  if (!LANGS.includes(lang)) fail(`--lang must be one of ${LANGS.join(', ')}`);
  if (!isFormat(values.format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  if (!isCatalogueEdition(values.edition)) fail(`--edition must be one of ${EDITIONS.join(', ')}`);
  const format = values.format;
  const edition = values.edition;
  const out = resolve(values.out ?? `catalogue-${lang}-${format}-${edition}.pdf`);
  const started = Date.now();
  const t = dict(lang as 'cs' | 'en');

  const config = loadConfig();
  const app = openApp(config);
  const key = createPrintKey(app.db);

  const configured = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? '4321'}`;
  let base = configured;
  let child: ChildProcess | undefined;
  if (await answers(configured)) progress(`using the site at ${configured}`);
  else ({ base, child } = await startSite());
  const cleanup = () => {
    child?.kill();
    revokePrintKey(app.db, key);
  };
  process.on('exit', cleanup);

  // 1. Print-readiness before rendering.
  const query = `lang=${lang}&format=${format}&edition=${edition}`;
  const res = await fetch(new URL(`/print/readiness.json?${query}`, base), { headers: { Cookie: `${PRINT_KEY_COOKIE}=${key}` } });
  if (res.status === 404) fail(`the site at ${base} refused the catalogue key: is DATA_DIR (${config.dataDir}) the site's own data directory?`);
  if (!res.ok) fail(`the readiness report answered ${res.status}`);
  const before = (await res.json()) as { items: (ReadinessItem & { message: string })[]; errors: number; warnings: number; works: number };
  progress(`print readiness (${format.toUpperCase()}, ${edition}): ${before.works} works, ${before.errors} error(s), ${before.warnings} warning(s)`);
  printItems(before.items);
  if (before.errors > 0 && !values.force) fail(`the report has ${before.errors} error(s); fix them or run again with --force`);

  const browser = await launchChromium().catch((err: Error) => fail(`Chromium could not start: ${err.message}`));
  let facts: ReturnType<typeof inspectLayout>;
  let raw: Buffer;
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: PRINT_KEY_COOKIE, value: key, url: base, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`catalogue: page error: ${err.message}`));
    let images = 0;
    page.on('requestfinished', (r) => {
      if (r.url().includes('/print/image/')) images++;
    });
    const url = new URL(`/print/${lang}?${query}`, base).href;
    progress(`laying out ${url}`);
    const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    if (!response || !response.ok()) fail(`the print route answered ${response?.status() ?? 'nothing'}`);
    const timeoutMs = Number(values.timeout) * 1000;
    // On a terminal, the layout's progress on one line; in a log, only the results below.
    const bar = progressLine('catalogue: pages laid out');
    const ticker = setInterval(async () => {
      const n = await page.evaluate(() => document.querySelectorAll('.pagedjs_page').length).catch(() => 0);
      bar.update(n, undefined, `${images} pictures loaded`);
    }, 500);
    try {
      await page.waitForSelector('html[data-paged-pages]', { state: 'attached', timeout: timeoutMs });
      await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: timeoutMs });
    } catch {
      fail(`Paged.js did not finish within ${values.timeout} s`);
    } finally {
      clearInterval(ticker);
      bar.end();
    }
    facts = await page.evaluate(inspectLayout);
    progress(`laid out ${facts.pages} pages with ${images} pictures; writing PDF`);
    raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  } finally {
    await browser.close();
  }

  // 3. Checks of the laid-out pages.
  const expected = facts.expected;
  const after = readinessAfter(facts).map((i) => ({ ...i, message: fill(t.catalogue.report[i.code], i.params) }));
  progress(`after layout: ${facts.pages} pages (about ${expected} expected), ${facts.toc.length} contents entries checked, ${after.filter((i) => i.level === 'error').length} error(s)`);
  printItems(after);

  // 4. Post-processing.
  progress('post-processing: page boxes, metadata' + (edition === 'print' ? ', padding to a multiple of 4 pages' : ''));
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
  const errors = after.filter((i) => i.level === 'error').length;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, finished.bytes);
  if (errors > 0 && !values.force) {
    rmSync(tmp, { force: true });
    fail(`the laid-out catalogue has ${errors} error(s); nothing written (run again with --force to write it anyway)`);
  }
  renameSync(tmp, out);
  if (finished.padded) progress(`added ${finished.padded} blank page(s) before the back cover`);

  // 5. CMYK copy.
  let cmykPath: string | undefined;
  if (values.cmyk) {
    const gs = ghostscript();
    if (!gs) progress('--cmyk: Ghostscript (gs) is not installed, so no CMYK copy was made; install it (apt-get install ghostscript) and run again');
    else {
      cmykPath = join(dirname(out), `${basename(out, extname(out))}-cmyk.pdf`);
      progress(`converting to CMYK with Ghostscript: ${cmykPath}`);
      const gsTmp = `${cmykPath}.${process.pid}.tmp.pdf`;
      const r = spawnSync(gs, ['-dBATCH', '-dNOPAUSE', '-dSAFER', '-dQUIET', '-sDEVICE=pdfwrite', '-dPDFSETTINGS=/prepress', '-dAutoRotatePages=/None',
        '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK', '-dEmbedAllFonts=true', '-dSubsetFonts=true', '-dCompatibilityLevel=1.6', `-sOutputFile=${gsTmp}`, out], { encoding: 'utf8' });
      if (r.status !== 0) fail(`Ghostscript failed: ${r.stderr || r.stdout}`);
      const { readFileSync } = await import('node:fs');
      const cmyk = await finishPdf(readFileSync(gsTmp), { sheetMm, bleedMm: g.bleed, padTo: 1, title: facts.title, lang, author: t.site.name, subject: `${t.catalogue.cover} · CMYK`, keywords: ['CMYK'] });
      writeFileSync(cmykPath, cmyk.bytes);
      rmSync(gsTmp, { force: true });
    }
  }

  const size = statSync(out).size;
  const seconds = (Date.now() - started) / 1000;
  progress(`wrote ${out}: ${finished.pages} pages, ${mb(size)} in ${seconds.toFixed(1)} s${cmykPath ? ` (CMYK copy: ${mb(statSync(cmykPath).size)})` : ''}`);
  if (values['summary-json']) {
    writeFileSync(values['summary-json'], JSON.stringify({ pages: finished.pages, padded: finished.padded, bytes: size, seconds, entryIds: facts.entryIds, cmyk: cmykPath, report: [...before.items, ...after] }));
  }
  if (errors > 0) progress(`written with --force despite ${errors} error(s)`);
  cleanup();
  process.exit(0);
}

main().catch((err: Error) => fail(err.message));
