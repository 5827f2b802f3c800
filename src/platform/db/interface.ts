/**
 * The one data interface. Domain modules receive a `Db` and talk SQL only through it; two engines
 * stand behind it: SQLite through `node:sqlite` (the embedded default, `db/sqlite.ts`) and
 * PostgreSQL through `pg` (`db/postgres.ts`, when DATABASE_URL is set).
 *
 * SQL is written once, in the subset both engines share: `?` placeholders (PostgreSQL gets `$n`),
 * `RETURNING` instead of last-insert ids, timestamps as ISO text (`ct_now()` in SQL on both engines,
 * `nowIso()` in JavaScript),
 * integers 0/1 for yes/no (a PostgreSQL boolean result arrives as 0/1 too). The few places where
 * the engines really differ ask `db.dialect`. Row types are declared beside the SQL that reads them,
 * in the domain module that owns the table; the schema-parity test keeps both engines' tables alike.
 */
export type Param = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
}

export interface TxOptions {
  /**
   * Named locks taken first, held until commit (PostgreSQL advisory locks, in sorted order so two
   * transactions never wait on each other; SQLite's single writer already serialises).
   */
  locks?: string[];
}

export interface Db {
  readonly engine: 'sqlite' | 'postgres';
  readonly dialect: Dialect;
  all<T>(sql: string, ...params: Param[]): Promise<T[]>;
  get<T>(sql: string, ...params: Param[]): Promise<T | undefined>;
  run(sql: string, ...params: Param[]): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction: all of it commits or none. `fn` gets the transaction's handle
   * and must use it (calls on the outer `Db` from inside are routed to the transaction too).
   * Inside a transaction, `tx` simply runs `fn` in the same one.
   */
  tx<T>(fn: (tx: Db) => Promise<T>, opts?: TxOptions): Promise<T>;
  /** Takes named locks for the rest of the current transaction (see TxOptions.locks). */
  lock(...names: string[]): Promise<void>;
  close(): Promise<void>;
  /**
   * The public content version as this process keeps it in memory, when it is known to be current
   * (outside a transaction; on PostgreSQL while its listening connection is up, on SQLite while no
   * connection has committed since it was read); otherwise undefined and the caller reads
   * `dialect.publicVersion`.
   */
  cachedPublicVersion?(): number | undefined;
}

/** What differs between the engines, in one place. */
export interface Dialect {
  /** An aggregate: the distinct non-null values of a text expression, joined by commas. */
  distinctList(expr: string): string;
  /** Appended to a SELECT that reads a row the transaction is about to change on its strength. */
  readonly forUpdate: string;
  /** One row `{ v }`: the public content version every public page's ETag derives from. */
  readonly publicVersion: string;
  /** Raises the public content version (for changes no trigger sees, e.g. replaced files). */
  readonly bumpPublicVersion: string;
  /** One row `{ v }`: how many migrations this database has had. */
  readonly schemaVersion: string;
  /** Statements (outside any transaction) after which deleted rows leave no bytes in the database files. */
  readonly scrub: string[];
  /** Statements that take the next id of `table` for a row inserted later; the last returns `{ id }`. */
  nextId(table: string): string[];
  /**
   * A JSON object of `[key, SQL expression]` pairs. Selected as a column it arrives as JSON text on
   * both engines; nested in `jsonArray` it stays an object.
   */
  jsonObject(pairs: [string, string][]): string;
  /**
   * A scalar subquery: the JSON array (text, `[]` when there are no rows) of `value` over the rows
   * of `from` (a table, its alias and any WHERE), in `orderBy` order. Lets one statement bring a
   * row's children along, instead of a second round trip for them.
   */
  jsonArray(value: string, from: string, orderBy: string): string;
}

