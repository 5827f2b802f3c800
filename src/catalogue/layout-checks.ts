import type { LayoutFacts } from './readiness.ts';

/**
 * The checks of the laid-out catalogue that only the browser can make (Paged.js fails silently):
 * pages, content running out of its page, pictures split across pages, and whether each contents
 * entry names the page its work really starts on. Runs inside the page through Playwright's
 * page.evaluate, so it must stay self-contained; readiness.ts turns the facts into report items.
 */
/** Gathers, in the laid-out page, what the report checks after rendering. */
export function inspectLayout(): LayoutFacts & { entryIds: number[]; title: string } {
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
  // Paged.js turns target-counter() into a counter reset by a rule it adds per link.
  const resets = new Map<string, number>();
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of rules) {
      const m = /^\[data-(target-counter-[\w-]+)="([^"]+)"\]/.exec((rule as CSSStyleRule).selectorText ?? '');
      const n = /(-?\d+)\s*$/.exec((rule as CSSStyleRule).style?.counterReset ?? '');
      if (m && n) resets.set(`${m[1]}=${m[2]}`, Number(n[1]));
    }
  }
  const toc = [...document.querySelectorAll<HTMLAnchorElement>('.pagedjs_pages .toc a[href^="#"]')].flatMap((a) => {
    const id = decodeURIComponent(a.getAttribute('href')!.slice(1));
    const target = document.querySelector(`.pagedjs_pages [id="${CSS.escape(id)}"]`);
    const mark = [...a.attributes].find((at) => at.name.startsWith('data-target-counter-'));
    const listed = mark ? (resets.get(`${mark.name.slice(5)}=${mark.value}`) ?? 0) : 0;
    return target ? [{ title: a.textContent!.trim(), listed, actual: pageOf(target) }] : [];
  });
  const entryIds = [...new Set([...document.querySelectorAll<HTMLElement>('.pagedjs_pages [data-entry-id]')].map((el) => Number(el.dataset.entryId)))];
  const title = document.querySelector<HTMLMetaElement>('meta[name="catalogue-title"]')?.content ?? document.title;
  const expected = Number(document.querySelector<HTMLMetaElement>('meta[name="catalogue-expected-pages"]')?.content ?? pages.length);
  return { pages: pages.length, expected, overflows, splitImages, toc, entryIds, title };
}
