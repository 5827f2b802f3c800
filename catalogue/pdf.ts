/**
 * npm run catalogue -- --lang en --out catalogue.pdf
 *
 * Renders the catalogue's print route through Paged.js in headless Chromium and writes the PDF.
 * Uses the site answering at BASE_URL (or http://127.0.0.1:$PORT); when none answers it starts the
 * built site itself on a free port with the same DATA_DIR, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/build.ts';
import { launchChromium } from '../src/lib/chromium.ts';
import { freePort } from '../scripts/net.ts';

const LANGS = ['cs', 'en'];

function fail(message: string): never {
  console.error(`catalogue: ${message}`);
  process.exit(1);
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string', default: 'cs' },
      out: { type: 'string' },
      timeout: { type: 'string', default: '180' },
    },
  });
  const lang = values.lang!;
  if (!LANGS.includes(lang)) fail(`--lang must be one of ${LANGS.join(', ')}`);
  const out = resolve(values.out ?? `catalogue-${lang}.pdf`);
  const started = Date.now();

  const configured = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? '4321'}`;
  let base = configured;
  let child: ChildProcess | undefined;
  if (await answers(configured)) progress(`using the site at ${configured}`);
  else ({ base, child } = await startSite());

  const browser = await launchChromium().catch((err: Error) => fail(`Chromium could not start: ${err.message}`));
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`catalogue: page error: ${err.message}`));
    const url = new URL(`/print/${lang}`, base).href;
    progress(`laying out ${url}`);
    const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (!response || !response.ok()) fail(`the print route answered ${response?.status() ?? 'nothing'}`);
    const timeoutMs = Number(values.timeout) * 1000;
    const ticker = setInterval(async () => {
      const n = await page.evaluate(() => document.querySelectorAll('.pagedjs_page').length).catch(() => 0);
      progress(`pages laid out: ${n}`);
    }, 2000);
    try {
      await page.waitForSelector('html[data-paged-pages]', { state: 'attached', timeout: timeoutMs });
    } catch {
      fail(`Paged.js did not finish within ${values.timeout} s`);
    } finally {
      clearInterval(ticker);
    }
    const pages = await page.evaluate(() => Number(document.documentElement.getAttribute('data-paged-pages')));
    progress(`laid out ${pages} pages; writing PDF`);
    await page.pdf({ path: out, preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    const size = statSync(out).size;
    progress(`wrote ${out}: ${pages} pages, ${(size / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser.close();
    child?.kill();
  }
}

main().catch((err: Error) => fail(err.message));
