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
export async function giveAward(db: Db, actor: Actor, entryId: number, awardId: number | null, opts: { confirm?: boolean } = {}): Promise<Confirmable> {
  return await db.tx(async (db) => {
    const before = await db.get<{ award_id: number | null }>('SELECT award_id FROM entries WHERE id = ?', entryId);
    if (!before) return { ok: false as const, reason: 'notFound' as const };
    if (awardId !== null && awardId !== before.award_id && !opts.confirm) {
      const n = await duplicatePlacements(db, entryId, awardId);
      if (n > 0) return { ok: false as const, confirm: [{ kind: 'duplicate' as const, n }] };
    }
    if (!(await setAward(db, entryId, awardId))) return { ok: false as const, reason: 'notFound' as const };
    if (before.award_id !== awardId) {
      const name = async (id: number | null) => (id === null ? null : (await getAward(db, id))?.nameCs ?? String(id));
      await audit(db, actor, { action: 'entry.award', entryId, before: await name(before.award_id), after: await name(awardId) });
    }
    return { ok: true as const };
  });
}

export async function saveAward(db: Db, actor: Actor, editionId: number, id: number | null, input: AwardInput): Promise<boolean> {
  const parsed = awardSchema.safeParse(input);
  if (!parsed.success) return false;
  const a = parsed.data;
  return await db.tx(async (db) => {
    if (id === null) {
      await db.run('INSERT INTO awards (edition_id, name_cs, name_en, position) VALUES (?, ?, ?, ?)', editionId, a.nameCs, a.nameEn, a.position);
      await audit(db, actor, { action: 'award.save', subject: a.nameCs, after: a });
      return true;
    }
    const before = await getAward(db, id);
    if (!before || before.editionId !== editionId) return false;
    await db.run('UPDATE awards SET name_cs = ?, name_en = ?, position = ? WHERE id = ?', a.nameCs, a.nameEn, a.position, id);
    await audit(db, actor, { action: 'award.save', subject: a.nameCs, before: { nameCs: before.nameCs, nameEn: before.nameEn, position: before.position }, after: a });
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
export async function changeSelection(db: Db, actor: Actor, editionId: number, kind: SelectionKind, change: SelectionOp): Promise<boolean> {
  try {
    return await db.tx(async (db) => {
      let ok: boolean;
      switch (change.op) {
        case 'add':
          await addToSelection(db, editionId, kind, change.entryId);
          ok = true;
          break;
        case 'remove':
          ok = await removeFromSelection(db, kind, change.entryId);
          break;
        case 'up':
        case 'down':
          ok = await moveInSelection(db, kind, change.entryId, change.op === 'up' ? -1 : 1);
          break;
        case 'section':
          ok = await setSection(db, kind, change.entryId, change.section);
          break;
        case 'moveTo':
          ok = await moveToPosition(db, kind, change.entryId, change.position);
          break;
      }
      if (ok) {
        const action = change.op === 'up' || change.op === 'down' || change.op === 'moveTo' ? 'selection.move' : `selection.${change.op}`;
        const after = change.op === 'section' ? change.section : change.op === 'moveTo' ? change.position : change.op;
        await audit(db, actor, { action, entryId: change.entryId, subject: kind, after });
      }
      return ok;
    });
  } catch (err) {
    if (err instanceof SelectionError) return false;
    throw err;
  }
}
