import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openApp } from '#src/platform/app.ts';
import { loadConfig } from '#src/platform/config.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { submitEntry } from '#src/entries/intake.ts';
import { getEntry, setStatus } from '#src/entries/entry-store.ts';
import { isVisible } from '#src/entries/visibility.ts';
import { entryForm } from '../helpers/entry.ts';

const NO_EMBARGO = { publishWorks: 'acceptance', roundStarted: false, resultsPublished: false } as const;

async function app() {
  const a = await openApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-paper-')), DEMO: '0' }));
  await createEdition(a.db, defaultEdition());
  return a;
}
const picture = async () => new Uint8Array(await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#345' } }).jpeg().toBuffer());
const under15 = { age: '11', artistEmail: undefined, guardianName: 'Iva Malá', guardianEmail: 'iva@example.org' };

describe('a posted work entered by an organiser from its paper form', () => {
  it('records the paper consent (who, when) instead of sending the guardian a link, and may become public', async () => {
    const a = await app();
    const r = await submitEntry(a, entryForm(under15, [await picture()]), 'cs', 'http://x', { paper: { organiserEmail: 'org@example.org' } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const entry = (await getEntry(a.db, r.id))!;
    expect(entry.consentState).toBe('confirmed');
    const log = await a.db.all<{ kind: string; by_role: string; by_email: string; at: string }>('SELECT kind, by_role, by_email, at FROM consents WHERE entry_id = ? ORDER BY id', r.id);
    expect(log.map((c) => [c.kind, c.by_role, c.by_email])).toEqual([
      ['paper-form', 'organiser', 'org@example.org'],
      ['participation', 'organiser', 'org@example.org'],
      ['rules', 'organiser', 'org@example.org'],
      ['publish', 'organiser', 'org@example.org'],
    ]);
    expect(log[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await a.db.all("SELECT 1 AS x FROM tokens WHERE purpose = 'guardian-confirm' AND subject_id = ?", r.id)).toEqual([]);
    await setStatus(a.db, r.id, 'accepted', 1);
    expect(isVisible('public', (await getEntry(a.db, r.id))!, NO_EMBARGO)).toBe(true);
  });

  it('the same form from the public site still waits for the guardian and is never public until then', async () => {
    const a = await app();
    const r = await submitEntry(a, entryForm(under15, [await picture()]), 'cs', 'http://x');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect((await getEntry(a.db, r.id))!.consentState).toBe('awaiting');
    await setStatus(a.db, r.id, 'accepted', 1);
    expect(isVisible('public', (await getEntry(a.db, r.id))!, NO_EMBARGO)).toBe(false);
    expect(await a.db.all("SELECT 1 AS x FROM consents WHERE entry_id = ? AND kind = 'paper-form'", r.id)).toEqual([]);
  });
});
