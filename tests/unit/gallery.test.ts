import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import type { Category } from '#src/entries/entry.ts';
import { insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { galleryHref, parseGalleryQuery, queryGallery } from '#src/gallery/gallery.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
let another: () => Promise<Db>;
let editionId: number;

async function add(title: string, category: Category, age: number, region: string, status: 'accepted' | 'received' = 'accepted', consent = true) {
  await insertEntry(
    db,
    { firstName: 'A', surname: 'B', age, region: region as 'PHA', category, title, altText: 'x'.repeat(12), consentPublish: consent as true },
    [{ width: 800, height: 1000, widths: [480], placeholder: 'data:,' }],
    { lang: 'cs', status },
  );
}

beforeAll(async () => {
  ({ db, another } = await freshDb('gal'));
  editionId = (await createEdition(db, defaultEdition())).id;
  await add('comic-prague-14', 'comic', 14, 'PHA');
  await add('poster-prague-11', 'poster', 11, 'PHA');
  await add('comic-brno-17', 'comic', 17, 'JHM');
  await add('comic-brno-13', 'comic', 13, 'JHM');
  await add('waiting', 'comic', 14, 'PHA', 'received');
  await add('no-consent', 'comic', 14, 'PHA', 'accepted', false);
  for (let i = 0; i < 30; i++) await add(`poster-${i}`, 'poster', 16, 'ZLK');
});

const titles = async (q: string, size?: number) => (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams(q)), size)).entries.map((e) => e.title);

describe('gallery filters', () => {
  it('combine category, age group and region', async () => {
    expect(await titles('category=comic&region=JHM')).toEqual(['comic-brno-17', 'comic-brno-13']);
    expect(await titles('category=comic&region=JHM&age=13-15')).toEqual(['comic-brno-13']);
    expect(await titles('category=poster&region=PHA&age=10-12')).toEqual(['poster-prague-11']);
  });

  it('never show entries that are not accepted or have no consent', async () => {
    const all = (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams()), 1000)).entries.map((e) => e.title);
    expect(all).not.toContain('waiting');
    expect(all).not.toContain('no-consent');
    expect(all).toHaveLength(34);
  });

  it('page through results and clamp a page past the end', async () => {
    const p2 = await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('category=poster&page=2')), 24);
    expect(p2).toMatchObject({ total: 31, page: 2, pages: 2 });
    expect(p2.entries).toHaveLength(7);
    const past = await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('category=poster&page=99')), 24);
    expect(past).toMatchObject({ total: 31, page: 2, pages: 2 });
    expect(past.entries.map((e) => e.title)).toEqual(p2.entries.map((e) => e.title));
    const first = await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('category=poster')), 24);
    expect(first.entries).toHaveLength(24);
    expect(new Set([...first.entries, ...p2.entries].map((e) => e.id)).size, 'two pages, no work twice').toBe(31);
    expect(await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('region=KVK&page=3')), 24)).toMatchObject({ entries: [], total: 0, page: 1, pages: 1 });
  });

  it('ignore unknown values instead of failing, so old shared links still open', () => {
    expect(parseGalleryQuery(new URLSearchParams('category=sculpture&region=XX&age=1-2&page=-3'))).toEqual({ page: 1 });
  });

  it('write shareable links without empty parts', () => {
    expect(galleryHref('/en/gallery', { category: 'comic', page: 1 })).toBe('/en/gallery?category=comic');
    expect(galleryHref('/en/gallery', { page: 1 })).toBe('/en/gallery');
    expect(galleryHref('/en/gallery', { region: 'PHA', age: '13-15', page: 3 })).toBe('/en/gallery?age=13-15&region=PHA&page=3');
  });
});

describe('the kept count of a filter', () => {
  it('follows every change of what is public, made here or by another process', async () => {
    const zlin = async (on = db) => (await queryGallery(on, editionId, parseGalleryQuery(new URLSearchParams('region=ZLK&page=2')), 24));
    expect(await zlin()).toMatchObject({ total: 30, pages: 2 });
    expect((await zlin()).entries).toHaveLength(6);
    const [first] = (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('region=ZLK')), 24)).entries;
    await setStatus(db, first!.id, 'rejected', 1, 'test');
    expect(await zlin()).toMatchObject({ total: 29, pages: 2 });
    expect((await zlin()).entries).toHaveLength(5);
    const other = await another();
    try {
      expect(await zlin(other)).toMatchObject({ total: 29 });
      await setStatus(other, first!.id, 'accepted', 1);
      // On PostgreSQL this process learns of the other's commit once it is announced.
      await expect.poll(async () => (await zlin()).total, { timeout: 5000 }).toBe(30);
      expect((await zlin()).entries).toHaveLength(6);
    } finally {
      if (other !== db) await other.close();
    }
  });
});
