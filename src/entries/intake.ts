import { rmSync } from 'node:fs';
import type { App } from '#src/platform/app.ts';
import { commitStaged, createStaging, entryDir, writeStagedPage } from '#src/artworks/storage.ts';
import { GUARDIAN_LINK_DAYS, recordConsent, TOKEN } from './consent.ts';
import { needsGuardian, rulesOf, validateEntry, entryFormValues, type EntryField, type EntryInput, type FieldError } from './entry.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { contactEmail, countByContact, findByFormToken, insertEntry, type NewPage } from './entry-store.ts';
import { currentEdition, editionPhase, type Edition } from '#src/editions/edition.ts';
import { ImageRejectedError, imageQueue, processImage } from '#src/artworks/images.ts';
import { forgetUploads, judgedPage, removeUploadFiles, stageJudgedPage } from '#src/artworks/uploads.ts';
import { queueIntakeMails } from './intake-mail.ts';
import { createToken } from '#src/platform/tokens.ts';
import { QueueFullError } from '#src/platform/work-queue.ts';

export type IntakeErrors = Partial<Record<EntryField | 'form', FieldError>>;
export type IntakeResult =
  | { ok: true; id: number; reference: string; statusToken?: string }
  | { ok: false; errors: IntakeErrors };


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
 */
export async function submitEntry(app: App, form: FormData, lang: string, origin: string): Promise<IntakeResult> {
  const { db, config } = app;
  const edition = currentEdition(db);
  const closed = windowError(edition);
  if (closed || !edition) return { ok: false, errors: { form: closed ?? { key: 'closed' } } };

  // Bots fill in every field, including one people never see.
  const honeypot = form.get('website');
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { ok: false, errors: { form: { key: 'bot' } } };

  const formToken = typeof form.get('formToken') === 'string' ? String(form.get('formToken')).slice(0, 100) : undefined;
  if (formToken) {
    const existing = findByFormToken(db, formToken);
    if (existing) return { ok: true, ...existing };
  }

  const rules = rulesOf(edition);
  const checked = validateEntry(entryFormValues(form), rules);
  if (!checked.success) return { ok: false, errors: checked.errors };
  const { pages: files, agreeRules: _rules, ...fields } = checked.data;

  const limitError = entryLimitError(app, edition, fields);
  if (limitError) return { ok: false, errors: limitError };

  const staged = createStaging(config.dataDir);
  const pages: NewPage[] = [];
  const refs = files.filter((f): f is string => typeof f === 'string');
  try {
    for (const [i, file] of files.entries()) {
      if (typeof file === 'string') {
        const judged = judgedPage(db, file);
        if (!judged.ok) {
          rmSync(staged, { recursive: true, force: true });
          return { ok: false, errors: { pages: { key: judged.key, params: { page: i + 1, ...('params' in judged ? judged.params : {}) } } } };
        }
        stageJudgedPage(config.dataDir, file, staged, i + 1);
        pages.push({ width: judged.width, height: judged.height, widths: judged.widths, placeholder: judged.placeholder });
        continue;
      }
      const processed = await imageQueue.run(async () => processImage(new Uint8Array(await file.arrayBuffer())));
      writeStagedPage(staged, i + 1, processed);
      pages.push({
        width: processed.width,
        height: processed.height,
        widths: [...new Set(processed.derivatives.map((d) => d.width))],
        placeholder: processed.placeholder,
      });
    }
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    const page = pages.length + 1;
    if (err instanceof ImageRejectedError) {
      const min = typeof err.detail?.minShortSide === 'number' ? err.detail.minShortSide : undefined;
      return { ok: false, errors: { pages: { key: `image.${err.code}`, params: { page, ...(min ? { min } : {}) } } } };
    }
    if (err instanceof QueueFullError) return { ok: false, errors: { form: { key: 'busy' } } };
    throw err;
  }

  let moved: string | undefined;
  try {
    const result = db.tx((): IntakeResult => {
      // A retry that raced us while the images were processing.
      const again = formToken ? findByFormToken(db, formToken) : undefined;
      if (again) {
        rmSync(staged, { recursive: true, force: true });
        return { ok: true as const, ...again };
      }
      // Checked again inside the transaction: two entries sent at once cannot both slip under the limit.
      const limit = entryLimitError(app, edition, fields);
      if (limit) {
        rmSync(staged, { recursive: true, force: true });
        return { ok: false as const, errors: limit };
      }
      const guardian = needsGuardian(fields.age);
      const created = insertEntry(db, fields, pages, { lang, formToken, consentState: guardian ? 'awaiting' : 'not_needed' });
      logArtistConsents(app, created.id, fields, lang);
      const statusToken = createToken(db, TOKEN.status, created.id);
      const withdrawToken = createToken(db, TOKEN.withdraw, created.id);
      const guardianToken = guardian ? createToken(db, TOKEN.guardianConfirm, created.id, GUARDIAN_LINK_DAYS) : undefined;
      const base = (config.BASE_URL ?? origin).replace(/\/$/, '');
      queueIntakeMails(db, {
        lang,
        reference: created.reference,
        entry: fields,
        statusUrl: `${base}/${lang}/status/${statusToken}`,
        withdrawUrl: `${base}/${lang}/withdraw/${withdrawToken}`,
        ...(guardianToken ? { guardianUrl: `${base}/${lang}/consent/${guardianToken}` } : {}),
      });
      commitStaged(config.dataDir, staged, created.id);
      moved = entryDir(config.dataDir, created.id);
      // The uploaded pages now belong to the entry: their uploads are forgotten with this commit.
      forgetUploads(db, refs);
      return { ok: true as const, ...created, statusToken };
    });
    if (result.ok) removeUploadFiles(config.dataDir, refs);
    return result;
  } catch (err) {
    // The row did not commit: take its files away too, wherever they got to.
    rmSync(staged, { recursive: true, force: true });
    if (moved) rmSync(moved, { recursive: true, force: true });
    throw err;
  }
}

type EntryFields = Omit<EntryInput, 'pages' | 'agreeRules'>;

function entryLimitError(app: App, edition: Edition, fields: EntryFields): IntakeErrors | undefined {
  const email = contactEmail(fields);
  if (countByContact(app.db, edition.id, email) < edition.maxEntriesPerArtist) return undefined;
  const field = fields.guardianEmail ? 'guardianEmail' : 'artistEmail';
  return { [field]: { key: 'limitReached', params: { max: edition.maxEntriesPerArtist } } };
}

function logArtistConsents(app: App, entryId: number, f: EntryFields, lang: string): void {
  const who = { byRole: 'artist' as const, byName: f.firstName, byEmail: f.artistEmail ?? '', lang };
  recordConsent(app.db, { entryId, kind: 'rules', action: 'given', ...who });
  if (f.consentPublish) recordConsent(app.db, { entryId, kind: 'publish', action: 'given', ...who });
  if (f.consentPrint) recordConsent(app.db, { entryId, kind: 'print', action: 'given', ...who });
  if (f.consentExhibit) recordConsent(app.db, { entryId, kind: 'exhibit', action: 'given', ...who });
  if (f.hideName) recordConsent(app.db, { entryId, kind: 'hide-name', action: 'given', ...who });
}
