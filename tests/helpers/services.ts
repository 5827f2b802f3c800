import type { TestProject } from 'vitest/node';
import { HAVE_POSTGRES, startPostgres, type PgServer } from './postgres.ts';
import { startS3, type S3Server } from './s3.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the maintenance database of the run's PostgreSQL ('' when PostgreSQL is not installed). */
    postgresUrl: string;
    /** Endpoint of the run's S3-compatible server. */
    s3Endpoint: string;
  }
}

/**
 * Vitest global setup: one PostgreSQL server and one S3-compatible server for the whole run
 * (each test site still gets its own database and bucket), stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let pg: PgServer | undefined;
  if (HAVE_POSTGRES) {
    pg = await startPostgres();
  }
  const s3: S3Server = await startS3();
  project.provide('postgresUrl', pg?.url() ?? '');
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await pg?.stop();
    await s3.stop({ keepData: false });
  };
}
