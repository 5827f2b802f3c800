import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { freshDb } from '../helpers/db.ts';
import { openFileStorage } from '#src/platform/storage/files.ts';
import { loadConfig } from '#src/platform/config.ts';
import { ensureOrganiser } from '#src/accounts/accounts.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { entryNeedsOriginal, originalsSetting, saveOriginalsSetting } from '#src/editions/originals-setting.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { setSelection } from '#src/catalogue/selection.ts';
import { createSet, createStop } from '#src/tour/tour.ts';
import { eraseEntry } from '#src/backoffice/erase.ts';
import { arrivalsSince, getOriginal, receiveScan, saveOriginalDetails } from '#src/originals/originals.ts';
import { assignToSet, missingForSet, recordHandover, setLocation, setWorks, wallNeeded } from '#src/originals/on-tour.ts';

const ORG = { id: 1, email: 'org@example.org' };

async function seed(n = 3): Promise<{ db: Db; dir: string; editionId: number; ids: number[]; refs: string[] }> {
  const { db, dir } = await freshDb('orig');
  await ensureOrganiser(db, ORG.email, 'organiser password');
  const editionId = (await createEdition(db, defaultEdition())).id;
  const ids: number[] = [];
  const refs: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = await insertEntry(
      db,
      { firstName: 'Jana', surname: `Zkušebná${i}`, age: 16, town: 'Brno', region: 'JHM', category: 'poster', title: `Work ${i}`, statement: 's', altText: 'alt text here', artistEmail: `a${i}@example.org`, consentPublish: true },
      [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
      { lang: 'cs' },
    );
    ids.push(e.id);
    refs.push(e.reference);
  }
  await db.run(`UPDATE entries SET status = 'accepted', consent_exhibit = 1, consent_print = 1`);
  return { db, dir, editionId, ids, refs };
}

describe('the edition’s originals setting', () => {
  it('is off until an organiser turns it on, and is audited', async () => {
    const { db, editionId, ids } = await seed(1);
    expect(await originalsSetting(db, editionId)).toEqual({ byPost: false, afterTour: 'return' });
    expect(await entryNeedsOriginal(db, ids[0]!)).toBe(false);
    await saveOriginalsSetting(db, ORG, editionId, { byPost: true, afterTour: 'archive' });
    expect(await originalsSetting(db, editionId)).toEqual({ byPost: true, afterTour: 'archive' });
    expect(await entryNeedsOriginal(db, ids[0]!)).toBe(true);
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'edition.originals'"))!.n).toBe(1);
    await db.close();
  });
});

describe('the post desk', () => {
  it('receives an original once, tells a second scan and an unknown or unreadable one apart, and lists the day’s arrivals', async () => {
    const { db, ids, refs } = await seed(2);
    expect(await receiveScan(db, ORG, `https://ct.example/admin/originals?ref=${refs[0]}`)).toEqual({ kind: 'received', entryId: ids[0], reference: refs[0] });
    expect(await receiveScan(db, ORG, refs[0]!.toLowerCase())).toMatchObject({ kind: 'already', entryId: ids[0] });
    expect(await receiveScan(db, ORG, 'CT-2099-0001')).toEqual({ kind: 'unknown', reference: 'CT-2099-0001' });
    expect(await receiveScan(db, ORG, 'banán')).toEqual({ kind: 'unreadable', scan: 'banán' });
    expect(await saveOriginalDetails(db, ORG, ids[0]!, { condition: 'worn', widthMm: 297, heightMm: 420, note: '' })).toBe(true);
    expect(await saveOriginalDetails(db, ORG, ids[1]!, { condition: 'worn', widthMm: 297, heightMm: 420, note: '' })).toBe(false);
    expect((await arrivalsSince(db)).map((a) => a.reference)).toEqual([refs[0]]);
    expect((await db.all<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'original.%' ORDER BY id")).map((a) => a.action)).toEqual(['original.received', 'original.details']);
    await db.close();
  });
});

describe('originals on tour', () => {
  it('hand-overs move a set’s originals to a stop in order, refuse what is out of order, and say what is missing', async () => {
    const { db, editionId, ids, refs } = await seed(3);
    await setSelection(db, editionId, 'exhibition', ids);
    const set = await createSet(db, { name: 'A', panels: 10, wallM: 10, notes: '', bufferBefore: 1, bufferAfter: 1 });
    const stop = await createStop(db, { setId: set.id, venue: 'Galerie', address: 'Náměstí 1', town: 'Praha', region: 'PHA', firstDay: '2027-03-01', lastDay: '2027-03-20', isPublic: true });
    await assignToSet(db, ORG, set.id, ids);
    for (const r of refs.slice(0, 2)) await receiveScan(db, ORG, r);
    await saveOriginalDetails(db, ORG, ids[0]!, { condition: 'good', widthMm: 500, heightMm: 700, note: '' });
    const items = ids.slice(0, 2).map((entryId) => ({ entryId, damage: '' }));

    expect(await recordHandover(db, ORG, { setId: set.id, stopId: stop.id, kind: 'hung', items })).toMatchObject({ ok: false, code: 'order' });
    expect(await recordHandover(db, ORG, { setId: set.id, stopId: null, kind: 'packed', items: [...items, { entryId: ids[2]!, damage: '' }] })).toEqual({
      ok: false, code: 'order', refused: [{ reference: refs[2], state: 'not-received' }],
    });
    expect(await recordHandover(db, ORG, { setId: set.id, stopId: null, kind: 'arrived', items })).toEqual({ ok: false, code: 'stop' });
    expect(await recordHandover(db, ORG, { setId: set.id, stopId: null, kind: 'packed', items })).toEqual({ ok: true, moved: 2 });
    expect(await recordHandover(db, ORG, { setId: set.id, stopId: stop.id, kind: 'arrived', items: [{ entryId: ids[0]!, damage: 'roh ohnutý' }, items[1]!] })).toEqual({ ok: true, moved: 2 });

    const works = await setWorks(db, editionId, set.id, 'cs');
    expect(works.map((w) => [w.state, w.stopId])).toEqual([['arrived', stop.id], ['arrived', stop.id], ['office', null]]);
    expect((await getOriginal(db, ids[0]!))!).toMatchObject({ condition: 'damaged', note: 'roh ohnutý' });
    expect(await setLocation(db, set.id)).toEqual({ stopId: stop.id, onTour: true });
    expect(await missingForSet(db, works, set.id)).toEqual({ notReceived: [ids[2]], elsewhere: [] });
    expect(wallNeeded(works)).toEqual({ metres: 0.9, unknown: 2 });

    await recordHandover(db, ORG, { setId: set.id, stopId: stop.id, kind: 'taken_down', items });
    await recordHandover(db, ORG, { setId: set.id, stopId: null, kind: 'returned', items });
    expect(await setLocation(db, set.id)).toEqual({ stopId: null, onTour: false });
    expect((await setWorks(db, editionId, set.id, 'cs')).map((w) => w.state)).toEqual(['office', 'office', 'office']);
    await db.close();
  });

  it('erasing an entry removes its original, its place in a set, its hand-overs and its scan', async () => {
    const { db, dir, editionId, ids, refs } = await seed(2);
    await setSelection(db, editionId, 'exhibition', ids);
    const set = await createSet(db, { name: 'A', panels: 10, wallM: 10, notes: '', bufferBefore: 1, bufferAfter: 1 });
    await assignToSet(db, ORG, set.id, ids);
    await receiveScan(db, ORG, refs[0]!);
    await recordHandover(db, ORG, { setId: set.id, stopId: null, kind: 'packed', items: [{ entryId: ids[0]!, damage: 'skvrna' }] });
    mkdirSync(join(dir, 'artworks', String(ids[0])), { recursive: true });
    writeFileSync(join(dir, 'artworks', String(ids[0]), 'original-scan.jpg'), 'scan');
    await eraseEntry({ db, storage: openFileStorage(dir), config: loadConfig({ DATA_DIR: dir }) }, ORG, ids[0]!);
    for (const table of ['originals', 'set_works', 'original_handover_items']) {
      expect((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE entry_id = ?`, ids[0]!))!.n, table).toBe(0);
    }
    expect(existsSync(join(dir, 'artworks', String(ids[0]), 'original-scan.jpg'))).toBe(false);
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM set_works WHERE entry_id = ?', ids[1]!))!.n).toBe(1);
    await db.close();
  });
});
