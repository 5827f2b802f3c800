import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueEntries } from '#src/catalogue/works.ts';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { addToSelection, listSelection, moveInSelection, removeFromSelection, SelectionError, setSelection } from '#src/catalogue/selection.ts';
import { freshDb } from '../helpers/db.ts';

function seed(): { db: Db; editionId: number; ids: number[] } {
  const db = freshDb('sel').db;
  const editionId = createEdition(db, defaultEdition()).id;
  const page = { width: 1000, height: 1400, widths: [480], placeholder: '' };
  const ids = ['A', 'B', 'C', 'D'].map((title, i) =>
    insertEntry(
      db,
      { firstName: 'X', surname: 'Y', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title, statement: 's', altText: 'alt text here', artistEmail: `${i}@e.org`, consentPublish: true, consentPrint: i !== 3 },
      [page],
      { lang: 'cs', status: 'accepted' },
    ).id,
  );
  return { db, editionId, ids };
}

describe('selections', () => {
  it('keeps the organisers’ order, moves by one, and renumbers after a removal', () => {
    const { db, editionId, ids } = seed();
    setSelection(db, editionId, 'catalogue', [ids[2]!, ids[0]!, ids[1]!], { [ids[2]!]: '1st place' });
    const titles = () => listSelection(db, editionId, 'catalogue').map((s) => s.entry.title).join('');
    expect(titles()).toBe('CAB');
    expect(listSelection(db, editionId, 'catalogue')[0]!.section).toBe('1st place');
    expect(moveInSelection(db, 'catalogue', ids[1]!, -1)).toBe(true);
    expect(titles()).toBe('CBA');
    expect(moveInSelection(db, 'catalogue', ids[2]!, -1)).toBe(false);
    expect(removeFromSelection(db, 'catalogue', ids[2]!)).toBe(true);
    expect(listSelection(db, editionId, 'catalogue').map((s) => s.position)).toEqual([1, 2]);
  });

  it('refuses works that are not accepted or lack print consent, and drops works that lose eligibility later', () => {
    const { db, editionId, ids } = seed();
    expect(() => addToSelection(db, editionId, 'catalogue', ids[3]!)).toThrow(SelectionError);
    addToSelection(db, editionId, 'exhibition', ids[3]!);
    setStatus(db, ids[1]!, 'rejected', 1);
    expect(() => addToSelection(db, editionId, 'catalogue', ids[1]!)).toThrow(SelectionError);
    addToSelection(db, editionId, 'catalogue', ids[0]!);
    db.run(`UPDATE entries SET consent_state = 'withdrawn', consent_print = 0 WHERE id = ?`, ids[0]!);
    expect(listSelection(db, editionId, 'catalogue')).toEqual([]);
    expect(catalogueEntries(db, editionId)).toEqual([]);
  });

  it('drafts the catalogue from every printable work until organisers select', () => {
    const { db, editionId, ids } = seed();
    expect(catalogueEntries(db, editionId).map((e) => e.title)).toEqual(['A', 'B', 'C']);
    setSelection(db, editionId, 'catalogue', [ids[1]!]);
    expect(catalogueEntries(db, editionId).map((e) => e.title)).toEqual(['B']);
  });
});
