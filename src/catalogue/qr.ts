/**
 * QR codes on printed products (catalogue, wall labels, posters): vectors drawn by the `qrcode`
 * library, pointing at the site's public address (BASE_URL). A code that points at a loopback
 * address or at nothing would send visitors nowhere, so printing refuses it unless forced.
 *
 * Plain, erasable TypeScript only.
 */
import { isIP } from 'node:net';
import QRCode from 'qrcode';
import type { Lang } from '#src/i18n/config.ts';

export type QrBaseProblem = 'missing' | 'loopback';

/** What is wrong with an address for printed codes: unset, or one only this machine can reach. */
export function qrBaseProblem(base: string | undefined): QrBaseProblem | undefined {
  if (!base) return 'missing';
  let host: string;
  try {
    host = new URL(base).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return 'missing';
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (isIP(host) === 4 && (host.startsWith('127.') || host === '0.0.0.0')) return 'loopback';
  if (isIP(host) === 6 && (host === '::1' || host === '::' || /^::ffff:127\./.test(host))) return 'loopback';
  return undefined;
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/** The public page of a work in the gallery. */
export const workUrl = (base: string, lang: Lang, entryId: number): string => join(base, `/${lang}/gallery/${entryId}`);

/** The public page of a tour stop. */
export const stopUrl = (base: string, lang: Lang, stopId: number): string => join(base, `/${lang}/tour/${stopId}`);

/** The address as printed next to a code: without the scheme, so a reader can type it. */
export const printedUrl = (url: string): string => url.replace(/^https?:\/\//, '');

/**
 * An inline SVG of the code: black modules on white with the standard quiet zone, medium error
 * correction (a label may get scratched), scaled by the CSS that places it. Decorative for
 * assistive technology: the address is always printed as text beside it.
 */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  return svg.replace('<svg ', '<svg class="qr" aria-hidden="true" focusable="false" ');
}
