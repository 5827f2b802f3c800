import { afterAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../helpers/site.ts';

/**
 * A CDN in front of several origins, or a browser across a restart, revalidates with the ETag it
 * holds. Validators come from the data and the build, never from the process, so they agree.
 */
const sites: Site[] = [];
afterAll(async () => {
  for (const s of sites) await s.stop();
});

const PAGES = ['/cs/', '/en/gallery', '/cs/gallery?category=poster', '/cs/winners'];

async function etags(site: Site): Promise<string[]> {
  return Promise.all(PAGES.map(async (p) => (await fetch(`${site.base}${p}`)).headers.get('etag')!));
}

describe('page validators', () => {
  it('two server processes started one after the other on the same data give the same ETag for the same page', async () => {
    const first = await startSite({ demo: true });
    const before = await etags(first);
    expect(before.every((e) => /^W\/".+"$/.test(e))).toBe(true);
    expect(new Set(before).size).toBe(PAGES.length);
    await first.stop({ keepData: true });

    const second = await startSite({ demo: true, dataDir: first.dataDir });
    sites.push(second);
    expect(await etags(second)).toEqual(before);
    // …and the browser's copy from before the restart is still good: 304.
    const r = await fetch(`${second.base}/en/gallery`, { headers: { 'If-None-Match': before[1]! } });
    expect(r.status).toBe(304);
  }, 300_000);
});
