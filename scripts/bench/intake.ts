/**
 * bench:intake — what the entry intake costs for a real phone photo.
 *
 *  1. Median time to take a 12 MP phone JPEG through the whole intake (schema, image policy,
 *     master + AVIF/WebP derivatives, staging, database commit with consents and mails).
 *  2. The same for a bare sharp script that decodes the photo once and encodes the same outputs.
 *  3. Their ratio (goal ≤ 1.3).
 *  4. Peak memory (VmHWM) of the server while 20 uploads of that photo arrive at once
 *     (goal < 600 MB), with the bounded processing queue.
 *  5. The whole intake again on PostgreSQL + an S3-compatible bucket (a PostgreSQL server and
 *     s3rver started for the run), and its ratio to SQLite + files (goal ≤ 1.2).
 *
 * Prints a table; `--json` prints the figures as JSON too (used by `npm run bench`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '#src/platform/config.ts';
import { bootstrap } from '#src/operations/bootstrap.ts';
import { submitEntry } from '#src/entries/intake.ts';
import { WEB_WIDTHS } from '#src/artworks/images.ts';
import { ensureBuild } from '../build.ts';
import { startBenchServer } from './server.ts';
import { BENCH_ENGINES, setup, type BenchEngine } from './engines.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CONCURRENT = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** A 4032×3024 (12.2 MP) photo-like JPEG with camera EXIF, as a phone would send it. */
async function phonePhoto(): Promise<Buffer> {
  const width = 4032;
  const height = 3024;
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2a6f97"/><stop offset="1" stop-color="#f4a261"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>` +
      Array.from({ length: 60 }, (_, i) => `<circle cx="${(i * 677) % width}" cy="${(i * 389) % height}" r="${80 + ((i * 53) % 300)}" fill="#${((i * 0x3f1a7) & 0xffffff).toString(16).padStart(6, '0')}" opacity="0.5"/>`).join('') +
      '</svg>',
  );
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 0, sigma: 18 } } }).png().toBuffer();
  return sharp(gradient)
    .composite([{ input: noise, blend: 'overlay' }])
    .withExif({ IFD0: { Make: 'BenchPhone', Model: '12MP' } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Decode once, then encode exactly what intake writes: master JPEG, AVIF + WebP per width, placeholder. */
async function bareSharp(photo: Buffer): Promise<void> {
  const { data, info } = await sharp(photo).rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels as 3 } };
  const jobs: Promise<unknown>[] = [sharp(data, raw).withIccProfile('srgb').jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer()];
  for (const w of WEB_WIDTHS) {
    jobs.push(sharp(data, raw).resize({ width: w }).withIccProfile('srgb').avif({ quality: 50, effort: 2, chromaSubsampling: '4:2:0' }).toBuffer());
    jobs.push(sharp(data, raw).resize({ width: w }).withIccProfile('srgb').webp({ quality: 78 }).toBuffer());
  }
  jobs.push(sharp(data, raw).resize({ width: 20 }).blur(1).webp({ quality: 40 }).toBuffer());
  await Promise.all(jobs);
}

function entryForm(photo: Buffer, i: number): FormData {
  const f = new FormData();
  const fields: Record<string, string> = {
    lang: 'cs', formToken: crypto.randomUUID(), firstName: 'Bench', surname: 'Marková', age: '16', town: 'Brno', region: 'JHM',
    category: 'poster', title: `Bench ${i}`, statement: 'A benchmark entry that says something.', altText: 'A gradient with circles and noise.',
    artistEmail: `bench-${i}-${crypto.randomUUID()}@example.org`, consentPublish: 'on', agreeRules: 'on',
  };
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('pages', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
  return f;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function intakeTimes(photo: Buffer, engine: BenchEngine = 'sqlite'): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-intake-'));
  const services = await setup(engine);
  try {
    const app = await bootstrap(loadConfig({ DATA_DIR: dataDir, DEMO: '0', ...services.env }), () => {});
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const form = entryForm(photo, i);
      const ms = await timeIt(async () => {
        const r = await submitEntry(app, form, 'cs', 'http://127.0.0.1');
        if (!r.ok) throw new Error(`intake refused the bench photo: ${JSON.stringify(r.errors)}`);
      });
      if (i > 0) times.push(ms); // the first run warms up libvips
    }
    app.storage.close();
    await app.db.close();
    return times;
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts the built server, sends 20 uploads at once, and reads the server's peak RSS. */
async function concurrentPeak(photo: Buffer): Promise<{ peakMb: number; ok: number; wallMs: number }> {
  ensureBuild(() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-peak-'));
  const site = await startBenchServer(dataDir, { ENTRY_RATE_LIMIT: '100000' });
  try {
    const start = performance.now();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: entryForm(photo, i), headers: { Origin: site.base } }).then(async (r) => (r.ok && (await r.text()).includes('"ok"') ? 1 : 0)),
      ),
    );
    const wallMs = performance.now() - start;
    const status = readFileSync(`/proc/${site.child.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return { peakMb: hwm / 1024, ok: results.reduce<number>((a, b) => a + b, 0), wallMs };
  } finally {
    await site.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const photo = await phonePhoto();
const meta = await sharp(photo).metadata();
console.log(`bench:intake — ${meta.width}×${meta.height} JPEG, ${(photo.length / 1e6).toFixed(1)} MB, ${RUNS} runs each`);
const intake = median(await intakeTimes(photo));
await bareSharp(photo);
const bareRuns: number[] = [];
for (let i = 0; i < RUNS; i++) bareRuns.push(await timeIt(() => bareSharp(photo)));
const bare = median(bareRuns);
const peak = await concurrentPeak(photo);
const ratio = intake / bare;
const onPg = BENCH_ENGINES.includes('postgres') ? median(await intakeTimes(photo, 'postgres')) : undefined;

const rows: [string, string, string][] = [
  ['whole intake, median', `${intake.toFixed(0)} ms`, ''],
  ['bare sharp (decode once + same outputs), median', `${bare.toFixed(0)} ms`, ''],
  ['ratio intake / bare sharp', ratio.toFixed(2), ratio <= 1.3 ? 'goal ≤ 1.3 met' : 'goal ≤ 1.3 MISSED'],
  [`peak server memory, ${CONCURRENT} uploads at once`, `${peak.peakMb.toFixed(0)} MB`, peak.peakMb < 600 ? 'goal < 600 MB met' : 'goal < 600 MB MISSED'],
  [`${CONCURRENT} concurrent uploads stored`, `${peak.ok}/${CONCURRENT} in ${(peak.wallMs / 1000).toFixed(1)} s`, ''],
  ...(onPg === undefined
    ? [['whole intake on PostgreSQL + S3', 'not measured', 'PostgreSQL is not installed'] as [string, string, string]]
    : ([
        ['whole intake on PostgreSQL + S3, median', `${onPg.toFixed(0)} ms`, ''],
        ['ratio PostgreSQL + S3 / SQLite + files', (onPg / intake).toFixed(2), onPg / intake <= 1.2 ? 'goal ≤ 1.2 met' : 'goal ≤ 1.2 MISSED'],
      ] as [string, string, string][])),
];
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v, goal] of rows) console.log(`| ${k.padEnd(w)} | ${v.padStart(14)} | ${goal}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ bench: 'intake', intakeMs: intake, bareMs: bare, ratio, peakMb: peak.peakMb, stored: peak.ok, postgresMs: onPg }));
