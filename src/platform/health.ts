import { statfsSync } from 'node:fs';
import type { App } from './app.ts';
import { schemaVersion } from './db.ts';
import { pendingMailCount } from './mail.ts';

/** Below this much free space the site reports itself unhealthy: uploads would start failing. */
export const MIN_FREE_BYTES = 500 * 1024 * 1024;

export interface Health {
  status: 'ok' | 'degraded' | 'error';
  database: 'ok' | 'unavailable';
  schema?: { current: number; latest: number };
  disk?: { freeBytes: number; totalBytes: number };
  mailQueue?: { pending: number; failing: number };
  uptimeSeconds: number;
}

/** What /healthz reports: the database answers, the data directory has room, the mail queue moves. */
export function health(app: App): Health {
  const uptimeSeconds = Math.round(process.uptime());
  let schema: Health['schema'];
  let mailQueue: Health['mailQueue'];
  try {
    app.db.get('SELECT 1');
    schema = schemaVersion(app.db);
    const failing = app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL AND attempts > 0')!.n;
    mailQueue = { pending: pendingMailCount(app.db), failing };
  } catch {
    return { status: 'error', database: 'unavailable', uptimeSeconds };
  }
  let disk: Health['disk'];
  try {
    const s = statfsSync(app.config.dataDir);
    disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    disk = undefined;
  }
  const lowDisk = !disk || disk.freeBytes < MIN_FREE_BYTES;
  const behind = schema.current !== schema.latest;
  return { status: lowDisk || behind ? 'degraded' : 'ok', database: 'ok', schema, disk, mailQueue, uptimeSeconds };
}
