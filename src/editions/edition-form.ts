import { z } from 'zod';
import { ageGroupCode, editionSchema, type Edition, type EditionInput } from './edition.ts';
import { isoToPragueLocal, pragueLocalToIso } from '#src/platform/prague-time.ts';

/**
 * The organisers' edition form: plain text fields (dates as Prague wall-clock time, categories one
 * per line as "code | Czech | English", age groups as "10-12, 13-15") turned into an edition.
 */
export const EDITION_FORM_FIELDS = [
  'year', 'titleCs', 'titleEn', 'themeCs', 'themeEn', 'opens', 'closes', 'categories', 'ageGroups', 'maxEntriesPerArtist', 'maxPages',
] as const;
export type EditionFormField = (typeof EDITION_FORM_FIELDS)[number];
export type EditionFormValues = Record<EditionFormField, string>;

export function editionToForm(e: Edition): EditionFormValues {
  return {
    year: String(e.year),
    titleCs: e.titleCs,
    titleEn: e.titleEn,
    themeCs: e.themeCs,
    themeEn: e.themeEn,
    opens: isoToPragueLocal(e.opensAt),
    closes: isoToPragueLocal(e.closesAt),
    categories: e.categories.map((c) => `${c.code} | ${c.cs} | ${c.en}`).join('\n'),
    ageGroups: e.ageGroups.map(ageGroupCode).join(', '),
    maxEntriesPerArtist: String(e.maxEntriesPerArtist),
    maxPages: String(e.maxPages),
  };
}

export function readEditionForm(form: FormData): EditionFormValues {
  const out = {} as EditionFormValues;
  for (const f of EDITION_FORM_FIELDS) {
    const v = form.get(f);
    out[f] = typeof v === 'string' ? v.slice(0, 5000) : '';
  }
  return out;
}

export type EditionFormResult = { ok: true; input: EditionInput } | { ok: false; errors: Partial<Record<EditionFormField, string>> };

/** Error keys (admin.editions.errors.*) per field. */
export function parseEditionForm(v: EditionFormValues): EditionFormResult {
  const errors: Partial<Record<EditionFormField, string>> = {};
  const opensAt = pragueLocalToIso(v.opens.trim());
  const closesAt = pragueLocalToIso(v.closes.trim());
  if (!opensAt) errors.opens = 'date';
  if (!closesAt) errors.closes = 'date';
  if (opensAt && closesAt && new Date(closesAt) <= new Date(opensAt)) errors.closes = 'closesBeforeOpens';

  const categories = v.categories
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [code = '', cs = '', en = ''] = line.split('|').map((x) => x.trim());
      return { code: code.toLowerCase(), cs, en: en || cs };
    });
  const ageGroups = v.ageGroups
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean)
    .map((g) => {
      const m = /^(\d{1,2})\s*[-–]\s*(\d{1,2})$/.exec(g);
      return m ? { min: Number(m[1]), max: Number(m[2]) } : { min: -1, max: -1 };
    });

  const parsed = editionSchema.safeParse({
    year: Number(v.year),
    titleCs: v.titleCs,
    titleEn: v.titleEn,
    themeCs: v.themeCs,
    themeEn: v.themeEn,
    opensAt: opensAt ?? '',
    closesAt: closesAt ?? '',
    categories,
    ageGroups,
    maxEntriesPerArtist: Number(v.maxEntriesPerArtist),
    maxPages: Number(v.maxPages),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const field = (key === 'opensAt' ? 'opens' : key === 'closesAt' ? 'closes' : key) as EditionFormField;
      errors[field] ??= field === 'categories' ? 'categories' : field === 'ageGroups' ? 'ageGroups' : 'invalid';
    }
  }
  const codes = categories.map((c) => c.code);
  if (new Set(codes).size !== codes.length) errors.categories = 'categories';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

export const editionIdSchema = z.coerce.number().int().positive();
