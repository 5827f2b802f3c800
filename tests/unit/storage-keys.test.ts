import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { toPgPlaceholders } from '#src/platform/db/postgres.ts';
import { presignGetUrl } from '#src/platform/storage/presign.ts';

describe('what the PostgreSQL engine sends', () => {
  it('numbers the placeholders and leaves quoted text, quoted names and comments alone', () => {
    expect(toPgPlaceholders(`SELECT '?', "a?b", ? -- why?\n FROM t WHERE a = ? AND b IN (?, ?)`)).toBe(
      `SELECT '?', "a?b", $1 -- why?\n FROM t WHERE a = $2 AND b IN ($3, $4)`,
    );
    expect(toPgPlaceholders(`SELECT 'it''s ?' AS x WHERE y = ?`)).toBe(`SELECT 'it''s ?' AS x WHERE y = $1`);
  });

  it('quotes mixed-case aliases, which PostgreSQL would fold to lower case, and nothing else', () => {
    expect(toPgPlaceholders(`SELECT page_no AS pageNo, a.age_group as ageGroup, CAST(v AS INTEGER) AS n, 'x AS yZ' AS "keptAs" FROM t AS tAlias WHERE id = ?`)).toBe(
      `SELECT page_no AS "pageNo", a.age_group as "ageGroup", CAST(v AS INTEGER) AS n, 'x AS yZ' AS "keptAs" FROM t AS "tAlias" WHERE id = $1`,
    );
  });
});

/** The reference: the AWS SDK's own signer, used the way its presigner package uses it. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
class Sha256 {
  #secret: string | Uint8Array | undefined;
  #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: Data) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#h = this.#secret !== undefined ? createHmac('sha256', this.#secret!) : createHash('sha256');
  }
  update(data: Data) {
    this.#h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.#h.digest());
  }
  reset() {
    this.#h = this.#secret ? createHmac('sha256', this.#secret) : createHash('sha256');
  }
}

describe('signed bucket URLs for public pictures', () => {
  it.each([true, false])('sign exactly as the AWS SDK does (path style: %s)', async (forcePathStyle) => {
    const now = new Date('2026-11-30T12:00:00Z');
    const host = forcePathStyle ? 's3.example.org:9000' : 'my-bucket.s3.example.org:9000';
    const signer = new SignatureV4({ service: 's3', region: 'eu-central-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }, sha256: Sha256, uriEscapePath: false });
    const key = 'artworks/12/p1-800.avif';
    const reference = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: host.split(':')[0]!,
        port: 9000,
        path: forcePathStyle ? `/my-bucket/${key}` : `/${key}`,
        query: { 'response-cache-control': 'private, max-age=600' },
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: 600, signingDate: now, unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256']) },
    );
    const url = new URL(
      presignGetUrl({
        endpoint: 'http://s3.example.org:9000',
        bucket: 'my-bucket',
        key,
        region: 'eu-central-1',
        forcePathStyle,
        accessKeyId: 'AKID',
        secretAccessKey: 'SECRET',
        expiresSeconds: 600,
        now,
        responseHeaders: { 'response-cache-control': 'private, max-age=600' },
      }),
    );
    expect(url.host).toBe(host);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(reference.query?.['X-Amz-Signature']);
  });
});
