import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

// The CommonJS module object s3rver itself requires (an ES import would give a frozen namespace).
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
import { freePort } from '../../scripts/net.ts';

/**
 * An S3-compatible server on loopback (s3rver, objects in a temporary folder) standing in for the
 * bucket in tests. s3rver knows one key pair, S3RVER / S3RVER; any other key id is refused
 * (InvalidAccessKeyId), which is how tests present wrong credentials.
 */
export interface S3Server {
  port: number;
  endpoint: string;
  /** The environment a site needs for `bucket`: STORAGE_URL and the credentials. */
  env(bucket: string): Record<string, string>;
  /** Makes a new, empty bucket and returns its name. */
  createBucket(prefix?: string): Promise<string>;
  /** Stops answering (as an outage would look); `start()` brings the same objects back on the same port. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  start(): Promise<void>;
}

/**
 * s3rver encrypts list continuation tokens with single DES, which OpenSSL 3 only offers in its
 * legacy provider: every listing longer than one page fails with ERR_OSSL_EVP_UNSUPPORTED. Triple
 * DES with the key repeated three times is the same cipher and still in the default provider; the
 * token only has to survive a round trip through s3rver itself.
 */
function allowS3rverContinuationTokens(): void {
  const c = crypto as unknown as Record<'createCipheriv' | 'createDecipheriv', (alg: string, key: Buffer, iv: Buffer) => unknown>;
  for (const name of ['createCipheriv', 'createDecipheriv'] as const) {
    const original = c[name];
    if ((original as { patched?: boolean }).patched) continue;
    const patched = (alg: string, key: Buffer, iv: Buffer) => (alg === 'des' ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv) : original(alg, key, iv));
    (patched as { patched?: boolean }).patched = true;
    c[name] = patched;
  }
}

export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const;
export const S3_REGION = 'eu-central-1';

export function storageUrl(endpoint: string, bucket: string): string {
  return `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=${S3_REGION}&forcePathStyle=true`;
}

export async function startS3(): Promise<S3Server> {
  allowS3rverContinuationTokens();
  const dir = mkdtempSync(join(tmpdir(), 'ct-s3-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let server: S3rver | undefined;
  let http: Server | undefined;
  const sockets = new Set<import('node:net').Socket>();
  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port, directory: dir, silent: process.env.S3_VERBOSE !== '1', vhostBuckets: false });
    await server.run();
    http = (server as unknown as { httpServer: Server }).httpServer;
    http.on('connection', (s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
  };
  await start();
  let n = 0;
  return {
    port,
    endpoint,
    env: (bucket) => ({ STORAGE_URL: storageUrl(endpoint, bucket), ...S3_CREDENTIALS }),
    createBucket: async (prefix = 'ct') => {
      const name = `${prefix}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const client = new S3Client({ endpoint, region: S3_REGION, forcePathStyle: true, credentials: { accessKeyId: S3_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_CREDENTIALS.AWS_SECRET_ACCESS_KEY } });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
      return name;
    },
    stop: async ({ keepData = true } = {}) => {
      if (http?.listening) {
        const closed = new Promise((r) => http!.close(r));
        for (const s of sockets) s.destroy();
        await closed;
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
    start,
  };
}
