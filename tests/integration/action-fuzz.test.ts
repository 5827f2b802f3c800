import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startSite, type Site } from '../helpers/site.ts';
import { declaredActions } from '../helpers/source.ts';

/** Every Action the site defines, read from the source so a new one is covered without editing this test. */
const ACTIONS = declaredActions().map((a) => a.name);

let site: Site;
let cookie = '';

beforeAll(async () => {
  site = await startSite({ env: { ENTRY_RATE_LIMIT: '100000' } });
  cookie = await signIn(site);
});
afterAll(() => site?.stop());

const fieldNames = fc.constantFrom('id', 'title', 'age', 'pages', 'token', 'email', 'password', 'decision', 'year', 'opens', 'first1', 'last1', 'slotId', 'pupils', 'setId', 'lang', 'formToken', 'x', '__proto__', 'constructor', 'a.b', 'a[0]');
const values = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '-1', '0', '1', '99999999999999999999', 'NaN', '1e309', 'on', 'accepted', '2026-02-30', 'x'.repeat(20_000), '\u0000', '😀'),
  fc.integer().map(String),
);
const body = fc.oneof(
  fc.array(fc.tuple(fieldNames, values, fc.boolean()), { maxLength: 12 }).map((fields) => {
    const f = new FormData();
    for (const [k, v, asFile] of fields) {
      if (asFile) f.append(k, new Blob([v]), 'f.jpg');
      else f.append(k, v);
    }
    return { body: f as BodyInit, type: undefined as string | undefined };
  }),
  fc.array(fc.tuple(fieldNames, values), { maxLength: 12 }).map((fields) => ({ body: new URLSearchParams(fields).toString() as BodyInit, type: 'application/x-www-form-urlencoded' })),
  fc.string({ maxLength: 300 }).map((s) => ({ body: s as BodyInit, type: 'application/json' })),
  fc.string({ maxLength: 300 }).map((s) => ({ body: s as BodyInit, type: 'multipart/form-data; boundary=zzz' })),
);

describe('random input to every Action', () => {
  it('finds the Actions', () => {
    expect(ACTIONS).toContain('submitEntry');
    expect(ACTIONS.length).toBeGreaterThan(10);
  });

  it('never answers 500, signed in or not, as JSON call or as form post', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ACTIONS), body, fc.boolean(), fc.boolean(), async (action, b, signedIn, asForm) => {
        const url = asForm ? `${site.base}/cs/?_action=${action}` : `${site.base}/_actions/${action}`;
        const headers: Record<string, string> = { Origin: site.base };
        if (b.type) headers['Content-Type'] = b.type;
        // Sign-out would end the shared session; everything else may run signed in.
        if (signedIn && action !== 'signOut') headers.Cookie = cookie;
        const r = await fetch(url, { method: 'POST', body: b.body, headers, redirect: 'manual' });
        await r.arrayBuffer();
        expect(r.status, `${action} ${asForm ? 'form' : 'json'} ${signedIn ? 'organiser' : 'anonymous'}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  }, 300_000);
});
