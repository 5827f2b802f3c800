import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { judgedImage, judgedPage, judgeUpload, recordUpload, sweepUploads, uploadsDir } from '#src/artworks/uploads.ts';
import { openApp, type App } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { runDoctor } from '#src/operations/doctor.ts';

/** Pages as the browser's tus client leaves them: the bytes under uploads/, the row that records them. */
let app: App;
let db: Db;
let dir: string;
const id = (n: number) => n.toString(16).padStart(32, '0');
async function arrive(n: number, bytes: Uint8Array, client = '203.0.113.7'): Promise<string> {
  mkdirSync(uploadsDir(dir), { recursive: true });
  writeFileSync(join(uploadsDir(dir), id(n)), bytes);
  writeFileSync(join(uploadsDir(dir), `${id(n)}.json`), JSON.stringify({ id: id(n), size: bytes.byteLength }));
  await recordUpload(db, id(n), client, bytes.byteLength);
  return id(n);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ct-uploads-'));
  app = await openApp(loadConfig({ DATA_DIR: dir, DEMO: '0' }));
  db = app.db;
});

describe('pages uploaded in the background', () => {
  it('are judged by the image policy as soon as they are whole; the verdict is kept', async () => {
    const good = await arrive(1, await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#2a9d48' } }).png().toBuffer());
    const tiny = await arrive(2, await sharp({ create: { width: 100, height: 68, channels: 3, background: '#d62828' } }).jpeg().toBuffer());
    const html = await arrive(3, new TextEncoder().encode('<!doctype html><script>alert(1)</script>'));
    expect(await judgeUpload(db, dir, good)).toMatchObject({ state: 'ok', width: 900, height: 1200 });
    expect(await judgeUpload(db, dir, tiny)).toMatchObject({ state: 'rejected', code: 'too-small', detail: { min: 800 } });
    expect(await judgeUpload(db, dir, html)).toMatchObject({ state: 'rejected', code: 'not-an-image' });
    expect(await judgedPage(db, good)).toMatchObject({ ok: true, width: 900, height: 1200 });
    expect(await judgedPage(db, tiny)).toEqual({ ok: false, key: 'image.too-small', params: { min: 800 } });
    expect(await judgedPage(db, id(99))).toEqual({ ok: false, key: 'uploadMissing' });
    // A second question is answered from the record, not by judging again.
    expect(await judgeUpload(db, dir, tiny)).toMatchObject({ state: 'rejected', code: 'too-small' });
  });

  it('an upload still arriving is not judged', async () => {
    const bytes = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#1d3fb5' } }).png().toBuffer();
    const partial = await arrive(4, bytes.subarray(0, 1000));
    await db.run('UPDATE uploads SET size = ? WHERE id = ?', bytes.byteLength, partial);
    expect(await judgeUpload(db, dir, partial)).toEqual({ state: 'uploading' });
    expect(await judgedPage(db, partial)).toEqual({ ok: false, key: 'uploadUnfinished' });
  });

  it('a judged page is read back as the image policy made it, to be stored with the entry like any other page', async () => {
    const good = await arrive(5, await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#264653' } }).jpeg().toBuffer());
    await judgeUpload(db, dir, good);
    const judged = await judgedPage(db, good);
    if (!judged.ok) throw new Error('judged');
    const image = await judgedImage(dir, good, judged);
    expect(image).toMatchObject({ width: 1000, height: 1400 });
    expect((await sharp(image.master).metadata()).format).toBe('jpeg');
    expect(image.derivatives.map((d) => `${d.width}.${d.format}`).sort()).toEqual(['480.avif', '480.webp', '960.avif', '960.webp']);
  });

  it('are removed a day after, with the doctor reporting them before', async () => {
    const old = await arrive(6, await sharp({ create: { width: 900, height: 900, channels: 3, background: '#000' } }).png().toBuffer(), '198.51.100.1');
    await arrive(7, new Uint8Array([1, 2, 3]), '198.51.100.1');
    expect((await db.get<{ client: string }>('SELECT client FROM uploads WHERE id = ?', old))?.client).toBe('198.51.100.1');
    // One of them is two days old; a loose file of an unknown upload too.
    await db.run(`UPDATE uploads SET created_at = ? WHERE id = ?`, new Date(Date.now() - 2 * 86_400_000).toISOString(), old);
    const loose = join(uploadsDir(dir), `${id(8)}.json`);
    writeFileSync(loose, '{}');
    utimesSync(loose, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));

    const report = await runDoctor(app);
    expect(report.problems.filter((p) => p.kind === 'stale-upload').map((p) => p.detail)).toEqual([
      expect.stringContaining(`uploads/${old}`),
      expect.stringContaining(`${id(8)}.json belongs to no upload`),
    ]);
    expect(await sweepUploads(db, dir)).toBe(2);
    expect(existsSync(join(uploadsDir(dir), old))).toBe(false);
    expect(existsSync(loose)).toBe(false);
    expect(existsSync(join(uploadsDir(dir), id(7)))).toBe(true);
  });
});
