// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { ENTRY_BODY_LIMIT } from './src/editions/entry-limits.ts';
import { DEFAULT_LANG, LANGS } from './src/i18n/config.ts';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  i18n: {
    locales: [...LANGS],
    defaultLocale: DEFAULT_LANG,
    // Manual: pages live under src/pages/[lang]/ and check the locale themselves; /admin, /print and
    // endpoints have no locale prefix, which Astro's automatic routing would answer with 404.
    routing: 'manual',
  },
  session: {
    // Sessions live in the site's own database (src/platform/session-driver.ts), so they survive restarts
    // and "sign out everywhere" is one DELETE.
    driver: { entrypoint: new URL('./src/platform/session-driver.ts', import.meta.url) },
    // Astro always sets the session cookie httpOnly.
    cookie: { name: 'ct_session', sameSite: 'lax' },
    ttl: 60 * 60 * 8,
  },
  security: {
    // A whole entry (src/editions/entry-limits.ts) plus room for the multipart framing.
    actionBodySizeLimit: ENTRY_BODY_LIMIT,
    // Forgery protection is src/platform/http/same-origin.ts, run by the middleware: Astro's check compares
    // Origin with an http:// URL behind a TLS proxy and refuses browsers that send `Origin: null`.
    checkOrigin: false,
    // The server's front door (src/platform/http/forwarded.ts) rewrites X-Forwarded-For to the client it
    // resolved from trusted proxies only, so Astro may take `clientAddress` from it on any host.
    allowedDomains: [{ protocol: 'http' }, { protocol: 'https' }],
    // No `csp` here: the Content-Security-Policy is src/platform/http/csp.ts, set by the middleware. Astro's
    // (tried with 7.3) sends only script-src and style-src, and hashes in style-src make browsers
    // ignore 'unsafe-inline', which blocks the style attributes our pages render (picture
    // placeholders, printed sizes, redaction boxes). Ours adds default-src, object-src, base-uri,
    // form-action and frame-ancestors to every HTML answer (error pages and cached pages too) and
    // hashes exactly the inline scripts in the page as sent: stricter overall, in one function.
  },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    build: { assetsInlineLimit: 0 },
    // Set by scripts/build.ts from the hash of the sources: part of every page validator (public-cache.ts).
    define: { __CT_BUILD_ID__: JSON.stringify(process.env.CT_BUILD_ID ?? 'dev') },
    // The Paged.js polyfill is shipped as a file of our own build (no CDN); its package does not export the path.
    resolve: {
      alias: [{ find: /^pagedjs-polyfill/, replacement: fileURLToPath(new URL('./node_modules/pagedjs/dist/paged.polyfill.js', import.meta.url)) }],
    },
  },
});
