/**
 * The catalogue's page geometry, shared by the print route (which lays the pages out with it), the
 * print-image route (which sizes the pictures with it) and the print-readiness report (which
 * judges the pictures and statements with it). Sizes are millimetres of the trimmed page; the page
 * itself (formats, margins, picture boxes) is artworks/print-size.ts.
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */
import { effectiveDpi, fitInBox, lineMm, MM_PER_PT, round1, TEXT_GAP, type Box, type Geometry } from '#src/artworks/print-size.ts';

export interface PlacedImage {
  /** Printed size in millimetres. */
  printed: Box;
  /** Pixel width of the picture made for this edition: never more than the master has. */
  pixelWidth: number;
  /** Effective resolution of the master at the printed size (what the report judges). */
  masterDpi: number;
  /** Effective resolution of the picture actually placed. */
  placedDpi: number;
}

/** Where a page of a work goes and at what resolution: downsampled to the edition's dpi, never upsampled. */
export function placeImage(g: Geometry, pixelsWide: number, pixelsHigh: number, main: boolean): PlacedImage {
  return placeInBox(pixelsWide, pixelsHigh, main ? g.mainImage : g.extraImage, g.dpi);
}

/** A picture fitted into a box (millimetres) at a resolution: the pixels to make, never more than the master has. */
export function placeInBox(pixelsWide: number, pixelsHigh: number, box: Box, dpi: number): PlacedImage {
  const printed = fitInBox(pixelsWide, pixelsHigh, box);
  const masterDpi = effectiveDpi(pixelsWide, pixelsHigh, box.width, box.height);
  const wanted = Math.ceil((printed.width / 25.4) * dpi);
  const pixelWidth = Math.min(pixelsWide, wanted);
  return { printed, pixelWidth, masterDpi, placedDpi: (pixelWidth * 25.4) / printed.width };
}

/** The print route's address of a picture made for print. */
export function printImageSrc(entryId: number, pageNo: number, pixelWidth: number, quality: number): string {
  return `/print/image/${entryId}/${printImageName(pageNo, pixelWidth, quality)}`;
}

/** The smallest share of its box a work's main picture is given to keep the text under it on its page. */
export const MIN_MAIN_IMAGE_SHARE = 0.6;

/**
 * Millimetres the text under a work's main picture takes: for the statement and for the teacher's
 * questions, a label, the lines and the space after (print.css: `.label`, `.statement p`,
 * `.work-questions ul`, each question a bullet 6 mm in). `extraLines` for a longer caption (an award,
 * a comic's "continues on page"). Lines are counted at half an em per character, a little wider than
 * Noto Serif's average, so the estimate errs on the long side.
 */
export function textHeight(g: Geometry, statement: string, questions: readonly string[], extraLines = 0): number {
  const lineH = lineMm(g.fontPt, g.lineHeight);
  const em = g.fontPt * MM_PER_PT;
  const linesOf = (text: string, width: number) => Math.ceil(text.length / Math.floor(width / (em * 0.5)));
  const label = 0.75 * lineH + 1;
  const after = 3;
  let mm = extraLines * lineH;
  if (statement) mm += label + linesOf(statement, g.content.width) * lineH + after;
  if (questions.length) mm += label + questions.reduce((n, q) => n + linesOf(q, g.content.width - 6), 0) * lineH + after;
  return mm;
}

/**
 * The main picture's printed size with the text under it on the same page: as placed when the text
 * fits, else smaller (its pixels unchanged, so the picture made on acceptance still serves) down to
 * MIN_MAIN_IMAGE_SHARE of its box; `textFits` says whether the text then fits (if not it flows on to
 * the next page, and the readiness report says so).
 */
export function fitMainImage(g: Geometry, printed: Box, textMm: number): { printed: Box; textFits: boolean } {
  const room = g.content.height - g.titleBlock - TEXT_GAP - textMm;
  if (printed.height <= room) return { printed, textFits: true };
  const scale = Math.min(1, Math.max(room, g.mainImage.height * MIN_MAIN_IMAGE_SHARE) / printed.height);
  return { printed: { width: round1(printed.width * scale), height: round1(printed.height * scale) }, textFits: printed.height * scale <= room };
}

/** PDF points of the whole sheet (trim plus bleed) and of the trim box inside it. */
export function pdfBoxes(g: Geometry): { media: Box; trim: { x: number; y: number; width: number; height: number }; bleedPt: number } {
  const pt = (mm: number) => mm / MM_PER_PT;
  const bleedPt = pt(g.bleed);
  return {
    media: { width: pt(g.trim.width + 2 * g.bleed), height: pt(g.trim.height + 2 * g.bleed) },
    trim: { x: bleedPt, y: bleedPt, width: pt(g.trim.width), height: pt(g.trim.height) },
    bleedPt,
  };
}

/** The @page rules of one run: size, bleed and marks, margins mirrored for left and right pages. */
export function pageCss(g: Geometry): string {
  const m = g.margin;
  return `@page { size: ${g.trim.width}mm ${g.trim.height}mm; bleed: ${g.bleed}mm; marks: ${g.marks ? 'crop' : 'none'}; margin: ${m.top}mm ${m.outer}mm ${m.bottom}mm ${m.inner}mm; }
@page :left { margin-left: ${m.outer}mm; margin-right: ${m.inner}mm; }
@page :right { margin-left: ${m.inner}mm; margin-right: ${m.outer}mm; }
:root { --trim-w: ${g.trim.width}mm; --trim-h: ${g.trim.height}mm; --bleed: ${g.bleed}mm; --content-w: ${g.content.width}mm; --content-h: ${g.content.height}mm; --font: ${g.fontPt}pt; --lh: ${g.lineHeight}; --m-top: ${m.top}mm; --m-bottom: ${m.bottom}mm; --m-inner: ${m.inner}mm; --m-outer: ${m.outer}mm; }`;
}

/** The @page rules of a product other than the catalogue: its sheet, no running heads. */
export function productPageCss(s: { trim: Box; bleed: number; marks: boolean; margin: number }): string {
  return `@page { size: ${s.trim.width}mm ${s.trim.height}mm; bleed: ${s.bleed}mm; marks: ${s.marks ? 'crop' : 'none'}; margin: ${s.margin}mm; }
:root { --trim-w: ${s.trim.width}mm; --trim-h: ${s.trim.height}mm; --bleed: ${s.bleed}mm; --margin: ${s.margin}mm; }`;
}

/** Name of a cached print picture: page, pixel width and JPEG quality. */
export function printImageName(pageNo: number, width: number, quality: number): string {
  return `p${pageNo}-${width}-q${quality}.jpg`;
}
export const PRINT_IMAGE_NAME = /^p(\d{1,2})-(\d{2,5})-q(\d{2})\.jpg$/;
