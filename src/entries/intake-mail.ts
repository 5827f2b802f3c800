import { dict, fill, isLang } from '#src/i18n/index.ts';
import { GUARDIAN_LINK_DAYS } from './consent.ts';
import type { Db } from '#src/platform/db.ts';
import type { EntryInput } from './entry.ts';
import { enqueueMail } from '#src/platform/mail.ts';

export interface IntakeMailInput {
  lang: string;
  reference: string;
  entry: Pick<EntryInput, 'firstName' | 'age' | 'title' | 'artistEmail' | 'teacherEmail' | 'guardianEmail'>;
  statusUrl: string;
  withdrawUrl: string;
  /** Present when a guardian must confirm (artist under 15). */
  guardianUrl?: string;
}

/**
 * Queues the mails an entry causes, in the language the form was filled in: the guardian's consent
 * request (under 15), a confirmation to the artist and/or guardian, and a note to the teacher.
 * Only the artist's and guardian's mails carry the secret links; the teacher gets the number.
 */
export async function queueIntakeMails(db: Db, m: IntakeMailInput): Promise<void> {
  const t = dict(isLang(m.lang) ? m.lang : 'cs').mail;
  const v = { name: m.entry.firstName, age: m.entry.age, title: m.entry.title, reference: m.reference, days: GUARDIAN_LINK_DAYS };
  const letter = (...paragraphs: string[]) => [t.greeting, '', ...paragraphs.flatMap((p) => [p, '']), t.signature, ''].join('\n');
  const links = [`${t.statusLine}\n${m.statusUrl}`, `${t.withdrawLine}\n${m.withdrawUrl}`];

  if (m.guardianUrl && m.entry.guardianEmail) {
    await enqueueMail(db, {
      to: m.entry.guardianEmail,
      subject: fill(t.guardianSubject, v),
      text: letter(fill(t.guardianBody, v), m.guardianUrl, ...links, t.ignore),
    });
  } else if (m.entry.guardianEmail) {
    await enqueueMail(db, { to: m.entry.guardianEmail, subject: fill(t.confirmSubject, v), text: letter(fill(t.confirmBody, v), ...links) });
  }
  if (m.entry.artistEmail && m.entry.artistEmail.toLowerCase() !== m.entry.guardianEmail?.toLowerCase()) {
    const body = [fill(t.confirmBody, v), ...(m.guardianUrl ? [t.confirmAwaiting] : []), ...links];
    await enqueueMail(db, { to: m.entry.artistEmail, subject: fill(t.confirmSubject, v), text: letter(...body) });
  }
  if (m.entry.teacherEmail) {
    await enqueueMail(db, { to: m.entry.teacherEmail, subject: fill(t.teacherSubject, v), text: letter(fill(t.teacherBody, v), t.ignore) });
  }
}
