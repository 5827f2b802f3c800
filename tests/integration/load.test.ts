import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
let jpeg: Buffer;
const N = 100;

beforeAll(async () => {
  // A short slow-body window makes sure uploads waiting for their turn are not taken for slow ones.
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '100000', SLOW_BODY_SECONDS: '8' } });
  jpeg = await sharp({ create: { width: 820, height: 1100, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg({ quality: 80 }).toBuffer();
});
afterAll(() => site?.stop());

function form(i: number, token: string): FormData {
  const f = new FormData();
  const fields: Record<string, string> = {
    lang: 'cs', formToken: token, firstName: 'Zátěž', surname: `Testová${i}`, age: '17', town: 'Zlín', region: 'ZLK', category: 'poster',
    title: `Load ${i}`, statement: 'Entry sent under load to prove nothing is lost.', altText: 'Grey noise, nothing else.',
    artistEmail: `load-${i}@example.org`, consentPublish: 'on', agreeRules: 'on',
  };
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('pages', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'p.jpg');
  return f;
}

const send = (i: number, token: string) =>
  fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: form(i, token), headers: { Origin: site.base } }).then(async (r) => ({ status: r.status, body: await r.text() }));

describe('under load', () => {
  it(`stores ${N} concurrent submissions numbered without gaps, and ${N} retries of them add nothing`, async () => {
    const tokens = Array.from({ length: N }, () => crypto.randomUUID());
    const first = await Promise.all(tokens.map((t, i) => send(i, t)));
    expect(first.filter((r) => r.status !== 200)).toEqual([]);
    const retries = await Promise.all(tokens.map((t, i) => send(i, t)));
    expect(retries.filter((r) => r.status !== 200)).toEqual([]);
    // A retry answers with the same reference as the first attempt.
    const ref = (body: string) => /CT-\d{4}-\d{4}/.exec(body)?.[0];
    expect(retries.map((r) => ref(r.body))).toEqual(first.map((r) => ref(r.body)));

    const db = new DatabaseSync(join(site.dataDir, 'cartoon-truth.sqlite'), { readOnly: true });
    const seqs = (db.prepare('SELECT seq FROM entries ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    const pages = (db.prepare('SELECT COUNT(*) AS n FROM entry_pages').get() as { n: number }).n;
    db.close();
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(pages).toBe(N);
  }, 300_000);
});
