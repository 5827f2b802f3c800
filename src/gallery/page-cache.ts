import { contentSecurityPolicy, type CspOptions } from '#src/platform/http/csp.ts';
import type { Db } from '#src/platform/db.ts';
import { currentEdition, editionPhase } from '#src/editions/edition.ts';
import { etagMatches, etagOf, PAGE_CACHE_CONTROL, publicVersion } from '#src/platform/http/public-cache.ts';

/**
 * Public pages whose whole output is a function of the database's public content, the calendar
 * day and the edition's phase: home, gallery (with its query), artwork pages, winners, help.
 */
export const CACHEABLE_PUBLIC_PAGE = /^\/(cs|en)\/(gallery(\/\d{1,9})?|winners|help)?$/;

/** The validator of a cacheable page: entries open or close at an instant, so the phase is part of it. */
export async function pageEtag(db: Db, url: URL): Promise<string> {
  const version = await publicVersion(db);
  // Editions raise the version, so the edition read after the version stays current while it does.
  const edition = await currentEdition(db, version);
  return etagOf(version, url, [edition ? editionPhase(edition) : '']);
}

interface Stored {
  etag: string;
  body: string;
  headers: [string, string][];
}

/**
 * Rendered pages kept in memory under their validator. A change to public content changes every
 * validator, so a stale page is never served; least recently used pages go first when full.
 */
export class PageCache {
  readonly max: number;
  #pages = new Map<string, Stored>();

  constructor(max = 500) {
    this.max = max;
  }

  get(key: string, etag: string): Stored | undefined {
    const hit = this.#pages.get(key);
    if (!hit) return undefined;
    this.#pages.delete(key);
    if (hit.etag !== etag) return undefined;
    this.#pages.set(key, hit);
    return hit;
  }

  set(key: string, value: Stored): void {
    this.#pages.delete(key);
    this.#pages.set(key, value);
    while (this.#pages.size > this.max) this.#pages.delete(this.#pages.keys().next().value!);
  }

  get size(): number {
    return this.#pages.size;
  }
}

const cache = new PageCache();

/**
 * Serves a cacheable public page: 304 when the browser's copy is current, the kept rendering when
 * the server has one, otherwise renders (through `render`) and keeps it. Every answer carries the
 * ETag and `Cache-Control: public, no-cache`, so a withdrawn work disappears at the next request.
 */
export async function servePublicPage(request: Request, url: URL, db: Db, render: () => Promise<Response>, csp: Omit<CspOptions, 'allowFraming'> = {}): Promise<Response> {
  const etag = await pageEtag(db, url);
  const validators = { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: validators });
  const key = url.pathname + url.search;
  const hit = cache.get(key, etag);
  if (hit) return new Response(hit.body, { status: 200, headers: hit.headers });
  const response = await render();
  // Only plain, anonymous successes are kept (never anything that sets a cookie).
  if (response.status !== 200 || response.headers.has('set-cookie') || !response.headers.get('content-type')?.startsWith('text/html')) {
    return response;
  }
  const body = await response.text();
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(validators)) headers.set(k, v);
  // Kept with the page, so a cache hit does not scan and hash the page's scripts again.
  headers.set('Content-Security-Policy', contentSecurityPolicy(body, csp));
  cache.set(key, { etag, body, headers: [...headers] });
  return new Response(body, { status: 200, headers });
}
