import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '#src/platform/db.ts';

/** A new database with every migration applied, in its own temporary folder (`dir`, for artworks too). */
export function freshDb(name = 'db'): { db: Db; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `ct-${name}-`));
  return { db: openDb(join(dir, 'db.sqlite')), dir };
}
