import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { freePort } from '../../scripts/net.ts';
import type { Db } from '#src/platform/db.ts';
import { openDb } from '#src/platform/db.ts';
import { openPostgres } from '#src/platform/db/postgres.ts';
import { loadConfig } from '#src/platform/config.ts';
import { openStorage, type Storage } from '#src/platform/storage/index.ts';
import { engineEnv, type Engine } from './engines.ts';

export { freePort };

export const ROOT = resolve(import.meta.dirname, '../..');
/** The shared corpus of real and hostile images: next to the checkout, or where IMAGE_FIXTURES_DIR says. */
export const FIXTURES = [process.env.IMAGE_FIXTURES_DIR, resolve(ROOT, '../shared/fixtures/images'), '/work/shared/fixtures/images'].find(
  (d): d is string => typeof d === 'string' && existsSync(d),
) ?? resolve(ROOT, '../shared/fixtures/images');
export const HAVE_FIXTURES = existsSync(FIXTURES);

export interface Site {
  base: string;
  dataDir: string;
  engine: Engine;
  /** The database and store variables it runs with: a second process on the same data starts with these. */
  shared: Record<string, string>;
  /** The site's database, opened beside it (for tests that look at rows); closed by stop(). */
  db: () => Promise<Db>;
  /** The site's file store (data directory or bucket), for tests that look at pictures. */
  storage: () => Promise<Storage>;
  output: () => string;
  /** Stops the site (SIGTERM) and removes its data directory unless told to keep it. */
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
  /** Kills the server abruptly, as a power cut would; the data directory stays. */
  kill: () => Promise<void>;
}

export const ADMIN = { email: 'organiser@test.example', password: 'correct horse battery' };

/**
 * Starts the built site (npm test builds it first) on a free port with its own data directory.
 * `engine: 'postgres'` gives it a new PostgreSQL database and bucket; `shared` (another site's)
 * puts it on that site's database and bucket, as a second server process.
 */
export async function startSite(
  opts: { demo?: boolean; env?: Record<string, string>; dataDir?: string; port?: number; engine?: Engine; shared?: Record<string, string> } = {},
): Promise<Site> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ct-test-'));
  const base = `http://127.0.0.1:${port}`;
  const shared = opts.shared ?? (await engineEnv(opts.engine ?? 'sqlite'));
  const engine: Engine = shared.DATABASE_URL ? 'postgres' : 'sqlite';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/serve.ts'), '--no-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO: opts.demo ? '1' : '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BASE_URL: base,
      ...shared,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`site exited early:\n${out}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`site did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  let db: Promise<Db> | undefined;
  let storage: Promise<Storage> | undefined;
  return {
    base,
    dataDir,
    engine,
    shared,
    db: () => (db ??= Promise.resolve(engine === 'postgres' ? openPostgres({ url: shared.DATABASE_URL!, max: 4 }) : openDb(join(dataDir, 'cartoon-truth.sqlite')))),
    storage: () => (storage ??= openStorage(loadConfig({ DATA_DIR: dataDir, ...shared }))),
    output: () => out,
    stop: async (stopOpts = {}) => {
      if (db) await (await db).close();
      db = undefined;
      if (storage) (await storage).close();
      storage = undefined;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Opens a site's database beside it, read-only unless asked (WAL lets a reader look while the server writes). */
export function openSiteDb(dataDir: string, { write = false } = {}): DatabaseSync {
  return new DatabaseSync(join(dataDir, 'cartoon-truth.sqlite'), { readOnly: !write });
}

/** Reads the running site's database, whichever engine it runs on (SQL in the subset both accept). */
export async function readDb<T>(site: Site, sql: string, ...params: (string | number | null)[]): Promise<T[]> {
  return (await site.db()).all<T>(sql, ...params);
}

/** The first row of `readDb`, or undefined. */
export async function readRow<T>(site: Site, sql: string, ...params: (string | number | null)[]): Promise<T | undefined> {
  return (await site.db()).get<T>(sql, ...params);
}

/** Signs in over HTTP and returns the session cookie ("ct_session=…"). */
export async function signInAs(site: Site, email: string, password: string): Promise<string> {
  const r = await fetch(`${site.base}/admin?_action=signIn`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { Origin: site.base },
    redirect: 'manual',
  });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
  if (r.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed: ${r.status}`);
  return cookie.split(';')[0]!;
}

/** Posts a form Action to a page as a signed-in person (same origin) and returns the response. */
export async function postForm(site: Site, cookie: string | undefined, path: string, fields: Record<string, string | string[]>, origin = site.base): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return fetch(`${site.base}${path}`, { method: 'POST', body, headers: { Origin: origin, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
}

/** Signs the organiser the test site was started with in and returns the session cookie. */
export const signIn = (site: Site): Promise<string> => signInAs(site, ADMIN.email, ADMIN.password);
