import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '#src/platform/config.ts';
import { openDatabase } from '#src/platform/db/open.ts';
import { openStorage, type Storage } from '#src/platform/storage/index.ts';
import { freePort } from '../helpers/site.ts';
import { createBucket, createPgDatabase, engineMissing, tempDir } from '../helpers/engines.ts';
import { S3_CREDENTIALS, storageUrl } from '../helpers/s3.ts';

const KINDS = ['files', 's3'] as const;

async function open(kind: (typeof KINDS)[number]): Promise<Storage> {
  if (kind === 'files') return openStorage(loadConfig({ DATA_DIR: tempDir('store') }));
  return openStorage(loadConfig({ DATA_DIR: tempDir('store'), STORAGE_URL: storageUrl(inject('s3Endpoint'), await createBucket()), ...S3_CREDENTIALS }));
}

describe.each(KINDS)('the file store on %s', (kind) => {
  const stores: Storage[] = [];
  afterAll(() => stores.forEach((s) => s.close()));
  const fresh = async () => {
    const s = await open(kind);
    stores.push(s);
    return s;
  };

  it('keeps, lists and removes objects by key', async () => {
    const s = await fresh();
    await s.write('artworks/7/p1.jpg', Buffer.from('master'));
    await s.write('artworks/7/p1-480.avif', Buffer.from('small'));
    await s.write('artworks/70/p1.jpg', Buffer.from('another entry'));
    expect((await s.read('artworks/7/p1.jpg'))?.toString()).toBe('master');
    expect(await s.read('artworks/7/p2.jpg')).toBeUndefined();
    expect(await s.exists('artworks/7/p1-480.avif')).toBe(true);
    expect(await s.exists('artworks/7/p9.jpg')).toBe(false);
    // A prefix that ends with "/" is a folder: entry 70 is not part of entry 7.
    expect((await s.list('artworks/7/')).map((o) => [o.key, o.bytes])).toEqual([
      ['artworks/7/p1-480.avif', 5],
      ['artworks/7/p1.jpg', 6],
    ]);
    expect((await s.list('artworks/')).length).toBe(3);
    const streamed = await s.readStream('artworks/70/p1.jpg');
    expect(streamed?.bytes).toBe(13);
    expect(Buffer.from(await new Response(streamed!.body).arrayBuffer()).toString()).toBe('another entry');
    expect(await s.removePrefix('artworks/7/')).toBe(2);
    expect(await s.list('artworks/')).toMatchObject([{ key: 'artworks/70/p1.jpg' }]);
    await s.remove('artworks/70/p1.jpg');
    expect(await s.list('artworks/')).toEqual([]);
    await s.check();
  });

  // S3 promises this itself (a PUT replaces the object whole); s3rver, the stand-in, writes in place.
  it.runIf(kind === 'files')('a reader sees the old object or the new one, never half of it', async () => {
    const s = await fresh();
    const big = Buffer.alloc(3_000_000, 7);
    await s.write('catalogue/book.pdf', Buffer.from('old'));
    const reads: number[] = [];
    await Promise.all([
      s.write('catalogue/book.pdf', big),
      ...Array.from({ length: 10 }, async () => reads.push((await s.read('catalogue/book.pdf'))!.length)),
    ]);
    expect(reads.every((n) => n === 3 || n === big.length)).toBe(true);
    expect((await s.read('catalogue/book.pdf'))!.length).toBe(big.length);
  });
});

/** Start-up stops with one line naming the variable to fix. */
async function startupError(fn: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    return err as ConfigError;
  }
  throw new Error('expected start-up to stop');
}

describe('a bucket that cannot be used stops start-up with one line', () => {
  const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: tempDir('store'), ...env });

  it('names STORAGE_URL when the bucket does not exist', async () => {
    const e = await startupError(() => openStorage(config({ STORAGE_URL: storageUrl(inject('s3Endpoint'), 'no-such-bucket'), ...S3_CREDENTIALS })));
    expect(e.variables).toEqual(['STORAGE_URL']);
    expect(e.message).toContain('bucket "no-such-bucket" does not exist');
  });

  it('names AWS_ACCESS_KEY_ID when the storage refuses the credentials', async () => {
    const bucket = await createBucket();
    const e = await startupError(() => openStorage(config({ STORAGE_URL: storageUrl(inject('s3Endpoint'), bucket), AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'nope' })));
    expect(e.variables).toEqual(['AWS_ACCESS_KEY_ID']);
    expect(e.message).toContain('refused the credentials');
    expect(e.message).not.toContain('nope');
  });

  it('names STORAGE_URL when nothing answers at the endpoint', async () => {
    const e = await startupError(async () => openStorage(config({ STORAGE_URL: storageUrl(`http://127.0.0.1:${await freePort()}`, 'ct-artworks'), ...S3_CREDENTIALS })));
    expect(e.variables).toEqual(['STORAGE_URL']);
    expect(e.message).toContain('cannot reach the storage');
  });
});

describe.skipIf(engineMissing('postgres'))('a database that cannot be used stops start-up with one line', () => {
  const config = (url: string) => loadConfig({ DATA_DIR: tempDir('db'), DATABASE_URL: url });
  const admin = () => new URL(inject('postgresUrl'));

  it('names DATABASE_URL when nothing answers', async () => {
    const e = await startupError(async () => openDatabase(config(`postgres://postgres:pw@127.0.0.1:${await freePort()}/ct`)));
    expect(e.variables).toEqual(['DATABASE_URL']);
    expect(e.message).toContain('connection refused');
  });

  it('names DATABASE_URL when the password is wrong, without repeating it', async () => {
    const url = admin();
    url.password = 'Wrong-Password-42';
    const e = await startupError(() => openDatabase(config(url.toString())));
    expect(e.variables).toEqual(['DATABASE_URL']);
    expect(e.message).toContain('refused the credentials');
    expect(e.message).not.toContain('Wrong-Password-42');
  });

  it('names DATABASE_URL when the database does not exist', async () => {
    const url = admin();
    url.pathname = '/no_such_database';
    const e = await startupError(() => openDatabase(config(url.toString())));
    expect(e.message).toContain('"no_such_database" does not exist');
  });

  it('migrates a new database once, even when two processes start at the same time', async () => {
    const url = await createPgDatabase('migrate');
    const [a, b] = await Promise.all([openDatabase(config(url)), openDatabase(config(url))]);
    expect(await a.get('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual(await b.get('SELECT COUNT(*) AS n FROM schema_migrations'));
    expect(await a.get("SELECT COUNT(*) AS n FROM reject_reasons")).toEqual({ n: 5 });
    await a.close();
    await b.close();
  });
});
