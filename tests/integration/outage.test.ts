import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_POSTGRES, startPostgres, type PgServer } from '../helpers/postgres.ts';
import { startS3, type S3Server } from '../helpers/s3.ts';
import { startSite, type Site } from '../helpers/site.ts';
import { entryForm } from '../helpers/entry.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The database or the bucket going away while the site runs: /healthz turns 503 and names it,
 * visitors get a clear page in their language instead of an error, and the site recovers by
 * itself when the service returns. Its own PostgreSQL and S3 servers: the run's shared ones
 * must stay up for the other tests.
 */
describe.skipIf(!HAVE_POSTGRES)('when PostgreSQL or the bucket goes away', () => {
  let pg: PgServer;
  let s3: S3Server;
  let site: Site;
  let jpeg: Buffer;

  beforeAll(async () => {
    [pg, s3] = await Promise.all([startPostgres(), startS3()]);
    const [database, bucket] = await Promise.all([pg.createDatabase(), s3.createBucket()]);
    site = await startSite({ shared: { DATABASE_URL: database, ...s3.env(bucket) }, env: { ENTRY_RATE_LIMIT: '1000' } });
    jpeg = await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#e9c46a' } }).jpeg().toBuffer();
  });
  afterAll(async () => {
    await site?.stop();
    await pg?.stop();
    await s3?.stop({ keepData: false });
  });

  const health = async () => {
    const r = await fetch(`${site.base}/healthz`);
    return { status: r.status, body: (await r.json()) as { status: string; database: string; storage: { state: string } } };
  };
  /** Waits for /healthz to say 503 and returns what it says. */
  const outageReported = () =>
    waitFor(async () => {
      const x = await health();
      return x.status === 503 && x.body;
    }, { timeoutMs: 30_000, what: '/healthz to report the outage' });
  const submit = () => fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: entryForm({ title: 'Za výpadku' }, [jpeg]), headers: { Origin: site.base } });

  it('answers 503 with a clear page while the database is down, and recovers when it is back', async () => {
    expect((await health()).status).toBe(200);
    expect((await fetch(`${site.base}/cs/gallery`)).status).toBe(200);

    await pg.stop({ keepData: true });
    try {
      expect(await outageReported()).toMatchObject({ status: 'error', database: 'unavailable', storage: { state: 'ok' } });

      const cs = await fetch(`${site.base}/cs/gallery`);
      expect(cs.status).toBe(503);
      expect(cs.headers.get('retry-after')).toBe('30');
      expect(cs.headers.get('cache-control')).toBe('no-store');
      const page = await cs.text();
      expect(page).toContain('Stránky jsou na chvíli mimo provoz');
      expect(page).toContain('Stránka se sama zkusí načíst znovu');
      expect(page).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+|Error:/);
      expect(await (await fetch(`${site.base}/en/`)).text()).toContain('The site is briefly out of service');
      // A form sent meanwhile is told it was not saved.
      const posted = await fetch(`${site.base}/cs/enter?_action=submitEntry`, { method: 'POST', body: entryForm({ title: 'Za výpadku' }, [jpeg]), headers: { Origin: site.base } });
      expect(posted.status).toBe(503);
      expect(await posted.text()).toContain('Odeslaný formulář se neuložil');
    } finally {
      await pg.start();
    }
    // Back by itself: no restart of the site.
    await waitFor(async () => (await health()).status === 200, { timeoutMs: 60_000, what: '/healthz to recover' });
    expect((await fetch(`${site.base}/cs/gallery`)).status).toBe(200);
    expect((await submit()).status).toBe(200);
  });

  it('answers 503 while the bucket is away, and recovers when it is back', async () => {
    await s3.stop({ keepData: true });
    try {
      expect(await outageReported()).toMatchObject({ status: 'error', database: 'ok', storage: { state: 'unavailable' } });
      // An entry cannot be stored without its pictures: it is refused with the outage page, and no row is left.
      const db = await site.db();
      const before = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM entries'))!.n;
      const r = await fetch(`${site.base}/en/enter?_action=submitEntry`, { method: 'POST', body: entryForm({ lang: 'en', title: 'No bucket' }, [jpeg]), headers: { Origin: site.base } });
      const body = await r.text();
      expect(r.status, body.slice(0, 3000)).toBe(503);
      expect(body).toContain('The form you just sent was not saved');
      // The same from the form's island, which posts to the Action directly.
      const rpc = await fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: entryForm({ lang: 'en', title: 'No bucket either' }, [jpeg]), headers: { Origin: site.base } });
      expect(rpc.status).toBe(503);
      expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM entries'))!.n).toBe(before);
    } finally {
      await s3.start();
    }
    await waitFor(async () => (await health()).status === 200, { timeoutMs: 60_000, what: '/healthz to recover' });
    expect((await submit()).status).toBe(200);
  });
});
