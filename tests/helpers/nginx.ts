import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './site.ts';

/**
 * nginx from Debian in front of a test site, configured exactly as docs/operations.md tells an
 * organiser to: the guide's `nginx` block is read from the guide, and only what differs on a test
 * machine is replaced (host name, certificate, ports). If the guide changes, this follows; if a
 * replacement no longer finds its text, the test fails rather than testing another config.
 */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
export const TEST_HOST = 'kreslena-pravda.test';

export interface Proxy {
  /** https://kreslena-pravda.test:PORT */
  origin: string;
  port: number;
  /** The self-signed certificate, for clients that verify it. */
  cert: string;
  stop: () => Promise<void>;
  errors: () => string;
}

/** The nginx configuration from the operations guide, as written there. */
export function guideNginxConfig(): string {
  const guide = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
  const m = /## nginx with HTTPS[\s\S]*?```nginx\n([\s\S]*?)```/.exec(guide);
  if (!m) throw new Error('docs/operations.md has no nginx block under "## nginx with HTTPS"');
  return m[1]!;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`the guide's nginx config no longer contains ${pattern}`);
  return text.replace(pattern, replacement);
}

export async function startNginx(upstreamPort: number): Promise<Proxy> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'ct-nginx-'));
  const port = await freePort();
  const httpPort = await freePort();
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert,
    '-subj', `/CN=${TEST_HOST}`, '-addext', `subjectAltName=DNS:${TEST_HOST}`,
  ], { stdio: 'ignore' });

  let site = guideNginxConfig();
  site = replaceOnce(site, /listen 443 ssl/, `listen 127.0.0.1:${port} ssl`);
  site = replaceOnce(site, /listen 80;/, `listen 127.0.0.1:${httpPort};`);
  site = replaceOnce(site, /server_name kreslenapravda\.cz;/g, `server_name ${TEST_HOST};`);
  site = replaceOnce(site, /ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`);
  site = replaceOnce(site, /ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`);
  site = replaceOnce(site, /proxy_pass http:\/\/127\.0\.0\.1:4321;/, `proxy_pass http://127.0.0.1:${upstreamPort};`);

  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
${site}
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const errors = () => stderr + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${errors()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin: `https://${TEST_HOST}:${port}`,
    port,
    cert: readFileSync(cert, 'utf8'),
    errors,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP(S) request sent from a chosen loopback address (127.0.0.2, 127.0.0.3, …), as if from
 * different people's computers. `url` names the host people use; the connection goes to 127.0.0.1.
 */
export async function requestFrom(
  localAddress: string,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; ca?: string } = {},
): Promise<Answer> {
  const { request: httpsRequest } = await import('node:https');
  const { request: httpRequest } = await import('node:http');
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  return new Promise((ok, ko) => {
    const req = (secure ? httpsRequest : httpRequest)(
      {
        host: '127.0.0.1',
        port: Number(u.port),
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        localAddress,
        servername: secure ? u.hostname : undefined,
        ca: opts.ca,
        headers: { Host: u.host, ...(body ? { 'Content-Length': String(body.length) } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.once('error', ko);
    req.end(body);
  });
}

/** A FormData as the bytes and content type a browser would send. */
export async function multipart(form: FormData): Promise<{ body: Buffer; type: string }> {
  const r = new Response(form);
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}
