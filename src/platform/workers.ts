import type { App } from './app.ts';
import { MailWorker, makeDeliver } from './mail.ts';
import { removeExpiredSessions } from './session-driver.ts';
import { pruneRateLimits } from './http/rate-limit.ts';

/**
 * Background work of the server process: the mail queue and periodic tasks (reminders…).
 * Everything they act on lives in the database, so a restart just carries on.
 */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run: (app: App, now: Date) => void | Promise<void>;
}

/** Tasks other modules add (e.g. tour reminders); each must be idempotent. */
export const periodicTasks: PeriodicTask[] = [
  { name: 'expired sessions', everyMs: 60 * 60 * 1000, run: async (app) => void (await removeExpiredSessions(app.db)) },
  { name: 'old rate-limit hits', everyMs: 60 * 60 * 1000, run: async (app) => void (await pruneRateLimits(app.db)) },
];

export function startWorkers(app: App, log: (msg: string) => void): () => void {
  const mail = new MailWorker(app.db, makeDeliver(app.config), app.config.MAIL_FROM, 1000, log);
  mail.start();
  const timers = periodicTasks.map((task) => {
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        await task.run(app, new Date());
      } catch (err) {
        log(`${task.name} failed: ${(err as Error).message}`);
        // (an outage shows on /healthz; the task simply runs again next time)
      } finally {
        busy = false;
      }
    };
    void tick();
    const t = setInterval(() => void tick(), task.everyMs);
    t.unref();
    return t;
  });
  return () => {
    mail.stop();
    for (const t of timers) clearInterval(t);
  };
}
