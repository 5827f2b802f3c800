import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSiteDb, startSite, type Site } from '../helpers/site.ts';
import { entryForm } from '../helpers/entry.ts';
import { noiseJpeg } from '../helpers/images.ts';

let site: Site;
let jpeg: Buffer;
const N = 100;

beforeAll(async () => {
  // A short slow-body window makes sure uploads waiting for their turn are not taken for slow ones.
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '100000', SLOW_BODY_SECONDS: '8' } });
  jpeg = await noiseJpeg(820, 1100, { mean: 128, sigma: 30 });
});
afterAll(() => site?.stop());

const form = (i: number, token: string): FormData =>
  entryForm({ formToken: token, surname: `Testová${i}`, title: `Load ${i}`, artistEmail: `load-${i}@example.org` }, [jpeg]);

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

    const db = openSiteDb(site.dataDir);
    const seqs = (db.prepare('SELECT seq FROM entries ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    const pages = (db.prepare('SELECT COUNT(*) AS n FROM entry_pages').get() as { n: number }).n;
    db.close();
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(pages).toBe(N);
  }, 300_000);
});
