import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { entryForToken, TOKEN } from '#src/entries/consent.ts';
import { servePrivateDerivative } from '#src/gallery/media.ts';

/** The work's pictures on the guardian's consent page, while the link is unused. */
export const GET: APIRoute = async ({ params }) => {
  const found = await entryForToken(getApp().db, params.token, TOKEN.guardianConfirm);
  return found.ok ? await servePrivateDerivative(found.entry.id, params.file) : new Response(null, { status: 404 });
};
