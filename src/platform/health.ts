import { statfsSync } from 'node:fs';
import type { App } from './app.ts';
import { schemaVersion } from './db.ts';
import { pendingMailCount } from './mail.ts';

/** Below this much free space the site reports itself unhealthy: uploads would start failing. */
export const MIN_FREE_BYTES = 500 * 1024 * 1024;

export interface Health {
  status: 'ok' | 'degraded' | 'error';
  /** The engine and the store this process runs on. */
  engine?: 'sqlite' | 'postgres';
  database: 'ok' | 'unavailable';
  storage: { kind: 'files' | 's3'; state: 'ok' | 'unavailable' };
  schema?: { current: number; latest: number };
  disk?: { freeBytes: number; totalBytes: number };
  mailQueue?: { pending: number; failing: number };
  uptimeSeconds: number;
}

/**
 * What /healthz reports: the database answers, the store (data directory or bucket) answers, the
 * data directory has room (uploads are processed there even with a bucket), the mail queue moves.
 * Either of the first two out of reach is an error (503); monitoring alerts on it.
 */
export async function health(app: App): Promise<Health> {
  const uptimeSeconds = Math.round(process.uptime());
  const [db, storage] = await Promise.all([
    (async () => {
      await app.db.get('SELECT 1');
      const schema = await schemaVersion(app.db);
      const failing = (await app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL AND attempts > 0'))!.n;
      return { schema, mailQueue: { pending: await pendingMailCount(app.db), failing } };
    })().catch(() => undefined),
    app.storage.check().then(() => 'ok' as const, () => 'unavailable' as const),
  ]);
  let disk: Health['disk'];
  try {
    const s = statfsSync(app.config.dataDir);
    disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    disk = undefined;
  }
  const base = { engine: app.db.engine, storage: { kind: app.storage.kind, state: storage }, disk, uptimeSeconds };
  if (!db || storage !== 'ok') return { status: 'error', database: db ? 'ok' : 'unavailable', ...base, ...db };
  const lowDisk = !disk || disk.freeBytes < MIN_FREE_BYTES;
  const behind = db.schema.current !== db.schema.latest;
  return { status: lowDisk || behind ? 'degraded' : 'ok', database: 'ok', ...base, ...db };
}
