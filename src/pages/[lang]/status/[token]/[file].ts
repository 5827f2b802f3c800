import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { entryForToken, TOKEN } from '#src/entries/consent.ts';
import { servePrivateDerivative } from '#src/gallery/media.ts';

/** The work's pictures on the artist's status page, whether or not the work is public. */
export const GET: APIRoute = async ({ params }) => {
  const found = await entryForToken(getApp().db, params.token, TOKEN.status);
  return found.ok ? await servePrivateDerivative(found.entry.id, params.file) : new Response(null, { status: 404 });
};
