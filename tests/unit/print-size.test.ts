import { describe, expect, it } from 'vitest';
import { FORMATS, geometry, pageDpi, printBox, printIssueSql, PRINT_DPI } from '#src/artworks/print-size.ts';
import { placeImage } from '#src/catalogue/layout.ts';
import { freshDb } from '../helpers/db.ts';

const SIZES = [
  [1200, 1600], [1600, 1200], [2000, 2000], [2480, 3508], [3508, 2480], [2055, 2150], [2055, 2900], [800, 6000], [6000, 800], [4000, 5000],
] as const;

describe('one print box and one effective dpi for every place that shows or checks it', () => {
  it('a first page is printed above its texts, further pages after it in reading order, four to an A4 page', () => {
    const g = geometry('a4', 'print');
    expect(printBox(1)).toEqual(g.mainImage);
    expect(printBox(2)).toEqual(g.extraImage);
    expect(g.sequence).toEqual({ columns: 2, rows: 2 });
    // Two across and two down fit the page with their captions.
    expect(2 * printBox(2).width).toBeLessThan(g.content.width);
    expect(2 * printBox(2).height).toBeLessThan(g.content.height);
    // A5 is too small for that: one further page per page, as wide as the text.
    expect(geometry('a5', 'print').extraImage.width).toBe(geometry('a5', 'print').content.width);
    // 1200 × 1600 px as a first page: its height touches the box.
    expect(pageDpi(1200, 1600, 1)).toBe(Math.floor((1600 * 25.4) / printBox(1).height));
  });

  it('the catalogue report judges the same number the entry page shows, in every format', () => {
    for (const format of FORMATS) {
      const g = geometry(format, 'print');
      for (const [w, h] of SIZES) {
        expect(Math.floor(placeImage(g, w, h, true).masterDpi)).toBe(pageDpi(w, h, 1, format));
        expect(Math.floor(placeImage(g, w, h, false).masterDpi)).toBe(pageDpi(w, h, 2, format));
      }
    }
  });

  it("the review queue's SQL flags exactly the pages pageDpi puts under 300 dpi", async () => {
    const { db } = await freshDb('dpi');
    for (const [w, h] of SIZES) {
      for (const pageNo of [1, 2, 7]) {
        const flagged = (await db.get<{ x: number }>(`SELECT (${printIssueSql('p')}) AS x FROM (SELECT CAST(? AS INTEGER) AS width, CAST(? AS INTEGER) AS height, CAST(? AS INTEGER) AS page_no) p`, w, h, pageNo))!.x === 1;
        expect(flagged, `${w}×${h} page ${pageNo}`).toBe(pageDpi(w, h, pageNo) < PRINT_DPI);
      }
    }
  });
});
