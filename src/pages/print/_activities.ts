import { getCollection, render } from 'astro:content';
import type { Lang } from '#src/i18n/index.ts';
import { localized, localizedField } from '#src/i18n/index.ts';
import type { ActivityLink } from '#src/catalogue/book.ts';
import type { Db } from '#src/platform/db.ts';
import { getCatalogueSettings } from '#src/catalogue/settings.ts';

/** The activity texts of a language as links to works (for teacher's questions and the report). */
export async function activityLinks(lang: Lang): Promise<ActivityLink[]> {
  const texts = await getCollection('catalogueTexts', (e) => e.id.startsWith(`${lang}/`) && e.data.kind === 'activity');
  return texts.flatMap((e) => (e.data.kind === 'activity' ? [{ id: e.id, title: e.data.title, works: e.data.works, categories: e.data.categories, questions: e.data.questions }] : []));
}

/** The catalogue's texts of a language, in order, rendered, by kind. */
export async function catalogueTexts(lang: Lang) {
  const texts = (await getCollection('catalogueTexts', (e) => e.id.startsWith(`${lang}/`))).sort((a, b) => a.data.order - b.data.order);
  const all = await Promise.all(texts.map(async (e) => ({ entry: e, anchor: `text-${e.id.replace('/', '-')}`, Content: (await render(e)).Content })));
  const activities = all.flatMap((x) => (x.entry.data.kind === 'activity' ? [{ ...x, data: x.entry.data }] : []));
  return {
    forewords: all.filter((x) => x.entry.data.kind === 'foreword'),
    chapters: all.filter((x) => x.entry.data.kind === 'chapter'),
    activities,
    colophon: all.filter((x) => x.entry.data.kind === 'colophon'),
    links: activities.map(({ entry, data }): ActivityLink => ({ id: entry.id, title: data.title, works: data.works, categories: data.categories, questions: data.questions })),
  };
}

const logos = import.meta.glob('../../../catalogue/partners/*.svg', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The partners printed (the organisers' list, else the catalogue's own) with their logos as inline SVG, hidden from assistive technology (the name is printed beside). */
export async function printPartners(db: Db, lang: Lang) {
  const own = (await getCollection('cataloguePartners')).map((p) => p.data).sort((a, b) => a.order - b.order);
  return ((await getCatalogueSettings(db)).partners ?? own).map((p) => {
    const svg = p.logo ? Object.entries(logos).find(([path]) => path.endsWith(`/${p.logo}`))?.[1] : undefined;
    return {
      name: p.name,
      role: localized(localizedField(p, 'role'), lang),
      web: p.web?.replace(/^https?:\/\//, '').replace(/\/$/, ''),
      logo: svg?.replace('<svg', '<svg aria-hidden="true" focusable="false"'),
    };
  });
}
