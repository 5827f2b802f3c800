import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryValues } from '../helpers/entry.ts';
import { FIXTURES, HAVE_FIXTURES, openSiteDb, startSite, type Site } from '../helpers/site.ts';
import { noiseJpeg } from '../helpers/images.ts';

/**
 * The tus protocol as the browser's client speaks it: create an upload, send its bytes in PATCH
 * requests (resuming from the offset the server reports after a drop), read the image policy's
 * verdict from the last answer, then send the entry with references to the judged pages.
 */
let site: Site;
const TUS = { 'Tus-Resumable': '1.0.0' };
/** Uploads started from this test's address so far (the limit counts them). */
let started = 0;

beforeAll(async () => {
  // One entry an hour from one address: 24 background uploads (every page of it, twice over).
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '1' } });
});
afterAll(() => site?.stop());

async function create(size: number): Promise<string> {
  const r = await fetch(`${site.base}/uploads`, { method: 'POST', headers: { ...TUS, 'Upload-Length': String(size), Origin: site.base } });
  expect(r.status, await r.clone().text()).toBe(201);
  started++;
  return new URL(r.headers.get('location')!, site.base).href;
}
const patch = (url: string, offset: number, body: Uint8Array) =>
  fetch(url, { method: 'PATCH', body: new Uint8Array(body), headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', Origin: site.base } });

async function upload(bytes: Uint8Array): Promise<{ url: string; verdict: { state: string; code?: string } }> {
  const url = await create(bytes.byteLength);
  const r = await patch(url, 0, bytes);
  expect(r.status).toBe(200);
  return { url, verdict: await r.json() };
}
const query = <T,>(sql: string, ...params: (string | number)[]): T[] => {
  const db = openSiteDb(site.dataDir);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
};

describe('background uploads of entry pages', () => {
  it('judge each page when its last byte arrives, and resume a cut upload from the offset the server holds', async () => {
    const bytes = new Uint8Array(await noiseJpeg(1600, 1200));
    const url = await create(bytes.byteLength);
    // The connection drops after the first part: the server keeps what arrived.
    const half = Math.floor(bytes.byteLength / 2);
    expect((await patch(url, 0, bytes.subarray(0, half))).status).toBe(204);
    const head = await fetch(url, { method: 'HEAD', headers: TUS });
    expect(Number(head.headers.get('upload-offset'))).toBe(half);
    // Not judged while incomplete.
    expect(await (await fetch(url)).json()).toEqual({ state: 'uploading' });
    const last = await patch(url, half, bytes.subarray(half));
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ state: 'ok', width: 1600, height: 1200 });
    // A client that lost that answer asks again.
    expect(await (await fetch(url)).json()).toMatchObject({ state: 'ok' });
    const preview = await fetch(`${url}/preview.webp`);
    expect(preview.headers.get('content-type')).toBe('image/webp');
  });

  it.skipIf(!HAVE_FIXTURES)('refuse pictures by the same image policy as a plain post', async () => {
    const heic = await upload(new Uint8Array(readFileSync(join(FIXTURES, 'phone-photo-iphone.heic'))));
    expect(heic.verdict).toMatchObject({ state: 'rejected', code: 'heic' });
    const tiny = await upload(new Uint8Array(readFileSync(join(FIXTURES, 'camera-tiny-exif-thumbnail.jpg'))));
    expect(tiny.verdict).toMatchObject({ state: 'rejected', code: 'too-small' });
    const html = await upload(new Uint8Array(readFileSync(join(FIXTURES, 'html-renamed.jpg'))));
    expect(html.verdict).toMatchObject({ state: 'rejected', code: 'not-an-image' });
  });

  it('an entry naming an unknown upload is refused and stores nothing', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(entryValues({ lang: 'en' }))) form.append(k, String(v));
    form.append('pageRefs', 'f'.repeat(32));
    const r = await fetch(`${site.base}/en/enter?_action=submitEntry`, { method: 'POST', body: form, headers: { Origin: site.base } });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('Page 1: the uploaded picture is no longer on the server');
    expect(query('SELECT id FROM entries')).toEqual([]);
  });

  it('refuse an upload larger than the image policy allows, and writes from other sites', async () => {
    const big = await fetch(`${site.base}/uploads`, { method: 'POST', headers: { ...TUS, 'Upload-Length': String(26 * 1024 * 1024), Origin: site.base } });
    expect(big.status).toBe(413);
    const cross = await fetch(`${site.base}/uploads/${'a'.repeat(32)}`, { method: 'PATCH', body: new Uint8Array(4), headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
  });
  it('an entry sent with references to judged pages is stored once, with its pages in order, and its uploads are gone', async () => {
    const red = await upload(new Uint8Array(await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#d62828' } }).png().toBuffer()));
    const blue = await upload(new Uint8Array(await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#1d3fb5' } }).png().toBuffer()));
    const ids = [blue, red].map((u) => u.url.split('/').pop()!);
    const form = new FormData();
    for (const [k, v] of Object.entries(entryValues({ lang: 'cs', category: 'comic', formToken: 'upload-entry-1' }))) form.append(k, String(v));
    for (const id of ids) form.append('pageRefs', id);
    const send = () => fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: form, headers: { Origin: site.base, Accept: 'application/json' } });
    const first = await send();
    expect(first.status).toBe(200);
    // The same form sent again (a retry after a lost answer) gives the same entry.
    expect((await send()).status).toBe(200);
    const entries = query<{ id: number }>("SELECT id FROM entries WHERE form_token = 'upload-entry-1'");
    expect(entries).toHaveLength(1);
    const id = entries[0]!.id;
    const { dominant } = await sharp(join(site.dataDir, 'artworks', String(id), 'p1.jpg')).stats();
    expect(dominant.b).toBeGreaterThan(dominant.r); // page 1 is the blue one, as sent
    expect(query('SELECT id FROM uploads WHERE id IN (?, ?)', ...ids)).toEqual([]);
    expect(existsSync(join(site.dataDir, 'uploads', `${ids[0]}.judged`))).toBe(false);
  });

  it('count against the client address: beyond the hourly limit new uploads are refused', async () => {
    // Pages sent with an entry still count: the work was done.
    while (started < 24) await create(10);
    const refused = await fetch(`${site.base}/uploads`, { method: 'POST', headers: { ...TUS, 'Upload-Length': '10', Origin: site.base } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'uploadsBusy', minutes: 60 });
  });

});
