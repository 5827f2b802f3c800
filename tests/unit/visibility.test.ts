import { describe, expect, it } from 'vitest';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { CONSENT_STATES, ENTRY_STATUSES } from '#src/entries/entry.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { isAwardPublic, isEmbargoed, isVisible, publicAwardSql, PUBLISH_WORKS, visibleSql, type EmbargoFacts, type Visibility, type VisibilityFacts } from '#src/entries/visibility.ts';
import { ROUND_STATES } from '#src/jury/jury.ts';
import { freshDb } from '../helpers/db.ts';

const KINDS: Visibility[] = ['exhibitable', 'public', 'printable'];
/** Every combination of the entry's own facts visibility depends on. */
const FACTS: VisibilityFacts[] = ENTRY_STATUSES.flatMap((status) =>
  CONSENT_STATES.flatMap((consentState) =>
    [false, true].flatMap((consentPublish) => [false, true].map((consentPrint) => ({ status, consentState, consentPublish, consentPrint }))),
  ),
);
/** Every state of the entry's edition the embargo depends on. */
const EDITIONS = PUBLISH_WORKS.flatMap((publishWorks) =>
  ROUND_STATES.flatMap((judging) => [false, true].map((published) => ({ publishWorks, judging, published }))),
);
const embargoFacts = (d: (typeof EDITIONS)[number]): EmbargoFacts => ({ publishWorks: d.publishWorks, roundStarted: d.judging !== 'not_started', resultsPublished: d.published });
const visible = (kind: Visibility, f: VisibilityFacts, d: (typeof EDITIONS)[number]) => (kind === 'public' ? isVisible(kind, f, embargoFacts(d)) : isVisible(kind, f));

async function seed() {
  const { db } = await freshDb('vis');
  const edition = await createEdition(db, defaultEdition());
  const id = (await insertEntry(
    db,
    { firstName: 'Ema', surname: 'Nováková', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title: 'T', statement: 's', altText: 'alt text here', artistEmail: 'e@e.org', consentPublish: true },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs' },
  )).id;
  const set = async (f: VisibilityFacts) =>
    await db.run('UPDATE entries SET status = ?, consent_state = ?, consent_publish = ?, consent_print = ? WHERE id = ?', f.status, f.consentState, Number(f.consentPublish), Number(f.consentPrint), id);
  const setEdition = async (d: (typeof EDITIONS)[number]) =>
    await db.run('UPDATE editions SET publish_works = ?, judging = ?, results_published_at = ? WHERE id = ?', d.publishWorks, d.judging, d.published ? '2026-06-01T10:00:00.000Z' : null, edition.id);
  const version = async () => (await db.get<{ v: number }>('SELECT media_version AS v FROM entries WHERE id = ?', id))!.v;
  return { db, id, set, setEdition, version };
}

describe('visibility: one rule for who may see an entry', () => {
  it('the SQL condition, with or without a table alias, agrees with the predicate for every entry and edition state', async () => {
    const { db, id, set, setEdition } = await seed();
    for (const d of EDITIONS) {
      await setEdition(d);
      for (const f of FACTS) {
        await set(f);
        for (const kind of KINDS) {
          const bare = (await db.get(`SELECT 1 AS x FROM entries WHERE id = ? AND ${visibleSql(kind)}`, id)) !== undefined;
          const aliased = (await db.get(`SELECT 1 AS x FROM entries e WHERE e.id = ? AND ${visibleSql(kind, 'e')}`, id)) !== undefined;
          expect([bare, aliased], `${kind} ${JSON.stringify(f)} ${JSON.stringify(d)}`).toEqual([visible(kind, f, d), visible(kind, f, d)]);
        }
      }
    }
  });

  it('the media-version trigger moves exactly when an entry enters or leaves the public set by its own change', async () => {
    const { set, setEdition, version } = await seed();
    // Under no embargo, and under one (a started round waiting for results).
    for (const d of [EDITIONS.find((e) => e.publishWorks === 'acceptance')!, EDITIONS.find((e) => e.publishWorks === 'auto' && e.judging === 'open' && !e.published)!]) {
      await setEdition(d);
      for (const from of FACTS) {
        for (const to of FACTS) {
          await set(from);
          const before = await version();
          await set(to);
          const moved = (await version()) !== before;
          expect(moved, `${JSON.stringify(from)} -> ${JSON.stringify(to)} in ${JSON.stringify(d)}`).toBe(visible('public', from, d) !== visible('public', to, d));
        }
      }
    }
  });

  it('the media-version trigger moves exactly when the edition puts a public entry under embargo or lifts it', async () => {
    const { set, setEdition, version } = await seed();
    // An entry public by its own facts, one accepted but not consented, one not accepted: the rule's three cases.
    const own = [
      FACTS.find((f) => f.status === 'accepted' && f.consentPublish && f.consentState === 'not_needed')!,
      FACTS.find((f) => f.status === 'accepted' && !f.consentPublish)!,
      FACTS.find((f) => f.status === 'received' && f.consentPublish)!,
    ];
    for (const f of own) {
      await set(f);
      for (const from of EDITIONS) {
        for (const to of EDITIONS) {
          await setEdition(from);
          const before = await version();
          await setEdition(to);
          expect((await version()) !== before, `${JSON.stringify(f)}: ${JSON.stringify(from)} -> ${JSON.stringify(to)}`).toBe(visible('public', f, from) !== visible('public', f, to));
        }
      }
    }
  });

  it('printing and publishing are separate consents; nothing shows before acceptance or after a withdrawal', () => {
    const open = { publishWorks: 'acceptance', roundStarted: false, resultsPublished: false } as const;
    const base = { status: 'accepted', consentState: 'not_needed', consentPublish: true, consentPrint: false } as const;
    expect(isVisible('public', base, open)).toBe(true);
    expect(isVisible('printable', base)).toBe(false);
    expect(isVisible('exhibitable', { ...base, consentPublish: false })).toBe(true);
    expect(isVisible('public', { ...base, consentState: 'withdrawn', consentPrint: true }, open) || isVisible('printable', { ...base, consentState: 'withdrawn', consentPrint: true })).toBe(false);
    expect(isVisible('public', { ...base, status: 'received', consentPrint: true }, open)).toBe(false);
  });

  it('the embargo: by default works wait for the results once a round has started; the setting can say otherwise', () => {
    const auto = (roundStarted: boolean, resultsPublished: boolean) => isEmbargoed({ publishWorks: 'auto', roundStarted, resultsPublished });
    expect(auto(false, false), 'no jury yet: public on acceptance').toBe(false);
    expect(auto(true, false), 'while judging: held back').toBe(true);
    expect(auto(true, true), 'results out: public').toBe(false);
    expect(isEmbargoed({ publishWorks: 'acceptance', roundStarted: true, resultsPublished: false })).toBe(false);
    expect(isEmbargoed({ publishWorks: 'results', roundStarted: false, resultsPublished: false })).toBe(true);
    expect(isEmbargoed({ publishWorks: 'results', roundStarted: false, resultsPublished: true })).toBe(false);
  });

  it('an award is public only once the results are published, in SQL as in the predicate', async () => {
    const { db, id, setEdition } = await seed();
    const editionId = (await db.get<{ edition_id: number }>('SELECT edition_id FROM entries WHERE id = ?', id))!.edition_id;
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, '1. místo', '1st place') RETURNING id`, editionId))!.id;
    for (const awardId of [null, award]) {
      await db.run('UPDATE entries SET award_id = ? WHERE id = ?', awardId, id);
      for (const d of EDITIONS) {
        await setEdition(d);
        const sql = (await db.get(`SELECT 1 AS x FROM entries e WHERE e.id = ? AND ${publicAwardSql('e')}`, id)) !== undefined;
        expect(sql, JSON.stringify({ awardId, d })).toBe(isAwardPublic({ awardId }, { resultsPublished: d.published }));
      }
    }
    expect(isAwardPublic({ awardId: 1 }, { resultsPublished: false })).toBe(false);
    expect(isAwardPublic({ awardId: 1 }, { resultsPublished: true })).toBe(true);
  });
});
