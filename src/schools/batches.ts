import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';
import { checkToken, createToken } from '#src/platform/tokens.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import type { Edition } from '#src/editions/edition.ts';
import type { ConsentState, EntryStatus } from '#src/entries/entry.ts';
import { publicAwardSql, visibleSql } from '#src/entries/visibility.ts';

/**
 * Class batches: a teacher enters a whole class. The teacher asks for a batch (school, class, their
 * name and e-mail, category), gets a secret link by e-mail (only its hash is stored, like every
 * secret link) and adds pupils' works one after another; each work is an ordinary entry carrying
 * the batch's id. A link opens exactly one batch: any other string is the ordinary 404.
 */
export const BATCH_TOKEN = 'class-batch';
/** How long a teacher's link opens the batch: a school year. */
export const BATCH_LINK_DAYS = 300;

export type BatchState = 'draft' | 'sent';

export interface Batch {
  id: number;
  editionId: number;
  school: string;
  className: string;
  teacherName: string;
  teacherEmail: string;
  town: string;
  region: string;
  category: string;
  lang: string;
  state: BatchState;
  createdAt: string;
  sentAt: string | null;
}

const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'tooLong');

/** The teacher's request for a batch (the categories come from the edition). */
export function batchRequestSchema(categories: readonly string[]) {
  return z.object({
    school: text(ENTRY_LIMITS.schoolMax),
    className: text(40),
    teacherName: text(ENTRY_LIMITS.nameMax * 2),
    teacherEmail: z.string().trim().max(ENTRY_LIMITS.emailMax, 'tooLong').pipe(z.email('email')),
    town: text(ENTRY_LIMITS.townMax),
    region: z.enum(REGION_CODES, { error: 'required' }),
    category: z.string().refine((c) => categories.includes(c), 'required'),
  });
}
export type BatchRequest = z.infer<ReturnType<typeof batchRequestSchema>>;
export const BATCH_FIELDS = ['school', 'className', 'teacherName', 'teacherEmail', 'town', 'region', 'category'] as const;

const BATCH_COLUMNS = `id, edition_id AS "editionId", school, class_name AS "className", teacher_name AS "teacherName",
  teacher_email AS "teacherEmail", town, region, category, lang, state, created_at AS "createdAt", sent_at AS "sentAt"`;

/** Stores a new batch and returns it with the raw secret (to be mailed, never stored). */
export async function createBatch(db: Db, edition: Pick<Edition, 'id'>, input: BatchRequest, lang: string): Promise<{ batch: Batch; token: string }> {
  return db.tx(async (t) => {
    const row = (await t.get<{ id: number }>(
      `INSERT INTO class_batches (edition_id, school, class_name, teacher_name, teacher_email, town, region, category, lang)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      edition.id, input.school, input.className, input.teacherName, input.teacherEmail, input.town, input.region, input.category, lang,
    ))!;
    const token = await createToken(t, BATCH_TOKEN, row.id, BATCH_LINK_DAYS);
    return { batch: (await getBatch(t, row.id))!, token };
  });
}

export async function getBatch(db: Db, id: number): Promise<Batch | undefined> {
  return db.get<Batch>(`SELECT ${BATCH_COLUMNS} FROM class_batches WHERE id = ?`, id);
}

/**
 * The batch a link opens, or nothing: an unknown, edited, expired or malformed link all answer the
 * same way (the page then gives the ordinary 404), so a link reveals nothing about other batches.
 */
export async function batchForToken(db: Db, raw: unknown): Promise<Batch | undefined> {
  const found = await checkToken(db, raw, BATCH_TOKEN);
  return found.ok ? getBatch(db, found.subjectId) : undefined;
}

/** What the teacher's list says of one work. */
export type WorkState = 'awaitingConsent' | 'consentRefused' | 'received' | 'accepted' | 'public' | 'rejected';

/** One work's state from its entry: consent first (nothing goes on without it), then the decision, then the gallery. */
export function workState(e: { status: EntryStatus; consentState: ConsentState; isPublic: boolean }): WorkState {
  if (e.consentState === 'awaiting') return 'awaitingConsent';
  if (e.consentState === 'withdrawn') return 'consentRefused';
  if (e.status === 'rejected') return 'rejected';
  if (e.status === 'accepted') return e.isPublic ? 'public' : 'accepted';
  return 'received';
}

export interface BatchWork {
  id: number;
  reference: string;
  firstName: string;
  surname: string;
  age: number;
  title: string;
  state: WorkState;
  award: string | null;
}

/** The batch's works in the order they were added, each with its state. */
export async function batchWorks(db: Db, batchId: number, lang: string): Promise<BatchWork[]> {
  const rows = await db.all<{ id: number; reference: string; firstName: string; surname: string; age: number; title: string; status: EntryStatus; consentState: ConsentState; isPublic: number; award: string | null }>(
    `SELECT e.id, e.reference, e.first_name AS "firstName", e.surname, e.age, e.title, e.status, e.consent_state AS "consentState",
       CASE WHEN ${visibleSql('public', 'e')} THEN 1 ELSE 0 END AS "isPublic",
       CASE WHEN ${publicAwardSql('e')} THEN (SELECT CASE WHEN ? = 'cs' THEN a.name_cs ELSE a.name_en END FROM awards a WHERE a.id = e.award_id) END AS award
     FROM entries e WHERE e.batch_id = ? ORDER BY e.id`,
    lang,
    batchId,
  );
  return rows.map(({ status, consentState, isPublic, ...w }) => ({ ...w, state: workState({ status, consentState, isPublic: Boolean(isPublic) }) }));
}

export type SendResult = { ok: true; batch: Batch } | { ok: false; reason: 'empty' | 'sent' };

/** Sends the batch: from then on no work is added. A batch without works cannot be sent; sending twice changes nothing. */
export async function sendBatch(db: Db, batchId: number, now = new Date()): Promise<SendResult> {
  return db.tx(async (t) => {
    const n = (await t.get<{ n: number }>('SELECT COUNT(*) AS n FROM entries WHERE batch_id = ?', batchId))!.n;
    if (n === 0) return { ok: false as const, reason: 'empty' as const };
    const r = await t.run("UPDATE class_batches SET state = 'sent', sent_at = ? WHERE id = ? AND state = 'draft'", now.toISOString(), batchId);
    if (r.changes !== 1) return { ok: false as const, reason: 'sent' as const };
    return { ok: true as const, batch: (await getBatch(t, batchId))! };
  });
}

/** Links an entry just stored to its batch (the batch must still be open). */
export async function attachToBatch(db: Db, batchId: number, entryId: number): Promise<void> {
  await db.run('UPDATE entries SET batch_id = ? WHERE id = ? AND EXISTS (SELECT 1 FROM class_batches b WHERE b.id = ? AND b.state = ?)', batchId, entryId, batchId, 'draft');
}

/**
 * Erasing an entry (backoffice/erase.ts): a batch left without works goes with its link, so the
 * teacher's data is kept no longer than some work needs it. Returns whether the batch went.
 */
export async function forgetEmptyBatch(db: Db, batchId: number | null): Promise<boolean> {
  if (!batchId) return false;
  if (await db.get('SELECT 1 AS x FROM entries WHERE batch_id = ?', batchId)) return false;
  await db.run('DELETE FROM tokens WHERE purpose = ? AND subject_id = ?', BATCH_TOKEN, batchId);
  const r = await db.run('DELETE FROM class_batches WHERE id = ?', batchId);
  return r.changes === 1;
}

/**
 * The retention rule for batches (backoffice/erase.ts#purgeContacts): an edition's batches without
 * an awarded work lose the teacher's name and e-mail and their link. Returns the addresses removed,
 * so their mails go too.
 */
export async function purgeBatchContacts(db: Db, editionId: number): Promise<string[]> {
  const rows = await db.all<{ id: number; email: string }>(
    `SELECT b.id, b.teacher_email AS email FROM class_batches b WHERE b.edition_id = ? AND b.teacher_email <> ''
     AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.batch_id = b.id AND e.award_id IS NOT NULL)`,
    editionId,
  );
  for (const r of rows) {
    await db.run("UPDATE class_batches SET teacher_name = '', teacher_email = '' WHERE id = ?", r.id);
    await db.run('DELETE FROM tokens WHERE purpose = ? AND subject_id = ?', BATCH_TOKEN, r.id);
  }
  return rows.map((r) => r.email);
}
