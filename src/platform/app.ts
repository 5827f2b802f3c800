import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { openDb, type Db } from './db.ts';

/** What every request handler needs: the validated configuration and the open database. */
export interface App {
  config: Config;
  db: Db;
}

export const DB_FILE = 'cartoon-truth.sqlite';

/** Opens the data directory: fails loudly when it cannot be created or written. */
export function openApp(config: Config): App {
  try {
    for (const sub of ['', 'artworks', 'tmp']) mkdirSync(join(config.dataDir, sub), { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (err) {
    throw new Error(`DATA_DIR ${config.dataDir} is not writable: ${(err as Error).message}`);
  }
  const db = openDb(join(config.dataDir, DB_FILE));
  return { config, db };
}

// Kept on globalThis so the dev server's module reloads share one connection.
const holder = globalThis as { __cartoonTruthApp?: App };

/** The process-wide app, opened on first use from the environment. */
export function getApp(): App {
  holder.__cartoonTruthApp ??= openApp(loadConfig());
  return holder.__cartoonTruthApp;
}
