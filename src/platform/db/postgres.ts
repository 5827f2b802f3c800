import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Db, Dialect, Param, RunResult, TxOptions } from './interface.ts';
import { UnavailableError } from './common.ts';
import { pgMigrations } from './pg-migrations.ts';
import { PublicVersionCopy } from './public-version.ts';

/**
 * PostgreSQL through a `pg` pool. Statements outside a transaction take any pooled connection;
 * a transaction holds one connection from BEGIN to COMMIT (READ COMMITTED: each statement sees
 * what committed before it, so a transaction that takes its lock first and then reads sees the
 * work of whoever held the lock before). Named locks are transaction-scoped advisory locks.
 */
export const pgDialect: Dialect = {
  distinctList: (expr) => `string_agg(DISTINCT ${expr}, ',')`,
  forUpdate: ' FOR UPDATE',
  publicVersion: 'SELECT COALESCE(SUM(version), 0) AS v FROM public_versions',
  bumpPublicVersion: 'UPDATE public_versions SET version = version + 1 WHERE slot = pg_backend_pid() % 16',
  schemaVersion: 'SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations',
  // Rewrites the tables that hold personal data (a moment's exclusive lock on each; erasures are rare).
  scrub: ['VACUUM (FULL) entries, entry_pages, consents, tokens, mail_queue, audit_log, selections, catalogue_jobs'],
  // A sequence value is never handed out twice, not even when the transaction that took it rolls back.
  nextId: (table) => [`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id`],
  jsonObject: (pairs) => `json_build_object(${pairs.map(([k, v]) => `'${k}', ${v}`).join(', ')})`,
  jsonArray: (value, from, orderBy) => `(SELECT COALESCE(json_agg(${value} ORDER BY ${orderBy}), '[]'::json) FROM ${from})`,
};

/**
 * The same JavaScript values as SQLite gives: COUNT and SUM (bigint) and NUMERIC as numbers,
 * booleans (a comparison selected as a column) as 1/0, like SQLite's integers, and JSON as its
 * text (`dialect.jsonObject`/`jsonArray`; the caller parses it, as it does SQLite's).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    if (oid === 16) return (v: string) => (v === 't' ? 1 : 0);
    if (oid === 114 || oid === 3802) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

const placeholderCache = new Map<string, string>();

/**
 * Rewrites the shared SQL for PostgreSQL: `?` → `$1, $2 …`, and a mixed-case alias (`AS pageNo`)
 * quoted, since PostgreSQL folds unquoted names to lower case and SQLite keeps them as written.
 * Quoted text, quoted names and comments are left alone.
 */
export function toPgPlaceholders(sql: string): string {
  const hit = placeholderCache.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let plain = '';
  let n = 0;
  const flush = () => {
    out += plain.replace(/\b([Aa][Ss]\s+)([A-Za-z_][A-Za-z0-9_]*)\b/g, (all, as: string, name: string) => (/[a-z]/.test(name) && /[A-Z]/.test(name) ? `${as}"${name}"` : all));
    plain = '';
  };
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end;
      flush();
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flush();
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      plain += `$${++n}`;
    } else {
      plain += c;
    }
  }
  flush();
  if (placeholderCache.size < 5000) placeholderCache.set(sql, out);
  return out;
}

/**
 * The product's data statements are prepared once per connection, named by their text: PostgreSQL
 * then parses and plans each once, not at every request (a public page makes a few round trips,
 * and planning was much of each). DDL, VACUUM and anything not a single data statement go as they
 * are; so does any statement after the first 2,000 (lists of ids make new texts).
 */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
const statementNames = new Map<string, string>();

export function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name !== undefined) return name;
  if (!PREPARABLE.test(text) || text.includes(';') || statementNames.size >= 2000) return undefined;
  name = `ct_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
  statementNames.set(text, name);
  return name;
}

/**
 * A migration that changes a table's columns makes a connection's prepared `SELECT *` on it fail
 * ("cached plan must not change result type", e.g. in a process still running the old build
 * during an upgrade). The connection is then dropped, so the next one prepares it again.
 */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/i.test(e.message ?? '');
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/** Whether an error means the server is out of reach (rather than a wrong statement). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed/i.test(e?.message ?? '');
}

const wrap = (err: unknown): unknown => (isConnectionError(err) ? new UnavailableError('database', err) : err);

export interface PostgresDb extends Db {
  readonly pool: pg.Pool;
}

export interface PostgresOptions {
  url: string;
  max?: number;
}

/** Opens a pool; nothing connects until `migratePostgres` or the first statement. */
export function openPostgres(opts: PostgresOptions): PostgresDb {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    // A database that went away answers quickly with an error instead of queueing requests forever.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: 60_000,
    idle_in_transaction_session_timeout: 120_000,
    application_name: 'cartoon-truth',
  });
  // A pooled idle connection the server closed (restart, failover): the pool drops it; nothing to crash for.
  pool.on('error', () => {});

  const send = <R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, params: Param[], prepared: boolean) => {
    const name = prepared ? statementName(text) : undefined;
    return client.query<R>(name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] });
  };
  /** One statement on a connection of its own (outside a transaction); a stale prepared plan drops the connection and runs it again. */
  const query = async <R extends pg.QueryResultRow>(client: pg.Pool | pg.PoolClient, sql: string, params: Param[]) => {
    const text = toPgPlaceholders(sql);
    try {
      if (client !== pool) return await send<R>(client as pg.PoolClient, text, params, true);
      for (let prepared = true; ; prepared = false) {
        const c = await pool.connect();
        try {
          const result = await send<R>(c, text, params, prepared);
          c.release();
          return result;
        } catch (err) {
          c.release(isStalePlan(err) ? (err as Error) : undefined);
          if (!prepared || !isStalePlan(err)) throw err;
        }
      }
    } catch (err) {
      throw wrap(err);
    }
  };

  // The public content version kept in memory, refreshed by LISTEN (db/public-version.ts).
  const versions = new PublicVersionCopy(opts.url, pgDialect.publicVersion);
  const current = new AsyncLocalStorage<Handle>();
  interface Handle extends Db {
    open: boolean;
  }
  const inTx = () => {
    const h = current.getStore();
    return h?.open ? h : undefined;
  };
  const lockAll = async (client: pg.PoolClient, names: string[]) => {
    for (const name of [...new Set(names)].sort()) await query(client, 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [name]);
  };

  const txHandle = (client: pg.PoolClient): Handle => {
    const check = () => {
      if (!h.open) throw new Error('this transaction has already ended');
    };
    const h: Handle = {
      open: true,
      engine: 'postgres',
      dialect: pgDialect,
      all: async <T>(sql: string, ...p: Param[]) => (check(), (await query(client, sql, p)).rows as T[]),
      get: async <T>(sql: string, ...p: Param[]) => (check(), (await query(client, sql, p)).rows[0] as T | undefined),
      run: async (sql, ...p): Promise<RunResult> => (check(), { changes: (await query(client, sql, p)).rowCount ?? 0 }),
      tx: (fn) => fn(h),
      lock: async (...names) => lockAll(client, names),
      close: () => Promise.reject(new Error('close the database, not a transaction')),
    };
    return h;
  };

  const db: PostgresDb = {
    engine: 'postgres',
    dialect: pgDialect,
    pool,
    all: async <T>(sql: string, ...p: Param[]) => {
      const h = inTx();
      return h ? h.all<T>(sql, ...p) : ((await query(pool, sql, p)).rows as T[]);
    },
    get: async <T>(sql: string, ...p: Param[]) => {
      const h = inTx();
      return h ? h.get<T>(sql, ...p) : ((await query(pool, sql, p)).rows[0] as T | undefined);
    },
    run: async (sql, ...p) => {
      const h = inTx();
      if (h) return h.run(sql, ...p);
      try {
        return { changes: (await query(pool, sql, p)).rowCount ?? 0 };
      } finally {
        versions.dropped();
      }
    },
    cachedPublicVersion: () => (inTx() ? undefined : versions.current()),
    tx: async <T>(fn: (tx: Db) => Promise<T>, opts: TxOptions = {}): Promise<T> => {
      const open = inTx();
      if (open) {
        if (opts.locks?.length) await open.lock(...opts.locks);
        return fn(open);
      }
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw wrap(err);
      }
      const h = txHandle(client);
      let broken: unknown;
      try {
        await query(client, 'BEGIN', []);
        if (opts.locks?.length) await lockAll(client, opts.locks);
        const result = await current.run(h, () => fn(h));
        await query(client, 'COMMIT', []);
        versions.dropped();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        if (isStalePlan(err)) broken = err;
        throw err;
      } finally {
        h.open = false;
        // A connection that could not even roll back is not given to the next request.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    lock: async (...names) => {
      const h = inTx();
      if (!h) throw new Error('locks are held by a transaction: call lock() inside db.tx()');
      await h.lock(...names);
    },
    close: async () => {
      await versions.close();
      await pool.end();
    },
  };
  return db;
}

/**
 * Applies the migrations this database has not had yet, each in its own transaction. Two
 * processes starting at once take turns (a session advisory lock), so each migration runs once.
 */
export async function migratePostgres(db: PostgresDb): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await db.pool.connect();
  } catch (err) {
    throw wrap(err);
  }
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended('cartoon-truth:migrate', 0))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]?.v ?? 0);
    for (let v = done; v < pgMigrations.length; v++) {
      await client.query('BEGIN');
      try {
        if (pgMigrations[v]!.trim()) await client.query(pgMigrations[v]!);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`Migration ${v + 1} failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended('cartoon-truth:migrate', 0))").catch(() => {});
    client.release();
  }
}
