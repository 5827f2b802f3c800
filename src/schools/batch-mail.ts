import type { Db } from '#src/platform/db.ts';
import { dict, fill, formatDay, isLang, type Lang } from '#src/i18n/index.ts';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { BATCH_LINK_DAYS, type Batch, type BatchWork } from './batches.ts';

/** The teacher's mails, formal and in the batch's language: the batch's link, and the references once it is sent. */
const langOf = (b: Pick<Batch, 'lang'>): Lang => (isLang(b.lang) ? b.lang : 'cs');

export async function queueBatchLinkMail(db: Db, batch: Batch, url: string): Promise<void> {
  const lang = langOf(batch);
  const t = dict(lang);
  const m = t.classBatch.mail;
  const v = { className: batch.className, school: batch.school };
  const date = formatDay(addDays(todayInPrague(), BATCH_LINK_DAYS), lang);
  await enqueueMail(db, {
    to: batch.teacherEmail,
    subject: fill(m.requestSubject, v),
    text: letter(t.mail.greeting, [fill(m.requestBody, v), url, fill(m.requestKeep, { date }), t.mail.ignore], t.mail.signature),
  });
}

export async function queueBatchSentMail(db: Db, batch: Batch, works: BatchWork[]): Promise<void> {
  const lang = langOf(batch);
  const t = dict(lang);
  const m = t.classBatch.mail;
  const v = { className: batch.className, school: batch.school };
  const list = works.map((w) => `${w.reference}  ${w.firstName} ${w.surname}: ${w.title}`).join('\n');
  await enqueueMail(db, {
    to: batch.teacherEmail,
    subject: fill(m.sentSubject, v),
    text: letter(t.mail.greeting, [fill(m.sentBody, v), list, m.sentFollow], t.mail.signature),
    dedupeKey: `class-batch-sent:${batch.id}`,
  });
}
