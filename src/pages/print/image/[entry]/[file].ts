import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { mayOpenPrint } from '#src/catalogue/guard.ts';
import { catalogueImage } from '#src/catalogue/images.ts';
import { PRINT_IMAGE_NAME } from '#src/catalogue/layout.ts';
import { getEntry } from '#src/entries/entry-store.ts';
import { visibleSql } from '#src/entries/visibility.ts';

/**
 * A catalogue picture at the size the print route asks for (`p<page>-<width>-q<quality>.jpg`),
 * made from the master and cached. Organisers and the catalogue command only; only works that may
 * be printed; never wider than the master.
 */
export const GET: APIRoute = async (ctx) => {
  const { db, storage } = getApp();
  if (!(await mayOpenPrint(ctx, db))) return new Response(null, { status: 404 });
  const m = PRINT_IMAGE_NAME.exec(ctx.params.file ?? '');
  if (!m || !/^\d{1,9}$/.test(ctx.params.entry ?? '')) return new Response(null, { status: 404 });
  const id = Number(ctx.params.entry);
  if (!await db.get(`SELECT 1 AS x FROM entries WHERE id = ? AND ${visibleSql('printable')}`, id)) return new Response(null, { status: 404 });
  const entry = await getEntry(db, id);
  const page = entry?.pages.find((p) => p.pageNo === Number(m[1]));
  const quality = Number(m[3]);
  if (!entry || !page || Number(m[2]) > page.width || quality < 50 || quality > 95) return new Response(null, { status: 404 });
  const data = await catalogueImage(storage, entry, page.pageNo, page.width, Number(m[2]), quality);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(data.length), 'Cache-Control': 'private, no-store' },
  });
};
