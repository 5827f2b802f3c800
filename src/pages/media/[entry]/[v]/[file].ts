import type { APIRoute } from 'astro';
import { IMMUTABLE, serveDerivative } from '#src/gallery/media.ts';

/**
 * Versioned web derivatives: immutable for a public entry at its current media version; any other
 * version, or a non-public entry, is 404 (organisers still see their entries, never cached).
 */
export const GET: APIRoute = (ctx) => serveDerivative(ctx, { entry: ctx.params.entry, file: ctx.params.file, version: ctx.params.v }, IMMUTABLE);
