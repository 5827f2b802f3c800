import { beforeEach, describe, expect, it } from 'vitest';
import { createAward, editionAward, listAwards, publicAwards, seedDemoAwards, setAward, winners } from '#src/jury/awards.ts';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition, makeCurrent } from '#src/editions/edition.ts';
import type { Category } from '#src/entries/entry.ts';
import { getEntry, getPublic, insertEntry, publicArtwork, setStatus } from '#src/entries/entry-store.ts';
import { ANY_AWARD, editionFacets, galleryHref, parseGalleryQuery, queryGallery, requestedEdition } from '#src/gallery/gallery.ts';
import { derivativeUrl, pictureSources } from '#src/gallery/media.ts';
import { bumpPublicVersion, etagMatches, publicEtag, publicVersion, readPublic } from '#src/platform/http/public-cache.ts';
import { wrapTitle } from '#src/gallery/share-image.ts';
import { getHelpContacts, setHelpContacts, DEFAULT_HELP_CONTACTS } from '#src/gallery/help.ts';
import { bound, IDENTITY, panBy, zoomAt } from '#src/components/viewer/zoom.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
let another: () => Promise<Db>;
let editionId: number;

async function add(title: string, category: string, age: number, status: 'accepted' | 'received' = 'accepted'): Promise<number> {
  return (await insertEntry(
    db,
    { firstName: 'A', surname: 'B', age, region: 'PHA', category: category as Category, title, altText: 'x'.repeat(12), consentPublish: true },
    [{ width: 800, height: 1000, widths: [480, 960], placeholder: 'data:,' }],
    { lang: 'cs', status },
  )).id;
}

beforeEach(async () => {
  ({ db, another } = await freshDb('pub'));
  editionId = (await createEdition(db, {
    ...defaultEdition(),
    categories: [
      { code: 'comic', cs: 'Komiks', en: 'Comic' },
      { code: 'leaflet', cs: 'Leták', en: 'Leaflet' },
    ],
    ageGroups: [{ min: 10, max: 14 }, { min: 15, max: 19 }],
  })).id;
});

/** The edition's results are out: its awards may show. */
const publish = async () => await db.run(`UPDATE editions SET results_published_at = '2026-06-01T10:00:00.000Z' WHERE id = ?`, editionId);

describe('awards and winners', () => {
  it('a winners list shows each award with its public works, in award order', async () => {
    const first = await createAward(db, editionId, { nameCs: '1. místo', nameEn: '1st place', position: 1 });
    const mention = await createAward(db, editionId, { nameCs: 'Uznání', nameEn: 'Mention', position: 5 });
    const a = await add('a', 'comic', 12);
    const b = await add('b', 'comic', 16);
    const hidden = await add('hidden', 'comic', 16, 'received');
    expect(await setAward(db, b, mention.id)).toBe(true);
    expect(await setAward(db, a, first.id)).toBe(true);
    expect(await setAward(db, hidden, first.id)).toBe(true);
    expect(await winners(db, editionId), 'drafts until the results are published').toEqual([]);
    await publish();
    expect((await winners(db, editionId)).map((w) => [w.award.nameEn, w.entries.map((e) => e.title)])).toEqual([
      ['1st place', ['a']],
      ['Mention', ['b']],
    ]);
    expect(await setAward(db, a, null)).toBe(true);
    expect((await getEntry(db, a))!.awardId).toBeNull();
  });

  it('an award of another edition cannot be given', async () => {
    const a = await add('a', 'comic', 12);
    const other = await createEdition(db, { ...defaultEdition(), year: 2020 });
    const foreign = await createAward(db, other.id, { nameCs: 'x', nameEn: 'x' });
    expect(await setAward(db, a, foreign.id)).toBe(false);
    expect(await setAward(db, 999, null)).toBe(false);
  });

  it('the demo prizes are seeded once', async () => {
    for (let i = 0; i < 15; i++) await add(`w${i}`, 'comic', 12);
    expect(await seedDemoAwards(db, editionId)).toBe(5);
    expect(await seedDemoAwards(db, editionId)).toBe(0);
    expect((await listAwards(db, editionId)).map((a) => a.nameEn)).toEqual(['1st place', '2nd place', '3rd place', 'Special mention']);
  });
});

describe('gallery facets of an edition', () => {
  it('offer the edition’s own categories and age groups, and filter by award', async () => {
    const award = await createAward(db, editionId, { nameCs: '1. místo', nameEn: '1st place' });
    await add('comic-12', 'comic', 12);
    const won = await add('leaflet-16', 'leaflet', 16);
    await add('leaflet-11', 'leaflet', 11);
    await setAward(db, won, award.id);
    await publish();
    const facets = editionFacets(createEditionLookup(), [award.id]);
    const titles = async (q: string) => (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams(q), facets))).entries.map((e) => e.title);
    expect(await titles('category=leaflet')).toEqual(['leaflet-16', 'leaflet-11']);
    expect(await titles('category=leaflet&age=10-14')).toEqual(['leaflet-11']);
    expect(await titles(`award=${ANY_AWARD}`)).toEqual(['leaflet-16']);
    expect(await titles(`award=${award.id}&category=comic`)).toEqual([]);
    // The built-in groups and categories of other editions are not this edition's: ignored.
    expect(parseGalleryQuery(new URLSearchParams('category=poster&age=13-15&award=77'), facets)).toEqual({ page: 1 });
  });

  it('past editions are chosen by year in the URL, the current one by default', async () => {
    const current = await createEdition(db, { ...defaultEdition(), year: 2030 });
    expect((await requestedEdition(db, new URLSearchParams()))!.id).toBe(current.id);
    expect((await requestedEdition(db, new URLSearchParams(`edition=${new Date().getUTCFullYear()}`)))!.id).toBe(editionId);
    expect((await requestedEdition(db, new URLSearchParams('edition=1999')))!.id).toBe(current.id);
    await makeCurrent(db, editionId);
    expect(galleryHref('/cs/gallery', { edition: 2030, award: 'any', page: 2 })).toBe('/cs/gallery?edition=2030&award=any&page=2');
  });
});

function createEditionLookup() {
  return { categories: [{ code: 'comic', cs: 'Komiks', en: 'Comic' }, { code: 'leaflet', cs: 'Leták', en: 'Leaflet' }], ageGroups: [{ min: 10, max: 14 }, { min: 15, max: 19 }] };
}

describe('cache validators', () => {
  const url = new URL('http://x/cs/gallery?category=comic');

  it('change when an organiser changes what the public sees, and only then', async () => {
    const id = await add('a', 'comic', 12, 'received');
    const before = await publicEtag(db, url);
    expect(await publicEtag(db, url)).toBe(before);
    await setStatus(db, id, 'accepted', 1);
    const accepted = await publicEtag(db, url);
    expect(accepted).not.toBe(before);
    await createAward(db, editionId, { nameCs: 'x', nameEn: 'x' });
    expect(await publicEtag(db, url)).not.toBe(accepted);
    const v = await publicVersion(db);
    await setHelpContacts(db, DEFAULT_HELP_CONTACTS);
    expect(await publicVersion(db)).toBeGreaterThan(v);
    await bumpPublicVersion(db);
    expect(await publicVersion(db)).toBe(v + 2);
    expect(await publicEtag(db, new URL('http://x/cs/gallery?category=poster'))).not.toBe(await publicEtag(db, url));
  });

  it('match If-None-Match lists, weak or strong', async () => {
    expect(etagMatches('"a", W/"b"', 'W/"b"')).toBe(true);
    expect(etagMatches('"b"', 'W/"b"')).toBe(true);
    expect(etagMatches('W/"c"', 'W/"b"')).toBe(false);
    expect(etagMatches(null, 'W/"b"')).toBe(false);
  });

  it('give pictures a new address when a work leaves and re-enters the public set, or its pages change', async () => {
    const id = await add('a', 'comic', 12, 'received');
    const v0 = (await getEntry(db, id))!.mediaVersion;
    await setStatus(db, id, 'accepted', 1);
    const v1 = (await getEntry(db, id))!.mediaVersion;
    expect(v1).not.toBe(v0);
    await db.run('UPDATE entries SET title = ? WHERE id = ?', 'renamed', id);
    expect((await getEntry(db, id))!.mediaVersion).toBe(v1);
    await db.run("UPDATE entries SET consent_state = 'withdrawn' WHERE id = ?", id);
    const v2 = (await getEntry(db, id))!.mediaVersion;
    await db.run("UPDATE entries SET consent_state = 'confirmed' WHERE id = ?", id);
    const v3 = (await getEntry(db, id))!.mediaVersion;
    expect(new Set([v1, v2, v3]).size).toBe(3);
    await db.run('UPDATE entry_pages SET width = 801 WHERE entry_id = ?', id);
    expect((await getEntry(db, id))!.mediaVersion).toBe(v3 + 1);
    const e = (await getEntry(db, id))!;
    expect(derivativeUrl(e, 1, 480, 'avif')).toBe(`/media/${id}/${e.mediaVersion}/p1-480.avif`);
    expect(pictureSources(e, e.pages[0]!, 500)).toMatchObject({ webp: `/media/${id}/${e.mediaVersion}/p1-480.webp 480w`, width: 801 });
  });
});

describe('an artwork page’s neighbours and award', () => {
  it('link the public works before and after in gallery order, skipping hidden ones', async () => {
    const a = await add('a', 'comic', 12);
    const hidden = await add('hidden', 'comic', 12, 'received');
    const b = await add('b', 'comic', 12);
    const c = await add('c', 'comic', 12);
    const around = async (id: number) => {
      const view = (await publicArtwork(db, id))!;
      return { prev: view.prev, next: view.next };
    };
    expect(await around(b)).toEqual({ prev: { id: a, title: 'a' }, next: { id: c, title: 'c' } });
    expect(await around(a)).toEqual({ prev: undefined, next: { id: b, title: 'b' } });
    expect(await around(c)).toEqual({ prev: { id: b, title: 'b' }, next: undefined });
    // A hidden work has no page at all.
    expect(await publicArtwork(db, hidden)).toBeUndefined();
    // Another edition's works are not neighbours.
    await createEdition(db, { ...defaultEdition(), year: 2031 });
    const other = await add('other', 'comic', 12);
    expect(await around(other)).toEqual({ prev: undefined, next: undefined });
    expect(await around(c)).toEqual({ prev: { id: b, title: 'b' }, next: undefined });
  });

  it('come with the work and its pages in order, as the other readers give them', async () => {
    const id = (await insertEntry(
      db,
      { firstName: 'A', surname: 'B', age: 12, region: 'PHA', category: 'comic', title: 'three pages', altText: 'x'.repeat(12), consentPublish: true },
      [1, 2, 3].map((n) => ({ width: 800 + n, height: 1000, widths: [480, 960], placeholder: `data:,${n}` })),
      { lang: 'cs', status: 'accepted' },
    )).id;
    const view = (await publicArtwork(db, id))!;
    expect(view.entry.pages.map((p) => [p.pageNo, p.width, p.placeholder])).toEqual([[1, 801, 'data:,1'], [2, 802, 'data:,2'], [3, 803, 'data:,3']]);
    expect(view.entry).toEqual(await getEntry(db, id));
    expect(await getPublic(db, id)).toEqual(await getEntry(db, id));
    const page = await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams()));
    expect(page.entries.find((e) => e.id === id)).toEqual(await getEntry(db, id));
    // A work whose pages are gone (mid-erase) reads with none rather than failing.
    await db.run('DELETE FROM entry_pages WHERE entry_id = ?', id);
    expect((await publicArtwork(db, id))!.entry.pages).toEqual([]);
  });

  it('show the award only once the results are published', async () => {
    const id = await add('a', 'comic', 12);
    const first = await createAward(db, editionId, { nameCs: '1. místo', nameEn: '1st place', position: 1 });
    await setAward(db, id, first.id);
    const shown = async (entryId: number) => editionAward(db, editionId, (await publicArtwork(db, entryId))!.publicAwardId);
    expect((await publicArtwork(db, id))!.publicAwardId).toBeNull();
    expect(await shown(id)).toBeUndefined();
    await publish();
    expect(await shown(id)).toEqual(first);
    expect(await shown(await add('b', 'comic', 12))).toBeUndefined();
  });
});

describe('public lookups kept by content version', () => {
  /** A stand-in database whose kept version the test moves, counting reads. */
  const fake = () => {
    const state = { version: 1 as number | undefined };
    return { state, db: { cachedPublicVersion: () => state.version } as unknown as Db };
  };

  it('read once per version, give each caller its own copy, and read every time without a known version', async () => {
    const { state, db } = fake();
    let reads = 0;
    const read = async () => ({ n: ++reads, list: [1] });
    const one = await readPublic(db, 'k', read);
    one.list.push(2);
    expect(await readPublic(db, 'k', read)).toEqual({ n: 1, list: [1] });
    state.version = 2;
    expect((await readPublic(db, 'k', read)).n).toBe(2);
    state.version = undefined;
    expect((await readPublic(db, 'k', read)).n).toBe(3);
    expect((await readPublic(db, 'k', read)).n).toBe(4);
  });

  it('keep nothing read while a change was announced', async () => {
    const { state, db } = fake();
    let reads = 0;
    await readPublic(db, 'k', async () => {
      state.version = 2;
      return ++reads;
    });
    state.version = 1;
    expect(await readPublic(db, 'k', async () => ++reads)).toBe(2);
  });

  it('show an organiser’s change at the next read, in this process and (on PostgreSQL, once announced) in another', async () => {
    const other = await another();
    try {
      expect(await listAwards(db, editionId)).toEqual([]);
      expect(await listAwards(other, editionId)).toEqual([]);
      const award = await createAward(db, editionId, { nameCs: 'Uznání', nameEn: 'Mention', position: 5 });
      expect(await listAwards(db, editionId)).toEqual([award]);
      await expect.poll(() => listAwards(other, editionId), { timeout: 5000 }).toEqual([award]);
      await publish();
      expect(await publicAwards(db, editionId)).toEqual([award]);
      const contacts = [{ ...DEFAULT_HELP_CONTACTS[0]!, phone: '800 123 456' }];
      await setHelpContacts(other, contacts);
      await expect.poll(async () => (await getHelpContacts(db))[0]!.phone, { timeout: 5000 }).toBe('800 123 456');
      // The version is known without a query (on PostgreSQL the listening copy, briefly not between a
      // change and its re-read), so the reads above went through the kept lookups.
      await expect.poll(() => db.cachedPublicVersion?.(), { timeout: 5000 }).toBeTypeOf('number');
    } finally {
      if (other !== db) await other.close();
    }
  });
});

describe('share picture titles', () => {
  it('wrap at word boundaries and end with an ellipsis when too long', async () => {
    expect(wrapTitle('Nabídka z internetu', 19, 4)).toEqual(['Nabídka z internetu']);
    expect(wrapTitle('Pět otázek, než odjedeš na brigádu', 19, 4)).toEqual(['Pět otázek, než', 'odjedeš na brigádu']);
    const long = wrapTitle('a '.repeat(100), 19, 3);
    expect(long).toHaveLength(3);
    expect(long[2]).toMatch(/…$/);
  });
});

describe('zoom and pan arithmetic', () => {
  it('zooms around a point and never leaves a gap at the edges', async () => {
    const z = zoomAt(IDENTITY, 2, 100, 100, 400, 600);
    expect(z).toEqual({ scale: 2, x: -100, y: -100 });
    expect(panBy(z, 500, 0, 400, 600).x).toBe(0);
    expect(panBy(z, -5000, 0, 400, 600).x).toBe(-400);
    expect(zoomAt(z, 10, 0, 0, 400, 600).scale).toBe(4);
    expect(bound({ scale: 0.5, x: 30, y: 30 }, 400, 600)).toEqual(IDENTITY);
  });
});

describe('the server’s page cache', () => {
  it('serves a kept page only under the same validator and forgets the least recently used', async () => {
    const { PageCache } = await import('#src/gallery/page-cache.ts');
    const cache = new PageCache(2);
    cache.set('/a', { etag: '1', body: 'a', headers: [] });
    cache.set('/b', { etag: '1', body: 'b', headers: [] });
    expect(cache.get('/a', '1')?.body).toBe('a');
    cache.set('/c', { etag: '1', body: 'c', headers: [] });
    expect(cache.get('/b', '1')).toBeUndefined();
    expect(cache.get('/a', '2')).toBeUndefined();
    expect(cache.get('/a', '1')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
