import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
let jpeg: Buffer;

beforeAll(async () => {
  site = await startSite();
  jpeg = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
});
afterAll(() => site?.stop());

function form(over: Record<string, string | Blob | undefined> = {}): FormData {
  const fields: Record<string, string | Blob | undefined> = {
    lang: 'en',
    formToken: crypto.randomUUID(),
    firstName: 'Bohdana',
    surname: 'Zelenková',
    age: '15',
    region: 'OLK',
    category: 'comic',
    title: 'Integration title',
    altText: 'Three panels with a girl reading a job advert on her phone.',
    consentPublish: 'on',
    image: new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }),
    ...over,
  };
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (v instanceof Blob) f.append(k, v, 'work.jpg');
    else f.append(k, v);
  }
  return f;
}

async function submit(body: FormData) {
  const r = await fetch(`${site.base}/en/enter?_action=submitEntry`, { method: 'POST', body, headers: { Origin: site.base } });
  return { status: r.status, html: await r.text() };
}

function rows(): { id: number; reference: string; title: string }[] {
  const db = new DatabaseSync(join(site.dataDir, 'cartoon-truth.sqlite'), { readOnly: true });
  try {
    return db.prepare('SELECT id, reference, title FROM entries ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

function storedFiles(): string[] {
  const dir = join(site.dataDir, 'artworks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String);
}

describe('the entry Action', () => {
  it('stores a valid entry with its master and web derivatives and shows the reference', async () => {
    const { status, html } = await submit(form());
    expect(status).toBe(200);
    const year = new Date().getFullYear();
    expect(html).toContain(`CT-${year}-0001`);
    const all = rows();
    expect(all).toHaveLength(1);
    const files = storedFiles();
    expect(files).toContain(`${all[0]!.id}/p1.jpg`);
    expect(files.some((f) => /\/p1-\d+\.avif$/.test(f))).toBe(true);
    expect(files.some((f) => /\/p1-\d+\.webp$/.test(f))).toBe(true);
  });

  it('stores one entry when the same form is sent twice (double click)', async () => {
    const token = crypto.randomUUID();
    const a = await submit(form({ formToken: token, title: 'Sent twice' }));
    const b = await submit(form({ formToken: token, title: 'Sent twice' }));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(rows().filter((r) => r.title === 'Sent twice')).toHaveLength(1);
  });

  it.each([
    ['a missing title', { title: '' }, 'This field is required.'],
    ['no consent', { consentPublish: undefined }, 'Without your consent'],
    ['an unknown region', { region: 'XX' }, 'Choose a region from the list.'],
    ['no picture', { image: undefined }, 'Attach a picture of your work.'],
    ['a text file named .jpg', { image: new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/jpeg' }) }, 'This is not a picture.'],
  ])('refuses %s with a message at the field, storing no row and no file', async (_what, over, message) => {
    const before = { rows: rows().length, files: storedFiles().length };
    const { status, html } = await submit(form(over as Record<string, string | Blob | undefined>));
    expect(status).toBe(400);
    expect(html).toContain(message);
    expect(rows()).toHaveLength(before.rows);
    expect(storedFiles()).toHaveLength(before.files);
    expect(readdirSync(join(site.dataDir, 'tmp')).length).toBe(0);
  });

  it('gives back what was typed when it refuses the form', async () => {
    const { html } = await submit(form({ title: '', firstName: 'Ludmila' }));
    expect(html).toMatch(/value="Ludmila"/);
  });
});
