import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { consentForm, formKey } from '#src/schools/consent-forms.ts';

/**
 * The photo or scan of a work's signed consent form: organisers only (the middleware guards
 * /admin, and this checks the role again), never cached on the way.
 */
export const GET: APIRoute = async (ctx) => {
  if (ctx.locals.account?.role !== 'organiser') return new Response(null, { status: 403 });
  const id = Number(ctx.params.id);
  const app = getApp();
  const form = Number.isInteger(id) && id > 0 ? await consentForm(app.db, id) : undefined;
  const bytes = form && form.uploadedAt ? await app.storage.read(formKey(id)) : undefined;
  if (!bytes) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' } });
};
