/**
 * npm run catalogue -- --lang cs|en --format a4|a5 --edition print|screen --out FILE.pdf [--force] [--cmyk]
 *
 * The printed catalogue from the command line: reads the flags, finds the site (or starts one) and
 * hands the work to renderCatalogue (src/catalogue/render.ts), the same code the admin's jobs run.
 *
 * Uses the site answering at BASE_URL (or http://127.0.0.1:$PORT); when none answers it starts the
 * built site itself on a free port with the same DATA_DIR, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './build.ts';
import { freePort } from './net.ts';
import { EDITIONS, FORMATS, isCatalogueEdition, isFormat } from '#src/artworks/print-size.ts';
import { CatalogueError, renderCatalogue } from '#src/catalogue/render.ts';
import { CATALOGUE_LANGS, isLang } from '#src/i18n/config.ts';
import { openApp } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { progress } from '#src/platform/progress.ts';

function fail(message: string, code = 1): never {
  console.error(`catalogue: ${message}`);
  process.exit(code);
}

const say = (message: string) => console.log(`catalogue: ${message}`);

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
      // A JSON summary (pages, size, entries, report) for scripts that run this command.
      'summary-json': { type: 'string' },
    },
  });
  const { lang, format, edition } = values;
  if (!isLang(lang) || !CATALOGUE_LANGS.includes(lang)) fail(`--lang must be one of ${CATALOGUE_LANGS.join(', ')}`);
  if (!isFormat(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  if (!isCatalogueEdition(edition)) fail(`--edition must be one of ${EDITIONS.join(', ')}`);
  const out = resolve(values.out ?? `catalogue-${lang}-${format}-${edition}.pdf`);

  const config = loadConfig();
  const app = await openApp(config);
  const configured = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? '4321'}`;
  let base = configured;
  let child: ChildProcess | undefined;
  if (await answers(configured)) say(`using the site at ${configured}`);
  else ({ base, child } = await startSite());
  process.on('exit', () => child?.kill());

  // On a terminal, the layout's progress on one line; in a log, only the results.
  const bar = progress('catalogue: pages laid out');
  try {
    const r = await renderCatalogue(
      {
        base, db: app.db, lang, format, edition, out, force: values.force, cmyk: values.cmyk, timeoutSec: Number(values.timeout),
        onLayout: (pages, pictures) => bar.update(pages, undefined, `${pictures} pictures loaded`),
      },
      (message) => {
        bar.end();
        say(message);
      },
    );
    if (values['summary-json']) writeFileSync(values['summary-json'], JSON.stringify({ pages: r.pages, padded: r.padded, bytes: r.bytes, seconds: r.seconds, entryIds: r.entryIds, cmyk: r.cmyk, report: r.report }));
  } catch (err) {
    bar.end();
    if (err instanceof CatalogueError) fail(err.message);
    throw err;
  }
  process.exit(0);
}

main().catch((err: Error) => fail(err.message));
