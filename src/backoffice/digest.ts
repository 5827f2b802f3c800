import type { Db } from '#src/platform/db.ts';
import { todayInPrague } from '#src/platform/calendar-date.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { isoToPragueLocal } from '#src/platform/prague-time.ts';
import { dict, fill, formatDateTime, formatDay, isLang } from '#src/i18n/index.ts';
import { NO_PASSWORD } from '#src/accounts/accounts.ts';

/**
 * The organisers' daily digest: what arrived since their last one (entries, schools' exhibition
 * requests, class visit bookings) and how many entries still wait for a guardian's consent. Sent
 * once a day from DIGEST_HOUR Prague time to every enabled organiser who has not switched it off,
 * in their language, and only when there is something to tell.
 */
export const DIGEST_HOUR = 7;

export interface DigestCounts {
  entries: number;
  consents: number;
  requests: number;
  bookings: number;
}

export async function digestCounts(db: Db, since: string): Promise<DigestCounts> {
  const n = async (sql: string, ...p: string[]) => Number((await db.get<{ n: number }>(sql, ...p))!.n);
  return {
    entries: await n('SELECT COUNT(*) AS n FROM entries WHERE created_at > ?', since),
    consents: await n(`SELECT COUNT(*) AS n FROM entries WHERE consent_state = 'awaiting'`),
    requests: await n(`SELECT COUNT(*) AS n FROM tour_requests WHERE created_at > ?`, since),
    bookings: await n(`SELECT COUNT(*) AS n FROM visit_bookings WHERE status = 'booked' AND created_at > ?`, since),
  };
}

/** Queues today's digests (once a day per organiser); returns how many. */
export async function sendDigests(db: Db, baseUrl: string, now: Date = new Date()): Promise<number> {
  if (Number(isoToPragueLocal(now.toISOString()).slice(11, 13)) < DIGEST_HOUR) return 0;
  const today = todayInPrague(now);
  const base = baseUrl.replace(/\/$/, '');
  const organisers = await db.all<{ id: number; email: string; lang: string; digest_sent_at: string | null }>(
    `SELECT id, email, lang, digest_sent_at FROM accounts WHERE role = 'organiser' AND disabled = 0 AND digest = 1 AND password_hash <> ?`,
    NO_PASSWORD,
  );
  let queued = 0;
  for (const o of organisers) {
    const key = `digest:${o.id}:${today}`;
    const sent = await db.tx(async (db) => {
      if (await db.get('SELECT 1 AS x FROM mail_queue WHERE dedupe_key = ?', key)) return false;
      const since = o.digest_sent_at ?? new Date(now.getTime() - 86_400_000).toISOString();
      const c = await digestCounts(db, since);
      await db.run('UPDATE accounts SET digest_sent_at = ? WHERE id = ?', now.toISOString(), o.id);
      if (c.entries + c.requests + c.bookings + c.consents === 0) return false;
      const lang = isLang(o.lang) ? o.lang : 'cs';
      const n = dict(lang).notify;
      const t = n.digest;
      const lines = [fill(t.entries, { n: c.entries }), fill(t.consents, { n: c.consents }), fill(t.requests, { n: c.requests }), fill(t.bookings, { n: c.bookings })];
      await enqueueMail(db, {
        to: o.email,
        subject: fill(t.subject, { date: formatDay(today, lang) }),
        text: letter(
          n.greeting,
          [
            fill(t.intro, { since: formatDateTime(since, lang) }),
            lines.map((l) => `- ${l}`).join('\n'),
            `${t.review}\n${base}/admin/entries?status=received`,
            `${t.tour}\n${base}/admin/tour/requests`,
            `${t.optOut}\n${base}/admin/account`,
          ],
          n.signature,
        ),
        dedupeKey: key,
      });
      return true;
    }, { locks: [key] });
    if (sent) queued++;
  }
  return queued;
}
