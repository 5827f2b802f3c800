import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { namesEntry } from '#src/catalogue/book.ts';
import { locality } from '#src/entries/credit.ts';
import { geometry } from '#src/artworks/print-size.ts';
import { fitMainImage, MIN_MAIN_IMAGE_SHARE, pdfBoxes, placeImage, textHeight } from '#src/catalogue/layout.ts';
import { finishPdf, paddingFor } from '#src/catalogue/pdf/pdf-boxes.ts';
import { contactSheet } from '#src/catalogue/pdf/contact-sheet.ts';
import { dropUnreachable } from '#src/catalogue/pdf/pdf-objects.ts';
import { readinessAfter } from '#src/catalogue/readiness.ts';
import { parseHelpLines, parsePartnerLines, partnerLines } from '#src/catalogue/settings.ts';

describe('catalogue geometry', () => {
  it('places pictures at 300 dpi for print and 150 for screen, downsampling but never upsampling', () => {
    const print = geometry('a4', 'print');
    const big = placeImage(print, 6000, 8000, true);
    expect(big.pixelWidth).toBeLessThan(6000);
    expect(big.placedDpi).toBeGreaterThanOrEqual(300);
    expect(big.placedDpi).toBeLessThan(301);
    const small = placeImage(print, 1240, 1754, true);
    expect(small.pixelWidth).toBe(1240);
    expect(small.masterDpi).toBeLessThan(300);
    const screen = placeImage(geometry('a4', 'screen'), 6000, 8000, true);
    expect(screen.placedDpi).toBeGreaterThanOrEqual(150);
    expect(screen.placedDpi).toBeLessThan(151);
    // The picture always fits its box.
    expect(big.printed.width).toBeLessThanOrEqual(print.mainImage.width);
    expect(big.printed.height).toBeLessThanOrEqual(print.mainImage.height);
  });

  it('has bleed only in the print edition, and A5 smaller than A4', () => {
    expect(geometry('a4', 'print').bleed).toBe(3);
    expect(geometry('a5', 'screen').bleed).toBe(0);
    const a5 = pdfBoxes(geometry('a5', 'print'));
    expect(a5.media.width).toBeCloseTo((154 * 72) / 25.4, 2);
    const text = 'Slovo '.repeat(50);
    expect(textHeight(geometry('a5', 'print'), text, [])).toBeGreaterThan(textHeight(geometry('a4', 'print'), text, []));
  });

  it('makes a work\'s main picture smaller so its statement and questions stay on its page, down to a floor', () => {
    const g = geometry('a4', 'print');
    const full = placeImage(g, 3000, 4243, true).printed;
    expect(full.height).toBeCloseTo(g.mainImage.height, 0);
    const room = (printed: { height: number }) => g.content.height - g.titleBlock - 6 - printed.height;
    const questions = ['Co plakát říká jedinou větou?', 'Komu je určen a kde by měl viset, aby ho viděli ti, kdo ho potřebují?'];

    // A short statement: the picture as placed.
    const short = fitMainImage(g, full, textHeight(g, 'Krátce.', questions));
    expect(short).toEqual({ printed: full, textFits: true });

    // 600 characters and two questions (what overflowed by two lines before): smaller, in proportion, and the text fits.
    const longText = textHeight(g, 'x'.repeat(600), questions);
    expect(longText).toBeGreaterThan(room(full));
    const long = fitMainImage(g, full, longText);
    expect(long.textFits).toBe(true);
    expect(long.printed.height).toBeLessThan(full.height);
    expect(long.printed.height).toBeLessThanOrEqual(room({ height: 0 }) - longText + 0.05);
    expect(long.printed.width / long.printed.height).toBeCloseTo(full.width / full.height, 2);

    // More than fits beside the smallest picture allowed: the floor, and the text flows on.
    const huge = fitMainImage(g, full, textHeight(g, 'x'.repeat(4000), questions));
    expect(huge.textFits).toBe(false);
    expect(huge.printed.height).toBeCloseTo(g.mainImage.height * MIN_MAIN_IMAGE_SHARE, 0);

    // A caption with an award and a "continues" line needs two lines more.
    expect(textHeight(g, 'x', [], 2) - textHeight(g, 'x', [])).toBeCloseTo(2 * 11.5 * 1.45 * (25.4 / 72), 2);
  });
});

describe('catalogue PDF post-processing', () => {
  it('pads to a multiple of 4 before the back cover and sets exact TrimBox and BleedBox on every page', async () => {
    expect([1, 2, 3, 4, 5].map((n) => paddingFor(n, 4))).toEqual([3, 2, 1, 0, 3]);
    expect(paddingFor(7, 1)).toBe(0);
    const doc = await PDFDocument.create();
    const size: [number, number] = [612, 859];
    for (let i = 0; i < 5; i++) doc.addPage(size).drawText(`page ${i + 1}`);
    const done = await finishPdf(await doc.save(), { bleedMm: 3, padTo: 4, sheetMm: { width: 216, height: 303 }, title: 'Katalog 2026', lang: 'cs', author: 'Kreslená pravda', subject: 'test' });
    expect(done).toMatchObject({ pages: 8, padded: 3 });
    const out = await PDFDocument.load(done.bytes);
    expect(out.getTitle()).toBe('Katalog 2026');
    expect(out.getAuthor()).toBe('Kreslená pravda');
    for (const page of out.getPages()) {
      const trim = page.getTrimBox();
      expect(trim.width).toBeCloseTo((210 * 72) / 25.4, 1);
      expect(trim.height).toBeCloseTo((297 * 72) / 25.4, 1);
      expect(page.getBleedBox().width).toBeCloseTo((216 * 72) / 25.4, 1);
    }
    // The back cover (the last page Chromium wrote) stays last; the blank pages come before it.
    const contentful = out.getPages().map((p) => (p.node.Contents() ? 1 : 0));
    expect(contentful).toEqual([1, 1, 1, 1, 0, 0, 0, 1]);
  });

  it('drops the objects nothing refers to, and keeps every one the document reaches', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const orphan = doc.context.register(doc.context.stream('orphan', {}));
    const before = doc.context.enumerateIndirectObjects().length;
    expect(dropUnreachable(doc)).toBe(1);
    expect(doc.context.lookup(orphan)).toBeUndefined();
    expect(doc.context.enumerateIndirectObjects().length).toBe(before - 1);
    expect(dropUnreachable(doc)).toBe(0);
  });

  it('writes no object nothing refers to: the content streams that now mark artifacts replace leave the file', async () => {
    const doc = await PDFDocument.create();
    for (let n = 0; n < 3; n++) doc.addPage([595, 842]).drawRectangle({ x: 10, y: 10, width: 100, height: 100, color: rgb(0.2, 0.4, 0.6) });
    const done = await finishPdf(await doc.save(), { bleedMm: 0, padTo: 1, title: 'Popisky', lang: 'cs', author: 'Kreslená pravda', subject: 'test' });
    expect(done.accessibility.artifacts).toBe(3);
    // Read back (object streams compressed by Node's zlib, decoded by pdf-lib's own inflate).
    const out = await PDFDocument.load(done.bytes);
    expect(out.getPageCount()).toBe(3);
    expect(dropUnreachable(out)).toBe(0);
  });
});

describe('the contact sheet', () => {
  // Eleven pages, each filled with its own grey (page n: 20n), so a tile shows which page it is.
  const pdf = async () => {
    const doc = await PDFDocument.create();
    for (let n = 1; n <= 11; n++) {
      const page = doc.addPage([210, 297]);
      page.drawRectangle({ x: 0, y: 0, width: 210, height: 297, color: rgb((20 * n) / 255, (20 * n) / 255, (20 * n) / 255) });
    }
    return doc.save();
  };
  // The grey at the middle of each tile, row by row: the layout's constants (tile 150 px high, gaps 14, labels 16).
  const greys = async (png: Buffer, tiles: number) => {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const columns = Math.round((info.width - 14) / (106 + 14));
    return Array.from({ length: tiles }, (_, i) => {
      const x = 14 + (i % columns) * (106 + 14) + 50;
      const y = 14 + Math.floor(i / columns) * (150 + 16 + 14) + 75;
      return data[(y * info.width + x) * info.channels]!;
    });
  };
  const expected = [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 255, 255, 220];

  for (const [renderer, tool] of [['MuPDF', undefined], ['poppler, when MuPDF is missing', 'ct-no-such-tool']] as const) {
    it(`shows every page in order, the padding as blank pages before the last (${renderer})`, async () => {
      const before = process.env.CONTACT_SHEET_MUTOOL;
      if (tool) process.env.CONTACT_SHEET_MUTOOL = tool;
      try {
        const png = await contactSheet(await pdf(), 11, 2);
        const got = await greys(png, 13);
        got.forEach((g, i) => expect(Math.abs(g - expected[i]!), `tile ${i + 1}: ${g}`).toBeLessThanOrEqual(3));
      } finally {
        if (tool) process.env.CONTACT_SHEET_MUTOOL = before;
        if (before === undefined) delete process.env.CONTACT_SHEET_MUTOOL;
      }
    });
  }
});

describe('catalogue content and settings', () => {
  it('ties activities to works by full reference or the number at its end', () => {
    expect(namesEntry(['CT-2026-0007'], 'CT-2026-0007')).toBe(true);
    expect(namesEntry(['7'], 'CT-2026-0007')).toBe(true);
    expect(namesEntry(['0008'], 'CT-2026-0007')).toBe(false);
  });

  it('indexes a private artist by region only, others by town', () => {
    expect(locality({ town: 'Jihlava', region: 'VYS', hideName: false }, 'cs')).toBe('Jihlava');
    expect(locality({ town: 'Jihlava', region: 'VYS', hideName: true }, 'en')).toMatch(/Vysočina/);
  });

  it('reads partners and help contacts typed one per line, and refuses bad lines', () => {
    const p = parsePartnerLines('Nadace X | partner | partner | https://example.org | modry-most.svg\nSpolek Y');
    expect(p).toMatchObject({ ok: true, partners: [{ name: 'Nadace X', logo: 'modry-most.svg' }, { name: 'Spolek Y' }] });
    expect(parsePartnerLines('   ')).toEqual({ ok: true, partners: undefined });
    expect(parsePartnerLines('X | a | b | not a url')).toEqual({ ok: false, line: 1 });
    expect(partnerLines(p.ok ? p.partners : [])).toContain('Nadace X | partner | partner | https://example.org | modry-most.svg');
    expect(parseHelpLines('Linka | 116 111 | nonstop | always')).toMatchObject({ ok: true, contacts: [{ organisation: 'Linka', phone: '116 111' }] });
    expect(parseHelpLines('Linka | call us')).toEqual({ ok: false, line: 1 });
  });

  it('turns layout facts into report items: TOC mismatches, overflow and split pictures are errors', () => {
    const items = readinessAfter({ pages: 40, expected: 38, overflows: [{ page: 7, what: 'img' }], splitImages: [{ page: 9 }], toc: [{ title: 'A', listed: 5, actual: 5 }, { title: 'B', listed: 6, actual: 7 }] });
    expect(items.map((i) => `${i.level}:${i.code}`)).toEqual(['error:overflow', 'error:split-image', 'error:toc']);
    expect(readinessAfter({ pages: 80, expected: 40, overflows: [], splitImages: [], toc: [] })).toMatchObject([{ level: 'warning', code: 'pages' }]);
  });
});
