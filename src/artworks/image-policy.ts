/**
 * What the site takes as an artwork page, in one place: the size limits and the accepted formats.
 * images.ts enforces them on the bytes; the entry form's `accept` attribute, its size checks and
 * the texts the artist reads are made from the same values. No server modules: the form imports it.
 */
export interface ImagePolicy {
  maxBytes: number;
  maxPixels: number;
  minShortSide: number;
}

export const DEFAULT_POLICY: ImagePolicy = { maxBytes: 25 * 1024 * 1024, maxPixels: 100_000_000, minShortSide: 800 };

/** The formats we accept as input, with what a browser's file picker and a person call them. */
export const ACCEPTED_FORMATS = {
  jpeg: { label: 'JPEG', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { label: 'PNG', mime: 'image/png', extensions: ['png'] },
  webp: { label: 'WebP', mime: 'image/webp', extensions: ['webp'] },
  avif: { label: 'AVIF', mime: 'image/avif', extensions: ['avif'] },
  tiff: { label: 'TIFF', mime: 'image/tiff', extensions: ['tif', 'tiff'] },
} as const;
export type AcceptedFormat = keyof typeof ACCEPTED_FORMATS;

const formats = Object.values(ACCEPTED_FORMATS);
/** The file input's `accept` attribute: the MIME types, then the file name endings. */
export const ACCEPT_ATTRIBUTE = [...formats.map((f) => f.mime), ...formats.flatMap((f) => f.extensions.map((e) => `.${e}`))].join(',');

export const MB = 1024 * 1024;

/**
 * Background uploads of the entry form (uploads.ts): each page goes in chunks, so a dropped
 * connection loses at most one chunk and the upload resumes from the last one the server holds;
 * a page never used by an entry is removed after a day.
 */
export const UPLOAD_LIMITS = {
  chunkBytes: 2 * MB,
  keepUnsubmittedMs: 24 * 60 * 60 * 1000,
} as const;
