/**
 * Consent for a class on paper. A teacher enters a pupil under 15 and brings the guardian's consent
 * either by the guardian's e-mail (the usual single-use link, entries/consent.ts) or on a printed
 * form: the site prints one A4 form per pupil, the guardian signs it, the teacher uploads a photo or
 * scan of it on the class page, and an organiser verifies it in the review queue, recording the uses
 * the guardian ticked. Until then the entry's consent is 'awaiting', so the work is never public,
 * printed or exhibited (entries/visibility.ts). Which ways an edition allows is its setting.
 *
 * The signed form is kept with the entry's files (erased with it) and shown to organisers only.
 */
import type { Db } from '#src/platform/db.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { dict, fill, isLang } from '#src/i18n/index.ts';
import { artworkKey } from '#src/artworks/storage.ts';
import type { ProcessedImage } from '#src/artworks/images.ts';
import { recordConsent, USE_KINDS, usesOf, type Uses } from '#src/entries/consent.ts';
import { getEntry } from '#src/entries/entry-store.ts';

/** The ways a teacher may bring a guardian's consent for a pupil under 15. */
export const CONSENT_WAYS = ['email', 'paper'] as const;
export type ConsentWay = (typeof CONSENT_WAYS)[number];

export interface ConsentWays {
  email: boolean;
  paper: boolean;
}
/** Without a setting an edition allows both. */
export const DEFAULT_CONSENT_WAYS: ConsentWays = { email: true, paper: true };

export async function classConsentWays(db: Db, editionId: number): Promise<ConsentWays> {
  const row = await db.get<{ by_email: number; on_paper: number }>('SELECT by_email, on_paper FROM edition_consent_ways WHERE edition_id = ?', editionId);
  return row ? { email: row.by_email === 1, paper: row.on_paper === 1 } : DEFAULT_CONSENT_WAYS;
}

/** Saves the setting; at least one way must stay allowed (else no pupil under 15 could take part). */
export async function saveClassConsentWays(db: Db, actor: Actor, editionId: number, ways: ConsentWays): Promise<{ ok: true } | { ok: false; reason: 'none' }> {
  if (!ways.email && !ways.paper) return { ok: false, reason: 'none' };
  await db.tx(async (db) => {
    const before = await classConsentWays(db, editionId);
    await db.run('DELETE FROM edition_consent_ways WHERE edition_id = ?', editionId);
    await db.run('INSERT INTO edition_consent_ways (edition_id, by_email, on_paper) VALUES (?, ?, ?)', editionId, ways.email ? 1 : 0, ways.paper ? 1 : 0);
    await audit(db, actor, { action: 'edition.consent-ways', subject: `edition:${editionId}`, before, after: ways });
  });
  return { ok: true };
}

export const FORM_STATES = ['waiting', 'uploaded', 'verified', 'rejected'] as const;
export type FormState = (typeof FORM_STATES)[number];

export interface ConsentForm {
  entryId: number;
  state: FormState;
  uploadedAt: string | null;
  decidedAt: string | null;
  note: string;
}

const FORM_COLUMNS = `entry_id AS "entryId", state, uploaded_at AS "uploadedAt", decided_at AS "decidedAt", note`;

/** Where the signed form's picture is kept: with the entry's files, never among the served derivatives. */
export const formKey = (entryId: number): string => artworkKey(entryId, 'consent-form.jpg');

/** A new work's guardian consents on paper: its form waits to be printed, signed and uploaded. */
export async function expectPaperForm(db: Db, entryId: number): Promise<void> {
  await db.run('INSERT INTO consent_forms (entry_id) VALUES (?)', entryId);
}

export async function consentForm(db: Db, entryId: number): Promise<ConsentForm | undefined> {
  return db.get<ConsentForm>(`SELECT ${FORM_COLUMNS} FROM consent_forms WHERE entry_id = ?`, entryId);
}

/** The forms of these entries, by entry id. */
export async function consentFormsOf(db: Db, entryIds: number[]): Promise<Map<number, ConsentForm>> {
  if (entryIds.length === 0) return new Map();
  const rows = await db.all<ConsentForm>(`SELECT ${FORM_COLUMNS} FROM consent_forms WHERE entry_id IN (${entryIds.map(() => '?').join(', ')})`, ...entryIds);
  return new Map(rows.map((r) => [r.entryId, r]));
}

/** Signed forms waiting for an organiser, oldest first (the review queue lists them). */
export async function formsToVerify(db: Db): Promise<{ entryId: number; reference: string; title: string; uploadedAt: string }[]> {
  return db.all(
    `SELECT f.entry_id AS "entryId", e.reference, e.title, f.uploaded_at AS "uploadedAt"
     FROM consent_forms f JOIN entries e ON e.id = f.entry_id
     WHERE f.state = 'uploaded' AND e.consent_state = 'awaiting' ORDER BY f.uploaded_at, e.id`,
  );
}

export type UploadOutcome = { ok: true } | { ok: false; reason: 'notPaper' | 'decided' };

/**
 * The teacher's photo or scan of the signed form, judged by its bytes already (artworks/images.ts,
 * which also drops its metadata). Accepted while the form waits, was rejected, or waits for an
 * organiser (a better picture replaces the first); not once the consent is decided.
 */
export async function storeSignedForm(app: { db: Db; storage: Storage }, entryId: number, image: ProcessedImage): Promise<UploadOutcome> {
  const { db, storage } = app;
  const form = await consentForm(db, entryId);
  if (!form) return { ok: false, reason: 'notPaper' };
  const entry = await getEntry(db, entryId);
  if (form.state === 'verified' || entry?.consentState !== 'awaiting') return { ok: false, reason: 'decided' };
  await storage.write(formKey(entryId), image.master, 'image/jpeg');
  await db.run("UPDATE consent_forms SET state = 'uploaded', uploaded_at = ct_now(), note = '' WHERE entry_id = ?", entryId);
  return { ok: true };
}

/**
 * The retention rule (backoffice/erase.ts#purgeContacts): the pictures of an edition's signed forms
 * go, except for awarded works; the form's row keeps that consent was verified, and when.
 */
export async function forgetSignedForms(db: Db, storage: Storage, editionId: number): Promise<number> {
  const rows = await db.all<{ id: number }>(
    `SELECT f.entry_id AS id FROM consent_forms f JOIN entries e ON e.id = f.entry_id
     WHERE e.edition_id = ? AND e.award_id IS NULL AND f.uploaded_at IS NOT NULL`,
    editionId,
  );
  for (const r of rows) {
    await storage.remove(formKey(r.id));
    await db.run('UPDATE consent_forms SET uploaded_at = NULL WHERE entry_id = ?', r.id);
  }
  return rows.length;
}

export type DecideOutcome = { ok: true } | { ok: false; reason: 'notUploaded' | 'decided' | 'noteRequired' };

/**
 * An organiser has read the signed form: the guardian consented to taking part and to the uses
 * ticked on it. The entry's consent becomes confirmed for exactly those uses, each logged as given
 * (or withdrawn where the pupil had asked for it and the guardian did not tick it), by this organiser.
 */
export async function verifyConsentForm(db: Db, actor: Actor, entryId: number, uses: Uses): Promise<DecideOutcome> {
  return db.tx(async (db) => {
    const form = await consentForm(db, entryId);
    const entry = await getEntry(db, entryId);
    if (!form || !entry || form.state !== 'uploaded') return { ok: false as const, reason: 'notUploaded' as const };
    if (entry.consentState !== 'awaiting') return { ok: false as const, reason: 'decided' as const };
    await db.run(
      `UPDATE entries SET consent_state = 'confirmed', consent_publish = ?, consent_print = ?, consent_exhibit = ?, guardian_decided_at = ct_now() WHERE id = ?`,
      Number(uses.gallery), Number(uses.catalogue), Number(uses.exhibition), entryId,
    );
    await db.run("UPDATE consent_forms SET state = 'verified', decided_at = ct_now(), decided_by = ? WHERE entry_id = ?", actor.id, entryId);
    const who = { byRole: 'organiser' as const, byName: 'signed paper form', byEmail: actor.email, lang: entry.lang };
    await recordConsent(db, { entryId, kind: 'participation', action: 'given', ...who });
    const asked = usesOf(entry);
    for (const use of Object.keys(USE_KINDS) as (keyof Uses)[]) {
      if (uses[use]) await recordConsent(db, { entryId, kind: USE_KINDS[use], action: 'given', ...who });
      else if (asked[use]) await recordConsent(db, { entryId, kind: USE_KINDS[use], action: 'withdrawn', ...who });
    }
    await audit(db, actor, { action: 'consent.form-verified', entryId, after: uses });
    return { ok: true as const };
  });
}

/**
 * The form does not do (unsigned, unreadable, another pupil's): the teacher is told why by e-mail, in
 * the batch's language, and uploads it again on the class page. The consent stays awaiting.
 */
export async function rejectConsentForm(db: Db, actor: Actor, entryId: number, note: string): Promise<DecideOutcome> {
  const why = note.trim();
  if (!why) return { ok: false, reason: 'noteRequired' };
  return db.tx(async (db) => {
    const form = await consentForm(db, entryId);
    if (!form || form.state !== 'uploaded') return { ok: false as const, reason: 'notUploaded' as const };
    await db.run("UPDATE consent_forms SET state = 'rejected', decided_at = ct_now(), decided_by = ?, note = ? WHERE entry_id = ?", actor.id, why, entryId);
    await audit(db, actor, { action: 'consent.form-rejected', entryId, after: { note: why } });
    const to = await db.get<{ email: string; lang: string; className: string; school: string; reference: string; title: string }>(
      `SELECT b.teacher_email AS email, b.lang, b.class_name AS "className", b.school, e.reference, e.title
       FROM entries e JOIN class_batches b ON b.id = e.batch_id WHERE e.id = ?`,
      entryId,
    );
    if (to?.email) {
      const t = dict(isLang(to.lang) ? to.lang : 'cs');
      const m = t.classBatch.mail;
      const v = { reference: to.reference, title: to.title, className: to.className, school: to.school };
      await enqueueMail(db, {
        to: to.email,
        subject: fill(m.formRejectedSubject, v),
        text: letter(t.mail.greeting, [fill(m.formRejectedBody, v), why, m.formRejectedAgain], t.mail.signature),
      });
    }
    return { ok: true as const };
  });
}
