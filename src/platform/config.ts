import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies, type TrustedProxies } from '#src/platform/http/forwarded.ts';

// Environment values arrive as strings; "0"/"false"/"no" mean off.
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the server listens on'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4321).describe('TCP port of the site'),
  DATA_DIR: z.string().min(1).default('submissions').describe('Folder with the database, artworks and outbox'),
  DEMO: flag.default(true).describe('Seed an empty data directory with the demo edition'),
  ADMIN_EMAIL: z.email().optional().describe('Organiser account created or updated at start'),
  ADMIN_PASSWORD: z.string().min(8).max(200).optional().describe('Password of ADMIN_EMAIL (at least 8 characters)'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional().describe('Public address of the site, used in e-mails and by the catalogue command'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional().describe('smtp(s)://user:pass@host:port; without it e-mails go to DATA_DIR/outbox as .eml'),
  ENTRY_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10).describe('New entries accepted per hour from one IP address'),
  SLOW_BODY_SECONDS: z.coerce.number().int().min(1).max(600).default(15).describe('A request body must advance by 8 KB within this many seconds, or it is answered 408'),
  MAIL_FROM: z.string().min(3).default('Cartoon Truth <noreply@cartoon-truth.local>').describe('Sender of e-mails'),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .describe('Proxies whose X-Forwarded-For/-Proto are believed: addresses or CIDR ranges, "loopback" or "none"; default loopback when BASE_URL is set, else none')
    .superRefine((value, ctx) => {
      try {
        if (value !== undefined) parseTrustedProxies(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  DATABASE_URL: z
    .string()
    .optional()
    .describe('postgres://user:password@host:port/database for PostgreSQL; without it the embedded SQLite database in DATA_DIR')
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const problem = databaseUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  DATABASE_POOL: z.coerce.number().int().min(1).max(200).default(10).describe('Connections each process keeps to PostgreSQL at most'),
  STORAGE_URL: z
    .string()
    .optional()
    .describe('s3://BUCKET?endpoint=https://HOST:PORT&region=REGION&forcePathStyle=true for S3-compatible storage; without it files under DATA_DIR')
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parseStorageUrl(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional().describe('Access key of the bucket in STORAGE_URL'),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('Secret key of the bucket in STORAGE_URL'),
  MEDIA_FROM: z
    .enum(['origin', 'bucket'])
    .default('origin')
    .describe('Where browsers get public pictures with STORAGE_URL: "origin" (the site reads the bucket and answers) or "bucket" (a redirect to a signed bucket URL)'),
});

/** Where the artworks live: the data directory, or an S3-compatible bucket. */
export type StorageTarget =
  | { kind: 'files' }
  | { kind: 's3'; bucket: string; endpoint?: string; region: string; forcePathStyle: boolean; publicEndpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };

export type Config = Omit<z.infer<typeof configSchema>, 'TRUSTED_PROXIES' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'STORAGE_URL'> & {
  dataDir: string;
  trustedProxies: TrustedProxies;
  /** The engine the site runs on: PostgreSQL when DATABASE_URL is set, else SQLite in the data directory. */
  database: { engine: 'sqlite' } | { engine: 'postgres'; url: string };
  storage: StorageTarget;
};

/** What is wrong with a DATABASE_URL, if anything (never repeating its password). */
export function databaseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL: expected postgres://user:password@host:port/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `unsupported scheme "${url.protocol}": expected postgres://user:password@host:port/database`;
  if (!url.hostname && !url.searchParams.get('host')) return 'no host: expected postgres://user:password@host:port/database';
  if (url.pathname.replace(/^\//, '') === '') return 'no database name: expected postgres://user:password@host:port/database';
  return undefined;
}

/**
 * Parses STORAGE_URL, `s3://BUCKET?endpoint=…&region=…&forcePathStyle=true[&publicEndpoint=…]`.
 * Throws with what is wrong (no bucket, a bad endpoint, an unknown option).
 */
export function parseStorageUrl(value: string): Extract<StorageTarget, { kind: 's3' }> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('not a URL: expected s3://BUCKET?endpoint=https://HOST:PORT&region=REGION');
  }
  if (url.protocol !== 's3:') throw new Error(`unsupported scheme "${url.protocol}": expected s3://BUCKET?endpoint=https://HOST:PORT&region=REGION`);
  const bucket = decodeURIComponent(url.hostname || url.pathname.replace(/^\/+/, '').split('/')[0] || '');
  if (!bucket) throw new Error('no bucket: expected s3://BUCKET?endpoint=https://HOST:PORT&region=REGION');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`"${bucket}" is not a valid bucket name (3–63 lower-case letters, digits, dots and hyphens)`);
  const known = new Set(['endpoint', 'region', 'forcePathStyle', 'publicEndpoint']);
  for (const key of url.searchParams.keys()) if (!known.has(key)) throw new Error(`unknown option "${key}" (known: ${[...known].join(', ')})`);
  const httpUrl = (name: string) => {
    const v = url.searchParams.get(name);
    if (v === null) return undefined;
    try {
      const u = new URL(v);
      if (u.protocol === 'http:' || u.protocol === 'https:') return v.replace(/\/$/, '');
    } catch {
      // reported below
    }
    throw new Error(`${name} "${v}" is not an http(s) URL`);
  };
  const endpoint = httpUrl('endpoint');
  const publicEndpoint = httpUrl('publicEndpoint');
  const style = url.searchParams.get('forcePathStyle');
  if (style !== null && !['true', 'false', '1', '0'].includes(style)) throw new Error(`forcePathStyle "${style}" must be true or false`);
  return {
    kind: 's3',
    bucket,
    ...(endpoint ? { endpoint } : {}),
    ...(publicEndpoint ? { publicEndpoint } : {}),
    region: url.searchParams.get('region') || 'us-east-1',
    forcePathStyle: style === 'true' || style === '1',
  };
}

/** Bad configuration: one line per variable, naming it and what is wrong, never a stack trace. */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `Invalid configuration: ${String(i.path[0] ?? '?')}: ${i.message}`);
    super(lines.join('\n'));
    this.name = 'ConfigError';
    this.variables = issues.map((i) => String(i.path[0] ?? '?'));
  }

  static of(variable: string, message: string): ConfigError {
    return new ConfigError([{ code: 'custom', path: [variable], message, input: undefined } as z.core.$ZodIssue]);
  }
}

/** Reads configuration from environment variables; unset or empty values take their defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues);
  const cfg = parsed.data;
  if ((cfg.ADMIN_EMAIL === undefined) !== (cfg.ADMIN_PASSWORD === undefined)) {
    const missing = cfg.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    throw ConfigError.of(missing, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if ((cfg.AWS_ACCESS_KEY_ID === undefined) !== (cfg.AWS_SECRET_ACCESS_KEY === undefined)) {
    const missing = cfg.AWS_ACCESS_KEY_ID === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
    throw ConfigError.of(missing, 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  }
  if (cfg.MEDIA_FROM === 'bucket' && !cfg.STORAGE_URL) throw ConfigError.of('MEDIA_FROM', '"bucket" needs STORAGE_URL');
  const { TRUSTED_PROXIES, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, STORAGE_URL, ...rest } = cfg;
  // Behind the documented nginx the proxy is on the same machine; without a public address there is no proxy to trust.
  const trustedProxies = parseTrustedProxies(TRUSTED_PROXIES ?? (cfg.BASE_URL ? 'loopback' : 'none'));
  const storage: StorageTarget = STORAGE_URL
    ? {
        ...parseStorageUrl(STORAGE_URL),
        // Without keys the AWS SDK's own chain applies (instance roles, ~/.aws); with them, exactly these.
        ...(AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY } } : {}),
      }
    : { kind: 'files' };
  const database: Config['database'] = cfg.DATABASE_URL ? { engine: 'postgres', url: cfg.DATABASE_URL } : { engine: 'sqlite' };
  return { ...rest, dataDir: resolve(cfg.DATA_DIR), trustedProxies, database, storage };
}
