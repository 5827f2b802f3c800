import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { ConfigError, type StorageTarget } from '../config.ts';
import { UnavailableError } from '../db/common.ts';
import type { Storage, StoredObject } from './index.ts';
import { presignGetUrl } from './presign.ts';

type S3Target = Extract<StorageTarget, { kind: 's3' }>;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET']);

/** Whether an SDK error means the store is out of reach or failing (rather than a missing object). */
function isOutage(err: unknown): boolean {
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  if (NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has(e?.cause?.code ?? '')) return true;
  if (e?.name === 'TimeoutError' || e?.name === 'RequestTimeout' || e?.name === 'AbortError') return true;
  const status = e?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * An S3-compatible bucket through the official AWS SDK. Built and tested against s3rver; kept to
 * what AWS S3, MinIO, Ceph RGW, Garage, Backblaze B2 and Cloudflare R2 all offer: path-style
 * addressing when asked, no checksums the store did not ask for (several S3-compatible stores
 * refuse the SDK's new default CRC headers), plain Put/Get/Head/List/Delete, signed GET URLs.
 */
export async function openS3Storage(target: S3Target): Promise<Storage> {
  const client = new S3Client({
    region: target.region,
    forcePathStyle: target.forcePathStyle,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A bucket that went away makes requests fail in seconds, not hang.
    requestHandler: { connectionTimeout: 3000, requestTimeout: 60_000 },
    maxAttempts: 3,
  });
  const Bucket = target.bucket;
  const where = target.endpoint ?? `s3.${target.region}.amazonaws.com`;

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw isOutage(err) ? new UnavailableError('storage', err) : err;
    }
  };

  const list = async (prefix: string): Promise<StoredObject[]> => {
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await call(() => client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token })));
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, bytes: o.Size ?? 0, modifiedMs: o.LastModified?.getTime() ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  };

  const storage: Storage = {
    kind: 's3',
    read: async (key) => {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return Buffer.from(await r.Body!.transformToByteArray());
      } catch (err) {
        if (notFound(err)) return undefined;
        throw isOutage(err) ? new UnavailableError('storage', err) : err;
      }
    },
    readStream: async (key) => {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return { body: r.Body!.transformToWebStream(), bytes: r.ContentLength ?? 0 };
      } catch (err) {
        if (notFound(err)) return undefined;
        throw isOutage(err) ? new UnavailableError('storage', err) : err;
      }
    },
    write: async (key, data, contentType) => {
      await call(() => client.send(new PutObjectCommand({ Bucket, Key: key, Body: data, ContentType: contentType ?? contentTypeOf(key), ContentLength: data.byteLength })));
    },
    exists: async (key) => {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (err) {
        if (notFound(err)) return false;
        throw isOutage(err) ? new UnavailableError('storage', err) : err;
      }
    },
    list,
    remove: async (key) => {
      await call(() => client.send(new DeleteObjectCommand({ Bucket, Key: key })));
    },
    removePrefix: async (prefix) => {
      const keys = (await list(prefix)).map((o) => o.key);
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await call(() => client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })));
      }
      return keys.length;
    },
    signedUrl: (key, seconds, responseHeaders) => {
      if (!target.credentials) return undefined;
      return presignGetUrl({
        endpoint: target.publicEndpoint ?? target.endpoint ?? `https://s3.${target.region}.amazonaws.com`,
        bucket: Bucket,
        key,
        region: target.region,
        forcePathStyle: target.forcePathStyle,
        accessKeyId: target.credentials.accessKeyId,
        secretAccessKey: target.credentials.secretAccessKey,
        expiresSeconds: seconds,
        ...(responseHeaders ? { responseHeaders } : {}),
      });
    },
    check: async () => {
      await call(() => client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1 })));
    },
    close: () => client.destroy(),
  };

  try {
    await client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1 }));
  } catch (err) {
    client.destroy();
    throw startupError(err, Bucket, where);
  }
  return storage;
}

/** The one line that stops start-up when the bucket cannot be used, naming the variable to fix. */
function startupError(err: unknown, bucket: string, where: string): ConfigError {
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const code = e?.Code ?? e?.name ?? '';
  const status = e?.$metadata?.httpStatusCode;
  if (code === 'NoSuchBucket' || status === 404) return ConfigError.of('STORAGE_URL', `bucket "${bucket}" does not exist at ${where}`);
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken'].includes(code) || status === 403) {
    return ConfigError.of('AWS_ACCESS_KEY_ID', `the storage at ${where} refused the credentials for bucket "${bucket}" (${code || status})`);
  }
  if (code === 'CredentialsProviderError') return ConfigError.of('AWS_ACCESS_KEY_ID', `no credentials for the storage at ${where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  const net = e?.code ?? e?.cause?.code;
  if (net === 'ECONNREFUSED') return ConfigError.of('STORAGE_URL', `cannot reach the storage at ${where}: connection refused`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return ConfigError.of('STORAGE_URL', `cannot reach the storage at ${where}: unknown host`);
  if (isOutage(err)) return ConfigError.of('STORAGE_URL', `cannot reach the storage at ${where}: ${String(e?.message ?? code).split('\n')[0]}`);
  return ConfigError.of('STORAGE_URL', `the storage at ${where} refused bucket "${bucket}": ${String(e?.message ?? code).split('\n')[0]}`);
}

/** Content types of what the site stores, by extension. */
export function contentTypeOf(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return (
    { jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif', png: 'image/png', pdf: 'application/pdf', json: 'application/json' }[ext] ??
    'application/octet-stream'
  );
}
