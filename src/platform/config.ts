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
});

export type Config = Omit<z.infer<typeof configSchema>, 'TRUSTED_PROXIES'> & { dataDir: string; trustedProxies: TrustedProxies };

export class ConfigError extends Error {
  readonly variables: string[];
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    super(`Invalid configuration:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.variables = issues.map((i) => String(i.path[0] ?? '?'));
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
    throw new ConfigError([
      { code: 'custom', path: [missing], message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together', input: undefined } as z.core.$ZodIssue,
    ]);
  }
  const { TRUSTED_PROXIES, ...rest } = cfg;
  // Behind the documented nginx the proxy is on the same machine; without a public address there is no proxy to trust.
  const trustedProxies = parseTrustedProxies(TRUSTED_PROXIES ?? (cfg.BASE_URL ? 'loopback' : 'none'));
  return { ...rest, dataDir: resolve(cfg.DATA_DIR), trustedProxies };
}
