import { defineMiddleware } from 'astro:middleware';
import { currentAccount, isPublicAdminPath } from './lib/auth.ts';

/** Everything under /admin needs a signed-in organiser; the sign-in page is the only exception. */
export const onRequest = defineMiddleware(async (ctx, next) => {
  const path = ctx.url.pathname;
  if (path.startsWith('/admin') && !isPublicAdminPath(path)) {
    const account = await currentAccount(ctx);
    if (!account) return ctx.redirect(`/admin?next=${encodeURIComponent(path)}`, 303);
    if (account.role !== 'organiser') return new Response('Forbidden', { status: 403 });
    ctx.locals.account = account;
  }
  const response = await next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (!path.startsWith('/print')) response.headers.set('X-Frame-Options', 'DENY');
  return response;
});
