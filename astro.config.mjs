// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  i18n: {
    locales: ['cs', 'en'],
    defaultLocale: 'cs',
    // Manual: pages live under src/pages/[lang]/ and check the locale themselves; /admin, /print and
    // endpoints have no locale prefix, which Astro's automatic routing would answer with 404.
    routing: 'manual',
  },
  session: {
    // Sessions live in the site's own database (src/accounts/session-driver.ts), so they survive restarts
    // and "sign out everywhere" is one DELETE.
    driver: { entrypoint: new URL('./src/accounts/session-driver.ts', import.meta.url) },
    cookie: { name: 'ct_session', sameSite: 'lax', httpOnly: true },
    ttl: 60 * 60 * 8,
  },
  // One entry carries up to 12 pages of at most 25 MB each; the form keeps a whole entry under 120 MB.
  security: { checkOrigin: true, actionBodySizeLimit: 130 * 1024 * 1024 },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    build: { assetsInlineLimit: 0 },
    // The Paged.js polyfill is shipped as a file of our own build (no CDN); its package does not export the path.
    resolve: {
      alias: [{ find: /^pagedjs-polyfill/, replacement: fileURLToPath(new URL('./node_modules/pagedjs/dist/paged.polyfill.js', import.meta.url)) }],
    },
  },
});
