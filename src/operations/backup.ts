import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { DB_FILE, type App } from '#src/platform/app.ts';
import type { Config } from '#src/platform/config.ts';
import type { SqliteDb } from '#src/platform/db.ts';
import { entryPrefix } from '#src/artworks/storage.ts';
import { progress } from '#src/platform/progress.ts';
import { openStorage, type Storage } from '#src/platform/storage/index.ts';

/**
 * Online backup: a consistent snapshot of the database taken while the site keeps serving, plus
 * the pictures of exactly the entries in that snapshot, and a manifest with every file's size and
 * SHA-256. Pictures of a committed entry never change in place, so copying them after the
 * snapshot is consistent with it.
 * - SQLite: SQLite's online backup API (cartoon-truth.sqlite in the backup).
 * - PostgreSQL: the engine's own pg_dump (custom format, database.dump), reading one exported
 *   snapshot, the same one the list of entries to copy pictures for was read in.
 * The pictures come from the file store, data directory or bucket alike.
 *
 * Backups are incremental the way rsync's `--link-dest` is: a picture the previous backup already
 * holds unchanged (same key, size and modification time) is hard-linked to that copy instead of
 * fetched again. Every backup folder is still complete on its own: restore, verify or delete any of
 * them without the others.
 */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** Modification time of the source (file or object), to recognise it unchanged next time. */
  mtimeMs?: number;
}

export interface Manifest {
  format: 1 | 2 | 3;
  createdAt: string;
  schema: number;
  entries: number;
  /** Format 3: the engine the backup came from and its database file in the folder (older backups: SQLite). */
  engine?: 'sqlite' | 'postgres';
  database?: string;
  files: ManifestFile[];
}

export interface BackupStats {
  manifest: Manifest;
  /** Folder whose unchanged files were linked, if any. */
  previous?: string;
  totalBytes: number;
  copiedFiles: number;
  copiedBytes: number;
  linkedFiles: number;
  seconds: number;
}

export const PG_DUMP_FILE = 'database.dump';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const sha256File = (path: string) => sha256(readFileSync(path));

const readManifest = (dir: string): Manifest | undefined => {
  const path = join(dir, 'manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : undefined;
};

/**
 * The backup to link against: the most recent complete backup (one with a manifest) among the
 * new folder's siblings, as `--out /backup/ct-$(date +%F)` from a daily timer leaves them.
 */
export function latestBackupBeside(outDir: string): string | undefined {
  const parent = dirname(resolve(outDir));
  if (!existsSync(parent)) return undefined;
  let best: { dir: string; at: string } | undefined;
  for (const d of readdirSync(parent, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === basename(resolve(outDir))) continue;
    const m = readManifest(join(parent, d.name));
    if (m && (!best || m.createdAt > best.at)) best = { dir: join(parent, d.name), at: m.createdAt };
  }
  return best?.dir;
}

export interface BackupOptions {
  /** A previous backup to hard-link unchanged files from; default: the latest one beside `outDir`; `false`: copy everything. */
  previous?: string | false;
  log?: (msg: string) => void;
}

/** PostgreSQL's client programs: PG_BIN, else the PATH, else Debian's /usr/lib/postgresql/<newest>/bin. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [process.env.PG_BIN, ...(process.env.PATH ?? '').split(delimiter)].filter((d): d is string => !!d);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) dirs.push(...readdirSync(debian).sort((a, b) => Number(b) - Number(a)).map((v) => join(debian, v, 'bin')));
  const found = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  if (!found) throw new Error(`${name} not found: install PostgreSQL's client programs (apt-get install postgresql-client) or set PG_BIN`);
  return found;
}

/** Runs a PostgreSQL client program with the password in the environment, never on its command line. */
function runPgTool(tool: string, args: string[], url: string): Promise<void> {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return new Promise((resolveRun, reject) => {
    const child = spawn(tool, [...args, `--dbname=${u.toString()}`], { env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${basename(tool)} failed: ${err.trim().split('\n').slice(-3).join(' ') || `exit ${code}`}`))));
  });
}

/** The database snapshot in `outDir`, with the entries and the schema version it holds. */
async function snapshotDatabase(app: App, outDir: string): Promise<{ file: string; ids: number[]; schema: number }> {
  if (app.config.database.engine === 'sqlite') {
    const file = join(outDir, DB_FILE);
    await (app.db as SqliteDb).backupTo(file);
    const snap = new DatabaseSync(file, { readOnly: true });
    const ids = (snap.prepare('SELECT id FROM entries ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const schema = (snap.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    snap.close();
    return { file: DB_FILE, ids, schema };
  }
  // One snapshot for both: exported by this transaction, read by pg_dump, and the entry list read here.
  const url = app.config.database.url;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
    const ids = (await client.query<{ id: number }>('SELECT id FROM entries ORDER BY id')).rows.map((r) => Number(r.id));
    const schema = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]!.v);
    await runPgTool(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--file=${join(outDir, PG_DUMP_FILE)}`], url);
    await client.query('COMMIT');
    return { file: PG_DUMP_FILE, ids, schema };
  } finally {
    await client.end();
  }
}

export async function backupData(app: App, outDir: string, opts: BackupOptions = {}): Promise<BackupStats> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty: back up into a new folder`);
  const previous = opts.previous === false ? undefined : (opts.previous ?? latestBackupBeside(outDir));
  const before = new Map((previous ? (readManifest(previous)?.files ?? []) : []).map((f) => [f.path, f]));
  if (previous && before.size === 0) throw new Error(`${previous} has no manifest.json: not a backup to build on`);

  mkdirSync(outDir, { recursive: true });
  const { file: dbFile, ids, schema } = await snapshotDatabase(app, outDir);
  log(`database copied (${ids.length} entries, schema ${schema})${previous ? `; unchanged artworks linked from ${previous}` : ''}`);

  const dbBytes = statSync(join(outDir, dbFile)).size;
  const stats = { copiedFiles: 1, copiedBytes: dbBytes, linkedFiles: 0, totalBytes: dbBytes };
  const files: ManifestFile[] = [{ path: dbFile, bytes: dbBytes, sha256: sha256File(join(outDir, dbFile)) }];
  const bar = progress('backup');
  for (const [i, id] of ids.entries()) {
    for (const o of await app.storage.list(entryPrefix(id))) {
      const target = join(outDir, ...o.key.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const old = before.get(o.key);
      let linked = false;
      if (previous && old && old.bytes === o.bytes && old.mtimeMs === o.modifiedMs && existsSync(join(previous, o.key))) {
        try {
          linkSync(join(previous, o.key), target);
          linked = true;
        } catch {
          // another file system, or links not allowed: copy instead
        }
      }
      if (linked) {
        stats.linkedFiles++;
        files.push({ path: o.key, bytes: o.bytes, sha256: old!.sha256, mtimeMs: o.modifiedMs });
      } else {
        const data = await app.storage.read(o.key);
        if (!data) continue; // erased since the listing: not in the snapshot's future, nothing to keep
        writeFileSync(target, data);
        stats.copiedFiles++;
        stats.copiedBytes += data.length;
        files.push({ path: o.key, bytes: data.length, sha256: sha256(data), mtimeMs: o.modifiedMs });
      }
      stats.totalBytes += o.bytes;
    }
    bar.update(i + 1, ids.length, `entry ${id}`);
  }
  bar.end();
  const manifest: Manifest = { format: 3, createdAt: new Date().toISOString(), engine: app.config.database.engine, database: dbFile, schema, entries: ids.length, files };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return { manifest, previous, ...stats, seconds: (performance.now() - started) / 1000 };
}

/** Checks a backup folder against its manifest; returns the problems found (none = intact). */
export function verifyBackup(fromDir: string): string[] {
  const manifest = readManifest(fromDir);
  if (!manifest) return [`${fromDir} has no manifest.json: not a backup`];
  const problems: string[] = [];
  const bar = progress('verifying');
  for (const [i, f] of manifest.files.entries()) {
    const path = join(fromDir, f.path);
    if (!existsSync(path)) problems.push(`missing ${f.path}`);
    else if (statSync(path).size !== f.bytes || sha256File(path) !== f.sha256) problems.push(`damaged ${f.path}`);
    bar.update(i + 1, manifest.files.length);
  }
  bar.end();
  return problems;
}

/**
 * Restores a verified backup, as copies (the backup stays untouched), into an empty target: the
 * data directory (SQLite), or an empty PostgreSQL database (pg_restore), and an empty file store
 * (data directory or bucket). A backup restores into the engine it came from.
 */
export async function restoreData(fromDir: string, config: Config, log: (msg: string) => void = () => {}): Promise<Manifest> {
  const problems = verifyBackup(fromDir);
  if (problems.length > 0) throw new Error(`backup is not intact:\n  ${problems.slice(0, 10).join('\n  ')}`);
  const manifest = readManifest(fromDir)!;
  const engine = manifest.engine ?? 'sqlite';
  const dbFile = manifest.database ?? DB_FILE;
  if (engine !== config.database.engine) {
    throw new Error(`this backup is of a ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} site: restore it ${engine === 'sqlite' ? 'without' : 'with'} DATABASE_URL`);
  }
  const dataDir = config.dataDir;
  // The data directory receives the SQLite file or the pictures; with PostgreSQL and a bucket it is only scratch space.
  const intoDataDir = config.database.engine === 'sqlite' || config.storage.kind === 'files';
  if (intoDataDir && existsSync(dataDir) && readdirSync(dataDir).some((n) => n !== 'README.md')) {
    throw new Error(`${dataDir} is not empty: restore only into an empty data directory`);
  }
  const storage = await openStorage(config);
  try {
    if ((await storage.list('artworks/')).length > 0) throw new Error('the file store already holds artworks: restore only into an empty bucket or data directory');
    if (config.database.engine === 'postgres') await restorePostgres(config.database.url, join(fromDir, dbFile));
    const bar = progress('restore');
    for (const [i, f] of manifest.files.entries()) {
      if (f.path === dbFile) {
        if (engine === 'sqlite') {
          mkdirSync(dataDir, { recursive: true });
          copyFileSync(join(fromDir, f.path), join(dataDir, f.path));
        }
      } else {
        await restoreObject(storage, dataDir, fromDir, f.path);
      }
      bar.update(i + 1, manifest.files.length);
    }
    bar.end();
  } finally {
    storage.close();
  }
  log(`restored ${manifest.entries} entries and ${manifest.files.length} files from ${manifest.createdAt}`);
  return manifest;
}

async function restoreObject(storage: Storage, dataDir: string, fromDir: string, key: string): Promise<void> {
  if (storage.kind === 'files') {
    const target = join(dataDir, ...key.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(fromDir, key), target);
  } else {
    await storage.write(key, readFileSync(join(fromDir, key)));
  }
}

/** pg_restore into a database that must be empty (no tables of its own yet). */
async function restorePostgres(url: string, dump: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const n = Number((await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0]!.n);
    if (n > 0) throw new Error('the database named by DATABASE_URL is not empty: restore only into a new, empty database (createdb)');
  } finally {
    await client.end();
  }
  await runPgTool(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', dump], url);
  // pg_restore brings no planner statistics: without them the first hours' queries (until
  // autovacuum gets to the tables) may plan badly, e.g. the gallery sorting every work.
  const after = new pg.Client({ connectionString: url });
  await after.connect();
  try {
    await after.query('ANALYZE');
  } finally {
    await after.end();
  }
}
