import { AsyncLocalStorage } from 'node:async_hooks';
import { backup as sqliteBackup, DatabaseSync } from 'node:sqlite';
import type { Db, Dialect, Param, RunResult, TxOptions } from './interface.ts';
import { migrations } from '../migrations.ts';

/**
 * The embedded engine: one `node:sqlite` connection (WAL) per process. `node:sqlite` is
 * synchronous, so each statement runs whole before anything else happens; a transaction, though,
 * spans `await`s, and on one connection everything in between would land inside it. A FIFO mutex
 * therefore hands the connection to one transaction at a time: statements from elsewhere wait
 * until it commits, and never run inside someone else's transaction. Without a transaction open
 * a statement runs at once, with no waiting at all.
 */
class Mutex {
  #held = false;
  #queue: (() => void)[] = [];
  get held(): boolean {
    return this.#held;
  }
  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}

export const sqliteDialect: Dialect = {
  distinctList: (expr) => `group_concat(DISTINCT ${expr})`,
  forUpdate: '',
  publicVersion: `SELECT CAST(value AS INTEGER) AS v FROM settings WHERE key = 'public_version'`,
  bumpPublicVersion: `INSERT INTO settings (key, value) VALUES ('public_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
  schemaVersion: 'SELECT user_version AS v FROM pragma_user_version',
  scrub: ['VACUUM', 'PRAGMA wal_checkpoint(TRUNCATE)'],
  // AUTOINCREMENT keeps the highest id ever used in sqlite_sequence; taking one there (committed at once) means no row gets it.
  nextId: (table) => [
    `INSERT INTO sqlite_sequence (name, seq) SELECT '${table}', COALESCE((SELECT MAX(id) FROM ${table}), 0) WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${table}')`,
    `UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = '${table}' RETURNING seq AS id`,
  ],
  jsonObject: (pairs) => `json_object(${pairs.map(([k, v]) => `'${k}', ${v}`).join(', ')})`,
  // ORDER BY inside an aggregate: SQLite 3.44 and later (node:sqlite bundles a newer one).
  jsonArray: (value, from, orderBy) => `(SELECT json_group_array(${value} ORDER BY ${orderBy}) FROM ${from})`,
};

export interface SqliteDb extends Db {
  readonly file: string;
  /** A consistent copy of the whole database taken while it stays in use (SQLite's online backup). */
  backupTo(path: string): Promise<void>;
  /** PRAGMA user_version. */
  readonly userVersion: number;
  /** Rewrites the file so deleted rows leave no bytes behind, and empties the write-ahead log. */
  scrub(): Promise<void>;
}

export function openSqlite(file: string): SqliteDb {
  const raw = new DatabaseSync(file);
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  // The same now-as-ISO-text as PostgreSQL's ct_now() (migration 1 there), so queries say it once.
  raw.function('ct_now', { deterministic: false }, () => new Date().toISOString());
  migrate(raw);
  const cache = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  /**
   * The public content version as last read, and what had been committed then: SQLite's
   * data_version moves when another connection (another process, a command) commits, and
   * total_changes() counts the rows this one has written. While both stand the copy is current
   * (it is never given out while a transaction runs), so a public page's lookups cost one read of
   * two counters instead of a query each.
   */
  let version: { v: number; seen: string } | undefined;
  const exec = {
    all: <T>(sql: string, params: Param[]) => stmt(sql).all(...params) as T[],
    get: <T>(sql: string, params: Param[]) => stmt(sql).get(...params) as T | undefined,
    run: (sql: string, params: Param[]): RunResult => ({ changes: Number(stmt(sql).run(...params).changes) }),
  };

  const mutex = new Mutex();
  const current = new AsyncLocalStorage<Handle>();
  interface Handle extends Db {
    open: boolean;
  }
  /** The transaction the calling code runs in, if it is still open. */
  const inTx = () => {
    const h = current.getStore();
    return h?.open ? h : undefined;
  };
  /** Runs a statement outside any transaction: at once when none is open, else after it. */
  const outside = async <R>(fn: () => R): Promise<R> => {
    if (!mutex.held) return fn();
    await mutex.acquire();
    try {
      return fn();
    } finally {
      mutex.release();
    }
  };

  const txHandle = (): Handle => {
    const h: Handle = {
      open: true,
      engine: 'sqlite',
      dialect: sqliteDialect,
      all: async (sql, ...p) => (check(h), exec.all(sql, p)),
      get: async (sql, ...p) => (check(h), exec.get(sql, p)),
      run: async (sql, ...p) => (check(h), exec.run(sql, p)),
      tx: (fn) => fn(h),
      lock: async () => {},
      close: () => Promise.reject(new Error('close the database, not a transaction')),
    };
    return h;
  };
  const check = (h: Handle) => {
    if (!h.open) throw new Error('this transaction has already ended');
  };

  const db: SqliteDb = {
    engine: 'sqlite',
    dialect: sqliteDialect,
    file,
    cachedPublicVersion: () => {
      if (mutex.held) return undefined;
      const { d, c } = stmt('SELECT data_version AS d, total_changes() AS c FROM pragma_data_version()').get() as { d: number; c: number };
      const seen = `${d} ${c}`;
      if (version?.seen !== seen) version = { v: Number((stmt(sqliteDialect.publicVersion).get() as { v: number } | undefined)?.v ?? 0), seen };
      return version.v;
    },
    get userVersion() {
      return (raw.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    },
    all: (sql, ...p) => {
      const h = inTx();
      return h ? h.all(sql, ...p) : outside(() => exec.all(sql, p));
    },
    get: (sql, ...p) => {
      const h = inTx();
      return h ? h.get(sql, ...p) : outside(() => exec.get(sql, p));
    },
    run: (sql, ...p) => {
      const h = inTx();
      return h ? h.run(sql, ...p) : outside(() => exec.run(sql, p));
    },
    tx: async <T>(fn: (tx: Db) => Promise<T>, _opts?: TxOptions): Promise<T> => {
      const open = inTx();
      if (open) return fn(open);
      await mutex.acquire();
      const h = txHandle();
      try {
        raw.exec('BEGIN IMMEDIATE');
      } catch (err) {
        h.open = false;
        mutex.release();
        throw err;
      }
      try {
        const result = await current.run(h, () => fn(h));
        raw.exec('COMMIT');
        return result;
      } catch (err) {
        try {
          raw.exec('ROLLBACK');
        } catch {
          // SQLite already rolled back (e.g. after a full disk)
        }
        throw err;
      } finally {
        h.open = false;
        mutex.release();
      }
    },
    // One writer at a time already: a transaction holds the database's write lock from its start.
    lock: async () => {},
    close: async () => {
      await mutex.acquire();
      raw.close();
    },
    backupTo: async (path) => {
      await sqliteBackup(raw, path, { rate: 1000 });
    },
    scrub: () =>
      outside(() => {
        raw.exec('VACUUM');
        raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      }),
  };
  return db;
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
function migrate(raw: DatabaseSync): void {
  const row = raw.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let v = row.user_version; v < migrations.length; v++) {
    raw.exec('BEGIN IMMEDIATE');
    try {
      const m = migrations[v]!;
      raw.exec(typeof m === 'string' ? m : m.sqlite);
      raw.exec(`PRAGMA user_version = ${v + 1}`);
      raw.exec('COMMIT');
    } catch (err) {
      raw.exec('ROLLBACK');
      throw new Error(`Migration ${v + 1} failed: ${(err as Error).message}`);
    }
  }
}
