import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { currentAccount } from '#src/accounts/auth.ts';
import { resolveJuryHandle } from '#src/jury/jury-handle.ts';
import { juryImage } from '#src/artworks/redaction.ts';

/**
 * The redacted picture of one page: what jurors see (only of entries assigned to them) and what
 * organisers preview. Never the master, never cached by anyone else.
 */
export const GET: APIRoute = async (ctx) => {
  const pageNo = Number(ctx.params.page);
  const account = ctx.locals.account ?? (await currentAccount(ctx));
  if (!account) return new Response(null, { status: 401 });
  const { db, storage } = getApp();
  // Jurors ask by their opaque handle (only entries assigned to them resolve); organisers by id.
  const entryId = account.role === 'juror' ? ((await resolveJuryHandle(db, account.id, ctx.params.entry))?.entryId ?? Number.NaN) : Number(ctx.params.entry);
  if (!Number.isInteger(entryId) || entryId < 1 || !Number.isInteger(pageNo) || pageNo < 1 || pageNo > ENTRY_LIMITS.pagesMax) return new Response(null, { status: 404 });
  const data = await juryImage(db, storage, entryId, pageNo);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: { 'Content-Type': 'image/webp', 'Content-Length': String(data.length), 'Cache-Control': 'private, no-store' },
  });
};
