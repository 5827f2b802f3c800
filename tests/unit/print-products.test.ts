import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { qrBaseProblem, workUrl, stopUrl, printedUrl } from '#src/catalogue/qr.ts';
import { excerpt, ageGroupLabel } from '#src/catalogue/products/labels.ts';
import { labelGrid, labelSize, parsePrintQuery, printOptionsSchema, printQuery, productSheet } from '#src/catalogue/products/products.ts';
import { certificates } from '#src/catalogue/products/certificates.ts';
import { qrBaseFor } from '#src/catalogue/products/context.ts';
import { hasUntaggedPainting, operations, untaggedPainting, wrapAsArtifacts } from '#src/catalogue/pdf/content-stream.ts';
import { xmpPacket } from '#src/catalogue/pdf/pdf-ua.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { decide } from '#src/entries/review.ts';
import { claimTask, enqueueTask, failTask, finishTask, LEASE_MS, MAX_ATTEMPTS, pendingTasks, requeueInterrupted } from '#src/platform/tasks/task-queue.ts';
import { geometry, PRINT_PICTURES_TASK } from '#src/artworks/print-size.ts';
import { processImage } from '#src/artworks/images.ts';
import { commitStaged, writeStaged } from '#src/artworks/storage.ts';
import { makePrintPictures, printSizes, queueMissingPrintPictures } from '#src/catalogue/print-pictures.ts';
import { catalogueImage, openMaster } from '#src/catalogue/images.ts';
import { openFileStorage } from '#src/platform/storage/files.ts';
import { workImages } from '#src/catalogue/book.ts';
import { loadConfig } from '#src/platform/config.ts';
import type { App } from '#src/platform/app.ts';
import type { Db } from '#src/platform/db.ts';
import { freshDb } from '../helpers/db.ts';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = (b: Uint8Array) => String.fromCharCode(...b);

describe('QR codes point at the public site', () => {
  it('refuses a missing or loopback BASE_URL and accepts a real one', () => {
    expect(qrBaseProblem(undefined)).toBe('missing');
    for (const base of ['http://127.0.0.1:4321', 'http://localhost:8080/', 'http://[::1]:4321', 'http://app.localhost', 'http://127.8.0.1', 'http://0.0.0.0:4321']) expect(qrBaseProblem(base), base).toBe('loopback');
    for (const base of ['https://kreslenapravda.cz', 'http://192.168.1.20:4321', 'https://example.org/sub/']) expect(qrBaseProblem(base), base).toBeUndefined();
    expect(qrBaseFor(undefined, 'http://127.0.0.1:9')).toEqual({ base: 'http://127.0.0.1:9', problem: 'missing' });
    expect(qrBaseFor('https://kreslenapravda.cz/', 'http://127.0.0.1:9')).toEqual({ base: 'https://kreslenapravda.cz' });
  });

  it('links a work to its gallery page and a stop to its tour page, printed without the scheme', () => {
    expect(workUrl('https://kreslenapravda.cz/', 'en', 12)).toBe('https://kreslenapravda.cz/en/gallery/12');
    expect(stopUrl('https://kreslenapravda.cz', 'cs', 3)).toBe('https://kreslenapravda.cz/cs/tour/3');
    expect(printedUrl('https://kreslenapravda.cz/cs/tour/3')).toBe('kreslenapravda.cz/cs/tour/3');
  });
});

describe('wall labels', () => {
  it('quote one or two sentences of the statement, never more than the limit', () => {
    expect(excerpt('Krátká věta. Druhá věta. Třetí věta.', 'cs', 220)).toBe('Krátká věta. Druhá věta.');
    expect(excerpt('  Jen   jedna věta.  ', 'cs')).toBe('Jen jedna věta.');
    const long = `${'slovo '.repeat(60).trim()}. Další věta.`;
    const cut = excerpt(long, 'cs', 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/slov…$/); // cut at a word
    // Two sentences that together are too long: only the first.
    expect(excerpt(`${'a'.repeat(80)}. B${'b'.repeat(80)}.`, 'en', 120)).toBe(`${'a'.repeat(80)}.`);
  });

  it('name the age group in the edition’s terms', () => {
    const groups = { ageGroups: [{ min: 10, max: 12 }, { min: 13, max: 15 }] };
    expect(ageGroupLabel(groups, 14, 'cs')).toBe('13–15 let');
    expect(ageGroupLabel(groups, 14, 'en')).toBe('ages 13–15');
    expect(ageGroupLabel(groups, 18, 'cs')).toBe('18 let');
  });

  it('fit eight 95 × 65 mm labels on an A4 sheet, and single labels get their own page size', () => {
    expect(labelGrid({ width: 95, height: 65 })).toEqual({ columns: 2, rows: 4, perSheet: 8 });
    expect(labelGrid({ width: 148, height: 105 })).toEqual({ columns: 1, rows: 2, perSheet: 2 });
    const single = printOptionsSchema.parse({ product: 'labels', layout: 'single', size: '148x105' });
    expect(single.product === 'labels' && productSheet(single)).toMatchObject({ trim: { width: 148, height: 105 }, bleed: 0 });
    expect(single.product === 'labels' && labelSize({ ...single, size: undefined })).toEqual({ width: 148, height: 105 });
  });
});

describe('print options: one schema for the command, the admin and the routes', () => {
  it('needs a stop for a poster and a sensible label size, and round-trips through the query string', () => {
    expect(printOptionsSchema.safeParse({ product: 'poster' }).success).toBe(false);
    expect(printOptionsSchema.safeParse({ product: 'labels', size: '20x20' }).success).toBe(false);
    expect(printOptionsSchema.safeParse({ product: 'labels', size: '95 × 65' }).success).toBe(true);
    expect(printOptionsSchema.safeParse({ product: 'catalogue', year: 'last' }).success).toBe(false);
    const poster = printOptionsSchema.parse({ product: 'poster', lang: 'en', stop: '3', artwork: '', year: '2026', force: 'on' });
    expect(poster).toEqual({ product: 'poster', lang: 'en', stop: 3, year: 2026, force: true });
    expect(parsePrintQuery('poster', 'en', printQuery(poster))).toEqual({ ...poster, force: false });
    expect(printOptionsSchema.parse({ product: 'catalogue' })).toMatchObject({ lang: 'cs', format: 'a4', edition: 'print' });
    expect(productSheet({ product: 'poster', lang: 'cs', stop: 1, force: false })).toMatchObject({ trim: { width: 297, height: 420 }, bleed: 3, marks: true });
  });
});

async function entry(db: Db, editionId: number, over: Partial<Parameters<typeof insertEntry>[1]> & { status?: 'accepted' | 'received' | 'rejected' }, pages = [{ width: 1200, height: 1600, widths: [480], placeholder: '' }]): Promise<number> {
  const { status = 'accepted', ...fields } = over;
  const { id } = await insertEntry(
    db,
    { firstName: 'Eva', surname: 'Nováková', age: 16, region: 'PHA', category: 'poster', title: 'Práce', altText: 'Popis obrázku pro nevidomé.', statement: 'Věta.', town: 'Praha', school: '', artistEmail: 'a@example.invalid', consentPublish: true, consentPrint: true, hideName: false, ...fields },
    pages,
    { lang: 'cs', status },
  );
  return id;
}

describe('certificates', () => {
  it('one per accepted work with the full name, by school (Czech order) then surname, schoolless last', async () => {
    const { db } = await freshDb('certs');
    const edition = await createEdition(db, defaultEdition());
    await entry(db, edition.id, { firstName: 'Adam', surname: 'Zelený', school: 'ZŠ Čakovice' });
    await entry(db, edition.id, { firstName: 'Bára', surname: 'Adámková', school: 'ZŠ Čakovice' });
    await entry(db, edition.id, { firstName: 'Cyril', surname: 'Horák', school: 'ZŠ Cihelná' });
    await entry(db, edition.id, { firstName: 'Dana', surname: 'Malá', school: '' });
    await entry(db, edition.id, { firstName: 'Ema', surname: 'Nová', school: 'ZŠ Cihelná', status: 'rejected' });
    await entry(db, edition.id, { firstName: 'Filip', surname: 'Černý', school: 'ZŠ Cihelná', status: 'received' });
    const certs = await certificates(db, edition, 'cs');
    // Czech collation: C before Č; rejected and undecided entries get no certificate.
    expect(certs.map((c) => `${c.school}|${c.fullName}|${c.bundle.index}/${c.bundle.size}`)).toEqual([
      'ZŠ Cihelná|Cyril Horák|1/1',
      'ZŠ Čakovice|Bára Adámková|1/2',
      'ZŠ Čakovice|Adam Zelený|2/2',
      '|Dana Malá|1/1',
    ]);
  });
});

describe('decorations become artifacts in the PDF content', () => {
  const stream = enc(`q 1 0 0 RG 0 0 10 10 re f
/P <</MCID 0 >>BDC BT /F1 12 Tf (a \\) b (c)) Tj ET EMC
0 0 5 5 re W n
BT /F1 8 Tf (7) Tj ET
/Im1 Do /Fm1 Do
Q`);

  it('finds untagged fills, text and pictures, but not tagged ones or clipping paths', () => {
    const ops = operations(stream);
    expect(ops.map((o) => o.op)).toEqual(['q', 'RG', 're', 'f', 'BDC', 'BT', 'Tf', 'Tj', 'ET', 'EMC', 're', 'W', 'n', 'BT', 'Tf', 'Tj', 'ET', 'Do', 'Do', 'Q']);
    const ranges = untaggedPainting(ops, (name) => name === 'Fm1');
    // The red square, the "7" text object and /Im1; not the tagged text, the clip or the tagged form /Fm1.
    expect(ranges.map(([a, b]) => dec(stream.subarray(a, b)))).toEqual(['0 0 10 10 re f', 'BT /F1 8 Tf (7) Tj ET', '/Im1 Do']);
  });

  it('wraps them in /Artifact BMC … EMC and leaves nothing untagged', () => {
    const ranges = untaggedPainting(operations(stream), (name) => name === 'Fm1');
    const out = wrapAsArtifacts(stream, ranges);
    expect(dec(out)).toContain('/Artifact BMC\n0 0 10 10 re f\nEMC');
    expect(hasUntaggedPainting(out, (name) => name === 'Fm1')).toBe(false);
    expect(hasUntaggedPainting(stream, (name) => name === 'Fm1')).toBe(true);
  });

  it('marks single strings when a text object mixes tagged and untagged text', () => {
    const mixed = enc('BT /F1 9 Tf (1) Tj /Span <</MCID 3>> BDC (x) Tj EMC ET');
    expect(untaggedPainting(operations(mixed)).map(([a, b]) => dec(mixed.subarray(a, b)))).toEqual(['(1) Tj']);
  });
});

describe('XMP metadata', () => {
  it('carries the PDF/UA identifier, the title and the language, with XML escaped', () => {
    const xmp = xmpPacket({ title: 'Kreslená pravda <2026> & co', lang: 'cs', author: 'Kreslená pravda', subject: 'Katalog', keywords: ['a'] }, new Date('2026-11-30T10:00:00Z'));
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"');
    expect(xmp).toContain('Kreslená pravda &lt;2026&gt; &amp; co');
    expect(xmp).toContain('<rdf:li>cs</rdf:li>');
    expect(xmp).toContain('2026-11-30T10:00:00Z');
  });
});

describe('background tasks', () => {
  it('queue a task once, claim it, retry a failure later and give up after the last attempt', async () => {
    const { db } = await freshDb('tasks');
    await enqueueTask(db, 'x', 7);
    await enqueueTask(db, 'x', 7);
    expect(await pendingTasks(db, 'x')).toBe(1);
    const now = new Date(Date.now() + 1000);
    const t = (await claimTask(db, ['x'], now))!;
    expect(t).toMatchObject({ kind: 'x', subjectId: 7, attempts: 1 });
    expect(await claimTask(db, ['x'], now)).toBeUndefined();
    await failTask(db, t, 'boom', now);
    // Not due yet, due a minute later.
    expect(await claimTask(db, ['x'], now)).toBeUndefined();
    let again = (await claimTask(db, ['x'], new Date(now.getTime() + 61_000)))!;
    expect(again.attempts).toBe(2);
    for (let i = 2; i < MAX_ATTEMPTS; i++) {
      await failTask(db, again, 'boom', now);
      again = (await claimTask(db, ['x'], new Date(now.getTime() + 3600_000)))!;
    }
    await failTask(db, again, 'boom', now);
    expect(await pendingTasks(db, 'x')).toBe(0);
    expect(await db.get<{ state: string; error: string }>('SELECT state, error FROM task_queue WHERE id = ?', t.id)).toEqual({ state: 'failed', error: 'boom' });
    await db.close();
  });

  it('leave a running task alone while its lease lasts, queue it again once the lease has run out (its process stopped), and finish one', async () => {
    const { db } = await freshDb('tasks2');
    await enqueueTask(db, 'y', 1);
    const now = new Date();
    const t = (await claimTask(db, ['y'], now))!;
    // Another process looking now: the task is running somewhere.
    expect(await requeueInterrupted(db, new Date(now.getTime() + 60_000))).toBe(0);
    expect(await claimTask(db, ['y'], new Date(now.getTime() + 60_000))).toBeUndefined();
    const later = new Date(now.getTime() + LEASE_MS + 1000);
    expect(await requeueInterrupted(db, later)).toBe(1);
    const t2 = (await claimTask(db, ['y'], later))!;
    expect(t2.id).toBe(t.id);
    expect(t2.attempts).toBe(2);
    await finishTask(db, t2.id);
    expect(await pendingTasks(db, 'y')).toBe(0);
    await db.close();
  });

  it('two workers claiming at once never get the same task', async () => {
    const { db } = await freshDb('tasks3');
    for (let n = 1; n <= 6; n++) await enqueueTask(db, 'z', n);
    const later = new Date(Date.now() + 1000);
    const claimed = (await Promise.all(Array.from({ length: 8 }, () => claimTask(db, ['z'], later)))).filter((t) => t !== undefined);
    const ids = claimed.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    await db.close();
  });
});

describe('print pictures from a master', () => {
  const jpeg = { quality: 92, chromaSubsampling: '4:4:4', mozjpeg: false } as const;
  // The numbers as stored, without a colour transform on reading.
  const storedPixel = async (data: Buffer) => [...(await sharp(data).keepIccProfile().extract({ left: 10, top: 10, width: 1, height: 1 }).raw().toBuffer())];

  it('keep an sRGB master’s pixels and profile, byte for byte what a conversion to sRGB gives', async () => {
    const master = (await processImage(new Uint8Array(await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#e76f51' } }).jpeg().toBuffer()))).master;
    const kept = await (await openMaster(Buffer.from(master))).resize({ width: 700 }).jpeg(jpeg).toBuffer();
    const converted = await sharp(master).resize({ width: 700 }).withIccProfile('srgb').jpeg(jpeg).toBuffer();
    expect(kept.equals(converted)).toBe(true);
    expect((await sharp(kept).metadata()).icc?.equals((await sharp(master).metadata()).icc!)).toBe(true);
  });

  it('convert a master with another profile to sRGB and tag it so', async () => {
    const p3 = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#00ff00' } }).withIccProfile('p3').jpeg({ quality: 95 }).toBuffer();
    const srgbIcc = (await sharp(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).withIccProfile('srgb').jpeg().toBuffer()).metadata()).icc!;
    const out = await (await openMaster(p3)).jpeg(jpeg).toBuffer();
    expect((await sharp(out).metadata()).icc?.equals(srgbIcc)).toBe(true);
    // sRGB's pure green, stored in P3 as about (117, 251, 76), is stored as sRGB's numbers again.
    const [r = 255, g = 0, b = 255] = await storedPixel(out);
    expect([r < 16, g > 240, b < 16]).toEqual([true, true, true]);
    const [r0 = 0, , b0 = 0] = await storedPixel(p3);
    expect(r0 + b0).toBeGreaterThan(100);
  });
});

describe('print-size pictures are made in the background when a work is accepted', () => {
  async function setup() {
    const { db, dir } = await freshDb('pictures');
    const app = { db, config: loadConfig({ DATA_DIR: dir, DEMO: '0' }), storage: openFileStorage(dir) } as App;
    const edition = await createEdition(db, defaultEdition());
    const jpeg = await sharp({ create: { width: 1600, height: 2200, channels: 3, background: '#2a9d8f' } }).jpeg().toBuffer();
    const page = await processImage(new Uint8Array(jpeg));
    const staged = writeStaged(app.config.dataDir, [page, page]);
    const id = await entry(db, edition.id, { status: 'received', category: 'comic' }, [page, page].map((p) => ({ width: p.width, height: p.height, widths: [480], placeholder: p.placeholder })));
    commitStaged(app.config.dataDir, staged, id);
    return { app, id };
  }

  it('accepting queues the task in the same transaction (once), and the task makes every size the catalogue asks for', async () => {
    const { app, id } = await setup();
    expect(await pendingTasks(app.db, PRINT_PICTURES_TASK)).toBe(0);
    await decide(app.db, { id: 1, email: 'o@example.invalid' }, { ids: [id], decision: 'accepted' }, 'http://127.0.0.1:4321');
    await decide(app.db, { id: 1, email: 'o@example.invalid' }, { ids: [id], decision: 'accepted' }, 'http://127.0.0.1:4321');
    expect(await pendingTasks(app.db, PRINT_PICTURES_TASK)).toBe(1);
    const made = await makePrintPictures(app, id);
    const entryRow = { id, mediaVersion: (await app.db.get<{ v: number }>('SELECT media_version AS v FROM entries WHERE id = ?', id))!.v };
    const sizes = printSizes({ id, pages: [1, 2].map((pageNo) => ({ pageNo, width: 1600, height: 2200, widths: [], placeholder: '', printDpi: 0 })) });
    expect(made).toBe(new Set([...sizes].flatMap(([p, s]) => s.map((x) => `${p}-${Math.min(x.width, 1600)}-${x.quality}`))).size);
    // Printing then finds them: asking for the A4 print picture makes nothing new.
    const files = async () => (await app.storage.list(`catalogue/images/${id}/v${entryRow.mediaVersion}/`)).length;
    const before = await files();
    expect(before).toBe(made);
    const a4 = workImages({ id, pages: [{ pageNo: 1, width: 1600, height: 2200, widths: [], placeholder: '', printDpi: 0 }] }, geometry('a4', 'print'))[0]!;
    const data = (await catalogueImage(app.storage, entryRow, 1, 1600, a4.pixelWidth, geometry('a4', 'print').jpegQuality))!;
    expect(data.length).toBeGreaterThan(0);
    expect(await files()).toBe(before);
    const meta = await sharp(data).metadata();
    expect(meta.width).toBe(Math.min(1600, a4.pixelWidth));
    expect(meta.icc).toBeDefined();
    expect(meta.exif).toBeUndefined();
    // Nothing is missing now, so the hourly catch-up queues nothing more.
    expect(await queueMissingPrintPictures(app.db, app.storage)).toBe(0);
    await app.db.close();
  });

  it('a work without print consent gets none, and the catch-up finds accepted works that have none yet', async () => {
    const { app, id } = await setup();
    await app.db.run('UPDATE entries SET consent_print = 0 WHERE id = ?', id);
    await decide(app.db, { id: 1, email: 'o@example.invalid' }, { ids: [id], decision: 'accepted' }, 'http://127.0.0.1:4321');
    expect(await makePrintPictures(app, id)).toBe(0);
    await app.db.run('UPDATE entries SET consent_print = 1 WHERE id = ?', id);
    await app.db.run(`DELETE FROM task_queue`);
    expect(await queueMissingPrintPictures(app.db, app.storage)).toBe(1);
    expect(await pendingTasks(app.db, PRINT_PICTURES_TASK)).toBe(1);
    await app.db.close();
  });
});
