import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueEntries } from '#src/catalogue/works.ts';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { addToSelection, listSelection, moveInSelection, removeFromSelection, SelectionError, setSelection } from '#src/catalogue/selection.ts';
import { freshDb } from '../helpers/db.ts';

async function seed(): Promise<{ db: Db; editionId: number; ids: number[] }> {
  const db = (await freshDb('sel')).db;
  const editionId = (await createEdition(db, defaultEdition())).id;
  const page = { width: 1000, height: 1400, widths: [480], placeholder: '' };
  const ids: number[] = [];
  for (const [i, title] of ['A', 'B', 'C', 'D'].entries()) {
    ids.push((await insertEntry(
      db,
      { firstName: 'X', surname: 'Y', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title, statement: 's', altText: 'alt text here', artistEmail: `${i}@e.org`, consentPublish: true, consentPrint: i !== 3 },
      [page],
      { lang: 'cs', status: 'accepted' },
    )).id);
  }
  return { db, editionId, ids };
}

describe('selections', () => {
  it('keeps the organisers’ order, moves by one, and renumbers after a removal', async () => {
    const { db, editionId, ids } = await seed();
    await setSelection(db, editionId, 'catalogue', [ids[2]!, ids[0]!, ids[1]!], { [ids[2]!]: '1st place' });
    const titles = async () => (await listSelection(db, editionId, 'catalogue')).map((s) => s.entry.title).join('');
    expect(await titles()).toBe('CAB');
    expect((await listSelection(db, editionId, 'catalogue'))[0]!.section).toBe('1st place');
    expect(await moveInSelection(db, 'catalogue', ids[1]!, -1)).toBe(true);
    expect(await titles()).toBe('CBA');
    expect(await moveInSelection(db, 'catalogue', ids[2]!, -1)).toBe(false);
    expect(await removeFromSelection(db, 'catalogue', ids[2]!)).toBe(true);
    expect((await listSelection(db, editionId, 'catalogue')).map((s) => s.position)).toEqual([1, 2]);
  });

  it('refuses works that are not accepted or lack print consent, and drops works that lose eligibility later', async () => {
    const { db, editionId, ids } = await seed();
    await expect(addToSelection(db, editionId, 'catalogue', ids[3]!)).rejects.toThrow(SelectionError);
    await addToSelection(db, editionId, 'exhibition', ids[3]!);
    await setStatus(db, ids[1]!, 'rejected', 1);
    await expect(addToSelection(db, editionId, 'catalogue', ids[1]!)).rejects.toThrow(SelectionError);
    await addToSelection(db, editionId, 'catalogue', ids[0]!);
    await db.run(`UPDATE entries SET consent_state = 'withdrawn', consent_print = 0 WHERE id = ?`, ids[0]!);
    expect(await listSelection(db, editionId, 'catalogue')).toEqual([]);
    expect(await catalogueEntries(db, editionId)).toEqual([]);
  });

  it('drafts the catalogue from every printable work until organisers select', async () => {
    const { db, editionId, ids } = await seed();
    expect((await catalogueEntries(db, editionId)).map((e) => e.title)).toEqual(['A', 'B', 'C']);
    await setSelection(db, editionId, 'catalogue', [ids[1]!]);
    expect((await catalogueEntries(db, editionId)).map((e) => e.title)).toEqual(['B']);
  });
});
