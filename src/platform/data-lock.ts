import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first server on a data directory holds `server.lock` (its pid). Only the holder may clear
 * what a crash left behind (staging folders, artwork folders whose row never committed): a second
 * process on the same directory (e.g. the catalogue command starting its own copy of the site)
 * could otherwise remove an upload the first one is just committing.
 */
export const LOCK_FILE = 'server.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the lock now, if a live process does. */
export function lockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock unless a live process holds it; returns whether this process is now the holder. */
export function acquireDataLock(dataDir: string): boolean {
  if (lockHolder(dataDir) !== undefined) return false;
  const path = join(dataDir, LOCK_FILE);
  writeFileSync(path, `${process.pid}\n`);
  process.once('exit', () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      // already gone
    }
  });
  return true;
}
