import { rmSync } from 'node:fs';
import type { App } from './app.ts';
import { commitStaged, entryDir, writeStaged } from './artworks.ts';
import { entryFieldErrors, entryFormValues, entrySchema, type EntryField, type FieldError } from './entry.ts';
import { findByFormToken, insertEntry } from './entry-store.ts';
import { currentEdition, isOpen } from './edition.ts';
import { ImageRejectedError, processImage, type ProcessedImage } from './images.ts';

export type IntakeResult =
  | { ok: true; id: number; reference: string }
  | { ok: false; errors: Partial<Record<EntryField | 'form', FieldError>> };

/**
 * Takes one submitted form all the way: schema, image by its bytes, files staged, row and files
 * committed together. On any refusal nothing is stored.
 */
export async function submitEntry(app: App, form: FormData, lang: string): Promise<IntakeResult> {
  const { db, config } = app;
  const edition = currentEdition(db);
  if (!edition || !isOpen(edition)) return { ok: false, errors: { form: { key: 'closed' } } };

  const formToken = typeof form.get('formToken') === 'string' ? String(form.get('formToken')).slice(0, 100) : undefined;
  if (formToken) {
    const existing = findByFormToken(db, formToken);
    if (existing) return { ok: true, ...existing };
  }

  const parsed = entrySchema.safeParse(entryFormValues(form));
  if (!parsed.success) return { ok: false, errors: entryFieldErrors(parsed.error) };
  const { image, ...fields } = parsed.data;

  let processed: ProcessedImage;
  try {
    processed = await processImage(new Uint8Array(await image.arrayBuffer()));
  } catch (err) {
    if (err instanceof ImageRejectedError) {
      const min = typeof err.detail?.minShortSide === 'number' ? err.detail.minShortSide : undefined;
      return { ok: false, errors: { image: { key: `image.${err.code}`, params: min ? { min } : {} } } };
    }
    throw err;
  }

  const staged = writeStaged(config.dataDir, [processed]);
  let moved: string | undefined;
  try {
    return db.tx(() => {
      // A retry that raced us while the image was processing.
      const again = formToken ? findByFormToken(db, formToken) : undefined;
      if (again) {
        rmSync(staged, { recursive: true, force: true });
        return { ok: true as const, ...again };
      }
      const page = {
        width: processed.width,
        height: processed.height,
        widths: [...new Set(processed.derivatives.map((d) => d.width))],
        placeholder: processed.placeholder,
      };
      const created = insertEntry(db, fields, [page], { lang, formToken });
      commitStaged(config.dataDir, staged, created.id);
      moved = entryDir(config.dataDir, created.id);
      return { ok: true as const, ...created };
    });
  } catch (err) {
    // The row did not commit: take its files away too, wherever they got to.
    rmSync(staged, { recursive: true, force: true });
    if (moved) rmSync(moved, { recursive: true, force: true });
    throw err;
  }
}
