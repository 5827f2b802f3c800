import type { EntryPage, EntryRecord } from '#src/entries/entry.ts';
import { getApp } from '#src/platform/app.ts';
import type { Config } from '#src/platform/config.ts';
import { artworkKey, DERIVATIVE_NAME } from '#src/artworks/storage.ts';
import { currentAccount } from '#src/accounts/auth.ts';
import { visibleSql } from '#src/entries/visibility.ts';

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

const TYPES = { avif: 'image/avif', webp: 'image/webp' } as const;

/**
 * Answers a request for one web derivative (never the master). Public entries get `publicCache`;
 * anything else only organisers see, never cached. `version`, when given, must be the entry's
 * current media version. Both /media routes are this function.
 */
export async function serveDerivative(
  ctx: Parameters<typeof currentAccount>[0],
  params: { entry?: string; file?: string; version?: string | undefined },
  publicCache: string,
): Promise<Response> {
  const m = DERIVATIVE_NAME.exec(params.file ?? '');
  const versioned = params.version !== undefined;
  if (!m || !/^\d{1,9}$/.test(params.entry ?? '') || (versioned && !/^\d{1,9}$/.test(params.version!))) return new Response(null, { status: 404 });
  const { db, config, storage } = getApp();
  const id = Number(params.entry);
  const row = await db.get<{ media_version: number; open: number }>(`SELECT media_version, (${visibleSql('public')}) AS open FROM entries WHERE id = ?`, id);
  if (!row || (versioned && row.media_version !== Number(params.version))) return new Response(null, { status: 404 });
  const open = row.open === 1;
  if (!open && (await currentAccount(ctx))?.role !== 'organiser') return new Response(null, { status: 404 });
  const key = artworkKey(id, params.file!);
  if (config.MEDIA_FROM === 'bucket') {
    // The browser fetches the picture from the bucket with a signed URL that ends. The redirect is
    // cached for less than the signature lives, so a cached redirect never leads to an expired one.
    const seconds = open ? SIGNED_PUBLIC_SECONDS : SIGNED_PRIVATE_SECONDS;
    const url = storage.signedUrl(key, seconds, { 'response-cache-control': open ? publicCache : 'private, no-store', 'response-content-disposition': `inline; filename="${params.file}"` });
    if (url) return new Response(null, { status: 302, headers: { Location: url, 'Cache-Control': open ? `public, max-age=${seconds - 300}` : 'private, no-store' } });
  }
  const data = await storage.read(key);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': TYPES[m[3] as keyof typeof TYPES],
      'Content-Length': String(data.length),
      // Shown in the page, never downloaded or sniffed as anything but the picture it is.
      'Content-Disposition': `inline; filename="${params.file}"`,
      'Cache-Control': open ? publicCache : 'private, no-store',
    },
  });
}

/** Where else pages' pictures may come from: the bucket's origin when /media redirects there. */
export function mediaOrigins(config: Pick<Config, 'MEDIA_FROM' | 'storage'>): string[] {
  if (config.MEDIA_FROM !== 'bucket' || config.storage.kind !== 's3') return [];
  const s = config.storage;
  const base = new URL(s.publicEndpoint ?? s.endpoint ?? `https://s3.${s.region}.amazonaws.com`);
  return [s.forcePathStyle ? base.origin : `${base.protocol}//${s.bucket}.${base.host}`];
}

/** How long signed bucket URLs of public pictures live (an hour), and of organisers' ones (five minutes). */
const SIGNED_PUBLIC_SECONDS = 3600;
const SIGNED_PRIVATE_SECONDS = 300;
