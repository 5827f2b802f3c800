import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJuror } from '../helpers/backoffice.ts';
import { ADMIN, postForm, readDb, ROOT, signInAs, startSite, type Site } from '../helpers/site.ts';
import { declaredActions } from '../helpers/source.ts';
import { openDb } from '#src/platform/db.ts';
import { juryHandle } from '#src/jury/jury-handle.ts';

/** A juror's opaque handle for an entry, as the server computes it. */
async function handleOf(email: string, entryId: number): Promise<string> {
  const db = openDb(join(site.dataDir, 'cartoon-truth.sqlite'));
  try {
    const accountId = (await db.get<{ id: number }>('SELECT id FROM accounts WHERE email = ?', email))!.id;
    return await juryHandle(db, accountId, entryId);
  } finally {
    await db.close();
  }
}

let site: Site;
let organiser: string;
let juror: string;
let juror2: string;
let editionId: number;

beforeAll(async () => {
  site = await startSite({ demo: true, env: { ENTRY_RATE_LIMIT: '1000' } });
  organiser = await signInAs(site, ADMIN.email, ADMIN.password);
  juror = await createJuror(site, organiser, 'juror.one@example.org');
  juror2 = await createJuror(site, organiser, 'juror.two@example.org');
  editionId = (await readDb<{ id: number }>(site, 'SELECT id FROM editions WHERE is_current = 1'))[0]!.id;
});
afterAll(() => site?.stop());

const get = (path: string, cookie?: string) => fetch(`${site.base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

/** Every page and endpoint under src/pages/admin as a URL (parameters filled with existing or dummy values). */
function adminRoutes(): string[] {
  const dir = join(ROOT, 'src/pages/admin');
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  const fill: Record<string, string> = { id: '1', entry: '1', page: '1', token: 'x'.repeat(24), file: 'entries.csv' };
  return walk(dir).map((f) => {
    const route = relative(join(ROOT, 'src/pages'), f).replace(/\.(astro|ts)$/, '').replace(/(^|\/)index$/, '');
    return `/${route.replace(/\[(\w+)\]/g, (_, k: string) => fill[k] ?? '1')}`;
  });
}

/** Every Action name the domains define. */
const actionNames = (): string[] => declaredActions().map((a) => a.name);

const PUBLIC_ROUTES = ['/admin', '/admin/password/', '/admin/forgot', '/admin/lang'];
const JUROR_ROUTES = ['/admin/jury', '/admin/account', '/admin/forbidden'];
const PUBLIC_ACTIONS = ['submitEntry', 'confirmConsent', 'correctEntry', 'withdrawConsent', 'signIn', 'signOut', 'setPassword', 'requestPasswordReset', 'setAdminLang', 'requestTour', 'cancelTourRequest', 'acceptTourOffer', 'bookVisit', 'cancelVisit', 'requestClassBatch', 'sendClassBatch', 'submitClassWork', 'uploadConsentForm'];
const JUROR_ACTIONS = ['saveScore'];
const ANY_ACCOUNT_ACTIONS = ['saveOwnSettings', 'signOutAll'];

describe('access matrix', () => {
  it('covers every admin route: anonymous is sent to sign in, a juror gets 403 outside judging, an organiser gets in', async () => {
    const routes = adminRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/admin/entries', '/admin/entries/1', '/admin/jury', '/admin/results', '/admin/exports/entries.csv']));
    for (const route of routes) {
      const isPublic = PUBLIC_ROUTES.some((p) => route === p || (p.endsWith('/') && route.startsWith(p)));
      const anon = await get(route);
      if (isPublic) expect(anon.status, `anonymous ${route}`).toBeLessThan(500);
      else {
        expect(anon.status, `anonymous ${route}`).toBe(303);
        expect(anon.headers.get('location'), route).toMatch(/^\/admin\?next=/);
      }
      const asJuror = await get(route, juror);
      const jurorMay = isPublic || JUROR_ROUTES.some((p) => route === p || route.startsWith(`${p}/`));
      if (!jurorMay) expect(asJuror.status, `juror ${route}`).toBe(403);
      else expect([401, 403], `juror ${route}`).not.toContain(asJuror.status);
      const asOrganiser = await get(route, organiser);
      expect([401, 403], `organiser ${route}`).not.toContain(asOrganiser.status);
      if (!isPublic) expect(asOrganiser.headers.get('location') ?? '', `organiser ${route}`).not.toMatch(/^\/admin\?next=/);
    }
  });

  it('covers every Action: anonymous 401, juror 403 where not allowed, organiser past the role check', async () => {
    const names = actionNames();
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      if (PUBLIC_ACTIONS.includes(name)) continue;
      const call = (cookie?: string) => postForm(site, cookie, `/_actions/${name}`, {});
      expect((await call()).status, `anonymous ${name}`).toBe(401);
      if (name === 'signOutAll') continue; // would end the session (tested on its own below)
      const j = (await call(juror)).status;
      if (JUROR_ACTIONS.includes(name) || ANY_ACCOUNT_ACTIONS.includes(name)) expect([401, 403], `juror ${name}`).not.toContain(j);
      else expect(j, `juror ${name}`).toBe(403);
      const o = (await call(organiser)).status;
      if (JUROR_ACTIONS.includes(name)) expect(o, `organiser ${name}`).toBe(403);
      else expect([401, 403], `organiser ${name}`).not.toContain(o);
    }
  });

  it('refuses a cross-site POST from a signed-in organiser and changes nothing', async () => {
    const before = (await readDb<{ status: string }>(site, 'SELECT status FROM entries WHERE id = 1'))[0]!.status;
    const r = await postForm(site, organiser, '/admin/entries?_action=reviewEntries', { single: `1:${before === 'rejected' ? 'accepted' : 'rejected'}:`, reason: 'off-topic' }, 'https://evil.example');
    expect(r.status).toBe(403);
    expect((await readDb<{ status: string }>(site, 'SELECT status FROM entries WHERE id = 1'))[0]!.status).toBe(before);
  });

  it('throttles repeated failed sign-ins with the same generic answer, even for the right password', async () => {
    const email = 'juror.two@example.org';
    for (let i = 0; i < 6; i++) {
      const r = await postForm(site, undefined, '/admin?_action=signIn', { email, password: `wrong ${i}` });
      expect(r.status).toBe(401);
    }
    const right = await postForm(site, undefined, '/admin?_action=signIn', { email, password: 'juror password 1' });
    expect(right.status).toBe(401);
    expect(await right.text()).toContain('E-mail nebo heslo nesouhlasí.');
  });

  it('marks the session cookie Secure when served over HTTPS (here: behind a proxy) and not over plain HTTP', async () => {
    const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
    const https = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body, headers: { Origin: site.base, 'X-Forwarded-Proto': 'https' }, redirect: 'manual' });
    expect(https.headers.getSetCookie().find((c) => c.startsWith('ct_session='))).toMatch(/; Secure/i);
    const http = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body, headers: { Origin: site.base }, redirect: 'manual' });
    const cookie = http.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('keeps ?next= through sign-in and sends a juror to the jury area', async () => {
    const r = await postForm(site, undefined, `/admin?next=${encodeURIComponent('/admin/results')}&_action=signIn`, { email: ADMIN.email, password: ADMIN.password });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/admin/results');
    const evil = await postForm(site, undefined, `/admin?next=${encodeURIComponent('//evil.example/')}&_action=signIn`, { email: ADMIN.email, password: ADMIN.password });
    expect(evil.headers.get('location')).toBe('/admin/entries');
  });

  it('signs a person out everywhere: an old session stops working', async () => {
    const extra = await signInAs(site, ADMIN.email, ADMIN.password);
    expect((await get('/admin/entries', extra)).status).toBe(200);
    const me = (await readDb<{ id: number }>(site, 'SELECT id FROM accounts WHERE email = ?', ADMIN.email))[0]!.id;
    const other = await signInAs(site, ADMIN.email, ADMIN.password);
    expect((await postForm(site, other, '/admin?_action=signOutAll', {})).status).toBe(303);
    expect((await get('/admin/entries', extra)).status).toBe(303);
    expect(me).toBeGreaterThan(0);
    organiser = await signInAs(site, ADMIN.email, ADMIN.password);
  });
});

describe('blind judging over HTTP', () => {
  it('never sends a juror an artist’s identity or another juror’s score', async () => {
    expect((await postForm(site, organiser, `/admin/judging?edition=${editionId}&_action=saveRubric`, { edition: String(editionId), rubric: 'Sdělení | Message | 2\nNápad | Idea | 1\nProvedení | Craft | 1' })).status).toBe(303);
    for (const j of ['juror.one@example.org', 'juror.two@example.org']) {
      const id = (await readDb<{ id: number }>(site, 'SELECT id FROM accounts WHERE email = ?', j))[0]!.id;
      expect((await postForm(site, organiser, `/admin/judging?_action=assignJuror`, { edition: String(editionId), juror: String(id), op: 'assign', category: '', ageGroup: '' })).status).toBe(303);
    }
    expect((await postForm(site, organiser, `/admin/judging?_action=setRound`, { edition: String(editionId), state: 'open' })).status).toBe(303);

    const crit = (await readDb<{ id: number }>(site, 'SELECT id FROM rubric_criteria WHERE edition_id = ? ORDER BY position', editionId)).map((c) => c.id);
    const accepted = (await readDb<{ id: number }>(site, `SELECT id FROM entries WHERE edition_id = ? AND status = 'accepted' ORDER BY seq`, editionId)).map((e) => e.id);
    // The second juror scores the first work 3/9/10 (weighted mean 6.25) and abstains on the second.
    const s = await postForm(site, juror2, '/_actions/saveScore', { entry: await handleOf('juror.two@example.org', accepted[0]!), edition: String(editionId), [`c${crit[0]}`]: '3', [`c${crit[1]}`]: '9', [`c${crit[2]}`]: '10' });
    expect(s.status).toBe(200);
    await postForm(site, juror2, '/_actions/saveScore', { entry: await handleOf('juror.two@example.org', accepted[1]!), edition: String(editionId), abstain: 'on' });

    const bodies: string[] = [];
    const home = await get('/admin/jury', juror);
    bodies.push(await home.text());
    // Jurors address works by opaque handles taken from their list, never by the gallery's ids.
    const handles = [...bodies[0]!.matchAll(/href="\/admin\/jury\/(w[A-Za-z0-9_-]{18})"/g)].map((m) => m[1]!);
    expect(handles.length).toBeGreaterThanOrEqual(5);
    for (const id of accepted.slice(0, 3)) expect((await get(`/admin/jury/${id}`, juror)).status).toBe(404);
    for (const handle of [...new Set(handles)].slice(0, 5)) {
      const r = await get(`/admin/jury/${handle}`, juror);
      expect(r.status).toBe(200);
      bodies.push(await r.text());
    }
    for (const id of accepted) expect(bodies.join('\n'), 'a gallery id leaks to the juror').not.toMatch(new RegExp(`/(gallery|media|og|jury/image)/${id}\\b`));
    const json = await postForm(site, juror, '/_actions/saveScore', { entry: await handleOf('juror.one@example.org', accepted[0]!), edition: String(editionId), [`c${crit[0]}`]: '8', [`c${crit[1]}`]: '8', [`c${crit[2]}`]: '8' });
    bodies.push(await json.text());
    const all = bodies.join('\n');
    const people = (await readDb<{ surname: string; school: string; artist_email: string | null; guardian_email: string | null; guardian_name: string | null; reference: string }>(
      site, 'SELECT surname, school, artist_email, guardian_email, guardian_name, reference FROM entries'));
    for (const p of people) {
      for (const secret of [p.surname, p.school, p.artist_email, p.guardian_email, p.guardian_name, p.reference]) {
        if (secret) expect(all, `juror saw ${secret}`).not.toContain(secret);
      }
    }
    expect(all).not.toContain('juror.two@example.org');
    expect(all).not.toMatch(/6[.,]25/);
    // The first juror's form for the work the second juror scored starts empty.
    const page = bodies[1]!;
    expect(page).not.toMatch(/value="3"|value="9"|value="10"/);
    // Organiser-only screens stay closed to the juror.
    expect((await get('/admin/results', juror)).status).toBe(403);
    expect((await get('/admin/exports/results.csv', juror)).status).toBe(403);
  });

  it('reports means without abstentions and ties to the organiser', async () => {
    const html = await (await get(`/admin/results?edition=${editionId}`, organiser)).text();
    expect(html).toMatch(/7,13|7,1/); // (6.25 + 8) / 2 = 7.125
    const bytes = Buffer.from(await (await get(`/admin/exports/results.csv?edition=${editionId}`, organiser)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').split('\r\n')[0]).toContain('Pořadí');
  });
});
