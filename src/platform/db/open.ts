import { join } from 'node:path';
import type { Db } from './interface.ts';
import { ConfigError, type Config } from '../config.ts';
import { migrations } from '../migrations.ts';
import { openSqlite, type SqliteDb } from './sqlite.ts';
import { pgMigrations } from './pg-migrations.ts';
import { UnavailableError } from './common.ts';

export const DB_FILE = 'cartoon-truth.sqlite';

/** A SQLite database file, migrated (the embedded engine; tests and tools open files directly). */
export function openDb(file: string): SqliteDb {
  return openSqlite(file);
}

/**
 * The database the configuration names, migrated: PostgreSQL at DATABASE_URL, else SQLite in the
 * data directory. A database that cannot be reached, refuses the credentials or does not exist
 * stops start-up with one line naming DATABASE_URL.
 */
export async function openDatabase(config: Pick<Config, 'database' | 'dataDir' | 'DATABASE_POOL'>): Promise<Db> {
  if (config.database.engine === 'sqlite') return openSqlite(join(config.dataDir, DB_FILE));
  // Loaded only here: the embedded mode (every command, the tests) starts without the driver.
  const { migratePostgres, openPostgres } = await import('./postgres.ts');
  const db = openPostgres({ url: config.database.url, max: config.DATABASE_POOL });
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw ConfigError.of('DATABASE_URL', describeConnectError(config.database.url, err));
  }
  return db;
}

/** What went wrong reaching PostgreSQL, in one line without the password. */
export function describeConnectError(url: string, err: unknown): string {
  const e = (err instanceof UnavailableError ? err.cause : err) as { code?: string; message?: string };
  let where = 'the database';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || 5432}`;
  } catch {
    // the schema checked the URL already
  }
  const message = String(e?.message ?? err).split('\n')[0]!;
  switch (e?.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${where}: unknown host`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach PostgreSQL at ${where}: no answer`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the credentials: ${message}`;
    case '3D000':
      return `PostgreSQL at ${where}: ${message}`;
    default:
      if (/timeout/i.test(message)) return `cannot reach PostgreSQL at ${where}: no answer`;
      return `PostgreSQL at ${where}: ${message}`;
  }
}

/** How many migrations the database has had, and how many the code knows. */
export async function schemaVersion(db: Db): Promise<{ current: number; latest: number }> {
  const row = await db.get<{ v: number }>(db.dialect.schemaVersion);
  return { current: Number(row?.v ?? 0), latest: db.engine === 'postgres' ? pgMigrations.length : migrations.length };
}
