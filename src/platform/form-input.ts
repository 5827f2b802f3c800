import { z } from 'zod';

/** Form fields as the Actions read them: a positive id, an optional text, a list of ids. */
export const idField = z.coerce.number().int().positive();
export const optionalText = z.preprocess((v) => (v === null || v === undefined ? undefined : v), z.string().max(2000).optional());
// A plain array: Astro reads every value of a repeated form field (getAll) only for an array schema.
export const idList = z.array(idField).max(500);

/** One text field of a form ('' when absent or a file). */
export function formText(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

/** Typed values given back to a refused form so it can be shown again filled in: only its own text fields, never files. */
export function echoFields(form: FormData, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = form.get(f);
    if (typeof v === 'string') out[f] = v.slice(0, 2000);
  }
  return out;
}
