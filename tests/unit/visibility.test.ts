import { describe, expect, it } from 'vitest';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { CONSENT_STATES, ENTRY_STATUSES } from '#src/entries/entry.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { isVisible, visibleSql, type Visibility } from '#src/entries/visibility.ts';
import { freshDb } from '../helpers/db.ts';

const KINDS: Visibility[] = ['exhibitable', 'public', 'printable'];
/** Every combination of the facts visibility depends on. */
const FACTS = ENTRY_STATUSES.flatMap((status) =>
  CONSENT_STATES.flatMap((consentState) =>
    [false, true].flatMap((consentPublish) => [false, true].map((consentPrint) => ({ status, consentState, consentPublish, consentPrint }))),
  ),
);

async function seed() {
  const { db } = await freshDb('vis');
  await createEdition(db, defaultEdition());
  const id = (await insertEntry(
    db,
    { firstName: 'Ema', surname: 'Nováková', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title: 'T', statement: 's', altText: 'alt text here', artistEmail: 'e@e.org', consentPublish: true },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs' },
  )).id;
  const set = async (f: (typeof FACTS)[number]) =>
    await db.run('UPDATE entries SET status = ?, consent_state = ?, consent_publish = ?, consent_print = ? WHERE id = ?', f.status, f.consentState, Number(f.consentPublish), Number(f.consentPrint), id);
  return { db, id, set };
}

describe('visibility: one rule for who may see an entry', () => {
  it('the SQL condition, with or without a table alias, agrees with the predicate for every combination', async () => {
    const { db, id, set } = await seed();
    for (const f of FACTS) {
      await set(f);
      for (const kind of KINDS) {
        const bare = await db.get(`SELECT 1 AS x FROM entries WHERE id = ? AND ${visibleSql(kind)}`, id) !== undefined;
        const aliased = await db.get(`SELECT 1 AS x FROM entries e WHERE e.id = ? AND ${visibleSql(kind, 'e')}`, id) !== undefined;
        expect([bare, aliased], `${kind} ${JSON.stringify(f)}`).toEqual([isVisible(kind, f), isVisible(kind, f)]);
      }
    }
  });

  it('the media-version trigger of the migrations moves exactly when an entry enters or leaves the public set', async () => {
    const { db, id, set } = await seed();
    const version = async () => (await db.get<{ v: number }>('SELECT media_version AS v FROM entries WHERE id = ?', id))!.v;
    for (const from of FACTS) {
      for (const to of FACTS) {
        await set(from);
        const before = await version();
        await set(to);
        const moved = await version() !== before;
        expect(moved, `${JSON.stringify(from)} -> ${JSON.stringify(to)}`).toBe(isVisible('public', from) !== isVisible('public', to));
      }
    }
  });

  it('printing and publishing are separate consents; nothing shows before acceptance or after a withdrawal', () => {
    const base = { status: 'accepted', consentState: 'not_needed', consentPublish: true, consentPrint: false } as const;
    expect(isVisible('public', base)).toBe(true);
    expect(isVisible('printable', base)).toBe(false);
    expect(isVisible('exhibitable', { ...base, consentPublish: false })).toBe(true);
    expect(KINDS.some((k) => isVisible(k, { ...base, consentState: 'withdrawn', consentPrint: true }))).toBe(false);
    expect(KINDS.some((k) => isVisible(k, { ...base, status: 'received', consentPrint: true }))).toBe(false);
  });
});
