import { z } from 'zod';
import type { Db, Param } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { CONSENT_STATES, ENTRY_STATUSES, type EntryStatus } from './entry.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { setStatus } from './entry-store.ts';
import { queueDecisionMail } from './notices.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { printIssueSql } from '#src/artworks/print-size.ts';
import { DEFAULT_LANG, isLang } from '#src/i18n/config.ts';
import { localized, localizedField } from '#src/i18n/format.ts';

/**
 * The organisers' review queue: filters, search, sort and paging over an edition's entries (one
 * indexed query with LIMIT/OFFSET, so 5,000 entries page as fast as 50), decisions with reasons
 * from an editable list, bulk decisions, and corrections of the texts with their history.
 */

/** An entry "has a print issue" when a page would print under 300 dpi in the A4 catalogue (the rule of print-size.ts). */
export const PRINT_ISSUE_SQL = `EXISTS (SELECT 1 FROM entry_pages pp WHERE pp.entry_id = e.id AND ${printIssueSql('pp')})`;

export const SORTS = ['newest', 'oldest', 'reference', 'title'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
export const queueFilterSchema = z.object({
  edition: z.preprocess(blank, z.coerce.number().int().positive().optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(ENTRY_STATUSES).optional()).catch(undefined),
  category: z.preprocess(blank, z.string().regex(/^[a-z0-9-]{1,30}$/).optional()).catch(undefined),
  ageGroup: z.preprocess(blank, z.string().regex(/^\d{1,2}-\d{1,2}$/).optional()).catch(undefined),
  region: z.preprocess(blank, z.enum(REGION_CODES).optional()).catch(undefined),
  consent: z.preprocess(blank, z.enum(CONSENT_STATES).optional()).catch(undefined),
  printIssue: z.preprocess(blank, z.enum(['1']).optional()).catch(undefined),
  q: z.preprocess(blank, z.string().trim().max(120).optional()).catch(undefined),
  sort: z.enum(SORTS).catch('newest'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce.number().pipe(z.union(PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])).catch(50),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export function parseQueueFilter(params: URLSearchParams): QueueFilter {
  return queueFilterSchema.parse(Object.fromEntries(params));
}

/** The filter as query parameters (defaults left out), for links and redirects. */
export function filterParams(f: Partial<QueueFilter>, over: Partial<Record<keyof QueueFilter, string | number | undefined>> = {}): URLSearchParams {
  const p = new URLSearchParams();
  const all = { ...f, ...over } as Record<string, unknown>;
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined || v === '') continue;
    if ((k === 'sort' && v === 'newest') || (k === 'page' && Number(v) === 1) || (k === 'size' && Number(v) === 50)) continue;
    p.set(k, String(v));
  }
  return p;
}

export interface QueueRow {
  id: number;
  reference: string;
  title: string;
  firstName: string;
  surname: string;
  age: number;
  region: string;
  category: string;
  status: EntryStatus;
  consentState: string;
  consentPrint: boolean;
  rejectReason: string | null;
  createdAt: string;
  thumbWidth: number | null;
  pageCount: number;
  printIssue: boolean;
  awardId: number | null;
}

const ORDER: Record<(typeof SORTS)[number], string> = {
  newest: 'e.created_at DESC, e.id DESC',
  oldest: 'e.created_at, e.id',
  reference: 'e.seq',
  title: 'lower(e.title), e.id',
};

/**
 * A reference as people type it: "CT-2026-0017", "ct-2026-17", "2026-17", "17" or "0017" all name
 * entry 17 (of 2026 when the year is given).
 */
export function matchReference(q: string): { year?: number; seq: number } | undefined {
  const m = /^\s*(?:ct\s*-?\s*)?(?:(\d{4})\s*-\s*)?0*(\d{1,6})\s*$/i.exec(q);
  if (!m) return undefined;
  return { ...(m[1] ? { year: Number(m[1]) } : {}), seq: Number(m[2]) };
}

/** SQL (on `e`) for a search box: a reference as people type it, or words of the title. */
export function searchSql(q: string): { sql: string; params: Param[] } {
  const ref = matchReference(q);
  const like = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (!ref) return { sql: `(e.title LIKE ? ESCAPE '\\' OR e.reference LIKE ? ESCAPE '\\')`, params: [like, like] };
  const year = ref.year ? ` AND e.reference LIKE ?` : '';
  return { sql: `((e.seq = ?${year}) OR e.title LIKE ? ESCAPE '\\')`, params: [ref.seq, ...(ref.year ? [`CT-${ref.year}-%`] : []), like] };
}

/** One page of the queue and the number of entries matching the filter. */
export async function listQueue(db: Db, editionId: number, f: QueueFilter): Promise<{ rows: QueueRow[]; total: number; pages: number }> {
  const where: string[] = ['e.edition_id = ?'];
  const params: Param[] = [editionId];
  if (f.status) (where.push('e.status = ?'), params.push(f.status));
  if (f.category) (where.push('e.category = ?'), params.push(f.category));
  if (f.ageGroup) {
    const [min, max] = f.ageGroup.split('-').map(Number) as [number, number];
    where.push('e.age BETWEEN ? AND ?');
    params.push(min, max);
  }
  if (f.region) (where.push('e.region = ?'), params.push(f.region));
  if (f.consent) (where.push('e.consent_state = ?'), params.push(f.consent));
  if (f.printIssue) where.push(PRINT_ISSUE_SQL);
  if (f.q) {
    // A reference as people type it, or words of the title.
    const search = searchSql(f.q);
    where.push(search.sql);
    params.push(...search.params);
  }
  const cond = where.join(' AND ');
  const total = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries e WHERE ${cond}`, ...params))!.n;
  const pages = Math.max(1, Math.ceil(total / f.size));
  const page = Math.min(f.page, pages);
  const rows = await db.all<{
    id: number; reference: string; title: string; first_name: string; surname: string; age: number; region: string; category: string;
    status: EntryStatus; consent_state: string; consent_print: number; reject_reason: string | null; created_at: string;
    widths: string | null; page_count: number; print_issue: number; award_id: number | null;
  }>(
    `SELECT e.id, e.reference, e.title, e.first_name, e.surname, e.age, e.region, e.category, e.status, e.consent_state,
       e.consent_print, e.reject_reason, e.created_at, e.award_id,
       (SELECT widths FROM entry_pages WHERE entry_id = e.id AND page_no = 1) AS widths,
       (SELECT COUNT(*) FROM entry_pages WHERE entry_id = e.id) AS page_count,
       ${PRINT_ISSUE_SQL} AS print_issue
     FROM entries e WHERE ${cond} ORDER BY ${ORDER[f.sort]} LIMIT ? OFFSET ?`,
    ...params, f.size, (page - 1) * f.size,
  );
  return {
    total,
    pages,
    rows: rows.map((r) => ({
      id: r.id, reference: r.reference, title: r.title, firstName: r.first_name, surname: r.surname, age: r.age, region: r.region,
      category: r.category, status: r.status, consentState: r.consent_state, consentPrint: r.consent_print === 1, rejectReason: r.reject_reason,
      createdAt: r.created_at, thumbWidth: r.widths ? (JSON.parse(r.widths) as number[])[0] ?? null : null, pageCount: r.page_count,
      printIssue: r.print_issue === 1, awardId: r.award_id,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reject reasons

export interface RejectReason {
  code: string;
  labelCs: string;
  labelEn: string;
  position: number;
  active: boolean;
}

export async function listReasons(db: Db, opts: { all?: boolean } = {}): Promise<RejectReason[]> {
  return (await db
    .all<{ code: string; label_cs: string; label_en: string; position: number; active: number }>(
      `SELECT * FROM reject_reasons ${opts.all ? '' : 'WHERE active = 1'} ORDER BY position, code`,
    ))
    .map((r) => ({ code: r.code, labelCs: r.label_cs, labelEn: r.label_en, position: r.position, active: r.active === 1 }));
}

export const reasonSchema = z.object({
  code: z.string().trim().regex(/^[a-z0-9-]{1,40}$/),
  labelCs: z.string().trim().min(1).max(300),
  labelEn: z.string().trim().min(1).max(300),
  active: z.boolean().default(true),
});

/** A new reason's code, made from its Czech label ("Nečitelné dílo" → "necitelne-dilo"), unique in the list. */
export async function newReasonCode(db: Db, label: string): Promise<string> {
  const base = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'reason';
  const taken = new Set((await listReasons(db, { all: true })).map((r) => r.code));
  let code = base;
  for (let i = 2; taken.has(code); i++) code = `${base}-${i}`;
  return code;
}

/** The reason that is nothing without the organiser's own words: rejecting with it needs a note, and it is always offered. */
export const NOTE_REQUIRED_REASON = 'other';

/** Adds or changes a reason. 'other' cannot be switched off: there must always be a way to explain. */
export async function saveReason(db: Db, actor: Actor, input: z.input<typeof reasonSchema>): Promise<void> {
  const r = reasonSchema.parse(input);
  await db.tx(async (db) => {
    const before = (await listReasons(db, { all: true })).find((x) => x.code === r.code);
    const position = before?.position ?? (await db.get<{ p: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM reject_reasons'))!.p;
    await db.run(
      `INSERT INTO reject_reasons (code, label_cs, label_en, position, active) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET label_cs = excluded.label_cs, label_en = excluded.label_en, active = excluded.active`,
      r.code, r.labelCs, r.labelEn, position, r.code === NOTE_REQUIRED_REASON || r.active ? 1 : 0,
    );
    await audit(db, actor, { action: 'reason.save', subject: r.code, before: before ?? null, after: r });
  });
}

/** The text the artist reads on the status page: the reason in the entry's language, plus the organiser's note. */
export function reasonText(reason: Pick<RejectReason, 'labelCs' | 'labelEn'>, lang: string, note?: string): string {
  const label = localized(localizedField(reason, 'label'), isLang(lang) ? lang : DEFAULT_LANG);
  const extra = note?.trim();
  return extra ? `${label} ${extra}` : label;
}

// ---------------------------------------------------------------------------------------------
// Decisions

export const decisionSchema = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(500),
    decision: z.enum(['accepted', 'rejected', 'received']),
    reason: z.string().trim().max(40).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((d) => d.decision !== 'rejected' || !!d.reason, { error: 'reasonRequired', path: ['reason'] })
  .refine((d) => !(d.decision === 'rejected' && d.reason === NOTE_REQUIRED_REASON && !d.note), { error: 'noteRequired', path: ['note'] });
export type Decision = z.infer<typeof decisionSchema>;

export type DecideResult = { ok: true; changed: number } | { ok: false; error: 'reasonRequired' | 'noteRequired' | 'unknownReason' | 'notFound' };

/**
 * Accepts, rejects (with a reason) or returns to "new" one or many entries, each change in the
 * audit log and each acceptance or rejection told to the artist or guardian (links under `baseUrl`).
 */
export async function decide(db: Db, actor: Actor, input: z.input<typeof decisionSchema>, baseUrl: string): Promise<DecideResult> {
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) {
    const msg = parsed.error.issues[0]?.message;
    return { ok: false, error: msg === 'noteRequired' ? 'noteRequired' : 'reasonRequired' };
  }
  const d = parsed.data;
  const reason = d.decision === 'rejected' ? (await listReasons(db, { all: true })).find((r) => r.code === d.reason) : undefined;
  if (d.decision === 'rejected' && !reason) return { ok: false, error: 'unknownReason' };
  return await db.tx(async (db) => {
    let changed = 0;
    let found = 0;
    for (const id of d.ids) {
      const before = await db.get<{ status: string; reject_reason: string | null; lang: string }>('SELECT status, reject_reason, lang FROM entries WHERE id = ?', id);
      if (!before) continue;
      found++;
      const text = reason ? reasonText(reason, before.lang, d.note) : undefined;
      if (before.status === d.decision && (before.reject_reason ?? undefined) === text) continue;
      await setStatus(db, id, d.decision, actor.id, text);
      await audit(db, actor, {
        action: 'entry.status',
        entryId: id,
        before: { status: before.status, reason: before.reject_reason },
        after: { status: d.decision, reason: text ?? null },
      });
      await queueDecisionMail(db, id, baseUrl);
      changed++;
    }
    if (found === 0) return { ok: false as const, error: 'notFound' as const };
    return { ok: true as const, changed };
  });
}

// ---------------------------------------------------------------------------------------------
// Corrections of the texts

export const textEditSchema = z.object({
  title: z.string().trim().min(1).max(ENTRY_LIMITS.titleMax),
  statement: z.string().trim().max(ENTRY_LIMITS.statementMax),
  altText: z.string().trim().min(ENTRY_LIMITS.altTextMin).max(ENTRY_LIMITS.altTextMax),
});
export type TextEdit = z.infer<typeof textEditSchema>;

/** Corrects title, statement and alt text; the old values stay in the entry's history. */
export async function editTexts(db: Db, actor: Actor, id: number, input: z.input<typeof textEditSchema>): Promise<{ ok: true; changed: string[] } | { ok: false; fields: string[] }> {
  const parsed = textEditSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0])))] };
  const v = parsed.data;
  return await db.tx(async (db) => {
    const row = await db.get<{ title: string; statement: string; alt_text: string }>('SELECT title, statement, alt_text FROM entries WHERE id = ?', id);
    if (!row) return { ok: false as const, fields: ['id'] };
    const old: TextEdit = { title: row.title, statement: row.statement, altText: row.alt_text };
    const changed = (Object.keys(v) as (keyof TextEdit)[]).filter((k) => v[k] !== old[k]);
    if (changed.length === 0) return { ok: true as const, changed };
    await db.run('UPDATE entries SET title = ?, statement = ?, alt_text = ? WHERE id = ?', v.title, v.statement, v.altText, id);
    await audit(db, actor, {
      action: 'entry.edit',
      entryId: id,
      before: Object.fromEntries(changed.map((k) => [k, old[k]])),
      after: Object.fromEntries(changed.map((k) => [k, v[k]])),
    });
    return { ok: true as const, changed };
  });
}

