import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { artworkKey, derivativeName } from '#src/artworks/storage.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import type { EntryRecord } from '#src/entries/entry.ts';

/**
 * Link-preview pictures (Open Graph, Twitter cards): 1200 × 630 JPEG with the artwork's first page
 * and its title on the site's paper. Nothing else: no name, no age, no town, no metadata. Made once
 * per media version and title and kept next to the derivatives, so erasing an entry erases them too.
 */
export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

type ShareEntry = Pick<EntryRecord, 'id' | 'title' | 'mediaVersion' | 'pages'>;

export function shareImagePath(entry: Pick<EntryRecord, 'id'>): string {
  return `/og/${entry.id}.jpg`;
}

/** Changes whenever the picture or the title changes: the cache file name and the HTTP validator. */
export function shareImageKey(entry: ShareEntry): string {
  return createHash('sha256').update(`${entry.mediaVersion}\n${entry.title}`).digest('base64url').slice(0, 16);
}

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Greedy word wrap by character count; the last line ends with an ellipsis when text is left over. */
export function wrapTitle(title: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = title.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.length > perLine ? `${words[i]!.slice(0, perLine - 1)}…` : words[i]!;
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= perLine) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines) {
      lines[maxLines - 1] = `${lines[maxLines - 1]!.replace(/[\s.,;:!?…]+$/, '')}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

async function render(storage: Storage, entry: ShareEntry, siteName: string): Promise<Buffer | undefined> {
  const page = entry.pages[0]!;
  const width = page.widths.filter((w) => w <= 960).at(-1) ?? page.widths[0]!;
  const picture = await storage.read(artworkKey(entry.id, derivativeName(1, width, 'webp')));
  if (!picture) return undefined;
  const art = await sharp(picture)
    .resize({ width: 520, height: 570, fit: 'inside' })
    .toBuffer({ resolveWithObject: true });
  const artLeft = 40 + Math.round((520 - art.info.width) / 2);
  const artTop = Math.round((SHARE_HEIGHT - art.info.height) / 2);
  const lines = wrapTitle(entry.title, 19, 4);
  const fontSize = 54;
  const textTop = Math.round(SHARE_HEIGHT / 2 - (lines.length * fontSize * 1.2) / 2 + fontSize * 0.8);
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_WIDTH}" height="${SHARE_HEIGHT}">
    <rect x="0" y="0" width="${SHARE_WIDTH}" height="14" fill="#b3261e"/>
    <g font-family="Noto Sans, DejaVu Sans, sans-serif" fill="#1b1f2a">
      ${lines.map((l, i) => `<text x="610" y="${textTop + i * Math.round(fontSize * 1.2)}" font-size="${fontSize}" font-weight="700">${esc(l)}</text>`).join('')}
      <text x="610" y="585" font-size="30" fill="#4a5163">${esc(siteName)}</text>
    </g>
  </svg>`;
  return sharp({ create: { width: SHARE_WIDTH, height: SHARE_HEIGHT, channels: 3, background: '#fbfaf7' } })
    .composite([
      { input: art.data, left: artLeft, top: artTop },
      { input: Buffer.from(text), left: 0, top: 0 },
    ])
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
}

/**
 * The share picture of a public entry (the caller checks it is public), made on first request and
 * kept with the entry's pictures; undefined when the entry has no pictures to make it from.
 */
export async function shareImage(storage: Storage, entry: ShareEntry, siteName: string): Promise<Buffer | undefined> {
  const name = `og-${shareImageKey(entry)}.jpg`;
  const kept = await storage.read(artworkKey(entry.id, name));
  if (kept) return kept;
  const data = await render(storage, entry, siteName);
  if (!data) return undefined;
  await storage.write(artworkKey(entry.id, name), data, 'image/jpeg');
  // Older versions (another title or picture) go; another process may be doing the same: harmless.
  for (const old of await storage.list(artworkKey(entry.id, 'og-'))) if (old.key !== artworkKey(entry.id, name)) await storage.remove(old.key);
  return data;
}
