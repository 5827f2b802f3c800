import { createHash, createHmac } from 'node:crypto';

/**
 * A pre-signed GET URL (AWS Signature Version 4, query-string form) for one object: what S3 and
 * every S3-compatible store accept to hand an object to a browser without credentials, until it
 * expires. Path-style or virtual-host style, as the bucket is addressed.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
export interface PresignInput {
  /** https://host[:port] the browser will ask */
  endpoint: string;
  bucket: string;
  key: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiresSeconds: number;
  now?: Date;
  /** Response header overrides (e.g. response-cache-control), signed with the rest. */
  responseHeaders?: Record<string, string>;
}

// RFC 3986 unreserved characters stay; everything else is %-encoded (S3's rule).
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

export function presignGetUrl(i: PresignInput): string {
  const base = new URL(i.endpoint);
  const host = i.forcePathStyle ? base.host : `${i.bucket}.${base.host}`;
  const basePath = base.pathname.replace(/\/$/, '');
  const path = `${basePath}${i.forcePathStyle ? `/${encode(i.bucket)}` : ''}/${i.key.split('/').map(encode).join('/')}`;
  const now = i.now ?? new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${i.region}/s3/aws4_request`;
  const query: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${i.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(Math.max(1, Math.min(604_800, Math.round(i.expiresSeconds)))),
    'X-Amz-SignedHeaders': 'host',
    ...(i.sessionToken ? { 'X-Amz-Security-Token': i.sessionToken } : {}),
    ...i.responseHeaders,
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${encode(k)}=${encode(query[k]!)}`)
    .join('&');
  const canonicalRequest = ['GET', path, canonicalQuery, `host:${host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${i.secretAccessKey}`, day), i.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `${base.protocol}//${host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
