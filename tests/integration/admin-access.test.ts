import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startSite, type Site } from '../helpers/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

async function signIn(): Promise<string> {
  const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
  const r = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body, headers: { Origin: site.base }, redirect: 'manual' });
  expect(r.status).toBe(303);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
  expect(cookie, 'sign-in sets the session cookie').toBeDefined();
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  return cookie!.split(';')[0]!;
}

describe('the admin is closed to anyone not signed in', () => {
  it('redirects an anonymous visitor of /admin/entries to the sign-in page', async () => {
    const r = await fetch(`${site.base}/admin/entries`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/admin\?next=/);
  });

  it('refuses the review Action without a session and changes nothing', async () => {
    const r = await fetch(`${site.base}/_actions/reviewEntry`, {
      method: 'POST',
      body: new URLSearchParams({ id: '1', decision: 'accepted' }),
      headers: { Origin: site.base },
    });
    expect(r.status).toBe(401);
  });

  it('refuses a wrong password with a generic message', async () => {
    const body = new URLSearchParams({ email: ADMIN.email, password: 'wrong password' });
    const r = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body, headers: { Origin: site.base }, redirect: 'manual' });
    expect(r.status).toBe(401);
    expect(await r.text()).toContain('E-mail nebo heslo nesouhlasí.');
  });

  it('refuses a sign-in posted from another site', async () => {
    const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
    const r = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body, headers: { Origin: 'https://evil.example' }, redirect: 'manual' });
    expect(r.status).toBe(403);
  });

  it('lets a signed-in organiser in, and out again after signing out', async () => {
    const cookie = await signIn();
    const inside = await fetch(`${site.base}/admin/entries`, { headers: { cookie }, redirect: 'manual' });
    expect(inside.status).toBe(200);
    const out = await fetch(`${site.base}/admin/entries?_action=signOut`, { method: 'POST', body: new URLSearchParams(), headers: { cookie, Origin: site.base }, redirect: 'manual' });
    expect(out.status).toBe(303);
    const after = await fetch(`${site.base}/admin/entries`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
  });

  it('answers /healthz with JSON once the database is open', async () => {
    const r = await fetch(`${site.base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
