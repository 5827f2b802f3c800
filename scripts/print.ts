/**
 * npm run print -- <product> [--lang cs|en] [--edition <year>] --out FILE.pdf [--force]
 *
 *   catalogue     [--format a4|a5] [--variant print|screen] [--cmyk]
 *   labels        [--layout sheet|single] [--size 95x65]   (millimetres)
 *   poster        --stop <id> [--artwork <entry id or reference>]
 *   certificates
 *   worksheets
 *
 * Every print product from the command line: reads the flags, finds the site (or starts one) and
 * hands the work to renderPrint (src/catalogue/render.ts), the same code the admin's jobs run.
 * Writes FILE.pdf and FILE-contact-sheet.png beside it. --force prints despite errors in the
 * readiness report, including QR codes that would point at a loopback or missing BASE_URL.
 *
 * Uses the site answering at BASE_URL (or http://127.0.0.1:$PORT); when none answers it starts the
 * built site itself on a free port with the same DATA_DIR, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './build.ts';
import { freePort } from './net.ts';
import { CatalogueError, renderPrint } from '#src/catalogue/render.ts';
import { isProduct, printOptionsSchema, productSlug, PRODUCTS, type PrintInput, type PrintOptions } from '#src/catalogue/products/products.ts';
import { resolveArtwork } from '#src/catalogue/products/poster.ts';
import { openApp, type App } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { progress } from '#src/platform/progress.ts';

export interface CommandFlags {
  out: string;
  cmyk?: boolean;
  timeout?: number;
  summaryJson?: string;
}

let name = 'print';
export function fail(message: string, code = 1): never {
  console.error(`${name}: ${message}`);
  process.exit(code);
}
const say = (message: string) => console.log(`${name}: ${message}`);

async function answers(base: string): Promise<boolean> {
  try {
    return (await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Starts the built site on a free port and waits until it answers. */
async function startSite(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  say(`no site answering, starting one at ${base}`);
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

/** Checks the options with the one schema and says which flag is wrong in words. */
export function parseOptions(input: Record<string, unknown> & { product: PrintInput['product'] }): PrintOptions {
  const parsed = printOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = String(issue.path[0] ?? 'product');
  const hints: Record<string, string> = {
    lang: '--lang must be one of the site’s languages (cs, en)',
    year: '--edition must be the year of an edition, e.g. 2026',
    format: '--format must be one of a4, a5',
    edition: '--variant must be one of print, screen',
    layout: '--layout must be one of sheet, single',
    size: '--size must be WIDTHxHEIGHT in millimetres, from 60x40 to 210x297 (e.g. 95x65)',
    stop: '--stop <id> is needed for a poster: the number of a tour stop (see /admin/tour)',
    artwork: '--artwork must be an entry id or reference such as CT-2026-0001',
  };
  fail(hints[flag] ?? `${flag}: ${issue.message}`);
}

/** Renders one product with the site found or started here, and reports as it goes. */
export async function printCommand(options: PrintOptions, flags: CommandFlags, given?: App): Promise<void> {
  const app = given ?? (await openApp(loadConfig()));
  const configured = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? '4321'}`;
  let base = configured;
  let child: ChildProcess | undefined;
  if (await answers(configured)) say(`using the site at ${configured}`);
  else ({ base, child } = await startSite());
  process.on('exit', () => child?.kill());

  // On a terminal, the layout's progress on one line; in a log, only the results.
  const bar = progress(`${name}: pages laid out`);
  try {
    const r = await renderPrint(
      {
        base, db: app.db, options, out: flags.out, cmyk: flags.cmyk ?? false, timeoutSec: flags.timeout ?? 600,
        onLayout: (pages, pictures) => bar.update(pages, undefined, `${pictures} pictures loaded`),
      },
      (message) => {
        bar.end();
        say(message);
      },
    );
    if (flags.summaryJson) writeFileSync(flags.summaryJson, JSON.stringify({ pages: r.pages, padded: r.padded, bytes: r.bytes, seconds: r.seconds, steps: r.steps, entryIds: r.entryIds, contactSheet: r.contactSheet, cmyk: r.cmyk, report: r.report }));
  } catch (err) {
    bar.end();
    if (err instanceof CatalogueError) fail(err.message);
    throw err;
  }
  process.exit(0);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      lang: { type: 'string', default: 'cs' },
      edition: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      format: { type: 'string', default: 'a4' },
      variant: { type: 'string', default: 'print' },
      cmyk: { type: 'boolean', default: false },
      layout: { type: 'string', default: 'sheet' },
      size: { type: 'string' },
      stop: { type: 'string' },
      artwork: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      'summary-json': { type: 'string' },
    },
  });
  const product = positionals[0];
  if (!isProduct(product)) fail(`say what to print: npm run print -- <${PRODUCTS.join('|')}> [--lang cs|en] [--edition <year>] --out FILE.pdf`);
  const app = await openApp(loadConfig());
  let artwork: number | undefined;
  if (values.artwork) {
    artwork = await resolveArtwork(app.db, values.artwork);
    if (!artwork) fail(`--artwork ${values.artwork}: there is no such entry (give its id or reference, e.g. CT-2026-0001)`);
  }
  const common = { lang: values.lang, year: values.edition, force: values.force };
  const options = parseOptions(
    product === 'catalogue' ? { product, ...common, format: values.format, edition: values.variant }
      : product === 'labels' ? { product, ...common, layout: values.layout, size: values.size }
      : product === 'poster' ? { product, ...common, stop: values.stop, artwork }
      : { product, ...common },
  );
  const out = resolve(values.out ?? `${productSlug(options)}.pdf`);
  await printCommand(options, { out, cmyk: values.cmyk, timeout: Number(values.timeout), ...(values['summary-json'] ? { summaryJson: values['summary-json'] } : {}) }, app);
}

export function setCommandName(n: string): void {
  name = n;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: Error) => fail(err.message));
}
