import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/app.ts';
import { DERIVATIVE_NAME, entryDir } from '../../../lib/artworks.ts';
import { isPublic } from '../../../lib/entry-store.ts';
import { currentAccount } from '../../../lib/auth.ts';

const TYPES = { avif: 'image/avif', webp: 'image/webp' } as const;

/** Serves web derivatives only (never the master), of public entries, or of any entry to organisers. */
export const GET: APIRoute = async (ctx) => {
  const { entry, file } = ctx.params;
  const m = DERIVATIVE_NAME.exec(file ?? '');
  if (!m || !/^\d{1,9}$/.test(entry ?? '')) return new Response(null, { status: 404 });
  const { db, config } = getApp();
  const id = Number(entry);
  const open = isPublic(db, id);
  if (!open && (await currentAccount(ctx))?.role !== 'organiser') return new Response(null, { status: 404 });
  try {
    const data = await readFile(join(entryDir(config.dataDir, id), file!));
    return new Response(new Uint8Array(data), {
      headers: {
        'Content-Type': TYPES[m[3] as keyof typeof TYPES],
        'Content-Length': String(data.length),
        // Shown in the page, never downloaded or sniffed as anything but the picture it is.
        'Content-Disposition': `inline; filename="${file}"`,
        // Derivatives never change, but an organiser can unpublish an entry: keep caches short so a
        // withdrawn child's picture does not linger. Private ones must not sit in shared caches.
        'Cache-Control': open ? 'public, max-age=600, must-revalidate' : 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response(null, { status: 404 });
  }
};
