/**
 * Catalogue benchmark (not a test: it prints figures, it asserts nothing).
 *
 *   npm run bench:catalogue [-- --entries 200 --lang cs --format a4 --runs 3 --keep --no-cold --no-screen]
 *
 * Seeds a temporary data directory with 200 entries with print consent (pictures drawn once and
 * reused by hard links: posters at scan size 3000 × 4243 px, so the print edition really
 * downsamples, and two-page comics at 1240 × 1754 px) and accepts them the way an organiser does
 * (entries/review.ts#decide), which queues their print-size pictures. Starts the built site, waits
 * for its background worker to make them, then runs `npm run print -- catalogue` for the print and
 * the screen edition and pagedjs-cli (Debian's Chromium, PUPPETEER_SKIP_DOWNLOAD=1) on the same
 * HTML, `--runs` times each in turn (the median run is shown). Prints wall time, the steps of our
 * command, peak memory (command + Chromium, and the site) and PDF size, and the ratio to
 * pagedjs-cli; then the print edition once more with no picture
 * made ahead (the cache cold), to show what the background work saves.
 * Goals: print edition ≤ 60 s, ≤ 1.0× pagedjs-cli, print ≤ 250 MB, screen ≤ 25 MB.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ensureBuild, ROOT } from '../build.ts';
import { freePort } from '../net.ts';
import { openApp } from '#src/platform/app.ts';
import { entryDir, writeStaged } from '#src/artworks/storage.ts';
import { seedDemoAwards } from '#src/jury/awards.ts';
import { loadConfig } from '#src/platform/config.ts';
import { demoArtworkSvg } from '#src/operations/demo.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { decide } from '#src/entries/review.ts';
import { processImage, type ProcessedImage } from '#src/artworks/images.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { seedDemoSelections } from '#src/catalogue/selection.ts';
import { createPrintKey, PRINT_KEY_COOKIE } from '#src/catalogue/access.ts';
import { pendingTasks } from '#src/platform/tasks/task-queue.ts';
import { PRINT_PICTURES_TASK } from '#src/artworks/print-size.ts';
import { openDb } from '#src/platform/db.ts';
import { DB_FILE } from '#src/platform/app.ts';
import { startBenchServer } from './server.ts';
import { treeRssKb } from './proc.ts';

const { values: opts } = parseArgs({
  options: {
    entries: { type: 'string', default: '200' },
    lang: { type: 'string', default: 'cs' },
    format: { type: 'string', default: 'a4' },
    keep: { type: 'boolean', default: false },
    // A data directory a previous run kept (--keep): no seeding, its pictures already made.
    data: { type: 'string' },
    'no-cold': { type: 'boolean', default: false },
    'no-screen': { type: 'boolean', default: false },
    // Our print edition and pagedjs-cli, each this many times, alternating; each row the median run.
    runs: { type: 'string', default: '3' },
  },
});
const ENTRIES = Number(opts.entries);
const log = (msg: string) => console.log(msg);
const TOWNS = ['Praha', 'Brno', 'Ostrava', 'Plzeň', 'Liberec', 'Olomouc', 'Jihlava', 'Zlín', 'Kladno', 'Ústí nad Labem'];

async function picture(index: number, category: 'poster' | 'comic', width: number, height: number): Promise<ProcessedImage> {
  const png = await sharp(Buffer.from(demoArtworkSvg(index, category, width, height))).png({ compressionLevel: 1 }).toBuffer();
  return processImage(new Uint8Array(png));
}

async function seed(dataDir: string): Promise<void> {
  const { db, config } = await openApp(loadConfig({ DATA_DIR: dataDir, DEMO: '0' }));
  const edition = await createEdition(db, defaultEdition());
  const variants: { category: 'poster' | 'comic'; pages: ProcessedImage[]; dir: string }[] = [];
  for (const [i, category, sizes] of [
    [0, 'poster', [[3000, 4243]]],
    [1, 'comic', [[1240, 1754], [1240, 1754]]],
    [2, 'poster', [[3000, 4243]]],
  ] as const) {
    const pages: ProcessedImage[] = [];
    for (const [p, [w, h]] of sizes.entries()) pages.push(await picture(i + p * 101, category, w, h));
    variants.push({ category, pages, dir: writeStaged(config.dataDir, pages) });
  }
  const started = performance.now();
  const ids: number[] = [];
  await db.tx(async (db) => {
    for (let n = 0; n < ENTRIES; n++) {
      const v = variants[n % variants.length]!;
      const { id } = await insertEntry(
        db,
        {
          firstName: ['Eliška', 'Tomáš', 'Anežka', 'Jakub', 'Šimon'][n % 5]!,
          surname: `Benchmarková${n}`,
          age: 15 + (n % 5),
          region: REGION_CODES[n % REGION_CODES.length]!,
          category: v.category,
          title: `Dílo číslo ${n + 1}`,
          altText: 'A generated picture used to measure the catalogue.',
          statement: 'Chtěl(a) jsem ukázat, jak rychle se z lákavé nabídky může stát past, a že i z ní vede cesta ven: stačí zavolat. '.repeat(1 + (n % 4)).slice(0, 600),
          town: TOWNS[n % TOWNS.length]!,
          artistEmail: `bench${n}@example.invalid`,
          consentPublish: true,
          consentPrint: true,
          hideName: n % 17 === 0,
        },
        v.pages.map((p) => ({ width: p.width, height: p.height, widths: [...new Set(p.derivatives.map((d) => d.width))], placeholder: p.placeholder })),
        { lang: 'cs', status: 'received' },
      );
      ids.push(id);
      const dir = entryDir(config.dataDir, id);
      mkdirSync(dir, { recursive: true });
      for (const f of readdirSync(v.dir)) linkSync(join(v.dir, f), join(dir, f));
    }
  });
  // Accepted as an organiser accepts them: this queues each work's print pictures.
  const r = await decide(db, { id: 0, email: 'bench@example.invalid' }, { ids, decision: 'accepted' }, 'http://127.0.0.1:4321');
  if (!r.ok) throw new Error(`could not accept the entries: ${r.error}`);
  await seedDemoAwards(db, edition.id);
  await seedDemoSelections(db, edition.id);
  await db.close();
  log(`seeded and accepted ${ENTRIES} entries in ${Math.round(performance.now() - started)} ms`);
}

interface Run {
  seconds: number;
  peakMb: number;
  serverPeakMb: number;
  sizeMb: number;
  pages: string;
  steps: Record<string, number>;
}

/** Runs a command to its end, sampling memory; throws with its output when it fails. */
async function measure(what: string, cmd: string, args: string[], env: Record<string, string>, server: ChildProcess, out: string): Promise<Omit<Run, 'pages' | 'steps'> & { output: string }> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let peak = 0;
  let serverPeak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssKb(child.pid!));
    serverPeak = Math.max(serverPeak, treeRssKb(server.pid!));
  }, 200);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || !existsSync(out)) throw new Error(`${what} failed:\n${output}`);
  return { seconds, peakMb: peak / 1024, serverPeakMb: serverPeak / 1024, sizeMb: statSync(out).size / 1024 / 1024, output };
}

async function ours(edition: 'print' | 'screen', base: string, server: ChildProcess, dataDir: string, out: string): Promise<Run> {
  const summary = `${out}.json`;
  const m = await measure(`print ${edition}`, process.execPath, ['--import', join(ROOT, 'scripts/compile-cache.ts'), join(ROOT, 'scripts/print.ts'), 'catalogue', '--lang', opts.lang!, '--format', opts.format!, '--variant', edition, '--out', out, '--force', '--summary-json', summary], { BASE_URL: base, DATA_DIR: dataDir }, server, out);
  const s = JSON.parse(readFileSync(summary, 'utf8')) as { pages: number; steps: Record<string, number> };
  return { ...m, pages: String(s.pages), steps: s.steps };
}

/**
 * pagedjs-cli on the same print route, without our Paged.js script tags (`bare=1`: it brings its
 * own). Its --extra-header cannot pass a cookie (it hands puppeteer a list), so a loopback proxy
 * adds the print key to every request it forwards to the site, and drops the site's
 * Content-Security-Policy, which would block the script pagedjs-cli injects.
 */
async function pagedjsCli(base: string, server: ChildProcess, dataDir: string, out: string): Promise<Run | string> {
  const cli = join(ROOT, 'node_modules', '.bin', 'pagedjs-cli');
  if (!existsSync(cli)) return 'pagedjs-cli is not installed (npm ci installs it as a dev dependency)';
  const db = openDb(join(dataDir, DB_FILE));
  const key = await createPrintKey(db);
  await db.close();
  const site = new URL(base);
  const proxy = createServer((req, res) => {
    const up = httpRequest({ host: site.hostname, port: site.port, path: req.url, method: req.method, headers: { ...req.headers, host: site.host, cookie: `${PRINT_KEY_COOKIE}=${key}` } }, (r) => {
      // pagedjs-cli injects its Paged.js as an inline script, which the site's CSP would block.
      const { 'content-security-policy': _csp, ...headers } = r.headers;
      res.writeHead(r.statusCode ?? 502, headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const port = await freePort();
  await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${port}/print/${opts.lang}?format=${opts.format}&edition=print&bare=1`;
    const m = await measure('pagedjs-cli', process.execPath, [cli, url, '-o', out, '-t', '900000', '--browserArgs', '--no-sandbox,--disable-gpu,--disable-dev-shm-usage'], { PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_EXECUTABLE_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }, server, out);
    const pages = /Pages:\s+(\d+)/.exec(spawnText('pdfinfo', [out]))?.[1] ?? '?';
    return { ...m, pages, steps: {} };
  } finally {
    proxy.close();
  }
}

function spawnText(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch {
    return '';
  }
}

async function waitForPictures(dataDir: string): Promise<number> {
  const started = performance.now();
  const db = openDb(join(dataDir, DB_FILE));
  try {
    for (;;) {
      const left = await pendingTasks(db, PRINT_PICTURES_TASK);
      if (left === 0) return (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await db.close();
  }
}

const row = (name: string, r: Run, ratio = '') =>
  `| ${name} | ${r.pages} | ${r.seconds.toFixed(1)} s | ${Object.entries(r.steps).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ') || '—'} | ${r.peakMb.toFixed(0)} MB | ${r.serverPeakMb.toFixed(0)} MB | ${r.sizeMb.toFixed(1)} MB | ${ratio} |`;

async function main(): Promise<void> {
  ensureBuild(log);
  const dataDir = opts.data ?? mkdtempSync(join(tmpdir(), 'ct-bench-catalogue-'));
  const outDir = join(dataDir, 'out');
  mkdirSync(outDir, { recursive: true });
  if (!opts.data) await seed(dataDir);
  const site = await startBenchServer(dataDir);
  try {
    const background = await waitForPictures(dataDir);
    if (!opts.data) log(`print-size pictures made in the background after acceptance: ${background.toFixed(1)} s for ${ENTRIES} works`);
    log(`\ncatalogue of ${ENTRIES} works, ${opts.lang} ${opts.format!.toUpperCase()} (goals: print ≤ 60 s and ≤ 1.0× pagedjs-cli, print ≤ 250 MB, screen ≤ 25 MB)\n`);
    log('| run | pages | wall time | steps (s) | peak memory (command + Chromium) | site peak | PDF size | vs pagedjs-cli |');
    log('|---|---|---|---|---|---|---|---|');
    // Ours and pagedjs-cli in turn (which goes first alternating), so the machine's drift falls on both.
    const RUNS = Math.max(1, Number(opts.runs));
    const prints: Run[] = [];
    const clis: Run[] = [];
    let cliFailed: string | undefined;
    for (let i = 0; i < RUNS; i++) {
      const both = [
        async () => prints.push(await ours('print', site.base, site.child, dataDir, join(outDir, 'print.pdf'))),
        async () => {
          if (cliFailed) return;
          const cli = await pagedjsCli(site.base, site.child, dataDir, join(outDir, 'pagedjs-cli.pdf')).catch((err: Error) => `it failed: ${err.message.split('\n').slice(0, 4).join(' ')}`);
          if (typeof cli === 'string') cliFailed = cli;
          else clis.push(cli);
        },
      ];
      for (const run of i % 2 ? both.reverse() : both) await run();
    }
    const median = (runs: Run[]) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
    const print = median(prints);
    const layoutAndPdf = ['chromium', 'page load', 'layout', 'pictures', 'checks', 'pdf'].reduce((n, k) => n + (print.steps[k] ?? 0), 0);
    const cli = cliFailed ?? median(clis);
    const ratio = typeof cli === 'string' ? '' : `${(print.seconds / cli.seconds).toFixed(2)}× (layout + PDF: ${(layoutAndPdf / cli.seconds).toFixed(2)}×)`;
    const all = (runs: Run[]) => (RUNS > 1 ? ` (median of ${runs.map((r) => `${r.seconds.toFixed(1)}`).join(', ')} s)` : '');
    log(row(`print, pictures made on acceptance${all(prints)}`, print, ratio));
    if (typeof cli === 'string') log(`| pagedjs-cli | skipped: ${cli} |`);
    else log(row(`pagedjs-cli, same HTML${all(clis)}`, cli, '1.00×'));
    if (!opts['no-screen']) {
      const screen = await ours('screen', site.base, site.child, dataDir, join(outDir, 'screen.pdf'));
      log(row('screen', screen));
    }
    if (!opts['no-cold']) {
      // The same print edition as if nothing had been made ahead: every picture made while printing.
      rmSync(join(dataDir, 'catalogue', 'images'), { recursive: true, force: true });
      const cold = await ours('print', site.base, site.child, dataDir, join(outDir, 'print-cold.pdf'));
      log(row('print, no picture made ahead', cold));
    }
  } finally {
    await site.stop();
    if (!opts.keep && !opts.data) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
