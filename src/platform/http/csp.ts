import { createHash } from 'node:crypto';

/**
 * Content-Security-Policy for HTML pages. Scripts run only from this site or, when inline (Astro's
 * island loader), when their exact text is hashed into the policy, so injected script never runs.
 * Inline styles stay allowed (Astro and Paged.js write style attributes); they cannot run code.
 */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    if (m[1]!.trim() === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

export interface CspOptions {
  allowFraming?: boolean;
  /** Other origins pictures come from (the bucket, when /media redirects there). */
  imageOrigins?: readonly string[];
}

export function contentSecurityPolicy(html: string, opts: CspOptions = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...(opts.imageOrigins ?? [])].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${opts.allowFraming ? "'self'" : "'none'"}`,
  ].join('; ');
}

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';
