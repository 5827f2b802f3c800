import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who is really asking, and over what. Behind nginx every connection comes from the proxy, which
 * says in `X-Forwarded-For` / `X-Forwarded-Proto` who the client was and whether it used HTTPS.
 * Anyone can send those headers, so they count only when the direct peer is a trusted proxy
 * (`TRUSTED_PROXIES`). The server's front door (`guardServer`) resolves the client once per request
 * and rewrites the headers to the resolved values, so everything after it (Astro's
 * `clientAddress`, the rate limits, the sign-in throttle, cookies, HSTS, logs) reads one answer.
 */
export interface TrustedProxies {
  /** Whether a connection from this address may tell us about the client. */
  trusts(address: string): boolean;
  /** The list as configured, for messages. */
  readonly spec: string;
}

/** Forwarding headers that nothing after the front door may read unless it wrote them. */
const FORWARDING_HEADERS = ['x-forwarded-host', 'x-forwarded-port', 'forwarded', 'x-real-ip'] as const;

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * Parses `TRUSTED_PROXIES`: addresses and CIDR ranges separated by commas or spaces, the word
 * `loopback` (127.0.0.1 and ::1), or `none`. Throws with the offending item.
 */
export function parseTrustedProxies(spec: string): TrustedProxies {
  const list = new BlockList();
  for (const item of spec.split(/[\s,]+/).filter(Boolean)) {
    if (item === 'none') continue;
    if (item === 'loopback') {
      list.addAddress('127.0.0.1', 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, bits, extra] = item.split('/');
    const family = isIP(address ?? '');
    if (!family || extra !== undefined) throw new Error(`"${item}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${item}" has an invalid prefix length`);
    list.addSubnet(address!, prefix, type);
  }
  return {
    spec,
    trusts(address: string) {
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export interface Client {
  address: string;
  protocol: 'http' | 'https';
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();

/**
 * The client of one request. From a trusted peer, the address is the right-most entry of
 * `X-Forwarded-For` that is not itself a trusted proxy (entries further left were written by the
 * client and prove nothing), and the protocol is `X-Forwarded-Proto`. From anyone else, both come
 * from the connection.
 */
export function resolveClient(
  peer: string | undefined,
  encrypted: boolean,
  headers: IncomingMessage['headers'],
  trusted: TrustedProxies,
): Client {
  const direct: Client = { address: plainAddress(peer ?? ''), protocol: encrypted ? 'https' : 'http' };
  if (!peer || !trusted.trusts(peer)) return direct;
  const chain = (Array.isArray(headers['x-forwarded-for']) ? headers['x-forwarded-for'].join(',') : (headers['x-forwarded-for'] ?? ''))
    .split(',')
    .map((s) => plainAddress(s.trim()))
    .filter((s) => isIP(s) !== 0);
  let address = direct.address;
  for (let i = chain.length - 1; i >= 0; i--) {
    address = chain[i]!;
    if (!trusted.trusts(address)) break;
  }
  const proto = first(headers['x-forwarded-proto'])?.toLowerCase();
  return { address, protocol: proto === 'https' || proto === 'http' ? proto : direct.protocol };
}

/**
 * Rewrites a request's forwarding headers to the resolved client: one address in
 * `X-Forwarded-For`, the protocol in `X-Forwarded-Proto`, and no other forwarding header. Runs
 * before anything else reads the request.
 */
export function normaliseForwarding(req: IncomingMessage, trusted: TrustedProxies): Client {
  const client = resolveClient(req.socket?.remoteAddress, 'encrypted' in (req.socket ?? {}), req.headers, trusted);
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers['x-forwarded-for'] = client.address;
  req.headers['x-forwarded-proto'] = client.protocol;
  // The raw header list is what some readers iterate; keep it in step with the parsed headers.
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'x-forwarded-for' || name === 'x-forwarded-proto' || (FORWARDING_HEADERS as readonly string[]).includes(name)) continue;
    kept.push(raw[i]!, raw[i + 1]!);
  }
  kept.push('X-Forwarded-For', client.address, 'X-Forwarded-Proto', client.protocol);
  raw.splice(0, raw.length, ...kept);
  return client;
}

/**
 * An address fit for a log line: enough to tell clients apart and spot abuse, not enough to name
 * a household (IPv4 keeps its /24, IPv6 its /48).
 */
export function loggableAddress(address: string): string {
  const plain = plainAddress(address);
  if (isIP(plain) === 4) return plain.replace(/\.\d+$/, '.0');
  if (isIP(plain) === 6) {
    const groups = expandIpv6(plain);
    return `${groups.slice(0, 3).join(':')}::`;
  }
  return '';
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => g.replace(/^0+(?=.)/, ''));
}

/** The protocol the browser used, as the front door resolved it (or the URL's when there is none, as in `astro dev`). */
export function requestProtocol(request: Request): 'http' | 'https' {
  const forwarded = request.headers.get('x-forwarded-proto');
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return new URL(request.url).protocol === 'https:' ? 'https' : 'http';
}
