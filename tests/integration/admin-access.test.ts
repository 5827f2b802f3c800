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

describe('organisers manage editions without code', () => {
  const editionForm = (over: Record<string, string> = {}) =>
    new URLSearchParams({
      year: '2031',
      titleCs: 'Kreslená pravda 2031',
      titleEn: 'Cartoon Truth 2031',
      themeCs: 'Bezpečně na internetu',
      themeEn: 'Safe online',
      opens: '2020-01-01T00:00',
      closes: '2099-12-31T23:59',
      categories: 'comic | Komiks | Comic\nphoto | Fotopříběh | Photo story',
      ageGroups: '12-14, 15-18',
      maxEntriesPerArtist: '1',
      maxPages: '4',
      ...over,
    });

  it('refuses to save an edition without a session', async () => {
    const r = await fetch(`${site.base}/_actions/saveEdition`, { method: 'POST', body: editionForm(), headers: { Origin: site.base } });
    expect(r.status).toBe(401);
  });

  it('shows field errors, then creates a current edition that drives the entry form', async () => {
    const cookie = await signIn();
    const bad = await fetch(`${site.base}/admin/editions/new?_action=saveEdition`, { method: 'POST', body: editionForm({ closes: '2019-01-01T00:00', ageGroups: 'teens' }), headers: { cookie, Origin: site.base }, redirect: 'manual' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Uzávěrka musí být po otevření.');
    expect(badHtml).toContain('Zadejte věkové skupiny');

    const body = editionForm();
    body.set('makeCurrent', 'on');
    const ok = await fetch(`${site.base}/admin/editions/new?_action=saveEdition`, { method: 'POST', body, headers: { cookie, Origin: site.base }, redirect: 'manual' });
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/editions\/\d+\?saved=1$/);
    expect(await (await fetch(`${site.base}${location}`, { headers: { cookie } })).text()).toContain('Ročník je uložen.');

    const list = await (await fetch(`${site.base}/admin/editions`, { headers: { cookie } })).text();
    expect(list).toContain('Kreslená pravda 2031');
    const enter = await (await fetch(`${site.base}/en/enter`)).text();
    expect(enter).toContain('Photo story');
    expect(enter).not.toContain('>Poster<');
    expect(enter).toContain('up to 4 pages');
    const rules = await (await fetch(`${site.base}/en/rules`)).text();
    expect(rules).toContain('aged 12 to 18');
  });
});
