/**
 * The JavaScript a page makes the browser load, gzip-compressed: every script response Chromium
 * fetches while opening each page (islands, their chunks, inline-less modules), summed.
 *
 *   node scripts/bench/js-weight.ts [/en/enter /en/tour/book …]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ensureBuild } from '../build.ts';
import { startBenchServer } from './server.ts';

const paths = process.argv.slice(2).filter((a) => a.startsWith('/'));
const pages = paths.length ? paths : ['/en/enter', '/en/tour/book'];

ensureBuild();
const dataDir = mkdtempSync(join(tmpdir(), 'ct-jsweight-'));
const server = await startBenchServer(dataDir, { DEMO: '1' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const path of pages) {
    const page = await browser.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.set(res.url(), gzipSync(await res.body()).length);
    });
    await page.goto(server.base + path, { waitUntil: 'networkidle' });
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(`${path}: ${(total / 1024).toFixed(1)} KB gzip in ${scripts.size} scripts`);
    for (const [url, size] of [...scripts].sort((a, b) => b[1] - a[1])) console.log(`  ${(size / 1024).toFixed(1).padStart(6)} KB  ${new URL(url).pathname}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
