import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, NGINX, requestFrom, startNginx, type Proxy } from '../helpers/nginx.ts';
import { ADMIN, freePort, startSite, type Site } from '../helpers/site.ts';

/**
 * Behind the documented nginx, every connection reaches the site from 127.0.0.1. Limits per
 * address must still apply to each visitor, not to the whole country at once: the site believes
 * nginx's X-Forwarded-For, and nobody else's. Visitors here are loopback addresses 127.0.0.x,
 * each connecting to nginx from its own address.
 */
let site: Site;
let proxy: Proxy;
let jpeg: Buffer;
const LIMIT = 2;

beforeAll(async () => {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx): this test needs it');
  const port = await freePort();
  proxy = await startNginx(port);
  // TRUSTED_PROXIES is left to its default: loopback (127.0.0.1 and ::1) because BASE_URL is set.
  site = await startSite({ port, env: { BASE_URL: proxy.origin, ENTRY_RATE_LIMIT: String(LIMIT) } });
  jpeg = await sharp({ create: { width: 1000, height: 1300, channels: 3, background: '#264653' } }).jpeg().toBuffer();
});

afterAll(async () => {
  await site?.stop();
  await proxy?.stop();
});

let n = 0;
async function entryForm(): Promise<{ body: Buffer; type: string }> {
  n++;
  const f = new FormData();
  const v: Record<string, string> = {
    lang: 'en', formToken: crypto.randomUUID(), firstName: 'Adresa', surname: 'Testová', age: '17', town: 'Kolín', region: 'STC',
    category: 'poster', title: `From an address ${n}`, statement: 'Sent from a loopback address.', altText: 'A dark green rectangle.',
    artistEmail: `address-${n}@example.org`, consentPublish: 'on', agreeRules: 'on',
  };
  for (const [k, x] of Object.entries(v)) f.append(k, x);
  f.append('pages', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'p.jpg');
  return multipart(f);
}

/** Submits an entry as the Action endpoint receives it; true when it was stored. */
async function submitFrom(address: string, base: string, extraHeaders: Record<string, string> = {}): Promise<boolean> {
  const { body, type } = await entryForm();
  const r = await requestFrom(address, `${base}/_actions/submitEntry`, { method: 'POST', body, ca: proxy.cert, headers: { 'Content-Type': type, ...extraHeaders } });
  expect(r.status, r.body).toBe(200);
  if (r.body.includes('rateLimited')) return false;
  expect(r.body).toContain('CT-');
  return true;
}

async function signInFrom(address: string, email: string, password: string): Promise<boolean> {
  const r = await requestFrom(address, `${proxy.origin}/admin?_action=signIn`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }).toString(),
    ca: proxy.cert,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return r.status === 303 && [r.headers['set-cookie']].flat().some((c) => c?.startsWith('ct_session='));
}

describe('client addresses behind the HTTPS proxy', () => {
  it('counts the entry limit per address', async () => {
    for (let i = 0; i < LIMIT; i++) expect(await submitFrom('127.0.0.2', proxy.origin)).toBe(true);
    expect(await submitFrom('127.0.0.2', proxy.origin)).toBe(false);
    // Another household is not affected by the first one's limit.
    expect(await submitFrom('127.0.0.3', proxy.origin)).toBe(true);
  });

  it('ignores X-Forwarded-For sent straight to the server, past the proxy', async () => {
    // 127.0.0.2 has used up its entries; claiming to be someone else does not give it more.
    expect(await submitFrom('127.0.0.2', `http://127.0.0.1:${new URL(site.base).port}`, { 'X-Forwarded-For': '198.51.100.7' })).toBe(false);
    // Nor does it help through the proxy: nginx replaces the header with the real address.
    expect(await submitFrom('127.0.0.2', proxy.origin, { 'X-Forwarded-For': '198.51.100.8' })).toBe(false);
  });

  it('throttles failed sign-ins per address without slowing anyone else', async () => {
    // Twelve wrong passwords from one address, each for a different (unknown) account.
    for (let i = 0; i < 12; i++) expect(await signInFrom('127.0.0.4', `nobody-${i}@example.org`, 'wrong password')).toBe(false);
    // That address now waits, even with the right password…
    expect(await signInFrom('127.0.0.4', ADMIN.email, ADMIN.password)).toBe(false);
    // …while the organiser at another address signs in at once.
    expect(await signInFrom('127.0.0.5', ADMIN.email, ADMIN.password)).toBe(true);
  });

  it('marks the session cookie Secure and sends HSTS over the proxy', async () => {
    const r = await requestFrom('127.0.0.6', `${proxy.origin}/admin?_action=signIn`, {
      method: 'POST',
      body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }).toString(),
      ca: proxy.cert,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const cookie = [r.headers['set-cookie']].flat().find((c) => c?.startsWith('ct_session='));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(r.headers['strict-transport-security']).toContain('max-age=');
  });
});
