// The npm registry this project is built from lacks the non-Linux builds of a few native packages,
// so `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock.
// This adds their lock entries with os/cpu fields: npm ci skips them on Linux x64 without fetching.
// Run it after any `npm install` that rewrites the lock: node scripts/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const platform = (name) => {
  const p = name.split('/').pop();
  const os = ['android', 'darwin', 'linux', 'win32', 'freebsd'].find((o) => p.includes(`-${o}-`));
  const cpu = ['arm64', 'x64', 'ia32', 'wasm32', 'arm'].find((c) => p.includes(`-${c}`));
  const libc = p.endsWith('-gnu') ? ['glibc'] : p.endsWith('-musl') ? ['musl'] : undefined;
  return { os: os ? [os] : undefined, cpu: cpu ? [cpu] : undefined, libc };
};
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    lock.packages[key] = { version, ...platform(dep), optional: true };
    added++;
  }
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platforms: added ${added} platform-specific entries`);
