import { z } from 'zod/mini';
import { preprocess, trimmed, type SchemaError } from '#src/platform/schema.ts';
import { addDays, isDay, todayInPrague, type Day } from '#src/platform/calendar-date.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import type { Namespace, TextKey } from '#src/i18n/types.ts';
import { countSchoolDays, daysBetween } from './availability.ts';
import { isSchoolDay } from './holidays.ts';

/**
 * The teacher's request form: rules and the one zod schema shared by the browser form, the Action
 * and the database. Kept free of server modules so the form island can import it.
 */

/** The rules of booking the touring exhibition. */
export const TOUR_RULES = {
  /** A stop holds at least this many school days; shorter free gaps are not offered. */
  minSchoolDays: 5,
  /** Longest stop a teacher may ask for, in calendar days. */
  maxStopDays: 42,
  /** A request starts at least this many days from today (transport must be planned). */
  leadDays: 7,
  /** How far ahead availability is shown. */
  horizonDays: 183,
  /** A confirmed stop can be cancelled by the teacher's link until this many days before its first day. */
  cancelDaysBefore: 7,
  /** Installation reminder this many days before the first day. */
  remindDaysBefore: 7,
  tokenDays: 400,
} as const;

export const REQUEST_STATUSES = ['new', 'confirmed', 'declined', 'cancelled', 'waitlisted'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const text = (max: number) => preprocess(trimmed, z.string({ error: 'required' }).check(z.minLength(1, { error: 'required' }), z.maxLength(max, { error: 'tooLong' })));
const optionalText = (max: number) => preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().check(z.maxLength(max, { error: 'tooLong' })));
const reqDay = preprocess(trimmed, z.string({ error: 'required' }).check(z.minLength(1, { error: 'required' }), z.refine(isDay, { error: 'date' })));
const optDay = preprocess((v) => (v === '' || v === null || v === undefined ? undefined : trimmed(v)), z.optional(z.string().check(z.refine(isDay, { error: 'date' }))));
/** A number typed by a person: "12,5" is 12.5; empty is missing. */
const number = (error: string, opts: { int?: boolean; min: number; max: number }) =>
  preprocess(
    (v) => (v === '' || v === null || v === undefined ? undefined : typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v),
    z
      .number({ error: (i) => (i.input === undefined ? 'required' : error) })
      .check(z.refine((n) => Number.isFinite(n) && (!opts.int || Number.isInteger(n)) && n >= opts.min && n <= opts.max, { error })),
  );

export const REQUEST_LIMITS = { pupilsMax: 2000, wallMax: 1000 } as const;

/** The exhibition set asked for: its id, or empty for "any set that fits the wall". */
const setChoice = preprocess(
  (v) => (v === '' || v === null || v === undefined || v === 'any' ? undefined : typeof v === 'string' ? Number(v) : v),
  z.optional(z.number({ error: 'set' }).check(z.refine((n) => Number.isInteger(n) && n > 0, { error: 'set' }))),
);

/**
 * A teacher's request for the exhibition: one schema for the browser form, the Action and the
 * database. Messages are keys of the `tourBook.errors` dictionary.
 */
export const tourRequestSchema = z
  .object({
    school: text(200),
    address: text(300),
    town: text(100),
    region: z.enum(REGION_CODES, { error: 'region' }),
    teacher: text(120),
    email: preprocess(trimmed, z.pipe(z.string({ error: 'required' }).check(z.minLength(1, { error: 'required' }), z.maxLength(200, { error: 'tooLong' })), z.email({ error: 'email' }))),
    phone: preprocess(trimmed, z.string({ error: 'required' }).check(z.minLength(1, { error: 'required' }), z.regex(/^\+?[0-9][0-9 ()-]{7,19}$/, { error: 'phone' }))),
    first1: reqDay,
    last1: reqDay,
    first2: optDay,
    last2: optDay,
    first3: optDay,
    last3: optDay,
    pupils: number('pupils', { int: true, min: 1, max: REQUEST_LIMITS.pupilsMax }),
    ages: text(100),
    wallM: number('wall', { min: 1, max: REQUEST_LIMITS.wallMax }),
    notes: optionalText(2000),
    setId: setChoice,
  })
  .check(z.superRefine((v, ctx) => {
    // `when: () => true` also runs this for input that is not an object at all.
    if (typeof v !== 'object' || v === null) return;
    const earliest = addDays(todayInPrague(), TOUR_RULES.leadDays);
    // Runs even when other fields are wrong (see `when`), so the values may still be raw input.
    const asDay = (x: unknown) => (typeof x === 'string' && isDay(x) ? x : undefined);
    for (const i of [1, 2, 3] as const) {
      const rawFirst = v[`first${i}`] as unknown;
      const rawLast = v[`last${i}`] as unknown;
      if ((rawFirst !== undefined && rawFirst !== '' && !asDay(rawFirst)) || (rawLast !== undefined && rawLast !== '' && !asDay(rawLast))) continue;
      const first = asDay(rawFirst);
      const last = asDay(rawLast);
      if (!first && !last) continue;
      if (i === 1 && (!first || !last)) continue;
      if (!first || !last) {
        ctx.addIssue({ code: 'custom', message: 'pair', path: [first ? `last${i}` : `first${i}`] });
        continue;
      }
      if (last < first) ctx.addIssue({ code: 'custom', message: 'lastBeforeFirst', path: [`last${i}`] });
      else if (first < earliest) ctx.addIssue({ code: 'custom', message: 'tooSoon', path: [`first${i}`] });
      else if (!isSchoolDay(first)) ctx.addIssue({ code: 'custom', message: 'noSchoolStart', path: [`first${i}`] });
      else if (daysBetween(first, last) + 1 > TOUR_RULES.maxStopDays) ctx.addIssue({ code: 'custom', message: 'tooLongStay', path: [`last${i}`] });
      else if (countSchoolDays(first, last) < TOUR_RULES.minSchoolDays) ctx.addIssue({ code: 'custom', message: 'tooShortStay', path: [`last${i}`] });
    }
  }, { when: () => true }));
export type TourRequestInput = z.infer<typeof tourRequestSchema>;
export const REQUEST_FIELDS = ['school', 'address', 'town', 'region', 'teacher', 'email', 'phone', 'first1', 'last1', 'first2', 'last2', 'first3', 'last3', 'pupils', 'ages', 'wallM', 'notes', 'setId'] as const;

/** A key of the booking form's error texts: a key the dictionary lacks fails the type check. */
export type TourErrorKey = TextKey<Namespace<'site'>['tourBook']['errors']>;

export interface FieldError {
  key: TourErrorKey;
  params?: Record<string, number>;
}

const ERROR_KEYS: ReadonlySet<string> = new Set<TourErrorKey>(['required', 'tooLong', 'region', 'set', 'email', 'phone', 'date', 'pair', 'lastBeforeFirst', 'tooSoon', 'tooLongStay', 'tooShortStay', 'noSchoolStart', 'pupils', 'wall']);
const isKnownKey = (message: string): message is TourErrorKey => ERROR_KEYS.has(message);

/** One error per field (the first), as dictionary keys with the numbers their texts need. */
export function requestFieldErrors(error: SchemaError): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (out[field]) continue;
    const key = isKnownKey(issue.message) ? issue.message : 'required';
    const params: Record<string, number> = {
      lead: TOUR_RULES.leadDays,
      min: TOUR_RULES.minSchoolDays,
      maxDays: TOUR_RULES.maxStopDays,
      ...(issue.code === 'too_big' ? { max: Number(issue.maximum) } : {}),
    };
    out[field] = { key, params };
  }
  return out;
}

export function requestFormValues(form: FormData | URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of REQUEST_FIELDS) {
    const v = form.get(f);
    if (typeof v === 'string') values[f] = v;
  }
  return values;
}

export interface DayWindow {
  first: Day;
  last: Day;
}

export function requestWindows(v: Pick<TourRequestInput, 'first1' | 'last1' | 'first2' | 'last2' | 'first3' | 'last3'>): DayWindow[] {
  const out: DayWindow[] = [{ first: v.first1, last: v.last1 }];
  if (v.first2 && v.last2) out.push({ first: v.first2, last: v.last2 });
  if (v.first3 && v.last3) out.push({ first: v.first3, last: v.last3 });
  return out;
}

