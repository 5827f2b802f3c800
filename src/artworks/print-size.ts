/**
 * The printed page and what a picture reaches on it: the catalogue's formats and editions, their
 * trim, margins and type, the boxes a work's pages are printed into (the first page above its
 * title and statement, further pages alone), and the one effective-dpi rule. The review queue, the
 * entry page, the record made at intake and the catalogue's readiness report all judge a page with
 * pageDpi() / printIssueSql(), so they name the same number for the same page.
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */
export const FORMATS = ['a4', 'a5'] as const;
export type Format = (typeof FORMATS)[number];
export const EDITIONS = ['print', 'screen'] as const;
export type CatalogueEdition = (typeof EDITIONS)[number];

export const isFormat = (v: unknown): v is Format => typeof v === 'string' && (FORMATS as readonly string[]).includes(v);
export const isCatalogueEdition = (v: unknown): v is CatalogueEdition => typeof v === 'string' && (EDITIONS as readonly string[]).includes(v);

/** The background task (platform/tasks/task-queue.ts) that makes an accepted work's print-size pictures ahead of printing. */
export const PRINT_PICTURES_TASK = 'print-pictures';

/** Under this a picture prints visibly soft: a warning. Under ERROR_DPI it is an error. */
export const PRINT_DPI = 300;
export const ERROR_DPI = 150;
/** The light edition for screens and classroom projectors. */
export const SCREEN_DPI = 150;
export const BLEED_MM = 3;
export const MM_PER_PT = 25.4 / 72;

export interface Box {
  width: number;
  height: number;
}

export interface Geometry {
  format: Format;
  edition: CatalogueEdition;
  trim: Box;
  /** Bleed on every side (0 for the screen edition). */
  bleed: number;
  marks: boolean;
  margin: { top: number; bottom: number; inner: number; outer: number };
  /** The area inside the margins. */
  content: Box;
  /** Base font size in points and line height as a factor. */
  fontPt: number;
  lineHeight: number;
  /** Resolution the pictures are made for (never more than the master has). */
  dpi: number;
  /** The first picture of a work: above the title block, below it the statement. */
  mainImage: Box;
  /** Further pages of a comic, in reading order on the pages after the first: a grid of `sequence` per page, each with a caption line. */
  extraImage: Box;
  sequence: { columns: number; rows: number };
  /** Height the title, award and credit take above the statement. */
  titleBlock: number;
  /** JPEG quality of the pictures made for this edition. */
  jpegQuality: number;
}

const TRIM: Record<Format, Box> = { a4: { width: 210, height: 297 }, a5: { width: 148, height: 210 } };

export function geometry(format: Format, edition: CatalogueEdition): Geometry {
  const trim = TRIM[format];
  const margin = format === 'a4' ? { top: 20, bottom: 20, inner: 20, outer: 16 } : { top: 15, bottom: 16, inner: 15, outer: 12 };
  const content = { width: trim.width - margin.inner - margin.outer, height: trim.height - margin.top - margin.bottom };
  // Body text a reader holds at arm's length: 11.5 pt on A4, 10 pt on the smaller A5 page.
  const fontPt = format === 'a4' ? 11.5 : 10;
  const lineHeight = 1.45;
  // The caption under the main picture: title, award, credit and the QR code beside them.
  const titleBlock = format === 'a4' ? 30 : 25;
  // Room kept under the main picture for the caption and a statement of about eight lines (nine on the narrower A5).
  const textRoom = titleBlock + (format === 'a4' ? 8 : 9) * lineMm(fontPt, lineHeight) + TEXT_GAP;
  return {
    format,
    edition,
    trim,
    bleed: edition === 'print' ? BLEED_MM : 0,
    marks: edition === 'print',
    margin,
    content,
    fontPt,
    lineHeight,
    dpi: edition === 'print' ? PRINT_DPI : SCREEN_DPI,
    mainImage: { width: content.width, height: round1(content.height - textRoom) },
    // A4 shows a comic's further pages two by two in reading order; A5 one per page.
    extraImage: format === 'a4' ? { width: round1((content.width - SEQUENCE_GUTTER) / 2), height: round1((content.height - SEQUENCE_GUTTER) / 2 - CAPTION_ROOM) } : { width: content.width, height: round1(content.height - CAPTION_ROOM) },
    sequence: format === 'a4' ? { columns: 2, rows: 2 } : { columns: 1, rows: 1 },
    titleBlock,
    jpegQuality: edition === 'print' ? 92 : 78,
  };
}

/** Millimetres to a tenth, as page boxes are given. */
export const round1 = (n: number) => Math.round(n * 10) / 10;
/** Space between a work's caption and the text under it (millimetres). */
export const TEXT_GAP = 6;
/** Room between the pictures of a comic's sequence, and under each for its caption (millimetres). */
export const SEQUENCE_GUTTER = 8;
export const CAPTION_ROOM = 9;

export function lineMm(fontPt: number, lineHeight: number): number {
  return fontPt * lineHeight * MM_PER_PT;
}

/** The printed size of a picture fitted into a box, keeping its proportions. */
export function fitInBox(pixelsWide: number, pixelsHigh: number, box: Box): Box {
  const scale = Math.min(box.width / pixelsWide, box.height / pixelsHigh);
  return { width: round1(pixelsWide * scale), height: round1(pixelsHigh * scale) };
}

/**
 * Resolution (dots per inch) of an image fitted whole ("contain") into a print box of the given
 * size in millimetres: the side that touches the box decides.
 */
export function effectiveDpi(pixelsWide: number, pixelsHigh: number, printWidthMm: number, printHeightMm: number): number {
  for (const v of [pixelsWide, pixelsHigh, printWidthMm, printHeightMm]) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError('effectiveDpi needs positive, finite sizes');
  }
  return Math.max((pixelsWide * 25.4) / printWidthMm, (pixelsHigh * 25.4) / printHeightMm);
}

/** The box a page of a work is printed into: the first page shares its page with the texts, further pages share theirs with each other. */
export function printBox(pageNo: number, format: Format = 'a4'): Box {
  const g = geometry(format, 'print');
  return pageNo === 1 ? g.mainImage : g.extraImage;
}

/** Effective dpi of a page printed in its box (A4 unless another format is named), in whole dots. */
export function pageDpi(pixelsWide: number, pixelsHigh: number, pageNo: number, format: Format = 'a4'): number {
  const box = printBox(pageNo, format);
  return Math.floor(effectiveDpi(pixelsWide, pixelsHigh, box.width, box.height));
}

/** SQL: the page (columns width, height, page_no of `alias`) prints under PRINT_DPI in the A4 catalogue; the same rule as pageDpi(). */
export function printIssueSql(alias: string): string {
  const main = printBox(1);
  const extra = printBox(2);
  const boxWidth = `(CASE WHEN ${alias}.page_no = 1 THEN ${main.width} ELSE ${extra.width} END)`;
  const boxHeight = `(CASE WHEN ${alias}.page_no = 1 THEN ${main.height} ELSE ${extra.height} END)`;
  // max(a, b) < dpi, written as both under it: the same on every SQL engine.
  return `(${alias}.width * 25.4 / ${boxWidth} < ${PRINT_DPI} AND ${alias}.height * 25.4 / ${boxHeight} < ${PRINT_DPI})`;
}
