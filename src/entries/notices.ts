import { createHash } from 'node:crypto';
import type { Db } from '#src/platform/db.ts';
import { dict, fill, isLang, type Lang } from '#src/i18n/index.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { createToken } from '#src/platform/tokens.ts';
import { TOKEN } from './consent.ts';
import { needsGuardian, type EntryRecord } from './entry.ts';
import { getEntry } from './entry-store.ts';

/**
 * Who hears about an entry: under 15 its guardian (addressed formally), otherwise the artist
 * (addressed informally, as every child is); the guardian when the artist left no address.
 */
export function entryContact(e: Pick<EntryRecord, 'age' | 'artistEmail' | 'guardianEmail'>): { to: string; as: 'artist' | 'guardian' } | undefined {
  if (e.guardianEmail && (needsGuardian(e.age) || !e.artistEmail)) return { to: e.guardianEmail, as: 'guardian' };
  return e.artistEmail ? { to: e.artistEmail, as: 'artist' } : undefined;
}

export const entryLang = (e: Pick<EntryRecord, 'lang'>): Lang => (isLang(e.lang) ? e.lang : 'cs');

/** The entry's status page, by a new secret link (only hashes are stored, so an old one cannot be read back). */
export async function statusLink(db: Db, e: Pick<EntryRecord, 'id' | 'lang'>, baseUrl: string): Promise<string> {
  return `${baseUrl.replace(/\/$/, '')}/${entryLang(e)}/status/${await createToken(db, TOKEN.status, e.id)}`;
}

/**
 * Queues the decision mail of an entry just accepted or rejected, in the language of its form:
 * the rejection reason exactly as the artist will read it on the status page (an "other" reason
 * with the organiser's own words). Each decision is told once: the dedupe key names the entry,
 * the decision and the reason.
 */
export async function queueDecisionMail(db: Db, entryId: number, baseUrl: string): Promise<void> {
  const e = await getEntry(db, entryId);
  if (!e || (e.status !== 'accepted' && e.status !== 'rejected')) return;
  const contact = entryContact(e);
  if (!contact) return;
  const key = `decision:${e.id}:${e.status}:${createHash('sha256').update(e.rejectReason ?? '').digest('hex').slice(0, 12)}`;
  if (await db.get('SELECT 1 AS x FROM mail_queue WHERE dedupe_key = ?', key)) return;
  const n = dict(entryLang(e)).notify;
  const t = n.decision;
  const v = { title: e.title, reference: e.reference };
  const guardian = contact.as === 'guardian';
  const body =
    e.status === 'accepted'
      ? [fill(guardian ? t.acceptedGuardian : t.acceptedArtist, v)]
      : [fill(guardian ? t.rejectedGuardian : t.rejectedArtist, v), e.rejectReason ?? ''];
  await enqueueMail(db, {
    to: contact.to,
    subject: fill(e.status === 'accepted' ? t.acceptedSubject : t.rejectedSubject, v),
    text: letter(n.greeting, [...body, `${guardian ? t.statusGuardian : t.statusArtist}\n${await statusLink(db, e, baseUrl)}`], n.signature),
    dedupeKey: key,
  });  await queueTeacherDecisionMail(db, e, key);
}

/**
 * A class batch's work (schools/): the teacher who entered it hears the decision too, formally, in
 * the batch's language (the language its works were entered in), with the pupil's name: the class
 * page they follow has no link to send again (only its hash is stored), so the mail points to it.
 */
async function queueTeacherDecisionMail(db: Db, e: EntryRecord, key: string): Promise<void> {
  const inBatch = await db.get<{ batchId: number | null }>('SELECT batch_id AS "batchId" FROM entries WHERE id = ?', e.id);
  if (!inBatch?.batchId || !e.teacherEmail) return;
  const n = dict(entryLang(e)).notify;
  const t = n.decision;
  const v = { title: e.title, reference: e.reference, name: `${e.firstName} ${e.surname}` };
  const body = e.status === 'accepted' ? [fill(t.acceptedTeacher, v)] : [fill(t.rejectedTeacher, v), e.rejectReason ?? ''];
  await enqueueMail(db, {
    to: e.teacherEmail,
    subject: fill(e.status === 'accepted' ? t.acceptedSubject : t.rejectedSubject, v),
    text: letter(n.greeting, [...body, t.classPage], n.signature),
    dedupeKey: `${key}:teacher`,
  });
}
