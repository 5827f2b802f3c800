import type { Config } from '../config.ts';
import { openFileStorage } from './files.ts';

/**
 * Where files live: one object store with two backends, the data directory (`files.ts`, the
 * default) or an S3-compatible bucket (`s3.ts`, when STORAGE_URL is set). Keys are relative paths
 * with forward slashes (`artworks/12/p1.jpg`, `catalogue/job-3-cs-a4-print.pdf`); what lives under
 * which key is the business of the domain that owns it (artworks/storage.ts, catalogue/…).
 */
export interface StoredObject {
  key: string;
  bytes: number;
  modifiedMs: number;
}

export interface Storage {
  readonly kind: 'files' | 's3';
  /** The object's bytes, or undefined when there is no such object. */
  read(key: string): Promise<Buffer | undefined>;
  /** The object as a stream with its size (large files), or undefined. */
  readStream(key: string): Promise<{ body: ReadableStream<Uint8Array>; bytes: number } | undefined>;
  /** Writes the whole object at once: a reader sees the old object or the new one, never half. */
  write(key: string, data: Uint8Array, contentType?: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): Promise<StoredObject[]>;
  remove(key: string): Promise<void>;
  /** Removes every object under `prefix`; returns how many went. */
  removePrefix(prefix: string): Promise<number>;
  /** A URL a browser may GET the object from for `seconds` (the bucket's own, signed); files: none. */
  signedUrl(key: string, seconds: number, responseHeaders?: Record<string, string>): string | undefined;
  /** Throws (UnavailableError) when the store cannot be reached or used now. */
  check(): Promise<void>;
  close(): void;
}

/** The store the configuration names. A bucket that cannot be used stops start-up (see s3.ts). */
export async function openStorage(config: Pick<Config, 'storage' | 'dataDir'>): Promise<Storage> {
  if (config.storage.kind === 'files') return openFileStorage(config.dataDir);
  // Loaded only here: with files in the data directory nothing loads the AWS SDK.
  const { openS3Storage } = await import('./s3.ts');
  return openS3Storage(config.storage);
}
