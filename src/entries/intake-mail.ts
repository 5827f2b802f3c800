import { dict, fill, formatDay, isLang, localeOf, plural, type Lang } from '#src/i18n/index.ts';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { GUARDIAN_LINK_DAYS, type Uses } from './consent.ts';
import type { Db } from '#src/platform/db.ts';
import type { EntryInput, EntryRecord } from './entry.ts';
import { enqueueMail } from '#src/platform/mail.ts';

/**
 * The mails an entry causes, in the language the form was filled in. The address policy of
 * src/i18n/cs/mail.ts holds: the artist is written to informally, a guardian or a teacher formally,
 * and every mail opens with the neutral greeting.
 */
export interface IntakeMailInput {
  lang: string;
  reference: string;
  entry: Pick<EntryInput, 'firstName' | 'age' | 'title' | 'artistEmail' | 'teacherEmail' | 'guardianEmail'>;
  statusUrl: string;
  withdrawUrl: string;
  /** Present when a guardian must confirm (artist under 15). */
  guardianUrl?: string;
  /** The edition asks for the original by post: the artist is told where the label is. */
  originalByPost?: boolean;
}

const langOf = (lang: string): Lang => (isLang(lang) ? lang : 'cs');
const sameAddress = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** A letter: greeting, paragraphs, signature. */
function letter(lang: Lang, ...paragraphs: string[]): string {
  const t = dict(lang).mail;
  return [t.greeting, '', ...paragraphs.flatMap((p) => [p, '']), t.signature, ''].join('\n');
}

/**
 * Queues the mails an entry causes: the guardian's consent request (under 15) or a copy to a
 * guardian given anyway, a confirmation to the artist, and a note to the teacher. Only the artist's
 * and guardian's mails carry the secret links; the teacher gets the number.
 */
export async function queueIntakeMails(db: Db, m: IntakeMailInput): Promise<void> {
  const lang = langOf(m.lang);
  const t = dict(lang).mail;
  const v = { name: m.entry.firstName, age: plural(t.age, m.entry.age, lang), title: m.entry.title, reference: m.reference };

  if (m.guardianUrl && m.entry.guardianEmail) {
    const date = formatDay(addDays(todayInPrague(), GUARDIAN_LINK_DAYS), lang);
    const g = t.guardianRequest;
    await enqueueMail(db, {
      to: m.entry.guardianEmail,
      subject: fill(g.subject, v),
      text: letter(lang, fill(g.body, { ...v, date }), m.guardianUrl, `${g.statusLine}\n${m.statusUrl}`, t.ignore),
    });
  } else if (m.entry.guardianEmail) {
    const g = t.guardianCopy;
    await enqueueMail(db, {
      to: m.entry.guardianEmail,
      subject: fill(g.subject, v),
      text: letter(lang, fill(g.body, v), `${g.statusLine}\n${m.statusUrl}`, `${g.withdrawLine}\n${m.withdrawUrl}`, t.ignore),
    });
  }
  if (m.entry.artistEmail && !sameAddress(m.entry.artistEmail, m.entry.guardianEmail)) {
    const a = t.artist;
    const body = [fill(a.body, v), ...(m.guardianUrl ? [a.awaiting] : []), ...(m.originalByPost ? [dict(lang).originals.mail] : []), `${a.statusLine}\n${m.statusUrl}`, `${a.withdrawLine}\n${m.withdrawUrl}`];
    await enqueueMail(db, { to: m.entry.artistEmail, subject: fill(a.subject, v), text: letter(lang, ...body) });
  }
  if (m.entry.teacherEmail) {
    await enqueueMail(db, { to: m.entry.teacherEmail, subject: fill(t.teacherSubject, v), text: letter(lang, fill(t.teacherBody, v), t.ignore) });
  }
}

/** The uses a guardian allowed, as a phrase of the language ("v online galerii, na putovní výstavě"). */
export function usesPhrase(uses: Uses, lang: Lang): string {
  const t = dict(lang).mail.uses;
  const chosen = (['gallery', 'catalogue', 'exhibition'] as const).filter((u) => uses[u]).map((u) => t[u]);
  return chosen.length ? new Intl.ListFormat(localeOf(lang), { type: 'conjunction' }).format(chosen) : t.none;
}

/**
 * Tells the artist what the guardian decided (informally, in the entry's language) and gives the
 * guardian a record of their own decision (formally, in the language of the page they used).
 */
export async function queueConsentOutcomeMails(
  db: Db,
  entry: EntryRecord,
  outcome: { decided: 'consented' | 'refused'; uses: Uses; guardianLang: string; statusUrl: string; withdrawUrl?: string },
): Promise<void> {
  const artistLang = langOf(entry.lang);
  const guardianLang = langOf(outcome.guardianLang);
  const base = { title: entry.title, reference: entry.reference };
  if (entry.artistEmail && !sameAddress(entry.artistEmail, entry.guardianEmail)) {
    const t = dict(artistLang).mail;
    const values = { ...base, uses: usesPhrase(outcome.uses, artistLang) };
    if (outcome.decided === 'consented') {
      const a = t.consentConfirmedArtist;
      await enqueueMail(db, { to: entry.artistEmail, subject: fill(a.subject, values), text: letter(artistLang, fill(a.body, values), `${a.statusLine}\n${outcome.statusUrl}`) });
    } else {
      const a = t.consentRefusedArtist;
      await enqueueMail(db, { to: entry.artistEmail, subject: fill(a.subject, values), text: letter(artistLang, fill(a.body, values)) });
    }
  }
  if (entry.guardianEmail) {
    const t = dict(guardianLang).mail;
    const values = { ...base, uses: usesPhrase(outcome.uses, guardianLang), date: formatDay(todayInPrague(), guardianLang) };
    if (outcome.decided === 'consented') {
      const g = t.consentConfirmedGuardian;
      const withdraw = outcome.withdrawUrl ? [`${g.withdrawLine}\n${outcome.withdrawUrl}`] : [];
      await enqueueMail(db, { to: entry.guardianEmail, subject: fill(g.subject, values), text: letter(guardianLang, fill(g.body, values), ...withdraw) });
    } else {
      const g = t.consentRefusedGuardian;
      await enqueueMail(db, { to: entry.guardianEmail, subject: fill(g.subject, values), text: letter(guardianLang, fill(g.body, values)) });
    }
  }
}
