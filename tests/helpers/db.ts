import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openDb, type Db } from '#src/platform/db.ts';
import { createPgDatabase } from './engines.ts';

/**
 * The engine unit tests run on: SQLite unless the project says otherwise (vitest.config.ts runs
 * the database-heavy unit tests a second time with CT_TEST_ENGINE=postgres).
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.CT_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A new database with every migration applied, and a temporary folder (`dir`) for files beside it. */
export async function freshDb(name = 'db'): Promise<{ db: Db; dir: string; /** Opens the same database again, as another process would. */ another: () => Promise<Db> }> {
  const dir = mkdtempSync(join(tmpdir(), `ct-${name}-`));
  if (TEST_ENGINE === 'sqlite') return { db: openDb(join(dir, 'db.sqlite')), dir, another: async () => openDb(join(dir, 'db.sqlite')) };
  const url = await createPgDatabase(name.replace(/[^a-z0-9]/g, ''), { migrated: true });
  const open = () => openDatabase({ database: { engine: 'postgres', url }, dataDir: dir, DATABASE_POOL: 4 });
  return { db: await open(), dir, another: open };
}
