import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { S3_CREDENTIALS, storageUrl } from './s3.ts';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { migratePostgres, openPostgres } from '#src/platform/db/postgres.ts';
import { S3_REGION } from './s3.ts';

/**
 * The two set-ups the suite runs against: `sqlite` (the embedded default: SQLite and files in the
 * data directory) and `postgres` (PostgreSQL and an S3-compatible bucket, as several processes
 * run). The run's servers come from tests/helpers/services.ts; every caller gets its own database
 * and bucket.
 */
export type Engine = 'sqlite' | 'postgres';
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/** Why the postgres set-up cannot run here, if it cannot. */
export function engineMissing(engine: Engine): string | undefined {
  if (engine === 'sqlite') return undefined;
  return inject('postgresUrl') ? undefined : 'PostgreSQL is not installed (apt-get install postgresql; .ci/run does)';
}

let n = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${++n}_${Math.random().toString(36).slice(2, 8)}`;

const urlOf = (name: string) => {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// One migrated database per test process, copied for every test that wants a migrated one.
let template: Promise<string> | undefined;
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = unique('ct_template');
    await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`));
    const db = openPostgres({ url: urlOf(name), max: 1 });
    await migratePostgres(db);
    await db.close();
    return name;
  })();
  return template;
}

/** A new PostgreSQL database on the run's server: empty, or with every migration applied. */
export async function createPgDatabase(prefix = 'ct', opts: { migrated?: boolean } = {}): Promise<string> {
  const name = unique(prefix);
  const from = opts.migrated ? await migratedTemplate() : 'template0';
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${from} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`));
  return urlOf(name);
}

/** A new, empty bucket on the run's S3-compatible server. */
export async function createBucket(prefix = 'ct'): Promise<string> {
  const name = unique(prefix).replace(/_/g, '-').toLowerCase();
  const client = new S3Client({
    endpoint: inject('s3Endpoint'),
    region: S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
  return name;
}

/** The environment variables of a site on `engine`: nothing for sqlite, a fresh database and bucket for postgres. */
export async function engineEnv(engine: Engine): Promise<Record<string, string>> {
  if (engine === 'sqlite') return {};
  const [database, bucket] = await Promise.all([createPgDatabase(), createBucket()]);
  return { DATABASE_URL: database, STORAGE_URL: storageUrl(inject('s3Endpoint'), bucket), ...S3_CREDENTIALS };
}

/** A temporary folder for a test's data directory. */
export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `ct-${name}-`));
