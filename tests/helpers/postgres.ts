import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../scripts/net.ts';

const run = promisify(execFile);

/**
 * A real PostgreSQL server for tests: Debian's binaries, a new cluster in a temporary folder, on a
 * free loopback port, stopped (and its folder removed) by `stop()`. initdb refuses to run as root,
 * so as root the cluster belongs to the `postgres` user and its commands run through `runuser`.
 */
export interface PgServer {
  port: number;
  dir: string;
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/DATABASE */
  url(database?: string): string;
  /** Makes a new, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server fast (as a crash would look to clients) or gently; `start()` brings it back on the same port. */
  stop(opts?: { keepData?: boolean; mode?: 'fast' | 'immediate' }): Promise<void>;
  start(): Promise<void>;
}

export const PG_PASSWORD = 'ct-test-password';

/** The newest installed PostgreSQL's binaries (Debian keeps them in /usr/lib/postgresql/<major>/bin). */
export function pgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(root, majors[0], 'bin') : undefined;
}

export const HAVE_POSTGRES = pgBinDir() !== undefined;

const asRoot = userInfo().uid === 0;

function asOwner(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

export async function startPostgres(): Promise<PgServer> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'ct-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`);
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const port = await freePort();
  // Passwords over TCP (so a test can present wrong credentials), trust on the local socket.
  await run(...asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']));
  const ctl = (args: string[]) => run(...asOwner(join(bin, 'pg_ctl'), args));
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => {
    await ctl(['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  };
  await start();
  const url = (database = 'postgres') => `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
  let n = 0;
  return {
    port,
    dir,
    url,
    createDatabase: async (prefix = 'ct') => {
      const name = `${prefix}_${process.pid}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: async ({ keepData = false, mode = 'fast' } = {}) => {
      // Already stopped (a test took it down and did not bring it back): nothing to stop.
      await ctl(['-D', data, '-m', mode, '-w', 'stop']).catch(() => {});
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
    start,
  };
}

function pgUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
