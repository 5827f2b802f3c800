import { connect } from 'node:net';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { loggablePath } from '#src/platform/http/guard.ts';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite({ env: { SLOW_BODY_SECONDS: '1' } });
});
afterAll(() => site?.stop());

/** Sends raw bytes over one TCP connection; resolves with what the server answered and how many chunks went out before it closed. */
function raw(port: number, chunks: { data: string; delayMs?: number }[], timeoutMs = 30_000): Promise<{ text: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms; got: ${text.slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (d) => (text += d));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, sent });
    });
    socket.on('error', () => undefined);
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
        if (socket.destroyed) return;
        socket.write(c.data);
        sent++;
      }
    });
  });
}

const port = () => Number(new URL(site.base).port);

describe('input hardening at the HTTP level', () => {
  it('answers a trickling request body with 408 and closes the connection before the body is through', async () => {
    const head = `POST /_actions/submitEntry HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nOrigin: ${site.base}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n`;
    const trickle = Array.from({ length: 40 }, () => ({ data: 'a', delayMs: 300 }));
    const { text, sent } = await raw(port(), [{ data: head }, ...trickle]);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(1 + trickle.length);
  });

  it('refuses huge headers with 431, never 500', async () => {
    const r = await raw(port(), [{ data: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n` }]);
    expect(r.text).toMatch(/^HTTP\/1\.1 431/);
  });

  it('refuses a body over the size limit before reading it', async () => {
    const r = await fetch(`${site.base}/_actions/submitEntry`, {
      method: 'POST',
      headers: { Origin: site.base, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(500 * 1024 * 1024) },
      body: 'x',
      duplex: 'half',
    } as RequestInit).catch((e: Error) => e);
    // Either a 413 answer or the connection dropped before 500 MB were sent: never accepted, never 500.
    if (r instanceof Response) expect(r.status).toBe(413);
  });

  it('refuses a large body to any Action other than the entry upload before parsing it', async () => {
    const big = new URLSearchParams({ email: 'a@b.cz', password: 'x'.repeat(2 * 1024 * 1024) });
    const r = await fetch(`${site.base}/_actions/signIn`, { method: 'POST', body: big, headers: { Origin: site.base } });
    expect(r.status).toBe(413);
    const many = new URLSearchParams(Array.from({ length: 200_000 }, (_, i) => [`f${i}`, 'x']));
    const r2 = await fetch(`${site.base}/admin?_action=signIn`, { method: 'POST', body: many, headers: { Origin: site.base } });
    expect(r2.status).toBe(413);
  });

  it('gives every answer a request id and logs one JSON line per request without tokens or query strings', async () => {
    const r = await fetch(`${site.base}/cs/status/SECRETTOKENabcdefghijklmnop?email=someone@example.org`);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await fetch(`${site.base}/healthz`, { headers: { 'X-Request-Id': 'trace-12345678' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-12345678');
    await new Promise((res) => setTimeout(res, 200));
    const lines = site
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const status = lines.find((l) => l.msg === 'request' && String(l.path).startsWith('/cs/status/'));
    expect(status).toMatchObject({ method: 'GET', path: '/cs/status/:token', status: 404 });
    expect(lines.find((l) => l.id === 'trace-12345678')).toMatchObject({ path: '/healthz', status: 200 });
    expect(site.output()).not.toContain('SECRETTOKEN');
    expect(site.output()).not.toContain('someone@example.org');
  });

  it('reports database, disk space and mail queue on /healthz', async () => {
    const h = (await (await fetch(`${site.base}/healthz`)).json()) as Record<string, any>;
    expect(h.status).toBe('ok');
    expect(h.database).toBe('ok');
    expect(h.disk.freeBytes).toBeGreaterThan(0);
    expect(h.mailQueue).toEqual({ pending: 0, failing: 0 });
    expect(h.schema.current).toBe(h.schema.latest);
  });
});

describe('log paths', () => {
  it('masks secret-link tokens and drops query strings', () => {
    expect(loggablePath('/en/consent/abc123?x=1')).toBe('/en/consent/:token');
    expect(loggablePath('/cs/tour/request/tok/cancel')).toBe('/cs/tour/request/:token/cancel');
    expect(loggablePath('/cs/gallery/12?category=comic')).toBe('/cs/gallery/12');
    expect(loggablePath('/cs/status//abcdefghijklmnopqrstuvwx')).toBe('/cs/status/:token');
    expect(loggablePath('/cs/st%61tus/abc')).toBe('/cs/status/:token');
    expect(loggablePath('/admin/jury/wAbCdEfGhIjKlMnOpQr')).toBe('/admin/jury/wAbCdEfGhIjKlMnOpQr');
  });
});

describe('start-up', () => {
  it('fails loudly, naming the folder, when the data directory cannot be written', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { ROOT } = await import('../helpers/site.ts');
    // A path under a regular file can never be created, whoever runs the test (even root).
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: '/etc/hostname/data', DEMO: '0', PORT: '0' };
    delete env.BASE_URL;
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/serve.ts'), '--no-build'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('DATA_DIR /etc/hostname/data is not writable');
  });
});
