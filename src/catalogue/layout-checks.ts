import type { LayoutFacts } from './readiness.ts';

/**
 * The checks of a laid-out print product that only the browser can make (Paged.js fails
 * silently): pages, content running out of its page, pictures split across pages, whether each
 * contents entry names the page its title is really on, and how many items (works, labels,
 * certificates…) made it onto the pages. Runs inside the page through Playwright's page.evaluate,
 * so it must stay self-contained; readiness.ts turns the facts into report items.
 */
export function inspectLayout(): LayoutFacts & {
  entryIds: number[];
  title: string;
  items: { expected: number; actual: number; what: string };
  links: { dests: Record<string, string>; uris: Record<string, string> };
} {
  const pages = [...document.querySelectorAll<HTMLElement>('.pagedjs_page')];
  const pageOf = (el: Element) => Number((el.closest('.pagedjs_page') as HTMLElement | null)?.dataset.pageNumber ?? 0);
  const overflows: { page: number; what: string }[] = [];
  for (const page of pages) {
    const area = page.querySelector('.pagedjs_page_content');
    if (!area) continue;
    const box = area.getBoundingClientRect();
    for (const el of area.querySelectorAll('img, figure, p, li, h1, h2, h3, h4, table, pre')) {
      const r = el.getBoundingClientRect();
      if (r.height === 0) continue;
      if (r.bottom > box.bottom + 2 || r.right > box.right + 2) {
        overflows.push({ page: pageOf(el), what: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}` });
        break;
      }
    }
  }
  const splitImages = [...document.querySelectorAll('.pagedjs_pages figure[data-split-from], .pagedjs_pages img[data-split-from]')].map((el) => ({ page: pageOf(el) }));
  // Page numbers were written into the contents after layout (public/print/paged-config.js); the
  // title of the work or chapter must be on that very page.
  const toc = [...document.querySelectorAll<HTMLAnchorElement>('.pagedjs_pages .toc a[href^="#"]')].flatMap((a) => {
    const id = decodeURIComponent(a.getAttribute('href')!.slice(1));
    const target = document.getElementById(id);
    const heading = target?.matches('h1, h2, h3, h4') ? target : target?.querySelector('h1, h2, h3, h4');
    const listed = Number(a.querySelector('[data-page-of]')?.textContent ?? 0);
    const title = (a.querySelector('.toc-title')?.textContent ?? a.textContent ?? '').trim();
    return heading ? [{ title, listed, actual: pageOf(heading) }] : [];
  });
  const entryIds = [...new Set([...document.querySelectorAll<HTMLElement>('.pagedjs_pages [data-entry-id]')].map((el) => Number(el.dataset.entryId)))];
  const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  const title = meta('catalogue-title') ?? meta('print-title') ?? document.title;
  const expected = Number(meta('catalogue-expected-pages') ?? meta('print-expected-pages') ?? pages.length);
  // Items are counted by their own ids: an item Paged.js split over two pages counts once.
  const items = {
    expected: Number(meta('print-count') ?? 0),
    actual: new Set([...document.querySelectorAll<HTMLElement>('.pagedjs_pages [data-print-item]')].map((el) => el.dataset.printItem)).size,
    what: meta('print-count-what') ?? '',
  };
  // What each link leads to, in words, for the PDF's link annotations (first description wins).
  const links = { dests: {} as Record<string, string>, uris: {} as Record<string, string> };
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.pagedjs_pages a[href]')) {
    const href = a.getAttribute('href')!;
    const words = (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (href.startsWith('#')) {
      const id = decodeURIComponent(href.slice(1));
      const target = document.getElementById(id);
      const heading = (target?.matches('h1, h2, h3, h4') ? target : target?.querySelector('h1, h2, h3, h4'))?.textContent?.replace(/\s+/g, ' ').trim();
      links.dests[id] ??= [heading ?? words, `${meta('print-page-word') ?? 'p.'} ${target ? pageOf(target) : ''}`].filter(Boolean).join(', ');
    } else links.uris[href] ??= words || href;
  }
  return { pages: pages.length, expected, overflows, splitImages, toc, entryIds, title, items, links };
}
