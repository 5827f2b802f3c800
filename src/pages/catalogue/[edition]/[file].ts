import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { etagMatches, PAGE_CACHE_CONTROL } from '#src/platform/http/public-cache.ts';
import { publicationCover, publicationFileName, servablePublication } from '#src/catalogue/published.ts';

/**
 * A published screen catalogue (`<lang>.pdf`) and its cover (`<lang>.webp`) at addresses that stay
 * the same for an edition and language. Answers carry a validator (the file's hash) and
 * `public, no-cache`, so browsers and caches keep the file and revalidate it in one cheap request;
 * a new publication changes the validator, and one that may no longer be served answers 404.
 */
export const GET: APIRoute = ({ params, request }) => {
  const m = /^([a-z]{2})\.(pdf|webp)$/.exec(params.file ?? '');
  if (!m || !/^\d{1,9}$/.test(params.edition ?? '')) return new Response(null, { status: 404 });
  const { db, config } = getApp();
  const found = servablePublication(db, config.dataDir, Number(params.edition), m[1]!);
  if (!found) return new Response(null, { status: 404 });
  const { publication, path } = found;
  const cover = m[2] === 'webp';
  const etag = `"${publication.etag}${cover ? '-c' : ''}"`;
  const validators = { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL, 'Last-Modified': new Date(publication.publishedAt).toUTCString() };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: validators });
  if (cover) {
    const picture = publicationCover(db, publication.id);
    if (!picture) return new Response(null, { status: 404 });
    return new Response(new Uint8Array(picture), { headers: { ...validators, 'Content-Type': 'image/webp', 'Content-Length': String(picture.length) } });
  }
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, {
    headers: {
      ...validators,
      'Content-Type': 'application/pdf',
      'Content-Length': String(publication.bytes),
      'Content-Disposition': `attachment; filename="${publicationFileName(publication)}"`,
    },
  });
};
