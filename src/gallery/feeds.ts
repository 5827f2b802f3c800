import { LANGS, type Lang } from '#src/i18n/index.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { publicCredit } from '#src/entries/credit.ts';

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Paths every language has, in the sitemap with their translations. */
const STATIC_PATHS = ['', 'gallery', 'winners', 'tour', 'help', 'enter'];

/**
 * sitemap.xml of public pages only: entries passed in must already be public. `pastYears` adds the
 * gallery and winners of past editions.
 */
export function sitemap(origin: string, entries: Pick<EntryRecord, 'id'>[], pastYears: number[] = []): string {
  const paths = [
    ...STATIC_PATHS,
    ...pastYears.flatMap((y) => [`gallery?edition=${y}`, `winners?edition=${y}`]),
    ...entries.map((e) => `gallery/${e.id}`),
  ];
  const urls = paths.flatMap((p) =>
    LANGS.map((lang) => {
      const alternates = LANGS.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${esc(`${origin}/${l}/${p}`)}"/>`).join('');
      return `<url><loc>${esc(`${origin}/${lang}/${p}`)}</loc>${alternates}</url>`;
    }),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

export function robots(origin: string): string {
  return `User-agent: *\nDisallow: /admin\nDisallow: /print\nDisallow: /_actions\nAllow: /\n\nSitemap: ${origin}/sitemap.xml\n`;
}

/** An Atom feed of published works, newest first, credited by the public rule only. */
export function worksFeed(origin: string, lang: Lang, title: string, entries: EntryRecord[]): string {
  const newest = entries.map((e) => e.createdAt).sort().at(-1) ?? new Date(0).toISOString();
  const items = [...entries]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 50)
    .map((e) => {
      const url = `${origin}/${lang}/gallery/${e.id}`;
      return `<entry><id>${esc(url)}</id><title>${esc(e.title)}</title><link href="${esc(url)}"/><updated>${e.createdAt}</updated><author><name>${esc(publicCredit(e, lang))}</name></author><summary>${esc(e.altText)}</summary></entry>`;
    });
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}"><id>${esc(`${origin}/${lang}/feed.xml`)}</id><title>${esc(title)}</title><link rel="self" href="${esc(`${origin}/${lang}/feed.xml`)}"/><updated>${newest}</updated>\n${items.join('\n')}\n</feed>\n`;
}
