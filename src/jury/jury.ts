import { z } from 'zod';
import type { Db, Param } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { ageGroupCode, getEdition, type Edition } from '#src/editions/edition.ts';

/**
 * Blind judging. Organisers define a rubric per edition (criteria with weights, scored 1–10),
 * assign jurors to categories and/or age groups, and open and close the round. A juror scores the
 * accepted entries assigned to them one by one, or abstains (conflict of interest). What a juror is
 * given (`JurorEntry`) holds no identity of the artist and nothing of other jurors' scores.
 */
export const SCALE = { min: 1, max: 10 } as const;
export const ROUND_STATES = ['not_started', 'open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export interface Criterion {
  id: number;
  nameCs: string;
  nameEn: string;
  weight: number;
  /** What jurors should look for, in both languages ('' when the organisers gave none). */
  descriptionCs: string;
  descriptionEn: string;
}

export const criterionSchema = z.object({
  nameCs: z.string().trim().min(1).max(80),
  nameEn: z.string().trim().min(1).max(80),
  weight: z.number().positive().max(100),
  descriptionCs: z.string().trim().max(400).default(''),
  descriptionEn: z.string().trim().max(400).default(''),
});

export async function listCriteria(db: Db, editionId: number): Promise<Criterion[]> {
  return (await db
    .all<{ id: number; name_cs: string; name_en: string; weight: number; description_cs: string; description_en: string }>(
      'SELECT id, name_cs, name_en, weight, description_cs, description_en FROM rubric_criteria WHERE edition_id = ? ORDER BY position, id', editionId))
    .map((r) => ({ id: r.id, nameCs: r.name_cs, nameEn: r.name_en, weight: r.weight, descriptionCs: r.description_cs, descriptionEn: r.description_en }));
}

/**
 * Parses the rubric textarea: one criterion a line,
 * "name in Czech | name in English | weight | description in Czech | description in English"
 * (the descriptions may be left out).
 */
export function parseRubric(text: string): { ok: true; criteria: z.infer<typeof criterionSchema>[] } | { ok: false; line: number } {
  const criteria: z.infer<typeof criterionSchema>[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [cs, en, w, dcs, den, ...rest] = line.split('|').map((s) => s.trim());
    const parsed = criterionSchema.safeParse({ nameCs: cs, nameEn: en, weight: Number((w || '1').replace(',', '.')), descriptionCs: dcs ?? '', descriptionEn: den ?? '' });
    if (!parsed.success || rest.length > 0) return { ok: false, line: i + 1 };
    criteria.push(parsed.data);
  }
  if (criteria.length === 0 || criteria.length > 12) return { ok: false, line: 1 };
  return { ok: true, criteria };
}

export const rubricText = (criteria: z.input<typeof criterionSchema>[]) =>
  criteria
    .map((c) => [c.nameCs, c.nameEn, c.weight, ...(c.descriptionCs || c.descriptionEn ? [c.descriptionCs ?? '', c.descriptionEn ?? ''] : [])].join(' | '))
    .join('\n');

export const DEFAULT_RUBRIC: z.input<typeof criterionSchema>[] = [
  {
    nameCs: 'Srozumitelnost sdělení', nameEn: 'Clarity of the message', weight: 2,
    descriptionCs: 'Pozná dítě v ohrožení z díla varovné signály a ví, na koho se obrátit?',
    descriptionEn: 'Would a child at risk recognise the warning signs and know whom to turn to?',
  },
  {
    nameCs: 'Nápad', nameEn: 'Idea', weight: 1,
    descriptionCs: 'Původnost a síla myšlenky, neotřelý pohled na téma.',
    descriptionEn: 'Originality and strength of the idea, a fresh view of the theme.',
  },
  {
    nameCs: 'Řemeslné provedení', nameEn: 'Craft', weight: 1,
    descriptionCs: 'Kresba, kompozice, práce s textem a barvou vzhledem k věku autora.',
    descriptionEn: 'Drawing, composition, lettering and colour, for the artist’s age.',
  },
];

/** Replaces an edition's rubric. Refused once scores exist (they were given against the old one). */
export async function setRubric(db: Db, actor: Actor, editionId: number, criteria: z.input<typeof criterionSchema>[]): Promise<{ ok: true } | { ok: false; reason: 'scored' }> {
  const list = criteria.map((c) => criterionSchema.parse(c));
  return await db.tx(async (db) => {
    if (await db.get('SELECT 1 AS x FROM scores WHERE edition_id = ? LIMIT 1', editionId)) return { ok: false as const, reason: 'scored' as const };
    const before = await listCriteria(db, editionId);
    await db.run('DELETE FROM rubric_criteria WHERE edition_id = ?', editionId);
    for (const [i, c] of list.entries()) {
      await db.run('INSERT INTO rubric_criteria (edition_id, name_cs, name_en, weight, position, description_cs, description_en) VALUES (?, ?, ?, ?, ?, ?, ?)',
        editionId, c.nameCs, c.nameEn, c.weight, i + 1, c.descriptionCs, c.descriptionEn);
    }
    await audit(db, actor, { action: 'jury.rubric', subject: `edition ${editionId}`, before: before.map(({ id: _id, ...c }) => c), after: list });
    return { ok: true as const };
  });
}

export async function roundState(db: Db, editionId: number): Promise<RoundState> {
  return (await db.get<{ judging: RoundState }>('SELECT judging FROM editions WHERE id = ?', editionId))?.judging ?? 'not_started';
}

// ---------------------------------------------------------------------------------------------
// Assignments

export interface Assignment {
  accountId: number;
  email: string;
  name: string;
  category: string;
  ageGroup: string;
}

export async function listAssignments(db: Db, editionId: number): Promise<Assignment[]> {
  return await db.all<Assignment>(
    `SELECT a.account_id AS accountId, c.email, c.name, a.category, a.age_group AS ageGroup FROM jury_assignments a
     JOIN accounts c ON c.id = a.account_id WHERE a.edition_id = ? ORDER BY c.email, a.category, a.age_group`,
    editionId,
  );
}

export async function assign(db: Db, actor: Actor, editionId: number, accountId: number, category: string, ageGroup: string): Promise<boolean> {
  return await db.tx(async (db) => {
    const juror = await db.get<{ email: string }>(`SELECT email FROM accounts WHERE id = ? AND role = 'juror'`, accountId);
    if (!juror) return false;
    await db.run('INSERT INTO jury_assignments (account_id, edition_id, category, age_group) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', accountId, editionId, category, ageGroup);
    await audit(db, actor, { action: 'jury.assign', subject: juror.email, after: { category: category || '*', ageGroup: ageGroup || '*' } });
    return true;
  });
}

export async function unassign(db: Db, actor: Actor, editionId: number, accountId: number, category: string, ageGroup: string): Promise<boolean> {
  return await db.tx(async (db) => {
    const r = await db.run('DELETE FROM jury_assignments WHERE account_id = ? AND edition_id = ? AND category = ? AND age_group = ?', accountId, editionId, category, ageGroup);
    if (r.changes === 1) await audit(db, actor, { action: 'jury.unassign', subject: String(accountId), before: { category: category || '*', ageGroup: ageGroup || '*' } });
    return r.changes === 1;
  });
}

/** SQL condition (on `e`) for the entries a juror must judge in an edition, with its parameters. */
async function assignedCondition(db: Db, edition: Edition, accountId: number): Promise<{ sql: string; params: Param[] }> {
  const rows = await db.all<{ category: string; age_group: string }>('SELECT category, age_group FROM jury_assignments WHERE account_id = ? AND edition_id = ?', accountId, edition.id);
  if (rows.length === 0) return { sql: '(1 = 0)', params: [] };
  const parts: string[] = [];
  const params: Param[] = [];
  for (const r of rows) {
    const bits: string[] = [];
    if (r.category) (bits.push('e.category = ?'), params.push(r.category));
    if (r.age_group) {
      const [min, max] = r.age_group.split('-').map(Number) as [number, number];
      bits.push('e.age BETWEEN ? AND ?');
      params.push(min, max);
    }
    parts.push(bits.length ? `(${bits.join(' AND ')})` : '(1 = 1)');
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** The ids of the accepted entries a juror judges, in a stable order. */
export async function assignedEntryIds(db: Db, editionId: number, accountId: number): Promise<number[]> {
  const edition = await getEdition(db, editionId);
  if (!edition) return [];
  const cond = await assignedCondition(db, edition, accountId);
  return (await db
    .all<{ id: number }>(`SELECT e.id FROM entries e WHERE e.edition_id = ? AND e.status = 'accepted' AND ${cond.sql} ORDER BY e.seq`, editionId, ...cond.params))
    .map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// What a juror sees and does

/** An entry as a juror may see it: no name, age, school, town, region, contact or reference. */
export interface JurorEntry {
  id: number;
  index: number;
  count: number;
  title: string;
  statement: string;
  altText: string;
  category: string;
  ageGroup: string;
  pages: { pageNo: number; width: number; height: number }[];
  own: { abstain: boolean; criteria: Record<string, number>; total: number | null } | null;
  /** The juror's private note on this work ('' when none). */
  note: string;
  prevId: number | null;
  nextId: number | null;
}

export interface JurorProgress {
  done: number;
  total: number;
  /** The first entry the juror has neither scored nor abstained on: where to resume. */
  resumeId: number | null;
  items: { id: number; index: number; title: string; state: 'todo' | 'scored' | 'abstained' }[];
}

export async function jurorProgress(db: Db, editionId: number, accountId: number): Promise<JurorProgress> {
  const ids = await assignedEntryIds(db, editionId, accountId);
  const own = new Map((await db.all<{ entry_id: number; abstain: number }>('SELECT entry_id, abstain FROM scores WHERE account_id = ? AND edition_id = ? AND entry_id IS NOT NULL', accountId, editionId)).map((r) => [r.entry_id, r.abstain]));
  const titles = new Map(
    ids.length ? (await db.all<{ id: number; title: string }>(`SELECT id, title FROM entries WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids)).map((r) => [r.id, r.title]) : [],
  );
  const items = ids.map((id, i) => ({ id, index: i + 1, title: titles.get(id) ?? '', state: (own.has(id) ? (own.get(id) ? 'abstained' : 'scored') : 'todo') as 'todo' | 'scored' | 'abstained' }));
  return { done: items.filter((i) => i.state !== 'todo').length, total: items.length, resumeId: items.find((i) => i.state === 'todo')?.id ?? null, items };
}

/** One assigned entry for the juror, or undefined when it is not theirs to judge. */
export async function jurorEntry(db: Db, editionId: number, accountId: number, entryId: number): Promise<JurorEntry | undefined> {
  const ids = await assignedEntryIds(db, editionId, accountId);
  const i = ids.indexOf(entryId);
  if (i < 0) return undefined;
  const edition = (await getEdition(db, editionId))!;
  const e = (await db.get<{ id: number; title: string; statement: string; alt_text: string; category: string; age: number }>(
    'SELECT id, title, statement, alt_text, category, age FROM entries WHERE id = ?', entryId))!;
  const group = edition.ageGroups.find((g) => e.age >= g.min && e.age <= g.max);
  const pages = await db.all<{ pageNo: number; width: number; height: number }>('SELECT page_no AS pageNo, width, height FROM entry_pages WHERE entry_id = ? ORDER BY page_no', entryId);
  const s = await db.get<{ abstain: number; criteria: string; total: number | null }>('SELECT abstain, criteria, total FROM scores WHERE entry_id = ? AND account_id = ?', entryId, accountId);
  return {
    id: e.id,
    index: i + 1,
    count: ids.length,
    title: e.title,
    statement: e.statement,
    altText: e.alt_text,
    category: e.category,
    ageGroup: group ? ageGroupCode(group) : '',
    pages,
    own: s ? { abstain: s.abstain === 1, criteria: JSON.parse(s.criteria) as Record<string, number>, total: s.total } : null,
    note: await jurorNote(db, accountId, entryId),
    prevId: ids[i - 1] ?? null,
    nextId: ids[i + 1] ?? null,
  };
}

export const NOTE_MAX = 2000;

/** A juror's private note on a work: no one else reads it, not even organisers. */
export async function jurorNote(db: Db, accountId: number, entryId: number): Promise<string> {
  return (await db.get<{ note: string }>('SELECT note FROM jury_notes WHERE account_id = ? AND entry_id = ?', accountId, entryId))?.note ?? '';
}

/** Keeps (or, when empty, drops) a juror's note on a work assigned to them. Notes may be written while the round is not open too. */
export async function saveNote(db: Db, accountId: number, editionId: number, entryId: number, note: string): Promise<boolean> {
  const text = note.trim().slice(0, NOTE_MAX);
  return await db.tx(async (db) => {
    if (!(await assignedEntryIds(db, editionId, accountId)).includes(entryId)) return false;
    if (text) {
      await db.run(
        `INSERT INTO jury_notes (account_id, entry_id, note, updated_at) VALUES (?, ?, ?, ct_now())
         ON CONFLICT(account_id, entry_id) DO UPDATE SET note = excluded.note, updated_at = ct_now()`,
        accountId, entryId, text,
      );
    } else await db.run('DELETE FROM jury_notes WHERE account_id = ? AND entry_id = ?', accountId, entryId);
    return true;
  });
}

/** The weighted mean of one juror's criterion values. */
export function weightedTotal(criteria: Criterion[], values: Record<string, number>): number {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const v = values[String(c.id)];
    if (v === undefined) continue;
    sum += c.weight * v;
    weights += c.weight;
  }
  return weights === 0 ? 0 : Math.round((sum / weights) * 1000) / 1000;
}

export type ScoreResult = { ok: true; nextId: number | null } | { ok: false; reason: 'closed' | 'notAssigned' | 'invalid' };

/** Saves (or replaces) a juror's score of an entry, or an abstention. Only while the round is open. */
export async function saveScore(
  db: Db,
  actor: Actor,
  editionId: number,
  entryId: number,
  input: { abstain: boolean; values: Record<string, unknown> },
): Promise<ScoreResult> {
  return await db.tx(async (db) => {
    if (await roundState(db, editionId) !== 'open') return { ok: false as const, reason: 'closed' as const };
    const ids = await assignedEntryIds(db, editionId, actor.id);
    if (!ids.includes(entryId)) return { ok: false as const, reason: 'notAssigned' as const };
    const criteria = await listCriteria(db, editionId);
    const values: Record<string, number> = {};
    if (!input.abstain) {
      for (const c of criteria) {
        const v = Number(input.values[String(c.id)]);
        if (!Number.isInteger(v) || v < SCALE.min || v > SCALE.max) return { ok: false as const, reason: 'invalid' as const };
        values[String(c.id)] = v;
      }
    }
    const total = input.abstain ? null : weightedTotal(criteria, values);
    await db.run(
      `INSERT INTO scores (edition_id, entry_id, account_id, abstain, criteria, total) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(entry_id, account_id) DO UPDATE SET abstain = excluded.abstain, criteria = excluded.criteria, total = excluded.total,
         updated_at = ct_now()`,
      editionId, entryId, actor.id, input.abstain ? 1 : 0, JSON.stringify(values), total,
    );
    // The log records that a juror judged, never the score (organisers read scores in the results).
    await audit(db, actor, { action: input.abstain ? 'jury.abstain' : 'jury.score', entryId });
    const own = new Set((await db.all<{ entry_id: number }>('SELECT entry_id FROM scores WHERE account_id = ? AND edition_id = ?', actor.id, editionId)).map((r) => r.entry_id));
    const after = ids.slice(ids.indexOf(entryId) + 1).find((id) => !own.has(id)) ?? ids.find((id) => !own.has(id)) ?? null;
    return { ok: true as const, nextId: after };
  });
}

/** The editions a juror has assignments in, newest first. */
export async function jurorEditions(db: Db, accountId: number): Promise<{ id: number; titleCs: string; titleEn: string; year: number; round: RoundState }[]> {
  return await db.all(
    `SELECT DISTINCT d.id, d.title_cs AS titleCs, d.title_en AS titleEn, d.year, d.judging AS round FROM jury_assignments a JOIN editions d ON d.id = a.edition_id
     WHERE a.account_id = ? ORDER BY d.year DESC, d.id DESC`,
    accountId,
  );
}

// ---------------------------------------------------------------------------------------------
// Organisers' view: progress and results

export interface JurorRow {
  accountId: number;
  email: string;
  name: string;
  assigned: number;
  scored: number;
  abstained: number;
}

export async function progressByJuror(db: Db, editionId: number): Promise<JurorRow[]> {
  const jurors = await db.all<{ id: number; email: string; name: string }>(
    `SELECT DISTINCT c.id, c.email, c.name FROM jury_assignments a JOIN accounts c ON c.id = a.account_id WHERE a.edition_id = ? ORDER BY c.email`, editionId);
  const out: JurorRow[] = [];
  for (const j of jurors) {
    const ids = new Set(await assignedEntryIds(db, editionId, j.id));
    const rows = (await db.all<{ entry_id: number; abstain: number }>('SELECT entry_id, abstain FROM scores WHERE account_id = ? AND edition_id = ? AND entry_id IS NOT NULL', j.id, editionId))
      .filter((r) => ids.has(r.entry_id));
    out.push({ accountId: j.id, email: j.email, name: j.name, assigned: ids.size, scored: rows.filter((r) => !r.abstain).length, abstained: rows.filter((r) => r.abstain).length });
  }
  return out;
}

export interface Standing {
  entryId: number;
  reference: string;
  title: string;
  awardId: number | null;
  /** Mean of the jurors' weighted totals, abstentions left out; null with no scores. */
  mean: number | null;
  count: number;
  abstentions: number;
  /** Highest minus lowest total. */
  spread: number | null;
  rank: number | null;
  /** Shares its rank with another entry: organisers decide, nothing breaks it silently. */
  tie: boolean;
  /** Jurors assigned to the entry who have not judged it yet. */
  pending: number;
}

export interface Board {
  category: string;
  ageGroup: string;
  standings: Standing[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Ranks entries by mean: equal means (to two decimals) share a rank and are flagged as ties. */
export function rank(items: { entryId: number; mean: number | null }[]): Map<number, { rank: number | null; tie: boolean }> {
  const scored = items.filter((i) => i.mean !== null).sort((a, b) => b.mean! - a.mean!);
  const out = new Map<number, { rank: number | null; tie: boolean }>();
  let prev: number | null = null;
  let prevRank = 0;
  scored.forEach((s, i) => {
    const m = round2(s.mean!);
    const r = prev !== null && m === prev ? prevRank : i + 1;
    out.set(s.entryId, { rank: r, tie: false });
    prev = m;
    prevRank = r;
  });
  const byRank = new Map<number, number>();
  for (const v of out.values()) byRank.set(v.rank!, (byRank.get(v.rank!) ?? 0) + 1);
  for (const v of out.values()) v.tie = (byRank.get(v.rank!) ?? 0) > 1;
  for (const i of items) if (!out.has(i.entryId)) out.set(i.entryId, { rank: null, tie: false });
  return out;
}

/** Leaderboards per category × age group of an edition's accepted entries. */
export async function leaderboards(db: Db, editionId: number): Promise<Board[]> {
  const edition = await getEdition(db, editionId);
  if (!edition) return [];
  const entries = await db.all<{ id: number; reference: string; title: string; category: string; age: number; award_id: number | null }>(
    `SELECT id, reference, title, category, age, award_id FROM entries WHERE edition_id = ? AND status = 'accepted' ORDER BY seq`, editionId);
  const scores = await db.all<{ entry_id: number; abstain: number; total: number | null }>('SELECT entry_id, abstain, total FROM scores WHERE edition_id = ? AND entry_id IS NOT NULL', editionId);
  const byEntry = new Map<number, { totals: number[]; abstentions: number }>();
  for (const s of scores) {
    const b = byEntry.get(s.entry_id) ?? { totals: [], abstentions: 0 };
    if (s.abstain) b.abstentions++;
    else if (s.total !== null) b.totals.push(s.total);
    byEntry.set(s.entry_id, b);
  }
  const jurors = await db.all<{ id: number }>('SELECT DISTINCT account_id AS id FROM jury_assignments WHERE edition_id = ?', editionId);
  const assignedCount = new Map<number, number>();
  for (const j of jurors) for (const id of await assignedEntryIds(db, editionId, j.id)) assignedCount.set(id, (assignedCount.get(id) ?? 0) + 1);

  const boards: Board[] = [];
  for (const cat of edition.categories) {
    for (const g of edition.ageGroups) {
      const inGroup = entries.filter((e) => e.category === cat.code && e.age >= g.min && e.age <= g.max);
      if (inGroup.length === 0) continue;
      const standings: Standing[] = inGroup.map((e) => {
        const b = byEntry.get(e.id) ?? { totals: [], abstentions: 0 };
        const mean = b.totals.length ? round2(b.totals.reduce((a, x) => a + x, 0) / b.totals.length) : null;
        return {
          entryId: e.id,
          reference: e.reference,
          title: e.title,
          awardId: e.award_id,
          mean,
          count: b.totals.length,
          abstentions: b.abstentions,
          spread: b.totals.length ? round2(Math.max(...b.totals) - Math.min(...b.totals)) : null,
          rank: null,
          tie: false,
          pending: Math.max(0, (assignedCount.get(e.id) ?? 0) - b.totals.length - b.abstentions),
        };
      });
      const ranks = rank(standings);
      for (const s of standings) Object.assign(s, ranks.get(s.entryId));
      standings.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.reference.localeCompare(b.reference));
      boards.push({ category: cat.code, ageGroup: ageGroupCode(g), standings });
    }
  }
  return boards;
}

/** Every juror's score of every work of an edition (for the per-juror export): who, which work, each criterion, total or abstention. */
export interface JurorScore {
  entryId: number;
  email: string;
  name: string;
  abstain: boolean;
  criteria: Record<string, number>;
  total: number | null;
}

export async function jurorScores(db: Db, editionId: number): Promise<JurorScore[]> {
  return (await db
    .all<{ entry_id: number; email: string; name: string; abstain: number; criteria: string; total: number | null }>(
      `SELECT s.entry_id, a.email, a.name, s.abstain, s.criteria, s.total FROM scores s JOIN accounts a ON a.id = s.account_id
       JOIN entries e ON e.id = s.entry_id WHERE s.edition_id = ? ORDER BY e.seq, a.email`,
      editionId,
    ))
    .map((r) => ({ entryId: r.entry_id, email: r.email, name: r.name, abstain: r.abstain === 1, criteria: JSON.parse(r.criteria) as Record<string, number>, total: r.total }));
}

/** The mean value of each criterion per work (abstentions left out), for the per-criterion export. */
export async function criterionMeans(db: Db, editionId: number): Promise<Map<number, Record<string, number>>> {
  const sums = new Map<number, Record<string, { sum: number; n: number }>>();
  for (const s of await jurorScores(db, editionId)) {
    if (s.abstain) continue;
    const e = sums.get(s.entryId) ?? {};
    for (const [c, v] of Object.entries(s.criteria)) {
      const acc = (e[c] ??= { sum: 0, n: 0 });
      acc.sum += v;
      acc.n++;
    }
    sums.set(s.entryId, e);
  }
  return new Map([...sums].map(([id, byC]) => [id, Object.fromEntries(Object.entries(byC).map(([c, a]) => [c, round2(a.sum / a.n)]))]));
}
