import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
  const { lastInsertRowid: id } = app.db.run(
    `INSERT INTO catalogue_jobs (lang, format, edition, state, pages, bytes, entry_ids) VALUES (?, 'a4', ?, 'done', ?, ?, ?)`,
    opts.lang ?? 'cs', opts.edition ?? 'screen', opts.pages ?? 4, bytes.byteLength, JSON.stringify(opts.entryIds),
  );
  const file = `catalogue/job-${id}-${opts.lang ?? 'cs'}-a4-${opts.edition ?? 'screen'}.pdf`;
  mkdirSync(join(app.config.dataDir, 'catalogue'), { recursive: true });
  writeFileSync(join(app.config.dataDir, file), bytes);
  app.db.run('UPDATE catalogue_jobs SET file = ? WHERE id = ?', file, id);
  return id;
}

function printableEntry(): { id: number; withdraw: string } {
  const { id } = insertEntry(
    app.db,
    { firstName: 'Ema', surname: 'Nováková', age: 16, town: 'Brno', region: 'JHM', category: 'poster', title: 'Svoboda', statement: 'Nikdo nemá právo vzít ti pas.', altText: 'Plakát s mřížemi.', artistEmail: 'ema@example.org', consentPublish: true, consentPrint: true },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs' },
  );
  setStatus(app.db, id, 'accepted', 1);
  return { id, withdraw: createToken(app.db, TOKEN.withdraw, id) };
}

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-published-'));
  app = openApp(loadConfig({ DATA_DIR: dir, DEMO: '0' }));
  createEdition(app.db, defaultEdition());
});

describe('screen catalogues published for teachers', () => {
  it('a finished screen catalogue is published with its cover, and a newer one replaces it at the same address', async () => {
    const e = printableEntry();
    const first = await job({ entryIds: [e.id] });
    expect(await publishJob(app.db, app.config.dataDir, first, 1)).toMatchObject({ ok: true });
    const [p] = listPublished(app.db, app.config.dataDir);
    expect(p).toMatchObject({ jobId: first, lang: 'cs', pages: 4, hasCover: true });
    expect(publicationPath(p!, 'pdf')).toBe(`/catalogue/${p!.editionId}/cs.pdf`);
    expect((await sharp(publicationCover(app.db, p!.id)!).metadata()).format).toBe('webp');

    const second = await job({ entryIds: [e.id], pages: 8 });
    await publishJob(app.db, app.config.dataDir, second, 1);
    expect(listPublished(app.db, app.config.dataDir).map((x) => [x.jobId, x.pages])).toEqual([[second, 8]]);
    expect(servablePublication(app.db, app.config.dataDir, p!.editionId, 'cs')?.publication.jobId).toBe(second);
  });

  it('refuses what may not go to teachers: a print edition, an unfinished job, a work that may no longer be printed', async () => {
    const e = printableEntry();
    expect(await publishJob(app.db, app.config.dataDir, await job({ edition: 'print', entryIds: [e.id] }), 1)).toEqual({ ok: false, reason: 'notScreen' });
    const running = await job({ entryIds: [e.id] });
    app.db.run(`UPDATE catalogue_jobs SET state = 'running' WHERE id = ?`, running);
    expect(await publishJob(app.db, app.config.dataDir, running, 1)).toMatchObject({ ok: false });

    const published = await job({ entryIds: [e.id] });
    await publishJob(app.db, app.config.dataDir, published, 1);
    expect(listPublished(app.db, app.config.dataDir)).toHaveLength(1);
    // The artist withdraws consent: the published PDF holds the work, so it is no longer listed or served.
    withdrawConsent(app.db, e.withdraw, 'cs');
    expect(listPublished(app.db, app.config.dataDir)).toEqual([]);
    expect(servablePublication(app.db, app.config.dataDir, 1, 'cs')).toBeUndefined();
    expect(await publishJob(app.db, app.config.dataDir, published, 1)).toEqual({ ok: false, reason: 'notPrintable' });
  });

  it('unpublishing takes it off the page, and erasing its job takes the publication and its cover with it', async () => {
    const e = printableEntry();
    const id = await job({ entryIds: [e.id] });
    const r = await publishJob(app.db, app.config.dataDir, id, 1);
    if (!r.ok) throw new Error('publish');
    expect(unpublish(app.db, r.id)).toBe(true);
    expect(listPublished(app.db, app.config.dataDir)).toEqual([]);
    await publishJob(app.db, app.config.dataDir, id, 1);
    app.db.run('DELETE FROM catalogue_jobs WHERE id = ?', id);
    expect(app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM catalogue_publications')!.n).toBe(0);
  });
});
