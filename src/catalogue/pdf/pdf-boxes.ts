/**
 * Post-processing of the PDF Chromium writes (pdf-lib), in one load and one save: the print
 * edition is padded with blank pages before the back cover to a multiple of 4 pages; every page
 * gets a TrimBox (the trimmed page) and a BleedBox (trim plus bleed); then the document is made
 * to meet PDF/UA-1's machine-checkable rules (pdf-ua.ts: artifacts, role map, lists, figures,
 * link descriptions, XMP with title, language and the PDF/UA identifier). Objects nothing refers
 * to any more are left out of the file, and object streams are compressed by Node's zlib
 * (pdf-objects.ts).
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { ParseSpeeds, PDFDocument, PDFName } from 'pdf-lib';
import { MM_PER_PT } from '#src/artworks/print-size.ts';
import { makeAccessible, type AccessibilityInfo, type AccessibilityResult } from './pdf-ua.ts';
import { dropUnreachable, useNativeDeflate } from './pdf-objects.ts';

export interface FinishOptions {
  /** Bleed on each side in millimetres (0 without bleed). */
  bleedMm: number;
  /** The sheet (trim plus bleed) in millimetres: Chromium rounds page sizes to whole pixels, the boxes are exact. */
  sheetMm?: { width: number; height: number };
  /** Pad to a multiple of this many pages (4 for a printed book, 1 otherwise). */
  padTo: number;
  title: string;
  lang: string;
  author: string;
  subject: string;
  keywords?: string[];
  links?: AccessibilityInfo['links'];
}

export interface Finished {
  bytes: Uint8Array;
  pages: number;
  /** Blank pages added before the back cover. */
  padded: number;
  accessibility: AccessibilityResult;
}

/** How many blank pages make `pages` a multiple of `padTo`. */
export function paddingFor(pages: number, padTo: number): number {
  return padTo > 1 ? (padTo - (pages % padTo)) % padTo : 0;
}

/**
 * pdf-lib pauses with a 0 ms timer every 100 objects it parses and every 50 it writes, and Node's
 * timers wait at least a millisecond: for a 284-page book of 11,700 objects that was a third of a
 * second of doing nothing. Every 1,500 objects it still lets the site (where catalogue jobs run)
 * answer requests in between, about every 30 ms.
 */
const OBJECTS_PER_PAUSE = ParseSpeeds.Fast;

export async function finishPdf(input: Uint8Array, o: FinishOptions): Promise<Finished> {
  const pdf = await PDFDocument.load(input, { updateMetadata: false, parseSpeed: OBJECTS_PER_PAUSE });
  const count = pdf.getPageCount();
  const padded = paddingFor(count, o.padTo);
  if (padded > 0) {
    const last = pdf.getPage(count - 1);
    const { width, height } = last.getMediaBox();
    // Blank pages go before the back cover, which stays the last page.
    for (let i = 0; i < padded; i++) pdf.insertPage(count - 1, [width, height]);
  }
  const bleed = o.bleedMm / MM_PER_PT;
  for (const page of pdf.getPages()) {
    const media = page.getMediaBox();
    const top = media.y + media.height;
    // The layout starts at the top left corner: exact boxes are anchored there.
    const width = o.sheetMm ? o.sheetMm.width / MM_PER_PT : media.width;
    const height = o.sheetMm ? o.sheetMm.height / MM_PER_PT : media.height;
    const x = media.x;
    const y = top - height;
    page.setMediaBox(x, y, width, height);
    page.setCropBox(x, y, width, height);
    page.setBleedBox(x, y, width, height);
    page.setTrimBox(x + bleed, y + bleed, width - 2 * bleed, height - 2 * bleed);
  }
  const accessibility = makeAccessible(pdf, { title: o.title, lang: o.lang, author: o.author, subject: o.subject, keywords: o.keywords ?? [], ...(o.links ? { links: o.links } : {}) });
  // Open with the bookmarks shown.
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  dropUnreachable(pdf);
  useNativeDeflate();
  const bytes = await pdf.save({ useObjectStreams: true, objectsPerTick: OBJECTS_PER_PAUSE });
  return { bytes, pages: count + padded, padded, accessibility };
}
