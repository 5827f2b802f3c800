import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { withdrawConsent, TOKEN } from '#src/entries/consent.ts';
import { createToken } from '#src/platform/tokens.ts';
import { listPublished, publicationCover, publicationPath, publishJob, servablePublication, unpublish } from '#src/catalogue/published.ts';

let app: App;

/** A finished catalogue job as the admin's background job leaves it: a row and its PDF. */
async function job(opts: { lang?: string; edition?: 'screen' | 'print'; entryIds: number[]; pages?: number }): Promise<number> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < (opts.pages ?? 4); i++) pdf.addPage([595, 842]).drawText(`Kreslená pravda ${i + 1}`.replace('á', 'a'), { x: 50, y: 780 });
  const bytes = await pdf.save();
  const { id } = (await app.db.get<{ id: number }>(
    `INSERT INTO catalogue_jobs (lang, format, edition, state, pages, bytes, entry_ids) VALUES (?, 'a4', ?, 'done', ?, ?, ?) RETURNING id`,
    opts.lang ?? 'cs', opts.edition ?? 'screen', opts.pages ?? 4, bytes.byteLength, JSON.stringify(opts.entryIds),
  ))!;
  const file = `catalogue/job-${id}-${opts.lang ?? 'cs'}-a4-${opts.edition ?? 'screen'}.pdf`;
  await app.storage.write(file, bytes, 'application/pdf');
  await app.db.run('UPDATE catalogue_jobs SET file = ? WHERE id = ?', file, id);
  return id;
}

async function printableEntry(): Promise<{ id: number; withdraw: string }> {
  const { id } = await insertEntry(
    app.db,
    { firstName: 'Ema', surname: 'Nováková', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title: 'Svoboda', statement: 'Nikdo nemá právo vzít ti pas.', altText: 'Plakát s mřížemi.', artistEmail: 'ema@example.org', consentPublish: true, consentPrint: true },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs' },
  );
  await setStatus(app.db, id, 'accepted', 1);
  return { id, withdraw: await createToken(app.db, TOKEN.withdraw, id) };
}

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-published-'));
  app = await openApp(loadConfig({ DATA_DIR: dir, DEMO: '0' }));
  await createEdition(app.db, defaultEdition());
});

describe('screen catalogues published for teachers', () => {
  it('a finished screen catalogue is published with its cover, and a newer one replaces it at the same address', async () => {
    const e = await printableEntry();
    const first = await job({ entryIds: [e.id] });
    expect(await publishJob(app.db, app.storage, first, 1)).toMatchObject({ ok: true });
    const [p] = await listPublished(app.db, app.storage);
    expect(p).toMatchObject({ jobId: first, lang: 'cs', pages: 4, hasCover: true });
    expect(publicationPath(p!, 'pdf')).toBe(`/catalogue/${p!.editionId}/cs.pdf`);
    expect((await sharp((await publicationCover(app.db, p!.id))!).metadata()).format).toBe('webp');

    const second = await job({ entryIds: [e.id], pages: 8 });
    await publishJob(app.db, app.storage, second, 1);
    expect((await listPublished(app.db, app.storage)).map((x) => [x.jobId, x.pages])).toEqual([[second, 8]]);
    expect((await servablePublication(app.db, app.storage, p!.editionId, 'cs'))?.publication.jobId).toBe(second);
  });

  it('refuses what may not go to teachers: a print edition, an unfinished job, a work that may no longer be printed', async () => {
    const e = await printableEntry();
    expect(await publishJob(app.db, app.storage, await job({ edition: 'print', entryIds: [e.id] }), 1)).toEqual({ ok: false, reason: 'notScreen' });
    const running = await job({ entryIds: [e.id] });
    await app.db.run(`UPDATE catalogue_jobs SET state = 'running' WHERE id = ?`, running);
    expect(await publishJob(app.db, app.storage, running, 1)).toMatchObject({ ok: false });

    const published = await job({ entryIds: [e.id] });
    await publishJob(app.db, app.storage, published, 1);
    expect(await listPublished(app.db, app.storage)).toHaveLength(1);
    // The artist withdraws consent: the published PDF holds the work, so it is no longer listed or served.
    await withdrawConsent(app.db, e.withdraw, 'cs');
    expect(await listPublished(app.db, app.storage)).toEqual([]);
    expect(await servablePublication(app.db, app.storage, 1, 'cs')).toBeUndefined();
    expect(await publishJob(app.db, app.storage, published, 1)).toEqual({ ok: false, reason: 'notPrintable' });
  });

  it('unpublishing takes it off the page, and erasing its job takes the publication and its cover with it', async () => {
    const e = await printableEntry();
    const id = await job({ entryIds: [e.id] });
    const r = await publishJob(app.db, app.storage, id, 1);
    if (!r.ok) throw new Error('publish');
    expect(await unpublish(app.db, r.id)).toBe(true);
    expect(await listPublished(app.db, app.storage)).toEqual([]);
    await publishJob(app.db, app.storage, id, 1);
    await app.db.run('DELETE FROM catalogue_jobs WHERE id = ?', id);
    expect(Number((await app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM catalogue_publications'))!.n)).toBe(0);
  });
});
