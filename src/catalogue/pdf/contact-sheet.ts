/**
 * The contact sheet: every page of a print product small on one PNG, for a quick look before
 * sending a file to the print shop. Made from the pages Paged.js laid out in Chromium, after the
 * PDF was printed from them: they are shrunk with CSS zoom into a grid and photographed once
 * (no second rendering of the PDF, whose large pictures would take as long again to decode).
 * Blank pages the PDF got as padding are drawn as blank tiles before the last page.
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the contact sheet of a PDF goes: beside it, `<name>-contact-sheet.png`. */
export function contactSheetPath(pdfPath: string): string {
  return join(dirname(pdfPath), `${basename(pdfPath, extname(pdfPath))}-contact-sheet.png`);
}

/** A tile's width in pixels and the most tiles in a row. */
const TILE_PX = 150;
const MAX_COLUMNS = 12;

export async function contactSheet(page: Page, padBeforeLast: number): Promise<Buffer> {
  await page.emulateMedia({ media: 'screen' });
  const grid = await page.evaluate(
    ({ pad, tile, maxColumns }) => {
      const pages = [...document.querySelectorAll<HTMLElement>('.pagedjs_pages > .pagedjs_page')];
      const last = pages.at(-1);
      for (let i = 0; i < pad && last; i++) {
        const blank = document.createElement('div');
        blank.className = 'contact-blank';
        last.before(blank);
      }
      const first = pages[0]?.getBoundingClientRect();
      const width = first?.width ?? 800;
      const height = first?.height ?? 1100;
      const count = pages.length + pad;
      const columns = Math.min(maxColumns, Math.max(4, Math.ceil(Math.sqrt(count * 1.6))));
      const zoom = tile / width;
      const style = document.createElement('style');
      style.textContent = `
        html, body { background: #6b7280 !important; margin: 0 !important; }
        .pagedjs_pages { display: grid !important; grid-template-columns: repeat(${columns}, ${width}px); gap: 40px; padding: 40px; width: max-content !important; zoom: ${zoom}; }
        .pagedjs_page, .contact-blank { margin: 0 !important; box-shadow: none !important; background: #fff; }
        .contact-blank { width: ${width}px; height: ${height}px; }`;
      document.head.appendChild(style);
      return { columns, rows: Math.ceil(count / columns), zoom, width, height };
    },
    { pad: padBeforeLast, tile: TILE_PX, maxColumns: MAX_COLUMNS },
  );
  const w = Math.ceil((grid.columns * (grid.width + 40) + 40) * grid.zoom);
  const h = Math.ceil((grid.rows * (grid.height + 40) + 40) * grid.zoom);
  await page.setViewportSize({ width: Math.max(200, w), height: Math.max(200, Math.min(h, 8000)) });
  return page.screenshot({ fullPage: true, type: 'png', animations: 'disabled' });
}
