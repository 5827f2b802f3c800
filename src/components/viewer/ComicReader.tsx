import { useEffect, useState, type KeyboardEvent } from 'react';
import type { PictureSources } from '../../lib/media.ts';
import { fillText, Picture } from './Picture.tsx';
import ZoomPan, { type ZoomLabels } from './ZoomPan.tsx';

export interface ReaderLabels extends ZoomLabels {
  reader: string;
  prevPage: string;
  nextPage: string;
  pageOf: string;
  readerHelp: string;
}

interface Props {
  pages: { sources: PictureSources; alt: string }[];
  sizes: string;
  labels: ReaderLabels;
}

/**
 * A multi-page comic read one page at a time: previous/next buttons, "page x of y", arrow keys
 * (and Page Up/Down, Home/End), swipe; each page can be zoomed. Without JavaScript every page is
 * simply shown, one below the other.
 */
export default function ComicReader({ pages, sizes, labels }: Props) {
  const [ready, setReady] = useState(false);
  const [index, setIndex] = useState(0);
  useEffect(() => setReady(true), []);
  const count = pages.length;

  if (!ready) {
    return (
      <section className="reader" aria-label={labels.reader}>
        <ZoomPan sources={pages[0]!.sources} alt={pages[0]!.alt} sizes={sizes} eager labels={labels} />
        {pages.slice(1).map((p, i) => (
          <div className="reader-page" key={i}>
            <Picture s={p.sources} alt={p.alt} sizes={sizes} eager={false} />
          </div>
        ))}
      </section>
    );
  }

  const go = (to: number) => setIndex(Math.min(count - 1, Math.max(0, to)));
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowLeft: index - 1, PageUp: index - 1, ArrowRight: index + 1, PageDown: index + 1, Home: 0, End: count - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    go(moves[e.key]!);
  };
  const page = pages[index]!;
  return (
    <section className="reader ready" aria-label={labels.reader} onKeyDown={onKeyDown}>
      <ZoomPan sources={page.sources} alt={page.alt} sizes={sizes} eager={index === 0} labels={labels}
        onSwipe={(d) => go(index + d)} />
      <div className="reader-toolbar">
        <button type="button" onClick={() => go(index - 1)} aria-disabled={index === 0}>
          <span aria-hidden="true">←</span> <span className="narrow-hidden">{labels.prevPage}</span>
        </button>
        <span className="reader-position" role="status">{fillText(labels.pageOf, { page: index + 1, pages: count })}</span>
        <button type="button" onClick={() => go(index + 1)} aria-disabled={index === count - 1}>
          <span className="narrow-hidden">{labels.nextPage}</span> <span aria-hidden="true">→</span>
        </button>
      </div>
      <p className="viewer-help">{labels.readerHelp}</p>
    </section>
  );
}
