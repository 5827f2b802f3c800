/**
 * The catalogue's page geometry, shared by the print route (which lays the pages out with it), the
 * print-image route (which sizes the pictures with it) and the print-readiness report (which
 * judges the pictures and statements with it). Sizes are millimetres of the trimmed page.
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */
import { effectiveDpi } from '#src/artworks/images.ts';

export const FORMATS = ['a4', 'a5'] as const;
export type Format = (typeof FORMATS)[number];
export const EDITIONS = ['print', 'screen'] as const;
export type CatalogueEdition = (typeof EDITIONS)[number];

export const isFormat = (v: unknown): v is Format => typeof v === 'string' && (FORMATS as readonly string[]).includes(v);
export const isCatalogueEdition = (v: unknown): v is CatalogueEdition => typeof v === 'string' && (EDITIONS as readonly string[]).includes(v);

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
  /** Further pages of a comic, each alone with a caption line. */
  extraImage: Box;
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
  const fontPt = format === 'a4' ? 10.5 : 9;
  const lineHeight = 1.45;
  const titleBlock = format === 'a4' ? 26 : 22;
  // Room kept under the main picture for the title block and a statement of about eight lines.
  const textRoom = titleBlock + 8 * lineMm(fontPt, lineHeight) + 6;
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
    extraImage: { width: content.width, height: round1(content.height - 12) },
    titleBlock,
    jpegQuality: edition === 'print' ? 92 : 78,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function lineMm(fontPt: number, lineHeight: number): number {
  return fontPt * lineHeight * MM_PER_PT;
}

/** The printed size of a picture fitted into a box, keeping its proportions. */
export function fitInBox(pixelsWide: number, pixelsHigh: number, box: Box): Box {
  const scale = Math.min(box.width / pixelsWide, box.height / pixelsHigh);
  return { width: round1(pixelsWide * scale), height: round1(pixelsHigh * scale) };
}

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
  const printed = fitInBox(pixelsWide, pixelsHigh, main ? g.mainImage : g.extraImage);
  const masterDpi = effectiveDpi(pixelsWide, pixelsHigh, printed.width, printed.height);
  const wanted = Math.ceil((printed.width / 25.4) * g.dpi);
  const pixelWidth = Math.min(pixelsWide, wanted);
  return { printed, pixelWidth, masterDpi, placedDpi: (pixelWidth * 25.4) / printed.width };
}

/**
 * About how many characters of statement (and teacher's questions) fit under the main picture
 * of a work on its own page: more flows onto the next page, which the report mentions.
 */
export function statementCapacity(g: Geometry, printedImageHeight: number): number {
  const lineH = lineMm(g.fontPt, g.lineHeight);
  const lines = Math.floor((g.content.height - printedImageHeight - g.titleBlock - 6) / lineH);
  // An average character of Noto Sans is about half an em wide.
  const charsPerLine = Math.floor(g.content.width / (g.fontPt * MM_PER_PT * 0.5));
  return Math.max(0, lines) * charsPerLine;
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

/** Name of a cached print picture: page, pixel width and JPEG quality. */
export function printImageName(pageNo: number, width: number, quality: number): string {
  return `p${pageNo}-${width}-q${quality}.jpg`;
}
export const PRINT_IMAGE_NAME = /^p(\d{1,2})-(\d{2,5})-q(\d{2})\.jpg$/;
