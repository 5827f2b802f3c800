import { requestProtocol } from './forwarded.ts';

/**
 * Cross-site request forgery protection for every form post and Action call.
 *
 * Astro's own `security.checkOrigin` is off (astro.config.mjs) because it refuses real users:
 * it compares the `Origin` header with the URL the Node adapter builds, which is always `http://`
 * behind a TLS-terminating proxy (the adapter ignores `X-Forwarded-Proto`), and a page sent with
 * `Referrer-Policy: no-referrer` makes the browser post `Origin: null`. This check follows the
 * Fetch Metadata approach instead (as Go's `http.CrossOriginProtection` does):
 *
 * 1. `Sec-Fetch-Site`, sent by every current browser and not settable by page script, decides when
 *    present: only `same-origin` (or `none`, a user's own navigation) may change anything.
 * 2. Otherwise `Origin`, when present, must be the site's public origin.
 * 3. A request with neither comes from no browser (curl, a script): forgery needs a victim's
 *    browser, so it passes, and access control still applies as for anyone else.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin browsers see: `BASE_URL`'s when configured, else the request's own protocol and host. */
export function siteOrigin(request: Request, baseUrl: string | undefined): string {
  if (baseUrl) return new URL(baseUrl).origin;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return `${requestProtocol(request)}://${host}`;
}

export function isCrossSiteRequest(request: Request, baseUrl: string | undefined): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  return origin !== siteOrigin(request, baseUrl) && origin !== new URL(request.url).origin;
}
