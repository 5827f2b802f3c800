import type { APIRoute } from 'astro';
import { getApp } from '../lib/app.ts';
import { schemaVersion } from '../lib/db.ts';

export const GET: APIRoute = () => {
  try {
    const { db } = getApp();
    db.get('SELECT 1');
    const schema = schemaVersion(db);
    return Response.json({ status: 'ok', database: 'ok', schema }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', database: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
};
