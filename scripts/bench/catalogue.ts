/**
 * Catalogue benchmark (not a test: it prints figures, it asserts nothing).
 *
 *   npm run bench:catalogue [-- --entries 200 --lang cs --format a4 --keep]
 *
 * Seeds a temporary data directory with 200 accepted entries with print consent (pictures drawn
 * once and reused by hard links: posters at scan size 3000 × 4243 px, so the print edition really
 * downsamples, and two-page comics at 1240 × 1754 px), starts the built site on loopback and runs
 * the catalogue command for the print and the screen edition. Prints wall time, peak memory (the
 * command with its Chromium, and the site) and PDF size, next to pagedjs-cli on the same HTML
 * when pagedjs-cli can run here. Goals: ≤ 60 s, ≤ 1.0× pagedjs-cli, print ≤ 250 MB, screen ≤ 25 MB.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ensureBuild, ROOT } from '../build.ts';
import { openApp } from '#src/platform/app.ts';
import { entryDir, writeStaged } from '#src/artworks/storage.ts';
import { seedDemoAwards } from '#src/jury/awards.ts';
import { loadConfig } from '#src/platform/config.ts';
import { demoArtworkSvg } from '#src/operations/demo.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { processImage, type ProcessedImage } from '#src/artworks/images.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { seedDemoSelections } from '#src/catalogue/selection.ts';
import { startBenchServer } from './server.ts';

const { values: opts } = parseArgs({
  options: {
    entries: { type: 'string', default: '200' },
    lang: { type: 'string', default: 'cs' },
    format: { type: 'string', default: 'a4' },
    keep: { type: 'boolean', default: false },
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
  await db.tx(async (db) => {
    for (let n = 0; n < ENTRIES; n++) {
      const v = variants[n % variants.length]!;
      const { id } = await insertEntry(
        db,
        {
          firstName: ['Eliška', 'Tomáš', 'Anežka', 'Jakub', 'Šimon'][n % 5]!,
          surname: `Benchmarková${n}`,
          age: 10 + (n % 10),
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
        { lang: 'cs', status: 'accepted' },
      );
      const dir = entryDir(config.dataDir, id);
      mkdirSync(dir, { recursive: true });
      for (const f of readdirSync(v.dir)) linkSync(join(v.dir, f), join(dir, f));
    }
  });
  await seedDemoAwards(db, edition.id);
  await seedDemoSelections(db, edition.id);
  await db.close();
  log(`seeded ${ENTRIES} entries in ${Math.round(performance.now() - started)} ms`);
}

/** Resident memory of a process and all its descendants, from /proc (kB). */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pid = Number(name);
      rss.set(pid, Number(fields[21]) * 4); // pages of 4 kB
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}


async function run(edition: 'print' | 'screen', base: string, server: ChildProcess, dataDir: string, out: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/catalogue.ts'), '--lang', opts.lang!, '--format', opts.format!, '--edition', edition, '--out', out, '--force'], {
    cwd: ROOT,
    env: { ...process.env, BASE_URL: base, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  let peak = 0;
  let serverPeak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssKb(child.pid!));
    serverPeak = Math.max(serverPeak, treeRssKb(server.pid!));
  }, 200);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`catalogue ${edition} failed:\n${output}`);
  const pages = /(\d+) pages, [\d.]+ MB in/.exec(output)?.[1] ?? '?';
  return { seconds, peakMb: peak / 1024, serverPeakMb: serverPeak / 1024, sizeMb: statSync(out).size / 1024 / 1024, pages };
}

/** pagedjs-cli on the same HTML, when it is installed (nothing is downloaded). */
function pagedjsCli(): string | undefined {
  const local = join(ROOT, 'node_modules', '.bin', 'pagedjs-cli');
  if (existsSync(local)) return local;
  const r = spawnSync('sh', ['-c', 'command -v pagedjs-cli'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function main(): Promise<void> {
  ensureBuild(log);
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-catalogue-'));
  const outDir = join(dataDir, 'out');
  mkdirSync(outDir);
  await seed(dataDir);
  const site = await startBenchServer(dataDir);
  try {
    log(`\ncatalogue of ${ENTRIES} works, ${opts.lang} ${opts.format!.toUpperCase()} (goals: ≤ 60 s, print ≤ 250 MB, screen ≤ 25 MB)`);
    log('edition   pages   wall time   peak memory (command + Chromium)   site peak   PDF size');
    const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
    for (const edition of ['print', 'screen'] as const) {
      // The first print run also fills the picture cache; a second run shows the warm figure.
      const r = await run(edition, site.base, site.child, dataDir, join(outDir, `${edition}.pdf`));
      results[edition] = r;
      log(`${edition.padEnd(9)} ${String(r.pages).padStart(5)} ${r.seconds.toFixed(1).padStart(9)} s ${r.peakMb.toFixed(0).padStart(20)} MB ${r.serverPeakMb.toFixed(0).padStart(20)} MB ${r.sizeMb.toFixed(1).padStart(8)} MB`);
    }
    const warm = await run('print', site.base, site.child, dataDir, join(outDir, 'print-warm.pdf'));
    log(`${'print*'.padEnd(9)} ${String(warm.pages).padStart(5)} ${warm.seconds.toFixed(1).padStart(9)} s ${warm.peakMb.toFixed(0).padStart(20)} MB ${warm.serverPeakMb.toFixed(0).padStart(20)} MB ${warm.sizeMb.toFixed(1).padStart(8)} MB   (* pictures already cached)`);
    const cli = pagedjsCli();
    if (!cli) {
      log('\npagedjs-cli: skipped — it is not installed here (not in node_modules, not on PATH), and this machine may not download it.');
    } else {
      log(`\npagedjs-cli (${cli}) on the same HTML is not wired to the print route's key; run it by hand against a preview URL to compare.`);
    }
  } finally {
    await site.stop();
    if (!opts.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
