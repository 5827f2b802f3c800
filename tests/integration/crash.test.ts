import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSiteDb, ROOT, startSite, type Site } from '../helpers/site.ts';
import { entryForm } from '../helpers/entry.ts';
import { noiseJpeg } from '../helpers/images.ts';
import { waitFor } from '../helpers/wait.ts';

let site: Site | undefined;
afterAll(() => site?.stop());

const form = (i: number, jpeg: Buffer): FormData =>
  entryForm({ surname: `Nováková${i}`, category: 'comic', title: `Crash ${i}`, artistEmail: `crash-${i}@example.org` }, [jpeg, jpeg]);

describe('a crash in the middle of uploads', () => {
  it('loses no entry the client saw stored and leaves no half entry or orphan after restart', async () => {
    const jpeg = await noiseJpeg(2400, 3200, { quality: 85 });
    site = await startSite({ env: { ENTRY_RATE_LIMIT: '100000' } });
    const { base, dataDir } = site;
    const seen: string[] = [];
    const uploads = Array.from({ length: 20 }, (_, i) =>
      fetch(`${base}/_actions/submitEntry`, { method: 'POST', body: form(i, jpeg), headers: { Origin: base } })
        .then(async (r) => {
          const body = await r.text();
          const ref = /CT-\d{4}-\d{4}/.exec(body)?.[0];
          if (r.status === 200 && ref) seen.push(ref);
        })
        .catch(() => undefined),
    );
    // Kill it once some entries have been stored and others are still being processed.
    await waitFor(() => seen.length >= 3, { timeoutMs: 90_000, intervalMs: 50, what: 'three stored entries' }).catch(() => undefined);
    await site.kill();
    await Promise.all(uploads);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(20);

    await site.stop({ keepData: true });
    site = await startSite({ dataDir, env: { ENTRY_RATE_LIMIT: '100000' } });

    // The doctor finds nothing wrong: no orphan folder, no staging leftover, no entry without files.
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
    delete env.BASE_URL; // vitest sets it to "/" for Vite
    const report = execFileSync(process.execPath, [join(ROOT, 'scripts/doctor.ts')], { cwd: ROOT, env, encoding: 'utf8' });
    expect(report).toContain('all good');

    const db = openSiteDb(dataDir);
    const rows = db.prepare('SELECT id, reference FROM entries').all() as { id: number; reference: string }[];
    const pages = db.prepare('SELECT entry_id, COUNT(*) AS n FROM entry_pages GROUP BY entry_id').all() as { entry_id: number; n: number }[];
    db.close();
    const refs = new Set(rows.map((r) => r.reference));
    for (const ref of seen) expect(refs.has(ref), `${ref} was confirmed to the client`).toBe(true);
    for (const r of rows) {
      expect(pages.find((p) => p.entry_id === r.id)?.n).toBe(2);
      expect(existsSync(join(dataDir, 'artworks', String(r.id), 'p2.jpg'))).toBe(true);
    }
    expect(readdirSync(join(dataDir, 'artworks')).sort()).toEqual(rows.map((r) => String(r.id)).sort());
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  }, 240_000);
});
