import type { PictureSources } from '../../lib/media.ts';

/** The same responsive picture the server renders for every artwork page (AVIF, WebP, explicit size). */
export function Picture({ s, alt, sizes, eager }: { s: PictureSources; alt: string; sizes: string; eager: boolean }) {
  return (
    <picture>
      <source type="image/avif" srcSet={s.avif} sizes={sizes} />
      <source type="image/webp" srcSet={s.webp} sizes={sizes} />
      <img
        src={s.src}
        alt={alt}
        width={s.width}
        height={s.height}
        loading={eager ? 'eager' : 'lazy'}
        decoding={eager ? 'sync' : 'async'}
        fetchPriority={eager ? 'high' : undefined}
        draggable={false}
        style={{ backgroundImage: `url(${s.placeholder})` }}
      />
    </picture>
  );
}

/** Fills {placeholders}; the islands do not import the dictionaries, they get their texts as props. */
export function fillText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
