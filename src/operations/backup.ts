import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DB_FILE, type App } from '#src/platform/app.ts';
import { artworksDir } from '#src/artworks/storage.ts';

/**
 * Online backup: a consistent snapshot of the database (SQLite's backup API, while the site keeps
 * serving) plus the artwork folders of exactly the entries in that snapshot, and a manifest with
 * every file's size and SHA-256. Artwork files of a committed entry never change in place, so
 * copying them after the snapshot is consistent with it.
 */
export interface Manifest {
  format: 1;
  createdAt: string;
  schema: number;
  entries: number;
  files: { path: string; bytes: number; sha256: string }[];
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

export async function backupData(app: App, outDir: string, log: (msg: string) => void = () => {}): Promise<Manifest> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty: back up into a new folder`);
  mkdirSync(outDir, { recursive: true });
  const dbCopy = join(outDir, DB_FILE);
  await app.db.backupTo(dbCopy);
  const snap = new DatabaseSync(dbCopy, { readOnly: true });
  const ids = (snap.prepare('SELECT id FROM entries ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const schema = (snap.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  snap.close();
  log(`database copied (${ids.length} entries, schema ${schema})`);

  const files: Manifest['files'] = [{ path: DB_FILE, bytes: statSync(dbCopy).size, sha256: sha256(dbCopy) }];
  const source = artworksDir(app.config.dataDir);
  for (const [i, id] of ids.entries()) {
    for (const file of listFiles(join(source, String(id)))) {
      const rel = relative(app.config.dataDir, file);
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
      files.push({ path: rel, bytes: statSync(target).size, sha256: sha256(target) });
    }
    if ((i + 1) % 100 === 0) log(`artworks: ${i + 1}/${ids.length} entries`);
  }
  const manifest: Manifest = { format: 1, createdAt: new Date().toISOString(), schema, entries: ids.length, files };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  log(`backup complete: ${files.length} files`);
  return manifest;
}

/** Checks a backup folder against its manifest; returns the problems found (none = intact). */
export function verifyBackup(fromDir: string): string[] {
  const manifestPath = join(fromDir, 'manifest.json');
  if (!existsSync(manifestPath)) return [`${fromDir} has no manifest.json: not a backup`];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const problems: string[] = [];
  for (const f of manifest.files) {
    const path = join(fromDir, f.path);
    if (!existsSync(path)) problems.push(`missing ${f.path}`);
    else if (statSync(path).size !== f.bytes || sha256(path) !== f.sha256) problems.push(`damaged ${f.path}`);
  }
  return problems;
}

/** Restores a verified backup into an empty (or new) data directory. */
export function restoreData(fromDir: string, dataDir: string, log: (msg: string) => void = () => {}): Manifest {
  const problems = verifyBackup(fromDir);
  if (problems.length > 0) throw new Error(`backup is not intact:\n  ${problems.slice(0, 10).join('\n  ')}`);
  if (existsSync(dataDir) && readdirSync(dataDir).some((n) => n !== 'README.md')) {
    throw new Error(`${dataDir} is not empty: restore only into an empty data directory`);
  }
  const manifest = JSON.parse(readFileSync(join(fromDir, 'manifest.json'), 'utf8')) as Manifest;
  for (const f of manifest.files) {
    const target = join(dataDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(fromDir, f.path), target);
  }
  log(`restored ${manifest.entries} entries and ${manifest.files.length} files from ${manifest.createdAt}`);
  return manifest;
}
