/**
 * The print products of an edition and their options, one schema for the command line, the admin
 * form, the print routes and the background jobs:
 *  - catalogue: the book (A4/A5, print or screen edition);
 *  - labels: a wall label per work of the exhibition selection, several per A4 sheet with cut
 *    marks or one per page at a chosen size;
 *  - poster: an A3 poster for one tour stop;
 *  - certificates: one A4 certificate per participant, with full names (organisers only);
 *  - worksheets: the catalogue's activities as class handouts with their works;
 *  - backlabels: a label for the back of each posted original (reference, QR code for the post
 *    desk, category, public credit), ten to an A4 sheet with cut marks (src/originals/);
 *  - packinglist: the originals an exhibition set carries to a stop (thumbnails, references, QR
 *    codes, sizes, the wall they need), A4;
 *  - returnslips: at the end of the tour, one A4 slip per school naming the school and its
 *    returned originals (reference and public credit), with room to sign;
 *  - consentforms: one A4 consent form per pupil of a class whose guardian consents on paper (the
 *    pupil's full name, the work's title, thumbnail, reference and a QR code), for the teacher only.
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { z } from 'zod';
import { EDITIONS, FORMATS, BLEED_MM, type Box } from '#src/artworks/print-size.ts';
import { CATALOGUE_LANGS, type Lang } from '#src/i18n/config.ts';

export const PRODUCTS = ['catalogue', 'labels', 'poster', 'certificates', 'worksheets', 'backlabels', 'packinglist', 'returnslips', 'consentforms'] as const;
export type Product = (typeof PRODUCTS)[number];
export const isProduct = (v: unknown): v is Product => typeof v === 'string' && (PRODUCTS as readonly string[]).includes(v);

/** Products that carry full names: organisers only, never published, never cached in a public place. */
export const PRIVATE_PRODUCTS: readonly Product[] = ['certificates', 'returnslips', 'consentforms'];
/** Products with QR codes pointing at the public site. */
export const QR_PRODUCTS: readonly Product[] = ['catalogue', 'labels', 'poster'];

export const LABEL_LAYOUTS = ['sheet', 'single'] as const;
export type LabelLayout = (typeof LABEL_LAYOUTS)[number];

/** Label sizes in millimetres: small enough for two across an A4 sheet, at most a sheet. */
export const LABEL_LIMITS = { minWidth: 60, maxWidth: 210, minHeight: 40, maxHeight: 297 } as const;
export const DEFAULT_LABEL_SIZE = { sheet: '95x65', single: '148x105' } as const;
/** Room kept around the labels on a sheet for the cut marks. */
export const SHEET_MARGIN_MM = 8;

const bool = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
const year = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(2000).max(2200).optional());
const id = z.coerce.number().int().positive();
export const labelSizeSchema = z
  .string()
  .trim()
  .regex(/^\d{2,3}(\.\d)?\s*[x×]\s*\d{2,3}(\.\d)?$/, { error: 'size' })
  .transform((s) => {
    const [w, h] = s.split(/\s*[x×]\s*/).map(Number) as [number, number];
    return { width: w, height: h };
  })
  .refine((b) => b.width >= LABEL_LIMITS.minWidth && b.width <= LABEL_LIMITS.maxWidth && b.height >= LABEL_LIMITS.minHeight && b.height <= LABEL_LIMITS.maxHeight, { error: 'size' });

/** A list of entry ids, as a query string gives it ("4,7,9") or as an array. */
const entryIds = z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(id).min(1).max(500));
/** The label for the back of an original: two across and five down an A4 sheet. */
export const BACK_LABEL_SIZE: Box = { width: 95, height: 55 };

const common = {
  lang: z.enum(CATALOGUE_LANGS).default(CATALOGUE_LANGS[0]),
  /** The competition edition by year; the current one when absent. */
  year,
  force: bool.default(false),
};

export const printOptionsSchema = z.discriminatedUnion('product', [
  z.object({ product: z.literal('catalogue'), ...common, format: z.enum(FORMATS).default('a4'), edition: z.enum(EDITIONS).default('print') }),
  z.object({
    product: z.literal('labels'),
    ...common,
    layout: z.enum(LABEL_LAYOUTS).default('sheet'),
    size: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional().refine((v) => v === undefined || labelSizeSchema.safeParse(v).success, { error: 'size' })),
  }),
  z.object({ product: z.literal('poster'), ...common, stop: id, artwork: z.preprocess((v) => (v === '' ? undefined : v), id.optional()) }),
  z.object({ product: z.literal('certificates'), ...common }),
  z.object({ product: z.literal('worksheets'), ...common }),
  z.object({ product: z.literal('backlabels'), ...common, entries: entryIds }),
  z.object({ product: z.literal('packinglist'), ...common, set: id, stop: z.preprocess((v) => (v === '' ? undefined : v), id.optional()) }),
  z.object({ product: z.literal('returnslips'), ...common, set: id }),
  z.object({ product: z.literal('consentforms'), ...common, entries: entryIds }),
]);
export type PrintOptions = z.infer<typeof printOptionsSchema>;
export type PrintInput = z.input<typeof printOptionsSchema>;
export type OptionsOf<P extends Product> = Extract<PrintOptions, { product: P }>;

/** The label box of a labels run (the layout's default size when none is given). */
export function labelSize(o: OptionsOf<'labels'>): Box {
  const parsed = labelSizeSchema.safeParse(o.size ?? DEFAULT_LABEL_SIZE[o.layout]);
  return parsed.success ? parsed.data : labelSizeSchema.parse(DEFAULT_LABEL_SIZE[o.layout]);
}

/** How many labels fit on an A4 sheet: columns and rows inside the margins kept for cut marks. */
export function labelGrid(size: Box): { columns: number; rows: number; perSheet: number } {
  const columns = Math.max(1, Math.floor((210 - 2 * SHEET_MARGIN_MM) / size.width));
  const rows = Math.max(1, Math.floor((297 - 2 * SHEET_MARGIN_MM) / size.height));
  return { columns, rows, perSheet: columns * rows };
}

/** The printed sheet of a product: trimmed page, bleed and crop marks. */
export interface Sheet {
  trim: Box;
  bleed: number;
  marks: boolean;
  /** Page margin in millimetres (0: the product places everything itself on full-page sections). */
  margin: number;
}

const A4: Box = { width: 210, height: 297 };
const A3: Box = { width: 297, height: 420 };

/** The sheet of every product but the catalogue (whose geometry lives in artworks/print-size.ts). */
export function productSheet(o: Exclude<PrintOptions, { product: 'catalogue' }>): Sheet {
  switch (o.product) {
    case 'labels':
      return o.layout === 'single' ? { trim: labelSize(o), bleed: 0, marks: false, margin: 0 } : { trim: A4, bleed: 0, marks: false, margin: 0 };
    case 'poster':
      // For the print shop: full-bleed colour, so 3 mm bleed and crop marks.
      return { trim: A3, bleed: BLEED_MM, marks: true, margin: 0 };
    case 'backlabels':
      return { trim: A4, bleed: 0, marks: false, margin: 0 };
    case 'certificates':
      // An office printer; the certificate draws its own frame on the whole page.
      return { trim: A4, bleed: 0, marks: false, margin: 0 };
    case 'returnslips':
    case 'packinglist':
    case 'consentforms':
      return { trim: A4, bleed: 0, marks: false, margin: 12 };
    default:
      // Worksheets may run over onto a second page: ordinary margins.
      return { trim: A4, bleed: 0, marks: false, margin: 15 };
  }
}

/** The query string of a product's print route (and of its readiness report). */
export function printQuery(o: PrintOptions): URLSearchParams {
  const q = new URLSearchParams({ product: o.product, lang: o.lang });
  if (o.year) q.set('year', String(o.year));
  if (o.product === 'catalogue') (q.set('format', o.format), q.set('edition', o.edition));
  if (o.product === 'labels') (q.set('layout', o.layout), o.size && q.set('size', o.size));
  if (o.product === 'poster') (q.set('stop', String(o.stop)), o.artwork && q.set('artwork', String(o.artwork)));
  if (o.product === 'backlabels' || o.product === 'consentforms') q.set('entries', o.entries.join(','));
  if (o.product === 'returnslips') q.set('set', String(o.set));
  if (o.product === 'packinglist') (q.set('set', String(o.set)), o.stop && q.set('stop', String(o.stop)));
  return q;
}

/** The print route of a product: /print/<lang> for the catalogue, /print/<lang>/<product> for the rest. */
export function printPath(o: Pick<PrintOptions, 'product' | 'lang'>): string {
  return o.product === 'catalogue' ? `/print/${o.lang}` : `/print/${o.lang}/${o.product}`;
}

/** Options from a print route's query string; undefined when they do not parse. */
export function parsePrintQuery(product: Product, lang: Lang, params: URLSearchParams): PrintOptions | undefined {
  const parsed = printOptionsSchema.safeParse({ ...Object.fromEntries(params), product, lang });
  return parsed.success ? parsed.data : undefined;
}

/** A short name for files: catalogue-cs-a4-print, labels-en-sheet, poster-cs-stop-3… */
export function productSlug(o: PrintOptions): string {
  const parts: (string | number)[] = [o.product, o.lang];
  if (o.year) parts.push(o.year);
  if (o.product === 'catalogue') parts.push(o.format, o.edition);
  if (o.product === 'labels') parts.push(o.layout);
  if (o.product === 'poster') parts.push(`stop-${o.stop}`);
  return parts.join('-');
}
