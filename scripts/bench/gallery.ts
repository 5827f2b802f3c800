/**
 * Gallery benchmark (not a test: it prints figures, it asserts nothing).
 *
 *   npm run bench:gallery [-- --entries 1000 --seconds 2 --rounds 5 --concurrency 1,16 --engines sqlite,postgres]
 *                         [-- --compare-root ../earlier --compare-data /tmp/ct-bench-xxxx --compare-label 32c2754]
 *
 * Seeds 1,000 public entries (three processed pictures reused: hard links in the data directory,
 * or objects in the bucket), starts the built site on loopback, and measures latency (p50/p95) and
 * requests per second of the gallery index and an artwork page next to a static file served by the
 * same server, with a small concurrent load generator (Node's fetch, keep-alive). It does so on
 * SQLite + files, on PostgreSQL + S3 with one process, and with two processes on the same database
 * and bucket (requests alternate between them, as nginx would spread them): all three run at once
 * and each target is measured on each in turn, `--rounds` times, each figure the median round, so
 * the machine's drift during the run falls on every column alike. Then it prints them side by side,
 * and the compressed bytes of HTML + CSS + JS each page needs before images. `--compare-root` adds
 * one more column in the same rounds: the built site of another checkout (an earlier commit) on
 * SQLite over a data directory that checkout's own `bench:gallery --keep` seeded.
 * Load generator and server share the machine's cores: read the figures relative to each other.
 * Beside requests per second it reads, from /proc, the CPU time each set-up's processes (its sites,
 * and PostgreSQL's server for its set-ups) spend per request: that figure moves far less than the
 * rate when something else on the machine takes the cores.
 */
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ensureBuild } from '../build.ts';
import { openApp } from '#src/platform/app.ts';
import { artworkKey, entryDir, writeStaged } from '#src/artworks/storage.ts';
import { seedDemoAwards } from '#src/jury/awards.ts';
import { loadConfig } from '#src/platform/config.ts';
import { demoArtworkPng } from '#src/operations/demo.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { processImage, type ProcessedImage } from '#src/artworks/images.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { startBenchServer, type BenchServer } from './server.ts';
import { treeCpuMs } from './proc.ts';
import { BENCH_ENGINES, ENGINE_LABEL, setup, type BenchEngine } from './engines.ts';

const { values: opts } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,16' },
    engines: { type: 'string', default: BENCH_ENGINES.join(',') },
    keep: { type: 'boolean', default: false },
    'compare-root': { type: 'string' },
    'compare-data': { type: 'string' },
    'compare-label': { type: 'string', default: 'earlier commit' },
  },
});
const ENGINES = opts.engines.split(',').filter((e): e is BenchEngine => (BENCH_ENGINES as string[]).includes(e));
const ENTRIES = Number(opts.entries);
const SECONDS = Number(opts.seconds);
const ROUNDS = Math.max(1, Number(opts.rounds));
const CONCURRENCY = opts.concurrency.split(',').map(Number);

const log = (msg: string) => console.log(msg);

async function seed(dataDir: string, env: Record<string, string>): Promise<void> {
  const app = await openApp(loadConfig({ DATA_DIR: dataDir, DEMO: '0', ...env }));
  const { db, config, storage } = app;
  const edition = await createEdition(db, defaultEdition());
  // Three works' worth of pictures: a poster, a two-page comic, another poster. Processed once.
  const variants: { category: 'poster' | 'comic'; pages: ProcessedImage[]; dir: string }[] = [];
  for (const [i, category, pages] of [[0, 'poster', 1], [1, 'comic', 2], [2, 'poster', 1]] as const) {
    const processed: ProcessedImage[] = [];
    for (let p = 0; p < pages; p++) processed.push(await processImage(new Uint8Array(await demoArtworkPng(i + p * 101, category))));
    variants.push({ category, pages: processed, dir: writeStaged(config.dataDir, processed) });
  }
  const started = performance.now();
  const copies: [number, string][] = [];
  await db.tx(async (db) => {
    for (let n = 0; n < ENTRIES; n++) {
      const v = variants[n % variants.length]!;
      const { id } = await insertEntry(
        db,
        {
          firstName: 'Benchmark',
          surname: `Artist${n}`,
          age: 10 + (n % 10),
          region: REGION_CODES[n % REGION_CODES.length]!,
          category: v.category,
          title: `Work number ${n + 1}`,
          altText: 'A generated picture used to measure the gallery.',
          consentPublish: true,
        },
        v.pages.map((p) => ({ width: p.width, height: p.height, widths: [...new Set(p.derivatives.map((d) => d.width))], placeholder: p.placeholder })),
        { lang: 'cs', status: 'accepted' },
      );
      if (storage.kind === 'files') {
        const dir = entryDir(config.dataDir, id);
        mkdirSync(dir, { recursive: true });
        for (const f of readdirSync(v.dir)) linkSync(join(v.dir, f), join(dir, f));
      } else {
        for (const f of readdirSync(v.dir)) copies.push([id, join(v.dir, f)]);
      }
    }
  });
  // Into the bucket, 16 uploads at a time.
  for (let i = 0; i < copies.length; i += 16) {
    await Promise.all(copies.slice(i, i + 16).map(([id, path]) => storage.write(artworkKey(id, path.split('/').at(-1)!), readFileSync(path))));
  }
  await seedDemoAwards(db, edition.id);
  // PostgreSQL's planner statistics, as autovacuum gives a database in use within a minute or so
  // (SQLite has none unless told, in use or here). Measured before, PostgreSQL guessed and sorted
  // the whole edition for every gallery page.
  if (db.engine === 'postgres') await db.run('ANALYZE');
  storage.close();
  await db.close();
  log(`seeded ${ENTRIES} public entries in ${Math.round(performance.now() - started)} ms`);
}


interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU time the set-up's processes (site, and PostgreSQL for its set-ups) spent per request, in ms. */
  cpuMs: number;
}

/** `concurrency` loops each sending one request after another for `seconds`; every latency is kept. */
async function load(url: string | (() => string), seconds: number, concurrency: number, headers: Record<string, string> = {}, expect = 200): Promise<LoadResult> {
  const next = typeof url === 'string' ? () => url : url;
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const r = await fetch(next(), { headers });
        await r.arrayBuffer();
        if (r.status !== expect) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, rps: latencies.length / elapsed, p50: q(0.5), p95: q(0.95), p99: q(0.99), cpuMs: NaN };
}

/** `load`, with the CPU time the set-up's processes spent on it, per request. */
async function measured(roots: number[], ...args: Parameters<typeof load>): Promise<LoadResult> {
  const before = treeCpuMs(roots);
  const r = await load(...args);
  return { ...r, cpuMs: (treeCpuMs(roots) - before) / Math.max(1, r.requests) };
}

/** Gzip bytes of a page's HTML, its stylesheets, and the JavaScript its islands would load (with imports). */
async function pageWeight(base: string, path: string): Promise<{ html: number; css: number; js: number; jsRaw: number }> {
  const html = await (await fetch(base + path)).text();
  const gz = (s: string | Buffer) => gzipSync(s).length;
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  const scripts = new Set<string>([
    ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/(?:component|renderer)-url="([^"]+)"/g)].map((m) => m[1]!),
  ]);
  let cssBytes = 0;
  for (const href of css) cssBytes += gz(await (await fetch(base + href)).text());
  let js = 0;
  let jsRaw = 0;
  const seen = new Set<string>();
  const queue = [...scripts];
  while (queue.length) {
    const src = queue.shift()!;
    if (seen.has(src)) continue;
    seen.add(src);
    const body = await (await fetch(base + src)).text();
    js += gz(body);
    jsRaw += Buffer.byteLength(body);
    for (const m of body.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)) queue.push(new URL(m[1]!, base + src).pathname);
  }
  // Inline scripts (Astro's island loader) count too.
  const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
  return { html: gz(html), css: cssBytes, js: js + (inline ? gz(inline) : 0), jsRaw };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;

interface Row {
  name: string;
  concurrency: number;
  result: LoadResult;
}

interface Target {
  name: string;
  path: string | (() => string);
  headers: Record<string, string>;
  status: number;
}

/** The pages measured on one set-up; requests alternate between its `bases` (as nginx spreads them). */
async function targetsOf(bases: string[]): Promise<{ targets: Target[]; artwork: string }> {
  const base = bases[0]!;
  let turn = 0;
  const spread = (path: string | (() => string)) => () => `${bases[turn++ % bases.length]}${typeof path === 'string' ? path : path()}`;
  const gallery = await (await fetch(`${base}/cs/gallery`)).text();
  const ids = [...gallery.matchAll(/href="\/cs\/gallery\/(\d+)"/g)].map((m) => m[1]);
  const artwork = `/cs/gallery/${ids[Math.floor(ids.length / 2)]}`;
  const css = /<link[^>]+rel="stylesheet"[^>]+href="([^"]+site[^"]*\.css)"/.exec(gallery)?.[1] ?? '/favicon.svg';
  const etag = (await fetch(`${base}/cs/gallery`)).headers.get('etag') ?? '';
  let n = 0;
  // A query parameter the gallery ignores makes every request a new page for the server's page cache.
  const uncached = (path: string) => () => `${path}${path.includes('?') ? '&' : '?'}bench=${++n}`;
  const targets: Target[] = [
    { name: 'static file', path: css, headers: {}, status: 200 },
    { name: 'gallery index', path: '/cs/gallery', headers: {}, status: 200 },
    { name: 'gallery, 3 facets, page 2', path: '/cs/gallery?category=poster&age=13-15&region=PHA&page=2', headers: {}, status: 200 },
    { name: 'artwork page', path: artwork, headers: {}, status: 200 },
    { name: 'gallery revalidation (304)', path: '/cs/gallery', headers: { 'If-None-Match': etag }, status: 304 },
    { name: 'gallery index, rendered', path: uncached('/cs/gallery'), headers: {}, status: 200 },
    { name: 'artwork page, rendered', path: uncached(artwork), headers: {}, status: 200 },
  ];
  return { targets: targets.map((t) => ({ ...t, path: spread(t.path) })), artwork };
}

/** One set-up's figures, as a table. */
function printSetUp(label: string, rows: Row[]): void {
  for (const concurrency of CONCURRENCY) {
    log(`\n${label} — ${concurrency} concurrent connection(s), median of ${ROUNDS} × ${SECONDS} s per target, loopback, Node ${process.version}`);
    log('target                          req/s    p50       p95       p99       requests  errors  vs static');
    const own = rows.filter((r) => r.concurrency === concurrency);
    const staticRps = own.find((r) => r.name === 'static file')?.result.rps ?? NaN;
    for (const { name, result: r } of own) {
      log(`${name.padEnd(30)} ${r.rps.toFixed(0).padStart(6)}   ${ms(r.p50).padEnd(9)} ${ms(r.p95).padEnd(9)} ${ms(r.p99).padEnd(9)} ${String(r.requests).padStart(8)}  ${String(r.errors).padStart(6)}  ${(r.rps / staticRps).toFixed(2)}×`);
    }
  }
}

async function weights(base: string): Promise<void> {
  const gallery = await (await fetch(`${base}/cs/gallery`)).text();
  const id = /href="\/cs\/gallery\/(\d+)"/.exec(gallery)?.[1];
  log('\npage weight before images (gzip): HTML + CSS + JS; "JS" is island code that loads after the page, none is needed to browse');
  for (const [name, path] of [['home', '/cs/'], ['gallery index', '/cs/gallery'], ['artwork page', `/cs/gallery/${id}`], ['winners', '/cs/winners'], ['help', '/cs/help']] as const) {
    const w = await pageWeight(base, path);
    log(`${name.padEnd(22)} HTML ${kb(w.html).padStart(8)}  CSS ${kb(w.css).padStart(8)}  JS ${kb(w.js).padStart(8)} (${kb(w.jsRaw)} raw)  total ${kb(w.html + w.css + w.js).padStart(8)}  required ${kb(w.html + w.css).padStart(8)}`);
  }
}

interface SetUp {
  label: string;
  bases: string[];
  /** The processes whose CPU time counts for this set-up: its sites, and PostgreSQL's postmaster. */
  pids: () => number[];
  targets: Target[];
  artwork: string;
  stop: () => Promise<void>;
}

/** One set-up: seed it and start `processes` servers on it; `stop()` ends them and removes the data. */
async function start(engine: BenchEngine, processes: number): Promise<SetUp> {
  const services = await setup(engine);
  const dirs = Array.from({ length: processes }, () => mkdtempSync(join(tmpdir(), 'ct-bench-')));
  const sites: BenchServer[] = [];
  const stop = async () => {
    for (const s of sites) await s.stop();
    await services.stop();
    for (const dir of dirs) {
      if (opts.keep) log(`data kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await seed(dirs[0]!, services.env);
    for (const dir of dirs) sites.push(await startBenchServer(dir, services.env));
    const bases = sites.map((s) => s.base);
    const pids = () => [...sites.map((s) => s.child.pid!), ...services.servicePids()];
    return { label: `${ENGINE_LABEL[engine]}, ${processes} process${processes > 1 ? 'es' : ''}`, bases, pids, ...(await targetsOf(bases)), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Another checkout's built site over a data directory it seeded itself (SQLite + files). */
async function startEarlier(root: string, dataDir: string, label: string): Promise<SetUp> {
  if (!dataDir) throw new Error('--compare-root needs --compare-data: a data directory seeded by that checkout (its bench:gallery --keep)');
  const site = await startBenchServer(dataDir, {}, root);
  try {
    return { label: `SQLite + files, ${label}`, bases: [site.base], pids: () => [site.child.pid!], ...(await targetsOf([site.base])), stop: site.stop };
  } catch (err) {
    await site.stop();
    throw err;
  }
}

/** The median round by requests per second, with the median CPU time per request of all rounds. */
const median = (results: LoadResult[]): LoadResult => {
  const mid = Math.floor(results.length / 2);
  const cpu = results.map((r) => r.cpuMs).sort((a, b) => a - b)[mid]!;
  return { ...[...results].sort((a, b) => a.rps - b.rps)[mid]!, cpuMs: cpu };
};

async function main(): Promise<void> {
  ensureBuild(log);
  // Every set-up runs at once and each target is measured on each in turn, round after round (the
  // first set-up changing every round), each figure the median round: the machine's drift over the
  // minutes of a run then falls on every column alike instead of on whichever ran last.
  const setups: SetUp[] = [];
  const columns: [string, Row[]][] = [];
  try {
    for (const engine of ENGINES) setups.push(await start(engine, 1));
    if (ENGINES.includes('postgres')) setups.push(await start('postgres', 2));
    if (opts['compare-root']) setups.push(await startEarlier(opts['compare-root'], opts['compare-data'] ?? '', opts['compare-label']));
    await weights(setups[0]!.bases[0]!);
    for (const s of setups) columns.push([s.label, []]);
    log(`\nmeasuring ${setups.length} set-up(s) in turn: ${ROUNDS} round(s) of ${SECONDS} s per target and set-up`);
    for (const concurrency of CONCURRENCY) {
      for (const [t, target] of setups[0]!.targets.entries()) {
        const results: LoadResult[][] = setups.map(() => []);
        for (let round = 0; round < ROUNDS; round++) {
          for (let k = 0; k < setups.length; k++) {
            const i = (k + round) % setups.length;
            const { path, headers, status } = setups[i]!.targets[t]!;
            if (round === 0) await load(path, 1, concurrency, headers, status); // warm-up, once per target and set-up
            results[i]!.push(await measured(setups[i]!.pids(), path, SECONDS, concurrency, headers, status));
          }
        }
        results.forEach((r, i) => columns[i]![1].push({ name: target.name, concurrency, result: median(r) }));
        log(`${target.name.padEnd(30)} c=${String(concurrency).padEnd(3)} ${results.map((r) => `${median(r).rps.toFixed(0).padStart(6)} req/s`).join('  ')}`);
      }
    }
  } finally {
    for (const s of setups) await s.stop();
  }
  for (const [label, rows] of columns) printSetUp(label, rows);
  log(`(artwork page: ${setups[0]!.artwork}; "rendered" rows bypass the server's page cache, the others are served from it after the first request)`);

  // Side by side: req/s and p95 of every target in every set-up, and how the others compare with the first.
  log('\nside by side (req/s, p95; ratio = req/s against the first column)');
  log(`| target | c | ${columns.map(([name]) => name).join(' | ')} |`);
  log(`|---|---|${columns.map(() => '---').join('|')}|`);
  const first = columns[0]![1];
  for (const [i, row] of first.entries()) {
    const cells = columns.map(([, rows], c) => {
      const r = rows[i]!.result;
      return `${r.rps.toFixed(0)} req/s, ${ms(r.p95)}${c > 0 ? ` (${(r.rps / row.result.rps).toFixed(2)}×)` : ''}${r.errors ? `, ${r.errors} errors` : ''}`;
    });
    log(`| ${row.name} | ${row.concurrency} | ${cells.join(' | ')} |`);
  }
  log('\nCPU time per request of each set-up\'s processes (the site, and PostgreSQL for its set-ups; the load generator and the S3 server excluded); ratio = against the first column, above 1 costs more');
  log(`| target | c | ${columns.map(([name]) => name).join(' | ')} |`);
  log(`|---|---|${columns.map(() => '---').join('|')}|`);
  for (const [i, row] of first.entries()) {
    const cells = columns.map(([, rows], c) => {
      const r = rows[i]!.result;
      return `${r.cpuMs.toFixed(2)} ms${c > 0 ? ` (${(r.cpuMs / row.result.cpuMs).toFixed(2)}×)` : ''}`;
    });
    log(`| ${row.name} | ${row.concurrency} | ${cells.join(' | ')} |`);
  }
  // The goals read over groups of pages. One cell moves by up to ±20% between runs on this machine
  // (the static file, the same code in every set-up, shows how much); a group's geometric mean
  // moves far less.
  const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  const CACHED = ['gallery index', 'gallery, 3 facets, page 2', 'artwork page', 'gallery revalidation (304)'];
  const RENDERED = ['gallery index, rendered', 'artwork page, rendered'];
  const group = (rows: Row[], names: string[], of: (r: LoadResult, base: LoadResult) => number) =>
    geo(rows.flatMap((row, i) => (names.includes(row.name) ? [of(row.result, first[i]!.result)] : [])));
  log('\ngoals read over groups (geometric mean over the targets named at every concurrency measured; time = first column\'s req/s over this one\'s, above 1 is slower; CPU = CPU time per request against the first column)');
  log(`| group | ${columns.slice(1).map(([name]) => name).join(' | ')} |`);
  log(`|---|${columns.slice(1).map(() => '---').join('|')}|`);
  for (const [label, names] of [['cached pages (4 targets)', CACHED], ['rendered pages (2 targets)', RENDERED], ['static file (control: the same code everywhere)', ['static file']]] as const) {
    const cells = columns.slice(1).map(([, rows]) => {
      const time = group(rows, [...names], (r, b) => b.rps / r.rps);
      const cpu = group(rows, [...names], (r, b) => r.cpuMs / b.cpuMs);
      return `time ${time.toFixed(2)}×, CPU ${cpu.toFixed(2)}×`;
    });
    log(`| ${label} | ${cells.join(' | ')} |`);
  }
  log('\nLighthouse: not installed in this project (no network packages added); scores not measured.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
