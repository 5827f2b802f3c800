import { z } from 'zod';
import { REGION_CODES } from './regions.ts';

/** Limits of the entry form, shown to the artist and enforced by the schema. */
export const ENTRY_LIMITS = {
  nameMax: 60,
  titleMax: 120,
  altTextMin: 10,
  altTextMax: 1500,
  ageMin: 6,
  ageMax: 19,
  fileMaxBytes: 25 * 1024 * 1024,
} as const;

export const CATEGORIES = ['comic', 'poster'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ENTRY_STATUSES = ['received', 'accepted', 'rejected'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

// Messages are keys into the `errors` dictionary, so the browser and the server translate alike.
const text = (max: number, min = 1) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'required' })
      .min(1, { error: 'required' })
      .min(min, { error: 'tooShort' })
      .max(max, { error: 'tooLong' }),
  );

// An HTML checkbox sends "on" when ticked and nothing when not.
const checkbox = (error: string) =>
  z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.literal(true, { error }));

const ageField = z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'age') })
    .int({ error: 'age' })
    .min(ENTRY_LIMITS.ageMin, { error: 'age' })
    .max(ENTRY_LIMITS.ageMax, { error: 'age' }),
);

/** What an artist sends: one schema for the browser form, the Action and the database mapping. */
export const entrySchema = z.object({
  firstName: text(ENTRY_LIMITS.nameMax),
  surname: text(ENTRY_LIMITS.nameMax),
  age: ageField,
  region: z.enum(REGION_CODES, { error: 'region' }),
  category: z.enum(CATEGORIES, { error: 'category' }),
  title: text(ENTRY_LIMITS.titleMax),
  altText: text(ENTRY_LIMITS.altTextMax, ENTRY_LIMITS.altTextMin),
  consentPublish: checkbox('consent'),
  // The browser sends an empty, nameless File when nothing was chosen.
  image: z
    .instanceof(File, { error: 'imageMissing' })
    .refine((f) => f.size > 0 || f.name !== '', { error: 'imageMissing' })
    .refine((f) => f.size <= ENTRY_LIMITS.fileMaxBytes, { error: 'image.too-large-file' }),
});

export type EntryInput = z.infer<typeof entrySchema>;
export type EntryField = keyof EntryInput;
export const ENTRY_FIELDS = Object.keys(entrySchema.shape) as EntryField[];

/** A field error as a dictionary key plus the numbers its text needs. */
export interface FieldError {
  key: string;
  params?: Record<string, number>;
}

/** Turns zod issues into one error per field (the first one wins). */
export function entryFieldErrors(error: z.ZodError): Partial<Record<EntryField, FieldError>> {
  const out: Partial<Record<EntryField, FieldError>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as EntryField;
    if (!field || out[field]) continue;
    const params: Record<string, number> = {};
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    if (issue.message === 'age') Object.assign(params, { min: ENTRY_LIMITS.ageMin, max: ENTRY_LIMITS.ageMax });
    const key = KNOWN_KEYS.has(issue.message) ? issue.message : 'required';
    out[field] = { key, params };
  }
  return out;
}

const KNOWN_KEYS = new Set(['required', 'tooLong', 'tooShort', 'age', 'region', 'category', 'consent', 'imageMissing', 'image.too-large-file']);

/** Reads the form's fields into the plain object the schema checks. */
export function entryFormValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of ENTRY_FIELDS) {
    const v = form.get(field);
    if (v !== null) values[field] = v;
  }
  return values;
}

/** An entry as stored. */
export interface EntryRecord {
  id: number;
  editionId: number;
  reference: string;
  status: EntryStatus;
  firstName: string;
  surname: string;
  age: number;
  region: string;
  category: Category;
  title: string;
  altText: string;
  consentPublish: boolean;
  consentPrint: boolean;
  /** "Do not publish my name": public credit shows only age and region. */
  hideName: boolean;
  school: string;
  town: string;
  statement: string;
  artistEmail: string | null;
  teacherEmail: string | null;
  guardianName: string | null;
  guardianEmail: string | null;
  consentState: ConsentState;
  rejectReason: string | null;
  awardId: number | null;
  /** Part of every derivative URL; changes when the entry enters or leaves the public set or its pages change. */
  mediaVersion: number;
  lang: string;
  createdAt: string;
  pages: EntryPage[];
}

/** Guardian consent: not needed (15 and over), awaiting the guardian's link, confirmed, withdrawn. */
export const CONSENT_STATES = ['not_needed', 'awaiting', 'confirmed', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export interface EntryPage {
  pageNo: number;
  width: number;
  height: number;
  widths: number[];
  placeholder: string;
}

/** `CT-2026-0042`: sequential per edition. */
export function formatReference(year: number, seq: number): string {
  return `CT-${year}-${String(seq).padStart(4, '0')}`;
}
