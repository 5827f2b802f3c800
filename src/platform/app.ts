import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Db } from './db.ts';
import { openStorage, type Storage } from './storage/index.ts';

export { DB_FILE } from './db.ts';

/** What every request handler needs: the validated configuration, the open database and the file store. */
export interface App {
  config: Config;
  db: Db;
  storage: Storage;
}

/**
 * Opens the data directory (still needed with PostgreSQL and a bucket: uploads in progress, the
 * outbox, scratch space), the database and the store. Fails loudly, with one line naming the
 * variable, when any of them cannot be used.
 */
export async function openApp(config: Config): Promise<App> {
  try {
    for (const sub of ['', 'artworks', 'tmp']) mkdirSync(join(config.dataDir, sub), { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (err) {
    throw new Error(`DATA_DIR ${config.dataDir} is not writable: ${(err as Error).message}`);
  }
  const storage = await openStorage(config);
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    storage.close();
    throw err;
  }
  return { config, db, storage };
}

export async function closeApp(app: App): Promise<void> {
  app.storage.close();
  await app.db.close();
}

// Kept on globalThis so the dev server's module reloads share one connection.
const holder = globalThis as { __cartoonTruthApp?: App; __cartoonTruthOpening?: Promise<App> };

/** The process-wide app. The server opens it before it answers (`useApp`); elsewhere `ensureApp` opens it. */
export function getApp(): App {
  if (!holder.__cartoonTruthApp) throw new Error('the app is not open yet: call ensureApp() first');
  return holder.__cartoonTruthApp;
}

/** Makes `app` the process-wide one (the server, after bootstrap). */
export function useApp(app: App): void {
  holder.__cartoonTruthApp = app;
}

/** Opens the process-wide app from the environment on first use (e.g. under `astro dev`). */
export async function ensureApp(): Promise<App> {
  if (holder.__cartoonTruthApp) return holder.__cartoonTruthApp;
  holder.__cartoonTruthOpening ??= openApp(loadConfig()).then((app) => (holder.__cartoonTruthApp = app));
  return holder.__cartoonTruthOpening;
}
