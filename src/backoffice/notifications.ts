import { periodicTasks } from '#src/platform/workers.ts';
import { sendJuryNotices } from '#src/jury/notices.ts';
import { siteBase } from '#src/tour/reminders.ts';
import { sendDigests } from './digest.ts';

/**
 * The back office's periodic mails, registered with the server's workers (scripts/serve.ts
 * imports this module): the organisers' daily digest and the jurors' round-opened and
 * deadline reminders. Each run is idempotent (dedupe keys), so running every few minutes or
 * after a restart sends every mail once.
 */
periodicTasks.push(
  { name: 'organisers’ digest', everyMs: 10 * 60_000, run: async (app, now) => void (await sendDigests(app.db, siteBase(app.config), now)) },
  { name: 'jurors’ notices', everyMs: 10 * 60_000, run: async (app, now) => void (await sendJuryNotices(app.db, siteBase(app.config), now)) },
);
