/**
 * The two set-ups the benchmarks compare: `sqlite` (SQLite and files in the data directory, the
 * embedded default) and `postgres` (a PostgreSQL server started for the run from Debian's
 * binaries, and an S3-compatible server on loopback — the same helpers the tests use). Each
 * `setup()` gives the environment a site needs and a `stop()`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAVE_POSTGRES, startPostgres } from '../../tests/helpers/postgres.ts';
import { startS3 } from '../../tests/helpers/s3.ts';

export type BenchEngine = 'sqlite' | 'postgres';

export const ENGINE_LABEL: Record<BenchEngine, string> = { sqlite: 'SQLite + files', postgres: 'PostgreSQL + S3' };

/** The set-ups this machine can run (PostgreSQL needs Debian's postgresql package). */
export const BENCH_ENGINES: BenchEngine[] = HAVE_POSTGRES ? ['sqlite', 'postgres'] : ['sqlite'];

export interface BenchSetup {
  env: Record<string, string>;
  /** The processes (with their children) that serve the set-up besides the site: PostgreSQL's postmaster. */
  servicePids: () => number[];
  stop: () => Promise<void>;
}

export async function setup(engine: BenchEngine): Promise<BenchSetup> {
  if (engine === 'sqlite') return { env: {}, servicePids: () => [], stop: async () => {} };
  const [pg, s3] = await Promise.all([startPostgres(), startS3()]);
  const [database, bucket] = await Promise.all([pg.createDatabase('bench'), s3.createBucket('bench')]);
  return {
    env: { DATABASE_URL: database, ...s3.env(bucket) },
    // The first line of postmaster.pid; its backends are its children. (The S3 server runs inside
    // the benchmark's own process and serves no page measured here.)
    servicePids: () => {
      try {
        return [Number(readFileSync(join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])];
      } catch {
        return [];
      }
    },
    stop: async () => {
      await pg.stop();
      await s3.stop({ keepData: false });
    },
  };
}
