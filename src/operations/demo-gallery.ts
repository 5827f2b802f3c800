import type { App } from '#src/platform/app.ts';
import { copyArtworks } from '#src/artworks/storage.ts';
import { seedDemoAwards } from '#src/jury/awards.ts';
import { createEdition, currentEdition, listEditions, makeCurrent } from '#src/editions/edition.ts';
import type { Category } from '#src/entries/entry.ts';
import { getEntry, insertEntry, listPublic, reserveEntryId } from '#src/entries/entry-store.ts';
import type { RegionCode } from '#src/platform/regions.ts';

/** Last year's demo works: their pictures are borrowed from this year's demo entries. */
export const PAST_ARTISTS: { firstName: string; surname: string; age: number; region: RegionCode; category: Category | 'leaflet'; title: string }[] = [
  { firstName: 'Marie', surname: 'Vlčková-Zahrádková', age: 15, region: 'JHC', category: 'poster', title: 'Otevři oči' },
  { firstName: 'Petr', surname: 'Nedomlelý', age: 17, region: 'KVK', category: 'comic', title: 'Smlouva' },
  { firstName: 'Lucie', surname: 'Chmelíčková', age: 13, region: 'ZLK', category: 'leaflet', title: 'Pět otázek, než odjedeš' },
  { firstName: 'Jan', surname: 'Štěpánovský', age: 18, region: 'PHA', category: 'poster', title: 'Kdo drží tvůj pas?' },
  { firstName: 'Sofie', surname: 'Wagnerová-Dlouhá', age: 12, region: 'LBK', category: 'comic', title: 'Nová kamarádka' },
  { firstName: 'Hugo', surname: 'Trnkovský', age: 16, region: 'OLK', category: 'leaflet', title: 'Linka, která poslouchá' },
];

/**
 * What the public gallery shows beyond the demo entries: prizes for this year's works and a past
 * edition (with its own categories and age groups) that stays browsable. Runs after seedDemo.
 */
export async function seedDemoGallery(app: App, log: (msg: string) => void = () => {}): Promise<void> {
  const { db } = app;
  const current = await currentEdition(db);
  if (!current) return;
  await seedDemoAwards(db, current.id);
  const year = current.year - 1;
  if ((await listEditions(db)).some((e) => e.year === year)) return;
  const donors = await listPublic(db, current.id);
  if (donors.length === 0) return;
  // Pictures first, under ids taken for them, then the rows: never a row without its pictures.
  const ids: number[] = [];
  for (const i of PAST_ARTISTS.keys()) {
    const id = await reserveEntryId(db);
    await copyArtworks(app.storage, donors[i % donors.length]!.id, id, (name) => name.startsWith('og-'));
    ids.push(id);
  }
  await db.tx(async (db) => {
    const past = await createEdition(db, {
      year,
      titleCs: `Kreslená pravda ${year}`,
      titleEn: `Cartoon Truth ${year}`,
      themeCs: 'Komu můžeš věřit?',
      themeEn: 'Whom can you trust?',
      opensAt: `${year}-01-01T00:00:00+01:00`,
      closesAt: `${year}-04-30T23:59:59+02:00`,
      categories: [
        { code: 'comic', cs: 'Komiks', en: 'Comic' },
        { code: 'poster', cs: 'Plakát', en: 'Poster' },
        { code: 'leaflet', cs: 'Leták', en: 'Leaflet' },
      ],
      ageGroups: [{ min: 12, max: 14 }, { min: 15, max: 19 }],
    });
    for (const [i, a] of PAST_ARTISTS.entries()) {
      const donor = (await getEntry(db, donors[i % donors.length]!.id))!;
      await insertEntry(
        db,
        { ...a, category: a.category as Category, altText: donor.altText, consentPublish: true },
        donor.pages,
        { lang: 'cs', status: 'accepted', createdAt: `${year}-03-${String(10 + i).padStart(2, '0')}T10:00:00.000Z`, id: ids[i]! },
      );
    }
    await seedDemoAwards(db, past.id);
    await makeCurrent(db, current.id);
  });
  log(`demo: past edition ${year} with ${PAST_ARTISTS.length} works`);
}
