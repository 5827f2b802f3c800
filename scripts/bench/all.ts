/**
 * npm run bench — runs every `bench:*` script of package.json one after another (they measure, so
 * they must not compete for the CPU) and prints their result rows as one table at the end.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../build.ts';

const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
  .filter((s) => s.startsWith('bench:'))
  .filter((s) => process.argv.length <= 2 || process.argv.slice(2).some((a) => s.includes(a)));

const rows: string[] = [];
let failed = 0;
for (const name of scripts) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', '--silent', name], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) {
    failed++;
    rows.push(`| ${name} | FAILED (exit ${r.status}) |`);
    continue;
  }
  for (const line of (r.stdout ?? '').split('\n')) if (line.startsWith('|') && !/^\|[\s|:-]+\|?$/.test(line)) rows.push(`| ${name} ${line.trim()}`);
  rows.push(`| ${name} | took ${((Date.now() - started) / 1000).toFixed(0)} s |`);
}
console.log('\n=== all benchmarks');
for (const row of rows) console.log(row);
process.exit(failed ? 1 : 0);
