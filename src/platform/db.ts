import { backup as sqliteBackup, DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { migrations } from './migrations.ts';

/**
 * The one place that talks SQL to the engine. Domain modules receive a `Db` and use only
 * these five calls, so a PostgreSQL implementation can stand behind the same interface.
 */
export interface Db {
  all<T>(sql: string, ...params: SQLInputValue[]): T[];
  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined;
  run(sql: string, ...params: SQLInputValue[]): { changes: number; lastInsertRowid: number };
  /** Runs `fn` inside one write transaction (BEGIN IMMEDIATE): all of it commits or none. */
  tx<T>(fn: () => T): T;
  close(): void;
  /** A consistent copy of the whole database taken while it stays in use (SQLite's online backup). */
  backupTo(path: string): Promise<void>;
  readonly file: string;
}

export type Param = SQLInputValue;

export function openDb(file: string): Db {
  const raw = new DatabaseSync(file);
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  const cache = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  let depth = 0;
  const db: Db = {
    file,
    all: <T>(sql: string, ...params: Param[]) => stmt(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: Param[]) => stmt(sql).get(...params) as T | undefined,
    run: (sql, ...params) => {
      const r = stmt(sql).run(...params);
      return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
    },
    tx: <T>(fn: () => T): T => {
      if (depth > 0) return fn();
      raw.exec('BEGIN IMMEDIATE');
      depth++;
      try {
        const result = fn();
        raw.exec('COMMIT');
        return result;
      } catch (err) {
        raw.exec('ROLLBACK');
        throw err;
      } finally {
        depth--;
      }
    },
    close: () => raw.close(),
    backupTo: async (path) => {
      await sqliteBackup(raw, path, { rate: 1000 });
    },
  };
  migrate(raw);
  return db;
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
function migrate(raw: DatabaseSync): void {
  const row = raw.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let v = row.user_version; v < migrations.length; v++) {
    raw.exec('BEGIN IMMEDIATE');
    try {
      raw.exec(migrations[v]!);
      raw.exec(`PRAGMA user_version = ${v + 1}`);
      raw.exec('COMMIT');
    } catch (err) {
      raw.exec('ROLLBACK');
      throw new Error(`Migration ${v + 1} failed: ${(err as Error).message}`);
    }
  }
}

export function schemaVersion(db: Db): { current: number; latest: number } {
  const row = db.get<{ user_version: number }>('PRAGMA user_version');
  return { current: row?.user_version ?? 0, latest: migrations.length };
}
