import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { getApp } from '../../../../lib/app.ts';
import { DERIVATIVE_NAME, entryDir } from '../../../../lib/artworks.ts';
import { PUBLIC_CONDITION } from '../../../../lib/entry-store.ts';
import { currentAccount } from '../../../../lib/auth.ts';
import { IMMUTABLE } from '../../../../lib/media.ts';

const TYPES = { avif: 'image/avif', webp: 'image/webp' } as const;

/**
 * Versioned web derivatives: immutable for a public entry at its current media version; any other
 * version, or a non-public entry, is 404 (organisers still see their entries, never cached).
 */
export const GET: APIRoute = async (ctx) => {
  const { entry, v, file } = ctx.params;
  const m = DERIVATIVE_NAME.exec(file ?? '');
  if (!m || !/^\d{1,9}$/.test(entry ?? '') || !/^\d{1,9}$/.test(v ?? '')) return new Response(null, { status: 404 });
  const { db, config } = getApp();
  const id = Number(entry);
  const row = db.get<{ media_version: number; open: number }>(
    `SELECT media_version, (${PUBLIC_CONDITION}) AS open FROM entries WHERE id = ?`, id);
  if (!row || row.media_version !== Number(v)) return new Response(null, { status: 404 });
  const open = row.open === 1;
  if (!open && (await currentAccount(ctx))?.role !== 'organiser') return new Response(null, { status: 404 });
  try {
    const data = await readFile(join(entryDir(config.dataDir, id), file!));
    return new Response(new Uint8Array(data), {
      headers: {
        'Content-Type': TYPES[m[3] as keyof typeof TYPES],
        'Content-Length': String(data.length),
        // Shown in the page, never downloaded or sniffed as anything but the picture it is.
        'Content-Disposition': `inline; filename="${file}"`,
        'Cache-Control': open ? IMMUTABLE : 'private, no-store',
      },
    });
  } catch {
    return new Response(null, { status: 404 });
  }
};
