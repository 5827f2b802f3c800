import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DB_FILE, type App } from '#src/platform/app.ts';
import type { SqliteDb } from '#src/platform/db.ts';
import { artworksDir } from '#src/artworks/storage.ts';
import { progress } from '#src/platform/progress.ts';

/**
 * Online backup: a consistent snapshot of the database (SQLite's backup API, while the site keeps
 * serving) plus the artwork folders of exactly the entries in that snapshot, and a manifest with
 * every file's size and SHA-256. Artwork files of a committed entry never change in place, so
 * copying them after the snapshot is consistent with it.
 *
 * Backups are incremental the way rsync's `--link-dest` is: an artwork file that the previous
 * backup already holds unchanged (same path, size and modification time) is hard-linked to that
 * copy instead of copied again. Every backup folder is still complete on its own: restore, verify
 * or delete any of them without the others.
 */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** Modification time of the source file, to recognise it unchanged next time. */
  mtimeMs?: number;
}

export interface Manifest {
  format: 1 | 2;
  createdAt: string;
  schema: number;
  entries: number;
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

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

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

export async function backupData(app: App, outDir: string, opts: BackupOptions = {}): Promise<BackupStats> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty: back up into a new folder`);
  const previous = opts.previous === false ? undefined : (opts.previous ?? latestBackupBeside(outDir));
  const before = new Map((previous ? (readManifest(previous)?.files ?? []) : []).map((f) => [f.path, f]));
  if (previous && before.size === 0) throw new Error(`${previous} has no manifest.json: not a backup to build on`);

  mkdirSync(outDir, { recursive: true });
  const dbCopy = join(outDir, DB_FILE);
  await (app.db as SqliteDb).backupTo(dbCopy);
  const snap = new DatabaseSync(dbCopy, { readOnly: true });
  const ids = (snap.prepare('SELECT id FROM entries ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const schema = (snap.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  snap.close();
  log(`database copied (${ids.length} entries, schema ${schema})${previous ? `; unchanged artworks linked from ${previous}` : ''}`);

  const dbBytes = statSync(dbCopy).size;
  const stats = { copiedFiles: 1, copiedBytes: dbBytes, linkedFiles: 0, totalBytes: dbBytes };
  const files: ManifestFile[] = [{ path: DB_FILE, bytes: dbBytes, sha256: sha256(dbCopy) }];
  const source = artworksDir(app.config.dataDir);
  const bar = progress('backup');
  for (const [i, id] of ids.entries()) {
    for (const file of listFiles(join(source, String(id)))) {
      const rel = relative(app.config.dataDir, file);
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      const st = statSync(file);
      const old = before.get(rel);
      let linked = false;
      if (previous && old && old.bytes === st.size && old.mtimeMs === st.mtimeMs && existsSync(join(previous, rel))) {
        try {
          linkSync(join(previous, rel), target);
          linked = true;
        } catch {
          // another file system, or links not allowed: copy instead
        }
      }
      if (linked) {
        stats.linkedFiles++;
        files.push({ path: rel, bytes: st.size, sha256: old!.sha256, mtimeMs: st.mtimeMs });
      } else {
        copyFileSync(file, target);
        stats.copiedFiles++;
        stats.copiedBytes += st.size;
        files.push({ path: rel, bytes: st.size, sha256: sha256(target), mtimeMs: st.mtimeMs });
      }
      stats.totalBytes += st.size;
    }
    bar.update(i + 1, ids.length, `entry ${id}`);
  }
  bar.end();
  const manifest: Manifest = { format: 2, createdAt: new Date().toISOString(), schema, entries: ids.length, files };
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
    else if (statSync(path).size !== f.bytes || sha256(path) !== f.sha256) problems.push(`damaged ${f.path}`);
    bar.update(i + 1, manifest.files.length);
  }
  bar.end();
  return problems;
}

/** Restores a verified backup into an empty (or new) data directory, as copies (the backup stays untouched). */
export function restoreData(fromDir: string, dataDir: string, log: (msg: string) => void = () => {}): Manifest {
  const problems = verifyBackup(fromDir);
  if (problems.length > 0) throw new Error(`backup is not intact:\n  ${problems.slice(0, 10).join('\n  ')}`);
  if (existsSync(dataDir) && readdirSync(dataDir).some((n) => n !== 'README.md')) {
    throw new Error(`${dataDir} is not empty: restore only into an empty data directory`);
  }
  const manifest = readManifest(fromDir)!;
  const bar = progress('restore');
  for (const [i, f] of manifest.files.entries()) {
    const target = join(dataDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(fromDir, f.path), target);
    bar.update(i + 1, manifest.files.length);
  }
  bar.end();
  log(`restored ${manifest.entries} entries and ${manifest.files.length} files from ${manifest.createdAt}`);
  return manifest;
}
