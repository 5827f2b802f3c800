import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loggableAddress, normaliseForwarding, type TrustedProxies } from './forwarded.ts';

/**
 * Guards of the HTTP server around the Astro handler: the client resolved from trusted proxies'
 * forwarding headers, a request id on every request and response, one JSON log line per request
 * without personal data, and a stop to bodies that trickle in too
 * slowly (a phone on a slow line sends far more than MIN_BYTES_PER_WINDOW in a window; a slowloris
 * attack does not).
 */
export interface GuardOptions {
  /** Bytes a request body must advance by in each window, or it is answered 408 and closed. */
  minBytesPerWindow: number;
  windowMs: number;
  headersTimeoutMs: number;
  /** Peers whose X-Forwarded-For/-Proto are believed (see forwarded.ts). */
  trustedProxies: TrustedProxies;
  log: (line: Record<string, unknown>) => void;
}

export const DEFAULT_GUARD: Omit<GuardOptions, 'log' | 'trustedProxies'> = {
  minBytesPerWindow: 8 * 1024,
  windowMs: 15_000,
  headersTimeoutMs: 15_000,
};

/** Segments after these path parts are secret link tokens: never logged. */
const SECRET_AFTER = new Set(['status', 'consent', 'withdraw', 'request', 'visit', 'invite', 'password', 'set-password']);

/** A path fit for the log: no query string (it may carry tokens), token segments masked. */
export function loggablePath(url: string | undefined): string {
  let path = (url ?? '/').split('?')[0]!.slice(0, 300);
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as sent
  }
  // Routing collapses repeated slashes; so does the mask, and any long token-like segment is hidden.
  const parts = path.replace(/\/{2,}/g, '/').split('/');
  for (let i = 1; i < parts.length; i++) {
    if ((SECRET_AFTER.has(parts[i - 1]!) && parts[i]) || /^[A-Za-z0-9_-]{20,}$/.test(parts[i]!)) parts[i] = ':token';
  }
  return parts.join('/');
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Requests whose body the app holds back on purpose (an upload waiting for its turn) must not be
 * taken for slow ones. The registry lives on globalThis because the server bundle (middleware)
 * and this module are loaded separately.
 */
interface BodyWatch {
  paused: boolean;
}
const registry = ((globalThis as { __ctBodyWatch?: Map<string, BodyWatch> }).__ctBodyWatch ??= new Map());

/** Called by the app while a request waits in a queue with its body unread. */
export function holdBody(requestId: string | null, held: boolean): void {
  const w = requestId ? registry.get(requestId) : undefined;
  if (w) w.paused = held;
}

export function jsonLog(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
}

export function guardServer(server: Server, opts: GuardOptions): void {
  server.headersTimeout = opts.headersTimeoutMs;
  // The whole-request timeout would cut off honest slow uploads; the progress check below replaces it.
  server.requestTimeout = 0;
  // Runs before the Astro handler (prepended), so the id is set before anything else sees the request.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const client = normaliseForwarding(req, opts.trustedProxies);
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    res.once('finish', () => {
      opts.log({
        level: res.statusCode >= 500 ? 'error' : 'info',
        msg: 'request',
        id,
        client: loggableAddress(client.address),
        method: req.method,
        path: loggablePath(req.url),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        bytesIn: req.socket?.bytesRead ?? 0,
      });
    });
    watchBody(req, res, opts, id);
  });
}

function watchBody(req: IncomingMessage, res: ServerResponse, opts: GuardOptions, id: string): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  const socket = req.socket;
  let last = socket.bytesRead;
  const watch: BodyWatch = { paused: false };
  registry.set(id, watch);
  const done = () => {
    clearInterval(timer);
    registry.delete(id);
  };
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return done();
    const now = socket.bytesRead;
    // Only the client can be slow when the app is reading and has nothing buffered: a body nobody
    // has started to read, or one held back by backpressure, is the server's own doing.
    const appWaiting = req.readableFlowing !== null && req.readableLength === 0;
    if (watch.paused || !appWaiting || now - last >= opts.minBytesPerWindow) {
      last = now;
      return;
    }
    done();
    opts.log({ level: 'warn', msg: 'slow request body stopped', id, path: loggablePath(req.url), bytesIn: now });
    if (!res.headersSent) {
      res.writeHead(408, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('Request body too slow.');
    }
    // Give the 408 a moment to leave, then drop the connection.
    setTimeout(() => socket.destroy(), 200).unref();
  }, opts.windowMs);
  timer.unref();
  req.once('end', done);
  res.once('close', done);
}
