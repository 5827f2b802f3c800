/**
 * Originals on tour: which works of the exhibition selection each exhibition set carries, where
 * each original is now (office, packed, at a stop, hung, taken down), the hand-overs that move them
 * (someone ticks or scans the works and notes damage), what is missing, and the wall a set needs.
 * Every hand-over is checked against rules.ts and audited in the transaction that records it.
 */
import type { Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import type { Lang } from '#src/i18n/config.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { publicCredit } from '#src/entries/credit.ts';
import { listSelection } from '#src/catalogue/selection.ts';
import { endOfTour, mayHandOver, missingOriginals, stateAfter, type Condition, type Handover, type OriginalState } from './rules.ts';

export interface SetWork {
  entryId: number;
  reference: string;
  credit: string;
  entry: EntryRecord;
  /** The set carrying the work, or none yet. */
  setId: number | null;
  received: boolean;
  state: OriginalState;
  stopId: number | null;
  condition: Condition | null;
  widthMm: number | null;
  heightMm: number | null;
}

interface PlaceRow {
  entry_id: number;
  set_id: number | null;
  state: OriginalState | null;
  stop_id: number | null;
  condition: Condition | null;
  width_mm: number | null;
  height_mm: number | null;
}

/** The exhibition selection of an edition, in its order, with each work's set and original. */
export async function exhibitionOriginals(db: Db, editionId: number, lang: Lang): Promise<SetWork[]> {
  const selected = await listSelection(db, editionId, 'exhibition');
  if (selected.length === 0) return [];
  const ids = selected.map((s) => s.entry.id);
  const rows = await db.all<PlaceRow>(
    `SELECT e.id AS entry_id, w.set_id, o.state, o.stop_id, o.condition, o.width_mm, o.height_mm
     FROM entries e LEFT JOIN set_works w ON w.entry_id = e.id LEFT JOIN originals o ON o.entry_id = e.id
     WHERE e.id IN (${ids.map(() => '?').join(',')})`,
    ...ids,
  );
  const byId = new Map(rows.map((r) => [r.entry_id, r]));
  return selected.map(({ entry }) => {
    const r = byId.get(entry.id);
    return {
      entryId: entry.id,
      reference: entry.reference,
      credit: publicCredit(entry, lang),
      entry,
      setId: r?.set_id ?? null,
      received: r?.state != null,
      state: r?.state ?? 'office',
      stopId: r?.stop_id ?? null,
      condition: r?.condition ?? null,
      widthMm: r?.width_mm ?? null,
      heightMm: r?.height_mm ?? null,
    };
  });
}

/** The works a set carries, in the exhibition's order. */
export async function setWorks(db: Db, editionId: number, setId: number, lang: Lang): Promise<SetWork[]> {
  return (await exhibitionOriginals(db, editionId, lang)).filter((w) => w.setId === setId);
}

/** Puts works of the exhibition selection in a set (taking them out of any other). */
export async function assignToSet(db: Db, actor: Actor, setId: number, entryIds: number[]): Promise<number> {
  return await db.tx(async (db) => {
    for (const id of entryIds) {
      await db.run('DELETE FROM set_works WHERE entry_id = ?', id);
      await db.run('INSERT INTO set_works (entry_id, set_id) VALUES (?, ?)', id, setId);
    }
    if (entryIds.length) await audit(db, actor, { action: 'original.set', subject: `set:${setId}`, after: { works: entryIds.length } });
    return entryIds.length;
  });
}

export interface HandoverInput {
  setId: number;
  /** The stop the works arrive at, hang or are taken down at; none for packing and returning. */
  stopId: number | null;
  kind: Handover;
  items: { entryId: number; damage: string }[];
}

export type HandoverResult =
  | { ok: true; moved: number }
  | { ok: false; code: 'none' | 'stop' }
  | { ok: false; code: 'order'; refused: { reference: string; state: OriginalState | 'not-received' }[] };

/**
 * Records a hand-over of ticked works: each must have been received, belong to the set and be in a
 * state the hand-over may follow; otherwise nothing changes. Arriving at a stop moves every ticked
 * original there; returning brings them back to the office.
 */
export async function recordHandover(db: Db, actor: Actor, h: HandoverInput, now: Date = new Date()): Promise<HandoverResult> {
  if (h.items.length === 0) return { ok: false, code: 'none' };
  const needsStop = h.kind === 'arrived' || h.kind === 'hung' || h.kind === 'taken_down';
  if (needsStop && !h.stopId) return { ok: false, code: 'stop' };
  return await db.tx(async (db) => {
    const refused: { reference: string; state: OriginalState | 'not-received' }[] = [];
    for (const item of h.items) {
      const row = await db.get<{ reference: string; state: OriginalState | null; set_id: number | null }>(
        `SELECT e.reference, o.state, w.set_id FROM entries e LEFT JOIN originals o ON o.entry_id = e.id LEFT JOIN set_works w ON w.entry_id = e.id WHERE e.id = ?`,
        item.entryId,
      );
      if (!row || row.set_id !== h.setId) continue;
      if (!row.state) refused.push({ reference: row.reference, state: 'not-received' });
      else if (!mayHandOver(row.state, h.kind)) refused.push({ reference: row.reference, state: row.state });
    }
    if (refused.length) return { ok: false as const, code: 'order' as const, refused };
    const at = now.toISOString();
    const { id } = (await db.get<{ id: number }>(
      'INSERT INTO original_handovers (set_id, stop_id, kind, at, by_account) VALUES (?, ?, ?, ?, ?) RETURNING id',
      h.setId, h.stopId, h.kind, at, actor.id,
    ))!;
    const stopId = h.kind === 'returned' || h.kind === 'packed' ? null : h.stopId;
    for (const item of h.items) {
      await db.run('INSERT INTO original_handover_items (handover_id, entry_id, damage) VALUES (?, ?, ?)', id, item.entryId, item.damage);
      await db.run('UPDATE originals SET state = ?, stop_id = ?, moved_at = ? WHERE entry_id = ?', stateAfter(h.kind), stopId, at, item.entryId);
      if (item.damage) await db.run("UPDATE originals SET condition = 'damaged', note = CASE WHEN note = '' THEN ? ELSE note || ' / ' || ? END WHERE entry_id = ?", item.damage, item.damage, item.entryId);
    }
    await audit(db, actor, { action: `original.${h.kind}`, subject: `set:${h.setId}`, after: { stop: h.stopId, works: h.items.length, damaged: h.items.filter((i) => i.damage).length } });
    return { ok: true as const, moved: h.items.length };
  });
}

/** Where a set is: the stop of its latest arrival that was not followed by its return, if any. */
export async function setLocation(db: Db, setId: number): Promise<{ stopId: number | null; onTour: boolean }> {
  const last = await db.get<{ kind: Handover; stop_id: number | null }>('SELECT kind, stop_id FROM original_handovers WHERE set_id = ? ORDER BY id DESC LIMIT 1', setId);
  if (!last || last.kind === 'returned') return { stopId: null, onTour: false };
  if (last.kind === 'packed') {
    const before = await db.get<{ stop_id: number | null }>("SELECT stop_id FROM original_handovers WHERE set_id = ? AND kind <> 'packed' ORDER BY id DESC LIMIT 1", setId);
    return { stopId: before?.stop_id ?? null, onTour: true };
  }
  return { stopId: last.stop_id, onTour: true };
}

/** What is missing for a set where it is now (see rules.ts). */
export async function missingForSet(db: Db, works: SetWork[], setId: number): Promise<{ notReceived: number[]; elsewhere: number[] }> {
  const at = await setLocation(db, setId);
  // Packed works travel with the set: they are where it is.
  return missingOriginals(works.map((w) => ({ entryId: w.entryId, received: w.received, state: w.state, stopId: w.state === 'packed' ? at.stopId : w.stopId })), at);
}

/** Wall a set's works need, in metres: their widths plus 20 cm between works; works of unknown width are counted apart. */
export function wallNeeded(works: Pick<SetWork, 'widthMm'>[], gapMm = 200): { metres: number; unknown: number } {
  const known = works.filter((w) => w.widthMm);
  const mm = known.reduce((sum, w) => sum + w.widthMm!, 0) + Math.max(0, works.length - 1) * gapMm;
  return { metres: Math.round(mm / 100) / 10, unknown: works.length - known.length };
}

/**
 * Ends the tour for a set's originals that are back at the office: returned to the schools or
 * archived, as the edition says (endOfTour in rules.ts). Returns how many ended.
 */
export async function finishTour(db: Db, actor: Actor, editionId: number, setId: number, after: 'return' | 'archive', now: Date = new Date()): Promise<number> {
  return await db.tx(async (db) => {
    const works = await setWorks(db, editionId, setId, 'cs');
    let ended = 0;
    for (const w of works) {
      const to = w.received ? endOfTour(w.state, after) : undefined;
      if (!to) continue;
      await db.run('UPDATE originals SET state = ?, stop_id = NULL, moved_at = ? WHERE entry_id = ?', to, now.toISOString(), w.entryId);
      ended++;
    }
    if (ended) await audit(db, actor, { action: after === 'return' ? 'original.toSchools' : 'original.archived', subject: `set:${setId}`, after: { works: ended } });
    return ended;
  });
}

export interface ReturnSlip {
  /** The school as the entries give it (the slip names it; nothing else personal). */
  school: string;
  works: SetWork[];
}

/** One return slip per school for a set's received originals, schools in alphabetical order. */
export async function returnSlips(db: Db, editionId: number, setId: number, lang: Lang): Promise<ReturnSlip[]> {
  const bySchool = new Map<string, SetWork[]>();
  for (const w of await setWorks(db, editionId, setId, lang)) {
    if (!w.received) continue;
    const school = w.entry.school.trim();
    bySchool.set(school, [...(bySchool.get(school) ?? []), w]);
  }
  return [...bySchool].map(([school, works]) => ({ school, works })).sort((a, b) => a.school.localeCompare(b.school, lang));
}
