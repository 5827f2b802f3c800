import { getCollection } from 'astro:content';
import type { Lang } from '#src/i18n/index.ts';
import type { ActivityLink } from '#src/catalogue/book.ts';

/** The activity texts of a language as links to works (for teacher's questions and the report). */
export async function activityLinks(lang: Lang): Promise<ActivityLink[]> {
  const texts = await getCollection('catalogueTexts', (e) => e.id.startsWith(`${lang}/`) && e.data.kind === 'activity');
  return texts.flatMap((e) => (e.data.kind === 'activity' ? [{ id: e.id, title: e.data.title, works: e.data.works, categories: e.data.categories, questions: e.data.questions }] : []));
}
