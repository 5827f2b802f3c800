import { z } from 'zod/mini';
import { preprocess, trimmed, type SchemaError } from '#src/platform/schema.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { DEFAULT_CATEGORIES } from '#src/editions/categories.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import type { Namespace, TextKey } from '#src/i18n/types.ts';

/** Version of the form and of the consent texts, recorded with every consent. */
export const FORM_VERSION = '2026-11';
export const CONSENT_WORDING_VERSION = '2026-11';

/** Below the Czech age of digital consent (Act 110/2019) a guardian confirms by e-mail link. */
export function needsGuardian(age: number): boolean {
  return age < ENTRY_LIMITS.guardianAge;
}

/**
 * Who must be reachable, by age: a guardian (name and e-mail) below the guardian age, else someone by
 * e-mail. In a class batch the guardian of a pupil under the guardian age may instead sign a printed
 * form (`way` 'paper'), when the edition allows it (`ways`); the guardian's e-mail is then not needed.
 */
function contactIssues(age: number, filled: (field: 'guardianName' | 'guardianEmail' | 'artistEmail') => boolean, way: unknown = 'email', ways?: EntryRules['consentWays']) {
  const issues: { field: 'guardianName' | 'guardianEmail' | 'artistEmail' | 'consentWay'; key: 'guardianRequired' | 'contactRequired' | 'consentWay' }[] = [];
  if (needsGuardian(age)) {
    if (way === 'paper') {
      if (!ways?.paper) issues.push({ field: 'consentWay', key: 'consentWay' });
      return issues;
    }
    if (ways && !ways.email) issues.push({ field: 'consentWay', key: 'consentWay' });
    if (!filled('guardianName')) issues.push({ field: 'guardianName', key: 'guardianRequired' });
    if (!filled('guardianEmail')) issues.push({ field: 'guardianEmail', key: 'guardianRequired' });
  } else if (!filled('artistEmail') && !filled('guardianEmail')) {
    issues.push({ field: 'artistEmail', key: 'contactRequired' });
  }
  return issues;
}

export type Category = string;

export const ENTRY_STATUSES = ['received', 'accepted', 'rejected'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** What the schema needs to know about the edition the entry goes to. */
export interface EntryRules {
  categories: readonly string[];
  maxPages: number;
  ageMin: number;
  ageMax: number;
  /**
   * A class batch's ways for a guardian's consent (schools/consent-forms.ts): the guardian's e-mail,
   * a printed form signed on paper. Absent for an artist's own entry, which only knows the e-mail.
   */
  consentWays?: { email: boolean; paper: boolean };
}

export const DEFAULT_RULES: EntryRules = {
  categories: DEFAULT_CATEGORIES.map((c) => c.code),
  maxPages: ENTRY_LIMITS.pagesMax,
  ageMin: ENTRY_LIMITS.ageMin,
  ageMax: ENTRY_LIMITS.ageMax,
};

// The schemas use zod/mini: the same checks as zod, in the few KB the form island can afford.
// Messages are keys into the `errors` dictionary, so the browser and the server translate alike.
const text = (max: number, min = 1) =>
  preprocess(
    trimmed,
    z.string({ error: 'required' }).check(z.minLength(1, { error: 'required' }), z.minLength(min, { error: 'tooShort' }), z.maxLength(max, { error: 'tooLong' })),
  );
const optionalText = (max: number) =>
  preprocess((v) => (v === null || v === undefined ? '' : trimmed(v)), z.string({ error: 'required' }).check(z.maxLength(max, { error: 'tooLong' })));
const optionalEmail = preprocess(
  (v) => (v === '' || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : trimmed(v)),
  z.optional(z.email({ error: 'email' }).check(z.maxLength(ENTRY_LIMITS.emailMax, { error: 'tooLong' }))),
);

// An HTML checkbox sends "on" when ticked and nothing when not.
const ticked = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';
const checkbox = (error: string) => preprocess(ticked, z.literal(true, { error }));
const optionalCheckbox = preprocess(ticked, z.boolean());

/** The work's texts: the form checks them, and so does the artist's correction on the status page. */
const workTexts = {
  title: text(ENTRY_LIMITS.titleMax),
  statement: text(ENTRY_LIMITS.statementMax, ENTRY_LIMITS.statementMin),
  altText: text(ENTRY_LIMITS.altTextMax, ENTRY_LIMITS.altTextMin),
};
export const workTextsSchema = z.object(workTexts);

/** One uploaded page. The browser sends an empty, nameless File when nothing was chosen. */
export const isChosenFile = (v: unknown): v is File => v instanceof File && (v.size > 0 || v.name !== '');
/** A page uploaded in the background and judged already (artworks/uploads.ts): its upload's id. */
export const UPLOAD_REF = /^[0-9a-f]{32}$/;
const isUploadRef = (v: unknown): v is string => typeof v === 'string' && UPLOAD_REF.test(v);
/** A page: a chosen file (not over the size limit) or a reference to an uploaded one. */
const page = z
  .custom<File | string>((v) => isChosenFile(v) || isUploadRef(v), { error: 'imageMissing' })
  .check(z.refine((p) => typeof p === 'string' || p.size <= ENTRY_LIMITS.fileMaxBytes, { error: 'image.too-large-file' }));

/**
 * What an artist sends: one schema for the browser form, the Action and the database mapping,
 * made for the rules of the edition (its categories, ages and page limit).
 */
export function makeEntrySchema(rules: EntryRules = DEFAULT_RULES) {
  const age = preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
    z.int({ error: (issue) => (issue.input === undefined ? 'required' : 'age') }).check(z.gte(rules.ageMin, { error: 'age' }), z.lte(rules.ageMax, { error: 'age' })),
  );
  const base = z.object({
    firstName: text(ENTRY_LIMITS.nameMax),
    surname: text(ENTRY_LIMITS.nameMax),
    age,
    school: optionalText(ENTRY_LIMITS.schoolMax),
    town: text(ENTRY_LIMITS.townMax),
    region: z.enum(REGION_CODES, { error: 'region' }),
    category: z.string({ error: 'category' }).check(z.refine((c) => rules.categories.includes(c), { error: 'category' })),
    ...workTexts,
    pages: preprocess(
      (v) => (Array.isArray(v) ? v.filter((p) => isChosenFile(p) || isUploadRef(p)) : isChosenFile(v) || isUploadRef(v) ? [v] : []),
      z.array(page).check(z.minLength(1, { error: 'imageMissing' }), z.maxLength(rules.maxPages, { error: 'tooManyPages' })),
    ),
    artistEmail: optionalEmail,
    teacherEmail: optionalEmail,
    guardianName: preprocess((v) => (v === '' || v === null ? undefined : trimmed(v)), z.optional(z.string().check(z.maxLength(ENTRY_LIMITS.nameMax * 2, { error: 'tooLong' })))),
    guardianEmail: optionalEmail,
    consentWay: preprocess((v) => (v === 'paper' ? 'paper' : 'email'), z.enum(['email', 'paper'])),
    consentPublish: checkbox('consent'),
    consentPrint: optionalCheckbox,
    consentExhibit: optionalCheckbox,
    agreeRules: checkbox('rules'),
    hideName: optionalCheckbox,
  });
  return base.check(
    z.superRefine((v, ctx) => {
      if (typeof v.age !== 'number' || v.age < rules.ageMin || v.age > rules.ageMax) return;
      for (const issue of contactIssues(v.age, (f) => Boolean(v[f]), v.consentWay, rules.consentWays)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.key });
    }),
  );
}

export const entrySchema = makeEntrySchema();
export type EntryInput = z.infer<typeof entrySchema>;
export type EntryField = keyof EntryInput;
export const ENTRY_FIELDS = [
  'firstName', 'surname', 'age', 'school', 'town', 'region', 'category', 'title', 'statement', 'altText', 'pages',
  'artistEmail', 'teacherEmail', 'guardianName', 'guardianEmail', 'consentWay', 'consentPublish', 'consentPrint', 'consentExhibit', 'agreeRules', 'hideName',
] as const satisfies readonly EntryField[];
/** Fields whose typed text is given back when the form has to be shown again. */
export const TEXT_FIELDS = ENTRY_FIELDS.filter((f) => f !== 'pages');

/** A key of the entry form's error texts: a key the dictionary lacks fails the type check. */
export type EntryErrorKey = TextKey<Namespace<'entry'>['errors']>;

/** A field error as a dictionary key plus the numbers its text needs. */
export interface FieldError {
  key: EntryErrorKey;
  params?: Record<string, number>;
}

/** Turns zod issues into one error per field (the first one wins). */
export function entryFieldErrors(error: SchemaError, rules: EntryRules = DEFAULT_RULES): Partial<Record<EntryField, FieldError>> {
  const out: Partial<Record<EntryField, FieldError>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as EntryField;
    if (!field || out[field]) continue;
    const params: Record<string, number> = {};
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    if (issue.message === 'age') Object.assign(params, { min: rules.ageMin, max: rules.ageMax });
    if (issue.message === 'tooManyPages') params.max = rules.maxPages;
    if (field === 'pages' && typeof issue.path[1] === 'number') params.page = issue.path[1] + 1;
    const key = isKnownKey(issue.message) ? issue.message : 'required';
    out[field] = { key, params };
  }
  return out;
}

/** The messages the schema gives its issues (anything else reads as "required"). */
const KNOWN_KEYS: ReadonlySet<string> = new Set<EntryErrorKey>([
  'required', 'tooLong', 'tooShort', 'age', 'region', 'category', 'consent', 'rules', 'email', 'imageMissing',
  'tooManyPages', 'image.too-large-file', 'guardianRequired', 'contactRequired', 'consentWay',
]);
const isKnownKey = (message: string): message is EntryErrorKey => KNOWN_KEYS.has(message);

export type EntryValidation =
  | { success: true; data: EntryInput }
  | { success: false; errors: Partial<Record<EntryField, FieldError>> };

/**
 * Checks a form's values: the schema plus the age-dependent contact rule, reported together so the
 * artist sees every mistake at once (zod runs an object's refinement only when its fields passed).
 */
export function validateEntry(values: Record<string, unknown>, rules: EntryRules = DEFAULT_RULES, schema = makeEntrySchema(rules)): EntryValidation {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { success: true, data: parsed.data };
  const errors = entryFieldErrors(parsed.error, rules);
  const age = typeof values.age === 'string' || typeof values.age === 'number' ? Number(values.age) : Number.NaN;
  const filled = (k: string) => typeof values[k] === 'string' && (values[k] as string).trim() !== '';
  if (values.age !== '' && Number.isInteger(age) && age >= rules.ageMin && age <= rules.ageMax) {
    for (const issue of contactIssues(age, filled, values.consentWay, rules.consentWays)) errors[issue.field] ??= { key: issue.key, params: {} };
  }
  return { success: false, errors };
}

/**
 * Reads the form's fields into the plain object the schema checks: pages in the order sent, as
 * files (a plain form post) or as `pageRefs`, the ids of pages uploaded in the background.
 */
export function entryFormValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of ENTRY_FIELDS) {
    if (field === 'pages') {
      const files = form.getAll('pages').filter(isChosenFile);
      values.pages = files.length > 0 ? files : form.getAll('pageRefs');
      continue;
    }
    const v = form.get(field);
    if (v !== null) values[field] = v;
  }
  return values;
}

/** Rules for the schema from an edition's settings. */
export function rulesOf(edition: { categories: { code: string }[]; ageGroups: { min: number; max: number }[]; maxPages: number }): EntryRules {
  return {
    categories: edition.categories.map((c) => c.code),
    maxPages: edition.maxPages,
    ageMin: Math.min(...edition.ageGroups.map((g) => g.min)),
    ageMax: Math.max(...edition.ageGroups.map((g) => g.max)),
  };
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
  /** Consent to showing the work in the touring exhibition. */
  consentExhibit: boolean;
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
  /** When the guardian decided (consented or refused), and when they refused to let the work take part. */
  guardianDecidedAt: string | null;
  guardianRefusedAt: string | null;
  /** The text of a rejection as stored by older decisions; newer ones keep `rejectCode` and `rejectNote`. */
  rejectReason: string | null;
  /** The reason chosen from the organisers' list (its label is read in the reader's language). */
  rejectCode: string | null;
  /** The organiser's note to the artist, exactly as typed. */
  rejectNote: string | null;
  /** When the organisers decided (accepted or rejected). */
  reviewedAt: string | null;
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
  /** Effective dpi of the master printed in its box of the A4 catalogue (pageDpi in artworks/print-size.ts) */
  printDpi: number;
}

/** `CT-2026-0042`: sequential per edition. */
export function formatReference(year: number, seq: number): string {
  return `CT-${year}-${String(seq).padStart(4, '0')}`;
}
