import type { App } from '#src/platform/app.ts';
import type { Db } from '#src/platform/db.ts';
import { beginUpload } from '#src/artworks/storage.ts';
import { GUARDIAN_LINK_DAYS, recordConsent, TOKEN } from './consent.ts';
import { needsGuardian, rulesOf, validateEntry, entryFormValues, type EntryField, type EntryInput, type FieldError } from './entry.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { contactEmail, countByContact, findByFormToken, insertEntry, referenceLock, reserveEntryId, type NewPage } from './entry-store.ts';
import { currentEdition, editionPhase, type Edition } from '#src/editions/edition.ts';
import { ImageRejectedError, imageQueue, processImage } from '#src/artworks/images.ts';
import { forgetUploads, judgedImage, judgedPage, removeUploadFiles } from '#src/artworks/uploads.ts';
import { queueIntakeMails } from './intake-mail.ts';
import { originalsSetting } from '#src/editions/originals-setting.ts';
import { createToken } from '#src/platform/tokens.ts';
import { QueueFullError } from '#src/platform/work-queue.ts';

export type IntakeErrors = Partial<Record<EntryField | 'form', FieldError>>;
export type IntakeResult =
  | { ok: true; id: number; reference: string; statusToken?: string }
  | { ok: false; errors: IntakeErrors };


export interface IntakeOptions {
  /** The class batch a teacher adds the work to (checked by the caller, schools/actions.ts). */
  batchId?: number;
  /**
   * A posted work entered by an organiser from the paper form on its back: the consents are the
   * paper form's, recorded by this organiser (who and when, in the consent log), so no guardian link
   * is sent and the guardian's consent counts as given on paper.
   */
  paper?: { organiserEmail: string };
  /**
   * The ways a class batch's edition allows for a guardian's consent (schools/consent-forms.ts). A
   * pupil under 15 whose guardian signs a printed form gets no guardian link: the consent waits
   * until an organiser has verified the signed form.
   */
  consentWays?: { email: boolean; paper: boolean };
  /** Runs in the entry's transaction once it is stored (a class batch records a printed form to expect). */
  onStored?: (tx: Db, entry: { id: number; onPaper: boolean }) => Promise<void>;
}

/** The form error for an edition that is not open now, if it is not. */
export function windowError(edition: Edition | undefined, now = new Date()): FieldError | undefined {
  if (!edition) return { key: 'closed' };
  const phase = editionPhase(edition, now);
  return phase === 'open' ? undefined : { key: phase === 'upcoming' ? 'notYetOpen' : 'closed' };
}

/**
 * Takes one submitted form all the way: edition window, honeypot, schema, per-artist limit, every
 * page judged by its bytes, files staged, then row, consents, secret links, mails and files
 * committed together. On any refusal nothing is stored. Pages come either as files (a plain form
 * post) or as references to pages uploaded in the background and judged already (uploads.ts).
 * `opts` says who enters it when it is not the artist: a teacher's class batch, or an organiser with a paper form.
 */
export async function submitEntry(app: App, form: FormData, lang: string, origin: string, opts: IntakeOptions = {}): Promise<IntakeResult> {
  const { db, config } = app;
  const edition = await currentEdition(db);
  const closed = windowError(edition);
  if (closed || !edition) return { ok: false, errors: { form: closed ?? { key: 'closed' } } };

  // Bots fill in every field, including one people never see.
  const honeypot = form.get('website');
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { ok: false, errors: { form: { key: 'bot' } } };

  const formToken = typeof form.get('formToken') === 'string' ? String(form.get('formToken')).slice(0, 100) : undefined;
  if (formToken) {
    const existing = await findByFormToken(db, formToken);
    if (existing) return { ok: true, ...existing };
  }

  const rules = { ...rulesOf(edition), ...(opts.consentWays ? { consentWays: opts.consentWays } : {}) };
  const checked = validateEntry(entryFormValues(form), rules);
  if (!checked.success) return { ok: false, errors: checked.errors };
  const { pages: files, agreeRules: _rules, ...fields } = checked.data;

  const limitError = await entryLimitError(db, edition, fields);
  if (limitError) return { ok: false, errors: limitError };

  const upload = await beginUpload(app.storage, config.dataDir, () => reserveEntryId(db));
  const pages: NewPage[] = [];
  const refs = files.filter((f): f is string => typeof f === 'string');
  try {
    for (const [i, file] of files.entries()) {
      if (typeof file === 'string') {
        const judged = await judgedPage(db, file);
        if (!judged.ok) {
          await upload.discard();
          return { ok: false, errors: { pages: { key: judged.key, params: { page: i + 1, ...('params' in judged ? judged.params : {}) } } } };
        }
        await upload.writePage(i + 1, await judgedImage(config.dataDir, file, judged));
        pages.push({ width: judged.width, height: judged.height, widths: judged.widths, placeholder: judged.placeholder });
        continue;
      }
      const processed = await imageQueue.run(async () => processImage(new Uint8Array(await file.arrayBuffer())));
      await upload.writePage(i + 1, processed);
      pages.push({
        width: processed.width,
        height: processed.height,
        widths: [...new Set(processed.derivatives.map((d) => d.width))],
        placeholder: processed.placeholder,
      });
    }
  } catch (err) {
    await upload.discard();
    const page = pages.length + 1;
    if (err instanceof ImageRejectedError) {
      const min = typeof err.detail?.minShortSide === 'number' ? err.detail.minShortSide : undefined;
      return { ok: false, errors: { pages: { key: `image.${err.code}`, params: { page, ...(min ? { min } : {}) } } } };
    }
    if (err instanceof QueueFullError) return { ok: false, errors: { form: { key: 'busy' } } };
    throw err;
  }

  let result: IntakeResult & { stored?: boolean };
  try {
    // Under the locks of the year's numbering and of this artist: entries committing at once (from
    // any process) take the next reference one after another and cannot both slip under the limit.
    const locks = [referenceLock(edition.year), `entry-artist:${edition.id}:${contactEmail(fields)}`];
    result = await db.tx(async (db) => {
      // A retry that raced us while the images were processing.
      const again = formToken ? await findByFormToken(db, formToken) : undefined;
      if (again) return { ok: true as const, ...again };
      // Checked again inside the transaction: two entries sent at once cannot both slip under the limit.
      const limit = await entryLimitError(db, edition, fields);
      if (limit) return { ok: false as const, errors: limit };
      const onPaper = needsGuardian(fields.age) && !opts.paper && fields.consentWay === 'paper';
      const guardian = needsGuardian(fields.age) && !opts.paper && !onPaper;
      const consentState = opts.paper ? (needsGuardian(fields.age) ? 'confirmed' : 'not_needed') : guardian || onPaper ? 'awaiting' : 'not_needed';
      const created = await insertEntry(db, fields, pages, { lang, formToken, consentState, ...(upload.entryId ? { id: upload.entryId } : {}) });
      // A class batch's work (schools/): the teacher's page lists it.
      if (opts.batchId) await db.run('UPDATE entries SET batch_id = ? WHERE id = ?', opts.batchId, created.id);
      await opts.onStored?.(db, { id: created.id, onPaper });
      await logArtistConsents(db, created.id, fields, lang, opts.paper);
      const statusToken = await createToken(db, TOKEN.status, created.id);
      const withdrawToken = await createToken(db, TOKEN.withdraw, created.id);
      const guardianToken = guardian ? await createToken(db, TOKEN.guardianConfirm, created.id, GUARDIAN_LINK_DAYS) : undefined;
      const base = (config.BASE_URL ?? origin).replace(/\/$/, '');
      await queueIntakeMails(db, {
        originalByPost: (await originalsSetting(db, edition.id)).byPost,
        lang,
        reference: created.reference,
        entry: fields,
        statusUrl: `${base}/${lang}/status/${statusToken}`,
        withdrawUrl: `${base}/${lang}/withdraw/${withdrawToken}`,
        ...(guardianToken ? { guardianUrl: `${base}/${lang}/consent/${guardianToken}` } : {}),
      });
      await upload.commit(created.id);
      // The uploaded pages now belong to the entry: their uploads are forgotten with this commit.
      await forgetUploads(db, refs);
      return { ok: true as const, ...created, statusToken, stored: true };
    }, { locks });
  } catch (err) {
    // The row did not commit: take its files away too, wherever they got to.
    await upload.discard();
    throw err;
  }
  if (!result.stored) await upload.discard();
  else removeUploadFiles(config.dataDir, refs);
  const { stored: _stored, ...answer } = result;
  return answer;
}

type EntryFields = Omit<EntryInput, 'pages' | 'agreeRules'>;

async function entryLimitError(db: Db, edition: Edition, fields: EntryFields): Promise<IntakeErrors | undefined> {
  const email = contactEmail(fields);
  if (await countByContact(db, edition.id, email) < edition.maxEntriesPerArtist) return undefined;
  const field = fields.guardianEmail ? 'guardianEmail' : 'artistEmail';
  return { [field]: { key: 'limitReached', params: { max: edition.maxEntriesPerArtist } } };
}

async function logArtistConsents(db: Db, entryId: number, f: EntryFields, lang: string, paper?: IntakeOptions['paper']): Promise<void> {
  // From a paper form, the organiser who typed it in is who recorded each consent (the log's time is when).
  const who = paper ? { byRole: 'organiser' as const, byName: 'paper form', byEmail: paper.organiserEmail, lang } : { byRole: 'artist' as const, byName: f.firstName, byEmail: f.artistEmail ?? '', lang };
  if (paper) await recordConsent(db, { entryId, kind: 'paper-form', action: 'given', ...who });
  if (paper && needsGuardian(f.age)) await recordConsent(db, { entryId, kind: 'participation', action: 'given', ...who });
  await recordConsent(db, { entryId, kind: 'rules', action: 'given', ...who });
  if (f.consentPublish) await recordConsent(db, { entryId, kind: 'publish', action: 'given', ...who });
  if (f.consentPrint) await recordConsent(db, { entryId, kind: 'print', action: 'given', ...who });
  if (f.consentExhibit) await recordConsent(db, { entryId, kind: 'exhibit', action: 'given', ...who });
  if (f.hideName) await recordConsent(db, { entryId, kind: 'hide-name', action: 'given', ...who });
}
