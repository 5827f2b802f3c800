import { nowIso, type Db, type Dialect, type Param } from '#src/platform/db.ts';
import type { Category, ConsentState, EntryInput, EntryPage, EntryRecord, EntryStatus } from './entry.ts';
import { formatReference } from './entry.ts';
import { pageDpi } from '#src/artworks/print-size.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { publicAwardSql, visibleSql } from './visibility.ts';

interface EntryRow {
  id: number;
  edition_id: number;
  reference: string;
  status: EntryStatus;
  first_name: string;
  surname: string;
  age: number;
  region: string;
  category: Category;
  title: string;
  alt_text: string;
  consent_publish: number;
  consent_print: number;
  consent_exhibit: number;
  hide_name: number;
  school: string;
  town: string;
  statement: string;
  artist_email: string | null;
  teacher_email: string | null;
  guardian_name: string | null;
  guardian_email: string | null;
  consent_state: ConsentState;
  guardian_decided_at: string | null;
  guardian_refused_at: string | null;
  reject_reason: string | null;
  reject_code: string | null;
  reject_note: string | null;
  reviewed_at: string | null;
  award_id: number | null;
  media_version: number;
  lang: string;
  created_at: string;
}

interface PageRow {
  entry_id: number;
  page_no: number;
  width: number;
  height: number;
  widths: string;
  placeholder: string;
}

const ENTRY_COLUMNS = `id, edition_id, reference, status, first_name, surname, age, region, category, title,
  alt_text, consent_publish, consent_print, consent_exhibit, hide_name, school, town, statement, artist_email, teacher_email,
  guardian_name, guardian_email, consent_state, guardian_decided_at, guardian_refused_at, reject_reason, reject_code, reject_note,
  reviewed_at, award_id, media_version, lang, created_at`;

function toRecord(row: EntryRow, pages: EntryPage[]): EntryRecord {
  return {
    id: row.id,
    editionId: row.edition_id,
    reference: row.reference,
    status: row.status,
    firstName: row.first_name,
    surname: row.surname,
    age: row.age,
    region: row.region,
    category: row.category,
    title: row.title,
    altText: row.alt_text,
    consentPublish: row.consent_publish === 1,
    consentPrint: row.consent_print === 1,
    consentExhibit: row.consent_exhibit === 1,
    hideName: row.hide_name === 1,
    school: row.school,
    town: row.town,
    statement: row.statement,
    artistEmail: row.artist_email,
    teacherEmail: row.teacher_email,
    guardianName: row.guardian_name,
    guardianEmail: row.guardian_email,
    consentState: row.consent_state,
    guardianDecidedAt: row.guardian_decided_at,
    guardianRefusedAt: row.guardian_refused_at,
    rejectReason: row.reject_reason,
    rejectCode: row.reject_code,
    rejectNote: row.reject_note,
    reviewedAt: row.reviewed_at,
    awardId: row.award_id,
    mediaVersion: row.media_version,
    lang: row.lang,
    createdAt: row.created_at,
    pages,
  };
}

function toPage(r: Omit<PageRow, 'entry_id'>): EntryPage {
  return { pageNo: r.page_no, width: r.width, height: r.height, widths: JSON.parse(r.widths), placeholder: r.placeholder, printDpi: pageDpi(r.width, r.height, r.page_no) };
}

async function pagesOf(db: Db, ids: number[]): Promise<Map<number, EntryPage[]>> {
  const map = new Map<number, EntryPage[]>();
  if (ids.length === 0) return map;
  const rows = await db.all<PageRow>(
    `SELECT * FROM entry_pages WHERE entry_id IN (${ids.map(() => '?').join(',')}) ORDER BY entry_id, page_no`,
    ...ids,
  );
  for (const r of rows) {
    const list = map.get(r.entry_id) ?? [];
    list.push(toPage(r));
    map.set(r.entry_id, list);
  }
  return map;
}

const PAGE_FIELDS = ['page_no', 'width', 'height', 'widths', 'placeholder'] as const;

/**
 * The pages of the entry row under `alias` as one JSON column, `pages_json`: a public page then
 * reads its works and their pages in one statement. On PostgreSQL every statement is a round trip
 * through the driver, the socket and another process; a second one cost a rendered page more
 * than the query itself.
 */
function pagesColumn(dialect: Dialect, alias = 'entries'): string {
  const page = dialect.jsonObject(PAGE_FIELDS.map((f) => [f, `ep.${f}`]));
  return `${dialect.jsonArray(page, `entry_pages ep WHERE ep.entry_id = ${alias}.id`, 'ep.page_no')} AS pages_json`;
}

type RowWithPages = EntryRow & { pages_json: string };

const withJsonPages = (row: RowWithPages): EntryRecord => toRecord(row, (JSON.parse(row.pages_json) as Omit<PageRow, 'entry_id'>[]).map(toPage));

async function withPages(db: Db, rows: EntryRow[]): Promise<EntryRecord[]> {
  const pages = await pagesOf(db, rows.map((r) => r.id));
  return rows.map((r) => toRecord(r, pages.get(r.id) ?? []));
}

export interface NewPage {
  width: number;
  height: number;
  widths: number[];
  placeholder: string;
}

/** The fields an entry row is made of (the form's values without the files). */
export type NewEntry = Omit<EntryInput, 'pages' | 'school' | 'town' | 'statement' | 'consentPrint' | 'consentExhibit' | 'agreeRules' | 'hideName' | 'consentWay'> &
  Partial<Pick<EntryInput, 'school' | 'town' | 'statement' | 'consentPrint' | 'consentExhibit' | 'hideName' | 'consentWay'>>;

/** The address the per-artist limit counts by: the guardian's, else the artist's, lower-cased. */
export function contactEmail(input: Pick<EntryInput, 'guardianEmail' | 'artistEmail'>): string {
  return (input.guardianEmail ?? input.artistEmail ?? '').trim().toLowerCase();
}

/** How many entries (not rejected) an artist already has in an edition, by contact e-mail. */
export async function countByContact(db: Db, editionId: number, email: string): Promise<number> {
  if (!email) return 0;
  return (await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND contact_email = ? AND status != 'rejected'`,
    editionId,
    email,
  ))!.n;
}

/**
 * Inserts an entry with its pages and the next reference number of the current edition.
 * Runs inside the caller's transaction (with moving its files into place) or its own.
 *
 * References are gapless: the next number is read and taken under a lock on the year, held until
 * the transaction commits, so two entries committing at once on PostgreSQL never take the same
 * number, and one that rolls back leaves its number to the next (SQLite has one writer anyway).
 */
export async function insertEntry(
  outer: Db,
  input: NewEntry,
  pages: NewPage[],
  meta: { lang: string; formToken?: string | undefined; status?: EntryStatus; createdAt?: string; consentState?: ConsentState; id?: number },
): Promise<{ id: number; reference: string }> {
  return outer.tx(async (db) => {
    const edition = await currentEdition(db);
    if (!edition) throw new Error('No current edition');
    await db.lock(referenceLock(edition.year));
    // References carry the year, so numbering runs per year even if a year has two editions.
    const next = (await db.get<{ seq: number }>(
      'SELECT COALESCE(MAX(e.seq), 0) + 1 AS seq FROM entries e JOIN editions d ON d.id = e.edition_id WHERE d.year = ?',
      edition.year,
    ))!;
    const reference = formatReference(edition.year, next.seq);
    // An id reserved beforehand (reserveEntryId) or the next one.
    const [idColumn, idValue] = meta.id === undefined ? ['', ''] : ['id, ', '?, '];
    const { id } = (await db.get<{ id: number }>(
      `INSERT INTO entries (${idColumn}edition_id, seq, reference, status, first_name, surname, age, school, town, region, category, title,
         statement, alt_text, artist_email, teacher_email, guardian_name, guardian_email, contact_email, consent_publish,
         consent_print, consent_exhibit, hide_name, consent_state, lang, form_token, created_at)
       VALUES (${idValue}?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ...(meta.id === undefined ? [] : [meta.id]),
      edition.id,
      next.seq,
      reference,
      meta.status ?? 'received',
      input.firstName,
      input.surname,
      input.age,
      input.school ?? '',
      input.town ?? '',
      input.region,
      input.category,
      input.title,
      input.statement ?? '',
      input.altText,
      input.artistEmail ?? null,
      input.teacherEmail ?? null,
      input.guardianName ?? null,
      input.guardianEmail ?? null,
      contactEmail(input),
      input.consentPublish ? 1 : 0,
      input.consentPrint ? 1 : 0,
      // Callers that predate the separate exhibition consent (demo, benchmarks) meant "print and exhibition".
      (input.consentExhibit ?? input.consentPrint) ? 1 : 0,
      input.hideName ? 1 : 0,
      meta.consentState ?? 'not_needed',
      meta.lang,
      meta.formToken ?? null,
      meta.createdAt ?? nowIso(),
    ))!;
    for (const [i, p] of pages.entries()) {
      await db.run(
        // entry_pages.print_dpi (migration 6) is no longer written: a page's dpi is computed from its
        // size by pageDpi(), so a stored number cannot disagree with the rule.
        'INSERT INTO entry_pages (entry_id, page_no, width, height, widths, placeholder) VALUES (?, ?, ?, ?, ?, ?)',
        id,
        i + 1,
        p.width,
        p.height,
        JSON.stringify(p.widths),
        p.placeholder,
      );
    }
    return { id, reference };
  });
}

/** The lock that makes reference numbers of a year gapless and unique (see insertEntry). */
export const referenceLock = (year: number) => `entry-reference:${year}`;

/**
 * Takes an entry id before the row exists, for files that go to the bucket under their final name
 * while the images are still being processed (artworks/storage.ts). Never handed out twice.
 */
export async function reserveEntryId(db: Db): Promise<number> {
  let row: { id: number } | undefined;
  for (const sql of db.dialect.nextId('entries')) row = await db.get<{ id: number }>(sql);
  return Number(row!.id);
}

export async function findByFormToken(db: Db, token: string): Promise<{ id: number; reference: string } | undefined> {
  return await db.get('SELECT id, reference FROM entries WHERE form_token = ?', token);
}

/** Entries by id, in the order of the ids given. */
export async function getEntriesByIds(db: Db, ids: number[]): Promise<EntryRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids);
  const byId = new Map((await withPages(db, rows)).map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id)).filter((e): e is EntryRecord => e !== undefined);
}

/**
 * One page of the entries a condition selects, in reference order, with their pages: one
 * statement. Past the end it is empty.
 */
export async function entriesPage(db: Db, where: string, params: Param[], limit: number, offset: number): Promise<EntryRecord[]> {
  const rows = await db.all<RowWithPages>(`SELECT ${ENTRY_COLUMNS}, ${pagesColumn(db.dialect)} FROM entries WHERE ${where} ORDER BY seq LIMIT ? OFFSET ?`, ...params, limit, offset);
  return rows.map(withJsonPages);
}

/** How many entries a condition selects. */
export async function countWhere(db: Db, where: string, params: Param[]): Promise<number> {
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE ${where}`, ...params))!.n;
}

export async function getEntry(db: Db, id: number): Promise<EntryRecord | undefined> {
  const row = await db.get<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = ?`, id);
  return row ? (await withPages(db, [row]))[0] : undefined;
}

const PUBLIC_CONDITION = visibleSql('public');

/** Public entries of an edition in their stable order (reference). */
export async function listPublic(db: Db, editionId: number): Promise<EntryRecord[]> {
  return await withPages(db, await db.all<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE edition_id = ? AND ${PUBLIC_CONDITION} ORDER BY seq`, editionId));
}

export async function getPublic(db: Db, id: number): Promise<EntryRecord | undefined> {
  const row = await db.get<RowWithPages>(`SELECT ${ENTRY_COLUMNS}, ${pagesColumn(db.dialect)} FROM entries WHERE id = ? AND ${PUBLIC_CONDITION}`, id);
  return row ? withJsonPages(row) : undefined;
}

export interface Neighbour {
  id: number;
  title: string;
}

/** What a public artwork page shows of the database: the work, the public works before and after it in gallery order, and its award once published. */
export interface PublicArtwork {
  entry: EntryRecord;
  prev?: Neighbour;
  next?: Neighbour;
  /** The award's id when the public may see it (`publicAwardSql`), else null. */
  publicAwardId: number | null;
}

/** A public work with its pages, neighbours and public award, in one statement (undefined unless public). */
export async function publicArtwork(db: Db, id: number): Promise<PublicArtwork | undefined> {
  const d = db.dialect;
  const neighbour = (cmp: '<' | '>', order: 'ASC' | 'DESC') =>
    `(SELECT ${d.jsonObject([['id', 'n.id'], ['title', 'n.title']])} FROM entries n
       WHERE n.edition_id = entries.edition_id AND ${visibleSql('public', 'n')} AND n.seq ${cmp} entries.seq ORDER BY n.seq ${order} LIMIT 1)`;
  const row = await db.get<RowWithPages & { public_award_id: number | null; prev_json: string | null; next_json: string | null }>(
    `SELECT ${ENTRY_COLUMNS}, ${pagesColumn(d)},
       CASE WHEN ${publicAwardSql()} THEN entries.award_id END AS public_award_id,
       ${neighbour('<', 'DESC')} AS prev_json, ${neighbour('>', 'ASC')} AS next_json
     FROM entries WHERE id = ? AND ${PUBLIC_CONDITION}`,
    id,
  );
  if (!row) return undefined;
  const side = (json: string | null): Neighbour | undefined => (json ? JSON.parse(json) as Neighbour : undefined);
  return { entry: withJsonPages(row), prev: side(row.prev_json), next: side(row.next_json), publicAwardId: row.public_award_id };
}

export async function isPublic(db: Db, id: number): Promise<boolean> {
  return await db.get(`SELECT 1 AS ok FROM entries WHERE id = ? AND ${PUBLIC_CONDITION}`, id) !== undefined;
}

/**
 * Sets an entry's decision. A rejection keeps the reason's text in the entry's language (for
 * exports and older readers) and, when given, the reason's code and the organiser's note as typed,
 * so the status page can show the reason in the reader's language and the note word for word.
 */
export async function setStatus(db: Db, id: number, status: EntryStatus, accountId: number, reason?: string, chosen: { code?: string | undefined; note?: string | undefined } = {}): Promise<boolean> {
  const rejected = status === 'rejected';
  const r = await db.run(
    `UPDATE entries SET status = ?, reject_reason = ?, reject_code = ?, reject_note = ?, reviewed_at = ?, reviewed_by = ? WHERE id = ?`,
    status,
    rejected ? (reason?.trim() || null) : null,
    rejected ? (chosen.code ?? null) : null,
    rejected ? (chosen.note?.trim() || null) : null,
    nowIso(),
    accountId,
    id,
  );
  return r.changes === 1;
}

export async function countEntries(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM entries'))!.n;
}
