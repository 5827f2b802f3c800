import { dict, fill, formatDayRange } from '#src/i18n/index.ts';
import type { App } from '#src/platform/app.ts';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { enqueueMail } from '#src/platform/mail.ts';
import { createToken } from '#src/platform/tokens.ts';
import { getRequest, TOUR_RULES } from './booking.ts';
import { sendVisitReminders } from './visits.ts';
import { getStop } from './tour.ts';
import { periodicTasks } from '#src/platform/workers.ts';

/**
 * Installation reminders to the school that asked for a stop, a set number of days before its
 * first day. Each mail has a dedupe key, and the key is looked up before a new link is made, so
 * running this every few minutes (or after a restart) sends every reminder exactly once.
 */
export async function sendInstallReminders(db: Db, links: { baseUrl: string }, now: Date = new Date()): Promise<number> {
  const today = todayInPrague(now);
  const rows = await db.all<{ id: number }>(
    `SELECT id FROM tour_stops WHERE status = 'confirmed' AND request_id IS NOT NULL AND first_day > ? AND first_day <= ?`,
    today,
    addDays(today, TOUR_RULES.remindDaysBefore),
  );
  let sent = 0;
  for (const { id } of rows) {
    // Under a lock per stop: two processes running this task at once take turns, and the second
    // finds the first's mail queued.
    await db.tx(async (db) => {
      const stop = (await getStop(db, id))!;
      const key = `tour-install-reminder:${stop.id}:${stop.firstDay}`;
      if (await db.get('SELECT 1 FROM mail_queue WHERE dedupe_key = ?', key)) return;
      const req = stop.requestId ? await getRequest(db, stop.requestId) : undefined;
      if (!req || req.status !== 'confirmed') return;
      const token = await createToken(db, 'tour-request', req.id, TOUR_RULES.tokenDays, now);
      const t = dict(req.lang).tourMail.installReminder;
      const values = {
        teacher: req.teacher,
        school: req.school,
        dates: formatDayRange(stop.firstDay, stop.lastDay, req.lang),
        link: `${links.baseUrl.replace(/\/$/, '')}/${req.lang}/tour/request/${token}`,
      };
      await enqueueMail(db, { to: req.email, subject: fill(t.subject, values), text: fill(t.body, values), dedupeKey: key });
      sent++;
    }, { locks: [`tour-install-reminder:${id}`] });
  }
  return sent;
}

export async function sendTourReminders(db: Db, links: { baseUrl: string }, now: Date = new Date()): Promise<{ installs: number; visits: number }> {
  return { installs: await sendInstallReminders(db, links, now), visits: await sendVisitReminders(db, links, now) };
}

export const siteBase = (config: App['config']): string => config.BASE_URL ?? `http://${config.HOST}:${config.PORT}`;

periodicTasks.push({
  name: 'tour reminders',
  everyMs: 10 * 60_000,
  run: async (app, now) => {
    await sendTourReminders(app.db, { baseUrl: siteBase(app.config) }, now);
  },
});
