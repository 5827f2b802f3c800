import type { APIRoute } from 'astro';
import { serveDerivative } from '#src/gallery/media.ts';

/**
 * Unversioned derivatives, for the admin's thumbnails. Public entries are cached only briefly here
 * (the gallery uses the versioned, immutable URLs), so an unpublished picture does not linger.
 */
export const GET: APIRoute = (ctx) => serveDerivative(ctx, { entry: ctx.params.entry, file: ctx.params.file }, 'public, max-age=600, must-revalidate');
