import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openApp } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { acquireDataLock, lockHolder } from '#src/platform/data-lock.ts';
import { removeUncommitted, runDoctor } from '#src/operations/doctor.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { submitEntry } from '#src/entries/intake.ts';

async function appWithEntry() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-doctor-'));
  const app = await openApp(loadConfig({ DATA_DIR: dataDir, DEMO: '0' }));
  await createEdition(app.db, defaultEdition());
  const f = new FormData();
  const fields: Record<string, string> = {
    firstName: 'A', surname: 'B', age: '16', town: 'Brno', region: 'JHM', category: 'poster', title: 'T', statement: 'A statement here.',
    altText: 'An alt text here.', artistEmail: 'a@example.org', consentPublish: 'on', agreeRules: 'on',
  };
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('pages', new Blob([new Uint8Array(await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#345' } }).jpeg().toBuffer())]), 'p.jpg');
  const r = await submitEntry(app, f, 'cs', 'http://x');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { app, dataDir, id: r.id };
}

describe('the doctor', () => {
  it('finds nothing wrong with a fresh entry, then finds and repairs what is repairable', async () => {
    const { app, dataDir, id } = await appWithEntry();
    expect((await runDoctor(app)).problems).toEqual([]);
    rmSync(join(dataDir, 'artworks', String(id), 'p1-480.avif'));
    mkdirSync(join(dataDir, 'artworks', '777'));
    mkdirSync(join(dataDir, 'tmp', 'upload-dead'));
    const found = await runDoctor(app);
    expect(found.problems.map((p) => p.kind).sort()).toEqual(['missing-derivative', 'orphan-dir', 'staging-leftover']);
    const fixed = await runDoctor(app, { repair: true });
    expect(fixed.remaining).toBe(0);
    expect(existsSync(join(dataDir, 'artworks', String(id), 'p1-480.avif'))).toBe(true);
    expect(existsSync(join(dataDir, 'artworks', '777'))).toBe(false);
    expect((await runDoctor(app)).problems).toEqual([]);
  });

  it('reports a missing master as an error it cannot repair', async () => {
    const { app, dataDir, id } = await appWithEntry();
    rmSync(join(dataDir, 'artworks', String(id), 'p1.jpg'));
    const r = await runDoctor(app, { repair: true });
    expect(r.problems).toMatchObject([{ kind: 'missing-master', repairable: false }]);
    expect(r.remaining).toBe(1);
  });

  it('start-up of the lock holder clears uncommitted folders; a second process holds no lock', async () => {
    const { app, dataDir, id } = await appWithEntry();
    mkdirSync(join(dataDir, 'artworks', '999'));
    writeFileSync(join(dataDir, 'artworks', '999', 'p1.jpg'), 'x');
    expect(await removeUncommitted(app)).toBe(1);
    expect(existsSync(join(dataDir, 'artworks', String(id), 'p1.jpg'))).toBe(true);
    expect(acquireDataLock(dataDir)).toBe(true);
    // The test process itself holds it now; another live pid in the file means "not ours".
    writeFileSync(join(dataDir, 'server.lock'), `${process.ppid}\n`);
    expect(lockHolder(dataDir)).toBe(process.ppid);
    expect(acquireDataLock(dataDir)).toBe(false);
    writeFileSync(join(dataDir, 'server.lock'), '999999999\n');
    expect(acquireDataLock(dataDir)).toBe(true);
  });
});
