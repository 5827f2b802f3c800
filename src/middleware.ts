import { getActionContext } from 'astro:actions';
import { defineMiddleware } from 'astro:middleware';
import { DEFAULT_LANG, dict, isLang } from './i18n/index.ts';
import { ensureApp } from '#src/platform/app.ts';
import { isUnavailable, unavailableBehind } from '#src/platform/db.ts';
import { unavailableResponse } from '#src/platform/http/unavailable.ts';
import { lastHelpContacts } from '#src/gallery/help.ts';
import { mediaOrigins } from '#src/gallery/media.ts';
import { currentAccount, FORBIDDEN_PATH, isPublicAdminPath, mayOpen } from '#src/accounts/auth.ts';
import { CACHEABLE_PUBLIC_PAGE, servePublicPage } from '#src/gallery/page-cache.ts';
import { WorkQueue } from '#src/platform/work-queue.ts';
import { contentSecurityPolicy, PERMISSIONS_POLICY } from '#src/platform/http/csp.ts';
import { holdBody } from '#src/platform/http/guard.ts';
import { requestProtocol } from '#src/platform/http/forwarded.ts';
import { isCrossSiteRequest } from '#src/platform/http/same-origin.ts';
import { actionAccess } from '#src/actions/index.ts';

/**
 * Entry uploads are read a few at a time: a waiting request's body stays in the network buffers
 * instead of in memory, so 20 phone photos arriving together cannot exhaust the server.
 */
const uploadGate = new WorkQueue(3, 200);
const SMALL_BODY_LIMIT = 1024 * 1024;
const isUpload = (req: Request, url: URL) =>
  req.method === 'POST' && (url.pathname.startsWith('/_actions/submitEntry') || url.searchParams.get('_action') === 'submitEntry');

/**
 * Everything under /admin needs a signed-in account; the sign-in and set-password pages are the only
 * exceptions. Organisers may open all of it, jurors only the judging area (/admin/jury).
 */
export const onRequest = defineMiddleware(async (ctx, next) => {
  try {
    return await guarded(ctx, next);
  } catch (err) {
    // The database or the bucket went away: a clear page now, the site itself again once it is back.
    if (!isUnavailable(err)) throw err;
    return secure(unavailableResponse(ctx.url, ctx.request.method, lastHelpContacts()), ctx.url, ctx.request, []);
  }
});

async function guarded(ctx: Parameters<Parameters<typeof defineMiddleware>[0]>[0], next: Parameters<Parameters<typeof defineMiddleware>[0]>[1]): Promise<Response> {
  const app = await ensureApp();
  const path = ctx.url.pathname;
  if (isCrossSiteRequest(ctx.request, app.config.BASE_URL)) {
    return new Response('Cross-site form submissions are refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    // A link may name the language (an invitation in English: /admin/password/…?lang=en); it then stays chosen.
    const asked = ctx.url.searchParams.get('lang');
    if (isLang(asked)) ctx.session?.set('adminLang', asked);
    const stored = isLang(asked) ? asked : await ctx.session?.get('adminLang');
    ctx.locals.adminLang = isLang(stored) ? stored : DEFAULT_LANG;
    const account = await currentAccount(ctx);
    // Public admin pages (sign-in, password links) still show who is signed in.
    if (account) ctx.locals.account = account;
    if (!isPublicAdminPath(path)) {
      if (!account) return ctx.redirect(`/admin?next=${encodeURIComponent(path + ctx.url.search)}`, 303);
      if (!mayOpen(account.role, path)) {
        // The branded page, in the admin's language, with a way back; the status says what happened.
        const page = await next(FORBIDDEN_PATH);
        const headers = new Headers(page.headers);
        headers.set('Cache-Control', 'no-store');
        return secure(new Response(page.body, { status: 403, headers }), ctx.url, ctx.request, mediaOrigins(app.config));
      }
    }
  }
  // Only entry uploads may be large; every other form or Action fits in 1 MB. Refused before parsing.
  if (ctx.request.method === 'POST' && !isUpload(ctx.request, ctx.url)) {
    const length = ctx.request.headers.get('content-length');
    if (length === null && ctx.request.body) return new Response('Length required.', { status: 411 });
    if (Number(length) > SMALL_BODY_LIMIT) return new Response('Request body too large.', { status: 413 });
  }
  const refused = await checkActionAccess(ctx);
  if (refused) return refused;
  const handle = async () =>
    (await runFormAction(ctx)) ??
    (ctx.request.method === 'GET' && CACHEABLE_PUBLIC_PAGE.test(path)
      ? await servePublicPage(ctx.request, ctx.url, app.db, () => next(), { imageOrigins: mediaOrigins(app.config) })
      : await next());
  let response: Response;
  try {
    if (isUpload(ctx.request, ctx.url)) {
      // While it waits for its turn its body is deliberately unread: not a slow client.
      const id = ctx.request.headers.get('x-request-id');
      holdBody(id, true);
      response = await uploadGate.run(async () => {
        holdBody(id, false);
        return handle();
      });
    } else {
      response = await handle();
    }
    // The same for an Action called by an island (/_actions/…): Astro answers 500 with the message.
    if (response.status === 500 && path.startsWith('/_actions/')) {
      const outage = unavailableBehind(await response.clone().json().catch(() => undefined));
      if (outage) throw outage;
    }
  } catch (err) {
    if ((err as Error).name !== 'QueueFullError') throw err;
    response = new Response('Too many uploads at once; please try again in a minute.', { status: 503, headers: { 'Retry-After': '60' } });
  }
  secureSessionCookie(ctx, app.config.BASE_URL);
  if (path.startsWith('/admin')) response.headers.set('Cache-Control', response.headers.get('Cache-Control') ?? 'private, no-store');
  return secure(response, ctx.url, ctx.request, mediaOrigins(app.config));
}

/** Security headers on every answer; HTML pages also get a CSP with the hashes of their inline scripts. */
async function secure(response: Response, url: URL, request: Request, imageOrigins: readonly string[]): Promise<Response> {
  const framable = url.pathname.startsWith('/print');
  let out = response;
  if (response.headers.get('content-type')?.startsWith('text/html') && response.body && !response.headers.has('Content-Security-Policy')) {
    const html = await response.text();
    out = new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
    out.headers.set('Content-Security-Policy', contentSecurityPolicy(html, { allowFraming: framable, imageOrigins }));
  }
  const h = out.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  h.set('Permissions-Policy', PERMISSIONS_POLICY);
  if (!framable) h.set('X-Frame-Options', 'DENY');
  // Behind a TLS-terminating proxy the request arrives as http; the front door says what the browser used.
  if (requestProtocol(request) === 'https') {
    h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  return out;
}

/**
 * Runs an Action posted by a plain HTML form before the page renders, so a body that cannot be
 * read (malformed multipart, wrong content type, over the size limit) gets a short 4xx page at
 * once instead of the page being rendered around it (React would try to read the body again).
 */
async function runFormAction(ctx: Parameters<Parameters<typeof defineMiddleware>[0]>[0]): Promise<Response | undefined> {
  const { action, setActionResult, serializeActionResult } = getActionContext(ctx);
  if (action?.calledFrom !== 'form') return undefined;
  let result: Awaited<ReturnType<typeof action.handler>>;
  try {
    result = await action.handler();
  } catch {
    return unreadable(ctx, 400);
  }
  const code = result.error && 'code' in result.error ? result.error.code : undefined;
  // The database or the bucket went away while the Action ran: the outage page, not a form error.
  const outage = code === 'INTERNAL_SERVER_ERROR' ? unavailableBehind(result.error) : undefined;
  if (outage) throw outage;
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return unreadable(ctx, 415);
  if (code === 'CONTENT_TOO_LARGE') return unreadable(ctx, 413);
  setActionResult(action.name, serializeActionResult(result));
  return undefined;
}

function unreadable(ctx: { url: URL }, status: number): Response {
  const seg = ctx.url.pathname.split('/')[1];
  const lang = isLang(seg) ? seg : 'cs';
  const t = dict(lang);
  const text = status === 413 ? t.errors.tooLarge : t.errors.generic;
  const html = `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.site.name}</title><p>${text}</p><p><a href="${ctx.url.pathname}">${t.site.back}</a></p></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * The session cookie carries the Secure flag when the site is served over HTTPS (directly, behind a
 * proxy that says so, or with an https BASE_URL) and not over plain HTTP, where a browser would drop
 * it. Astro sets the cookie while the Action runs; here it is set again with the right flag.
 */
function secureSessionCookie(ctx: Parameters<Parameters<typeof defineMiddleware>[0]>[0], baseUrl: string | undefined): void {
  const header = [...ctx.cookies.headers()].find((h) => h.startsWith('ct_session='));
  if (!header) return;
  const https = requestProtocol(ctx.request) === 'https' || (baseUrl ?? '').startsWith('https:');
  const [pair, ...attrs] = header.split(';').map((s) => s.trim());
  const value = decodeURIComponent(pair!.slice('ct_session='.length));
  const attr = (name: string) => attrs.find((a) => a.toLowerCase().startsWith(`${name.toLowerCase()}=`))?.split('=').slice(1).join('=');
  const expires = attr('Expires');
  const maxAge = attr('Max-Age');
  ctx.cookies.set('ct_session', value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    ...(expires ? { expires: new Date(expires) } : {}),
    ...(maxAge !== undefined ? { maxAge: Number(maxAge) } : {}),
  });
}

/** Refuses an Action call (JSON endpoint or form post) the signed-in role may not make: 401 or 403. */
async function checkActionAccess(ctx: Parameters<Parameters<typeof defineMiddleware>[0]>[0]): Promise<Response | undefined> {
  if (ctx.request.method !== 'POST') return undefined;
  const name = ctx.url.pathname.startsWith('/_actions/') ? ctx.url.pathname.slice('/_actions/'.length).replace(/\/$/, '') : ctx.url.searchParams.get('_action');
  if (!name) return undefined;
  const access = actionAccess(name);
  if (access === 'public') return undefined;
  const account = ctx.locals.account ?? (await currentAccount(ctx));
  const json = (status: number, code: string) =>
    new Response(JSON.stringify({ type: 'AstroActionError', code, status, message: status === 401 ? 'Sign in first.' : 'Not allowed.' }), {
      status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  if (!account) return json(401, 'UNAUTHORIZED');
  if (access === 'juror' && account.role !== 'juror') return json(403, 'FORBIDDEN');
  if (access === 'organiser' && account.role !== 'organiser') return json(403, 'FORBIDDEN');
  return undefined;
}
