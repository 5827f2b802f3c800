import type { Db } from '#src/platform/db.ts';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { dict, fill, formatDay, isLang, localized, localizedField, plural, type Lang } from '#src/i18n/index.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { getEdition } from '#src/editions/edition.ts';
import { getEntry } from '#src/entries/entry-store.ts';
import { entryContact, entryLang } from '#src/entries/notices.ts';
import { awardName, getAward } from './awards.ts';
import { jurorProgress } from './jury.ts';

/**
 * What jurors and award winners are told, through the mail queue in each person's language:
 * a juror when assigned, when a round opens and two days before its deadline; an artist or
 * guardian when the results with their award are published. Every mail has a dedupe key, so a
 * repeated click or a periodic run never sends one twice.
 */
const base = (url: string) => url.replace(/\/$/, '');

interface Juror {
  id: number;
  email: string;
  lang: Lang;
}

async function juror(db: Db, accountId: number): Promise<Juror | undefined> {
  const r = await db.get<{ id: number; email: string; lang: string }>(`SELECT id, email, lang FROM accounts WHERE id = ? AND role = 'juror' AND disabled = 0`, accountId);
  return r ? { id: r.id, email: r.email, lang: isLang(r.lang) ? r.lang : 'cs' } : undefined;
}

const editionTitle = async (db: Db, editionId: number, lang: Lang) => {
  const e = await getEdition(db, editionId);
  return e ? localized(localizedField(e, 'title'), lang) : '';
};

/** The juror's new assignment (a category and/or age group of an edition, '' = any). */
export async function queueAssignmentMail(db: Db, editionId: number, accountId: number, category: string, ageGroup: string, baseUrl: string): Promise<void> {
  const j = await juror(db, accountId);
  if (!j) return;
  const n = dict(j.lang).notify;
  const t = n.juror;
  const edition = await getEdition(db, editionId);
  const scope = [
    category ? fill(t.category, { category: categoryLabel(edition, category, j.lang) }) : '',
    ageGroup ? fill(t.ageGroup, { group: ageGroup.replace('-', '–') }) : '',
  ].filter(Boolean).join(', ') || t.allScope;
  const title = await editionTitle(db, editionId, j.lang);
  await enqueueMail(db, {
    to: j.email,
    subject: fill(t.assignedSubject, { edition: title }),
    text: letter(n.greeting, [fill(t.assigned, { edition: title, scope }), t.assignedWait, `${t.link}\n${base(baseUrl)}/admin/jury`], n.signature),
    dedupeKey: `jury-assigned:${editionId}:${accountId}:${category}:${ageGroup}`,
  });
}

async function jurorsOf(db: Db, editionId: number): Promise<Juror[]> {
  const out: Juror[] = [];
  for (const r of await db.all<{ id: number }>('SELECT DISTINCT account_id AS id FROM jury_assignments WHERE edition_id = ? ORDER BY account_id', editionId)) {
    const j = await juror(db, r.id);
    if (j) out.push(j);
  }
  return out;
}

/**
 * The round-opened mail to every assigned juror of every open round (also to a juror assigned
 * after it opened), once per opening, and the reminder two days before the deadline to jurors who
 * still have works to score. Run periodically; returns how many mails were queued.
 */
export async function sendJuryNotices(db: Db, baseUrl: string, now: Date = new Date()): Promise<number> {
  const today = todayInPrague(now);
  let queued = 0;
  const rounds = await db.all<{ id: number; opened: string | null; deadline: string | null }>(
    `SELECT id, judging_opened_at AS opened, judging_deadline AS deadline FROM editions WHERE judging = 'open'`,
  );
  for (const r of rounds) {
    for (const j of await jurorsOf(db, r.id)) {
      const progress = await jurorProgress(db, r.id, j.id);
      if (progress.total === 0) continue;
      const n = dict(j.lang).notify;
      const t = n.juror;
      const title = await editionTitle(db, r.id, j.lang);
      const date = r.deadline ? formatDay(r.deadline, j.lang) : '';
      const link = `${t.link}\n${base(baseUrl)}/admin/jury`;
      const opened = await enqueueMail(db, {
        to: j.email,
        subject: fill(t.openedSubject, { edition: title }),
        text: letter(n.greeting, [
          fill(t.opened, { edition: title, works: plural(n.works, progress.total, j.lang) }),
          ...(date ? [fill(t.deadline, { date })] : []),
          link,
        ], n.signature),
        dedupeKey: `jury-opened:${r.id}:${j.id}:${r.opened ?? ''}`,
      });
      if (opened !== undefined) queued++;
      const left = progress.total - progress.done;
      if (r.deadline && left > 0 && today >= addDays(r.deadline, -2) && today <= r.deadline) {
        const id = await enqueueMail(db, {
          to: j.email,
          subject: fill(t.closingSubject, { date }),
          text: letter(n.greeting, [fill(t.closing, { edition: title, date, works: plural(n.works, left, j.lang), total: progress.total }), link], n.signature),
          dedupeKey: `jury-closing:${r.id}:${j.id}:${r.deadline}`,
        });
        if (id !== undefined) queued++;
      }
    }
  }
  return queued;
}

/** The award mails of a published edition: to each awarded work's artist or guardian, once per work and award. */
export async function queueAwardMails(db: Db, entryIds: number[], baseUrl: string): Promise<number> {
  let queued = 0;
  for (const id of entryIds) {
    const e = await getEntry(db, id);
    const award = e?.awardId ? await getAward(db, e.awardId) : undefined;
    const contact = e ? entryContact(e) : undefined;
    if (!e || !award || !contact) continue;
    const lang = entryLang(e);
    const n = dict(lang).notify;
    const t = n.award;
    const guardian = contact.as === 'guardian';
    const edition = await getEdition(db, e.editionId);
    const v = { title: e.title, reference: e.reference, award: awardName(award, lang) };
    const winners = `${base(baseUrl)}/${lang}/winners${edition && !edition.isCurrent ? `?edition=${edition.year}` : ''}`;
    const r = await enqueueMail(db, {
      to: contact.to,
      subject: fill(t.subject, v),
      text: letter(n.greeting, [fill(guardian ? t.guardian : t.artist, v), `${guardian ? t.linkGuardian : t.linkArtist}\n${winners}`], n.signature),
      dedupeKey: `award:${e.id}:${award.id}`,
    });
    if (r !== undefined) queued++;
  }
  return queued;
}
