import type { EntryPage, EntryRecord } from './entry.ts';

/**
 * Public addresses of an entry's web derivatives: `/media/<entry>/<version>/p<page>-<width>.<fmt>`.
 * The version changes whenever the entry leaves or re-enters the public set or its pages change,
 * so these URLs can be cached as immutable; the server answers 404 to any other version.
 */
export type MediaOwner = Pick<EntryRecord, 'id' | 'mediaVersion'>;
export type ImageFormat = 'avif' | 'webp';

export function derivativeUrl(entry: MediaOwner, pageNo: number, width: number, format: ImageFormat): string {
  return `/media/${entry.id}/${entry.mediaVersion}/p${pageNo}-${width}.${format}`;
}

/** Everything a `<picture>` needs for one page: srcsets per format, a fallback and the intrinsic size. */
export interface PictureSources {
  avif: string;
  webp: string;
  src: string;
  width: number;
  height: number;
  placeholder: string;
}

export function pictureSources(entry: MediaOwner, page: EntryPage, maxWidth?: number): PictureSources {
  const fitting = page.widths.filter((w) => !maxWidth || w <= maxWidth);
  const widths = fitting.length > 0 ? fitting : page.widths.slice(0, 1);
  const srcset = (fmt: ImageFormat) => widths.map((w) => `${derivativeUrl(entry, page.pageNo, w, fmt)} ${w}w`).join(', ');
  return {
    avif: srcset('avif'),
    webp: srcset('webp'),
    src: derivativeUrl(entry, page.pageNo, widths[widths.length - 1]!, 'webp'),
    width: page.width,
    height: page.height,
    placeholder: page.placeholder,
  };
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
