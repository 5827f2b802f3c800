import type { APIRoute } from 'astro';
import { getApp } from '../../../../../lib/app.ts';
import { currentAccount } from '../../../../../lib/auth.ts';
import { assignedEntryIds } from '../../../../../lib/jury.ts';
import { juryImage } from '../../../../../lib/redaction.ts';

/**
 * The redacted picture of one page: what jurors see (only of entries assigned to them) and what
 * organisers preview. Never the master, never cached by anyone else.
 */
export const GET: APIRoute = async (ctx) => {
  const entryId = Number(ctx.params.entry);
  const pageNo = Number(ctx.params.page);
  if (!Number.isInteger(entryId) || entryId < 1 || !Number.isInteger(pageNo) || pageNo < 1 || pageNo > 12) return new Response(null, { status: 404 });
  const account = ctx.locals.account ?? (await currentAccount(ctx));
  if (!account) return new Response(null, { status: 401 });
  const { db, config } = getApp();
  if (account.role === 'juror') {
    const edition = db.get<{ edition_id: number }>('SELECT edition_id FROM entries WHERE id = ?', entryId)?.edition_id;
    if (!edition || !assignedEntryIds(db, edition, account.id).includes(entryId)) return new Response(null, { status: 404 });
  }
  const data = await juryImage(db, config.dataDir, entryId, pageNo).catch(() => undefined);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: { 'Content-Type': 'image/webp', 'Content-Length': String(data.length), 'Cache-Control': 'private, no-store' },
  });
};
