/**
 * The one data interface (see db/interface.ts for the contract, db/sqlite.ts and db/postgres.ts
 * for the engines). Domain modules import from here.
 */
export type { Db, Dialect, Param, RunResult, TxOptions } from './db/interface.ts';
export { isUnavailable, nowIso, unavailableBehind, UnavailableError } from './db/common.ts';
export { DB_FILE, openDatabase, openDb, schemaVersion } from './db/open.ts';
export type { SqliteDb } from './db/sqlite.ts';
