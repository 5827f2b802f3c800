import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.source-hash');
const INPUTS = ['src', 'public', 'catalogue/texts', 'catalogue/partners', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((d) => files(join(path, d.name)));
}

/** A hash of everything the build reads, so a stale build is never served. */
export function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap((p) => files(join(ROOT, p))).sort()) {
    h.update(relative(ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

/** Builds the site when there is no build or the sources changed since the last one. */
export function ensureBuild(log: (msg: string) => void = console.log): void {
  const hash = sourceHash();
  const entry = join(ROOT, 'dist', 'server', 'entry.mjs');
  if (existsSync(entry) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return;
  log('building the site (astro build)…');
  // The build id goes into the bundle: page validators depend on it, so every process of one build agrees.
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CT_BUILD_ID: hash.slice(0, 16) },
  });
  if (r.status !== 0) throw new Error('astro build failed');
  writeFileSync(STAMP, hash);
}

// Run directly (`npm run build`), not imported by serve.ts. Paths compared as paths, not URLs, so a
// folder name with a space or non-ASCII letters still matches.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureBuild();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
