import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, schemaVersion } from '#src/platform/db.ts';
import { migratePostgres, openPostgres } from '#src/platform/db/postgres.ts';
import { createPgDatabase, engineMissing, tempDir } from '../helpers/engines.ts';

type Kind = 'integer' | 'real' | 'text';
interface Column {
  name: string;
  kind: Kind;
  notNull: boolean;
  hasDefault: boolean;
}

const sqliteKind = (t: string): Kind => (/INT/i.test(t) ? 'integer' : /REAL|DOUBLE|FLOAT/i.test(t) ? 'real' : 'text');
const pgKind = (t: string): Kind => (/int/.test(t) ? 'integer' : /double|real|numeric/.test(t) ? 'real' : 'text');

/** Tables only one engine has, for reasons of its own. */
const ENGINE_ONLY = new Set(['sqlite_sequence', 'schema_migrations', 'public_versions']);
/**
 * Indexes only one engine has: PostgreSQL's one account per address whatever its case (SQLite says
 * COLLATE NOCASE on the column) and the sessions' expiry index (SQLite scans the small table).
 */
const PG_ONLY_INDEXES = new Set(['accounts_email', 'sessions_expiry']);

describe.skipIf(engineMissing('postgres'))('the two engines after every migration', () => {
  it('have the same tables, columns, defaults, nullability and indexes, and report the same schema version', async () => {
    const lite = openDb(join(tempDir('parity'), 'db.sqlite'));
    const pg = openPostgres({ url: await createPgDatabase('parity') });
    await migratePostgres(pg);

    const liteTables = (await lite.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((t) => t.name).filter((t) => !ENGINE_ONLY.has(t));
    const pgTables = (await pg.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"))
      .map((t) => t.name)
      .filter((t) => !ENGINE_ONLY.has(t));
    expect(pgTables).toEqual(liteTables);

    for (const table of liteTables) {
      const info = await lite.all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(`SELECT * FROM pragma_table_info('${table}')`);
      const rowid = info.filter((c) => c.pk > 0).length === 1 ? info.find((c) => c.pk === 1 && c.type.toUpperCase() === 'INTEGER')?.name : undefined;
      const liteCols: Column[] = info
        .map((c) => ({
          name: c.name,
          kind: sqliteKind(c.type),
          // A primary key is never null; SQLite's lone INTEGER PRIMARY KEY numbers itself, like an identity.
          notNull: c.notnull === 1 || c.pk > 0,
          hasDefault: c.dflt_value !== null || c.name === rowid,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const pgCols: Column[] = (
        await pg.all<{ name: string; type: string; nullable: string; dflt: string | null; identity: string }>(
          `SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt, is_identity AS identity
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?`,
          table,
        )
      )
        .map((c) => ({ name: c.name, kind: pgKind(c.type), notNull: c.nullable === 'NO', hasDefault: c.dflt !== null || c.identity === 'YES' }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(pgCols, table).toEqual(liteCols);
    }

    const liteIndexes = (await lite.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")).map((i) => i.name);
    // Primary keys and UNIQUE constraints are indexes PostgreSQL names after the constraint (SQLite's autoindexes).
    const pgIndexes = (
      await pg.all<{ name: string }>(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname",
      )
    )
      .map((i) => i.name)
      .filter((n) => !PG_ONLY_INDEXES.has(n));
    expect(pgIndexes).toEqual(liteIndexes);

    expect(await schemaVersion(pg)).toEqual(await schemaVersion(lite));
    await lite.close();
    await pg.close();
  });
});
