import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { S3_CREDENTIALS, storageUrl } from './s3.ts';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
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

/** A new, empty PostgreSQL database on the run's server. */
export async function createPgDatabase(prefix = 'ct'): Promise<string> {
  const admin = inject('postgresUrl');
  const name = unique(prefix);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
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
