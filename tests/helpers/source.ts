import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './site.ts';

/** Every file under a folder of the repository, as paths relative to the repository root. */
export function sourceFiles(dir: string, pattern = /\.(ts|tsx|astro)$/): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : pattern.test(f) ? [relative(ROOT, join(d, f))] : []));
  return walk(join(ROOT, dir));
}

/** Every Action the site defines with the access it declares, read from each domain's actions.ts, so a new one is covered without editing a test. */
export function declaredActions(): { name: string; access: string | undefined; file: string }[] {
  return sourceFiles('src', /^actions\.ts$/).flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^ {2}(\w+): (?:access\('(\w+)', )?defineAction\(/gm)].map((m) => ({ name: m[1]!, access: m[2], file })),
  );
}
