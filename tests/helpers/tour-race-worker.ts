/**
 * One racer of the tour concurrency test: opens its own connection to the shared database (a
 * SQLite file or a PostgreSQL URL), waits at the starting line (a shared flag) and then fires its
 * confirmations or bookings all at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb, type Db } from '#src/platform/db.ts';
import { openPostgres } from '#src/platform/db/postgres.ts';
import { confirmRequest } from '#src/tour/booking.ts';
import { bookVisit } from '#src/tour/visits.ts';

const { target, start, kind, jobs } = workerData as {
  target: { file: string } | { url: string };
  start: SharedArrayBuffer;
  kind: 'confirm' | 'book';
  jobs: { requestId?: number; booking?: Record<string, string> }[];
};
const db: Db = 'file' in target ? openDb(target.file) : openPostgres({ url: target.url, max: 10 });
const links = { baseUrl: 'http://race.test' };
const flag = new Int32Array(start);
Atomics.add(flag, 1, 1);
Atomics.wait(flag, 0, 0);
const results = await Promise.all(
  jobs.map(async (job) => {
    try {
      const r = kind === 'confirm' ? await confirmRequest(db, { id: job.requestId! }, links) : await bookVisit(db, job.booking, 'cs', links);
      return r.ok ? { ok: true } : { ok: false, reason: 'reason' in r ? r.reason : 'invalid' };
    } catch (err) {
      return { ok: false, reason: `error: ${(err as Error).message}` };
    }
  }),
);
await db.close();
parentPort!.postMessage(results);
