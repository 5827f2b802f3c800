import { defineMiddleware } from 'astro:middleware';
import { getApp } from './lib/app.ts';
import { currentAccount, isPublicAdminPath } from './lib/auth.ts';
import { CACHEABLE_PUBLIC_PAGE, servePublicPage } from './lib/page-cache.ts';

/** Everything under /admin needs a signed-in organiser; the sign-in page is the only exception. */
export const onRequest = defineMiddleware(async (ctx, next) => {
  const path = ctx.url.pathname;
  if (path.startsWith('/admin') && !isPublicAdminPath(path)) {
    const account = await currentAccount(ctx);
    if (!account) return ctx.redirect(`/admin?next=${encodeURIComponent(path)}`, 303);
    if (account.role !== 'organiser') return new Response('Forbidden', { status: 403 });
    ctx.locals.account = account;
  }
  const response = ctx.request.method === 'GET' && CACHEABLE_PUBLIC_PAGE.test(path)
    ? await servePublicPage(ctx.request, ctx.url, getApp().db, () => next())
    : await next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (!path.startsWith('/print')) response.headers.set('X-Frame-Options', 'DENY');
  return response;
});
