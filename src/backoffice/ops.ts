import { audit, type Actor } from '#src/platform/audit.ts';
import { awardSchema, duplicatePlacements, getAward, setAward, type AwardInput } from '#src/jury/awards.ts';
import type { Confirmable } from '#src/jury/publication.ts';
import type { Db } from '#src/platform/db.ts';
import { addToSelection, moveInSelection, moveToPosition, removeFromSelection, SelectionError, setSection, type SelectionKind } from '#src/catalogue/selection.ts';

/**
 * The organisers' award and selection changes, each written to the audit log in the same
 * transaction (the modules underneath stay free of who-did-it).
 */
/**
 * Gives a work an award (null takes it away). Giving an award that other works of the same group
 * already hold needs `confirm` and says how many hold it.
 */
export function giveAward(db: Db, actor: Actor, entryId: number, awardId: number | null, opts: { confirm?: boolean } = {}): Confirmable {
  return db.tx(() => {
    const before = db.get<{ award_id: number | null }>('SELECT award_id FROM entries WHERE id = ?', entryId);
    if (!before) return { ok: false as const, reason: 'notFound' as const };
    if (awardId !== null && awardId !== before.award_id && !opts.confirm) {
      const n = duplicatePlacements(db, entryId, awardId);
      if (n > 0) return { ok: false as const, confirm: [{ kind: 'duplicate' as const, n }] };
    }
    if (!setAward(db, entryId, awardId)) return { ok: false as const, reason: 'notFound' as const };
    if (before.award_id !== awardId) {
      const name = (id: number | null) => (id === null ? null : getAward(db, id)?.nameCs ?? String(id));
      audit(db, actor, { action: 'entry.award', entryId, before: name(before.award_id), after: name(awardId) });
    }
    return { ok: true as const };
  });
}

export function saveAward(db: Db, actor: Actor, editionId: number, id: number | null, input: AwardInput): boolean {
  const parsed = awardSchema.safeParse(input);
  if (!parsed.success) return false;
  const a = parsed.data;
  return db.tx(() => {
    if (id === null) {
      db.run('INSERT INTO awards (edition_id, name_cs, name_en, position) VALUES (?, ?, ?, ?)', editionId, a.nameCs, a.nameEn, a.position);
      audit(db, actor, { action: 'award.save', subject: a.nameCs, after: a });
      return true;
    }
    const before = getAward(db, id);
    if (!before || before.editionId !== editionId) return false;
    db.run('UPDATE awards SET name_cs = ?, name_en = ?, position = ? WHERE id = ?', a.nameCs, a.nameEn, a.position, id);
    audit(db, actor, { action: 'award.save', subject: a.nameCs, before: { nameCs: before.nameCs, nameEn: before.nameEn, position: before.position }, after: a });
    return true;
  });
}

export type SelectionOp =
  | { op: 'add'; entryId: number }
  | { op: 'remove'; entryId: number }
  | { op: 'up' | 'down'; entryId: number }
  | { op: 'moveTo'; entryId: number; position: number }
  | { op: 'section'; entryId: number; section: string };

/** Changes a selection; false when the change is not possible (e.g. a work that may not be selected). */
export function changeSelection(db: Db, actor: Actor, editionId: number, kind: SelectionKind, change: SelectionOp): boolean {
  try {
    return db.tx(() => {
      let ok: boolean;
      switch (change.op) {
        case 'add':
          addToSelection(db, editionId, kind, change.entryId);
          ok = true;
          break;
        case 'remove':
          ok = removeFromSelection(db, kind, change.entryId);
          break;
        case 'up':
        case 'down':
          ok = moveInSelection(db, kind, change.entryId, change.op === 'up' ? -1 : 1);
          break;
        case 'section':
          ok = setSection(db, kind, change.entryId, change.section);
          break;
        case 'moveTo':
          ok = moveToPosition(db, kind, change.entryId, change.position);
          break;
      }
      if (ok) {
        const action = change.op === 'up' || change.op === 'down' || change.op === 'moveTo' ? 'selection.move' : `selection.${change.op}`;
        const after = change.op === 'section' ? change.section : change.op === 'moveTo' ? change.position : change.op;
        audit(db, actor, { action, entryId: change.entryId, subject: kind, after });
      }
      return ok;
    });
  } catch (err) {
    if (err instanceof SelectionError) return false;
    throw err;
  }
}
