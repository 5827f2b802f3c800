import { describe, expect, it } from 'vitest';
import { loggableAddress, parseTrustedProxies, resolveClient } from '#src/platform/http/forwarded.ts';
import { isCrossSiteRequest, siteOrigin } from '#src/platform/http/same-origin.ts';
import { ConfigError, loadConfig } from '#src/platform/config.ts';

const loopback = parseTrustedProxies('loopback');

describe('the client behind a reverse proxy', () => {
  it('believes X-Forwarded-For and -Proto from a trusted proxy', () => {
    expect(resolveClient('127.0.0.1', false, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }, loopback)).toEqual({
      address: '203.0.113.9',
      protocol: 'https',
    });
    expect(resolveClient('::ffff:127.0.0.1', false, { 'x-forwarded-for': '2001:db8::5' }, loopback).address).toBe('2001:db8::5');
  });

  it('ignores them from anyone else, so a visitor cannot pick an address or claim HTTPS', () => {
    expect(resolveClient('198.51.100.4', false, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }, loopback)).toEqual({
      address: '198.51.100.4',
      protocol: 'http',
    });
    expect(resolveClient('127.0.0.2', false, { 'x-forwarded-for': '203.0.113.9' }, loopback).address).toBe('127.0.0.2');
  });

  it('takes the right-most untrusted address: entries a client wrote itself come first and prove nothing', () => {
    const twoHops = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
    const headers = { 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 10.1.2.3' };
    expect(resolveClient('127.0.0.1', false, headers, twoHops).address).toBe('203.0.113.9');
  });

  it('trusts nobody with "none", and keeps the connection\'s own protocol', () => {
    const none = parseTrustedProxies('none');
    expect(resolveClient('127.0.0.1', true, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http' }, none)).toEqual({ address: '127.0.0.1', protocol: 'https' });
  });

  it('refuses a list it cannot read, naming the item', () => {
    expect(() => parseTrustedProxies('127.0.0.1, proxy.local')).toThrow(/proxy\.local/);
    expect(() => parseTrustedProxies('10.0.0.0/40')).toThrow(/10\.0\.0\.0\/40/);
  });

  it('is a setting: loopback by default when the site has a public address, nobody otherwise', () => {
    expect(loadConfig({ BASE_URL: 'https://kreslenapravda.cz' }).trustedProxies.trusts('127.0.0.1')).toBe(true);
    expect(loadConfig({}).trustedProxies.trusts('127.0.0.1')).toBe(false);
    expect(loadConfig({ TRUSTED_PROXIES: '192.0.2.10' }).trustedProxies.trusts('192.0.2.10')).toBe(true);
    let error: unknown;
    try {
      loadConfig({ TRUSTED_PROXIES: 'my-proxy' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).variables).toEqual(['TRUSTED_PROXIES']);
  });

  it('logs an address only as its network: /24 for IPv4, /48 for IPv6', () => {
    expect(loggableAddress('203.0.113.77')).toBe('203.0.113.0');
    expect(loggableAddress('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(loggableAddress('2001:db8:abcd:12:1::7')).toBe('2001:db8:abcd::');
  });
});

describe('forged cross-site form posts', () => {
  const post = (headers: Record<string, string>, url = 'http://127.0.0.1:4321/admin?_action=signIn') => new Request(url, { method: 'POST', headers });

  it('lets the site\'s own pages post, whatever their referrer policy', () => {
    // A page with Referrer-Policy: no-referrer makes Chromium send Origin: null, but Sec-Fetch-Site says same-origin.
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'null' }), 'https://kreslenapravda.cz')).toBe(false);
    expect(isCrossSiteRequest(post({ origin: 'https://kreslenapravda.cz' }), 'https://kreslenapravda.cz')).toBe(false);
  });

  it('refuses posts from other sites, by Fetch Metadata or by Origin', () => {
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), undefined)).toBe(true);
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-site' }), undefined)).toBe(true);
    expect(isCrossSiteRequest(post({ origin: 'https://evil.example' }), 'https://kreslenapravda.cz')).toBe(true);
    expect(isCrossSiteRequest(post({ origin: 'null' }), 'https://kreslenapravda.cz')).toBe(true);
  });

  it('lets through what no browser sent (no Origin, no Fetch Metadata), and never checks reads', () => {
    expect(isCrossSiteRequest(post({}), 'https://kreslenapravda.cz')).toBe(false);
    expect(isCrossSiteRequest(new Request('http://x/', { headers: { 'sec-fetch-site': 'cross-site' } }), undefined)).toBe(false);
  });

  it('knows its origin from BASE_URL, else from the protocol the proxy reported and the Host', () => {
    const r = new Request('http://kreslenapravda.cz/cs/', { headers: { host: 'kreslenapravda.cz', 'x-forwarded-proto': 'https' } });
    expect(siteOrigin(r, undefined)).toBe('https://kreslenapravda.cz');
    expect(siteOrigin(r, 'https://www.kreslenapravda.cz/')).toBe('https://www.kreslenapravda.cz');
  });
});
