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
    // Sessions live in the site's own database (src/accounts/session-driver.ts), so they survive restarts
    // and "sign out everywhere" is one DELETE.
    driver: { entrypoint: new URL('./src/accounts/session-driver.ts', import.meta.url) },
    // Astro always sets the session cookie httpOnly.
    cookie: { name: 'ct_session', sameSite: 'lax' },
    ttl: 60 * 60 * 8,
  },
  // A whole entry (src/editions/entry-limits.ts) plus room for the multipart framing.
  security: { checkOrigin: true, actionBodySizeLimit: ENTRY_BODY_LIMIT },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    build: { assetsInlineLimit: 0 },
    // The Paged.js polyfill is shipped as a file of our own build (no CDN); its package does not export the path.
    resolve: {
      alias: [{ find: /^pagedjs-polyfill/, replacement: fileURLToPath(new URL('./node_modules/pagedjs/dist/paged.polyfill.js', import.meta.url)) }],
    },
  },
});
