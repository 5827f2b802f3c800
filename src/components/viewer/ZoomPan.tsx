import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { PictureSources } from '../../lib/media.ts';
import { fillText, Picture } from './Picture.tsx';
import { IDENTITY, MAX_SCALE, panBy, STEP, zoomAt, type View } from './zoom.ts';

export interface ZoomLabels {
  zoomIn: string;
  zoomOut: string;
  reset: string;
  zoomLevel: string;
  zoomRegion: string;
  zoomHelp: string;
}

interface Props {
  sources: PictureSources;
  alt: string;
  sizes: string;
  eager?: boolean;
  labels: ZoomLabels;
  /** A horizontal swipe on the unzoomed picture: +1 for the next page, -1 for the previous one. */
  onSwipe?: (direction: 1 | -1) => void;
}

/**
 * A picture that can be zoomed and panned with the mouse (wheel with Ctrl, drag, double click),
 * touch (pinch, drag) and keyboard (+, −, arrows, 0). The server renders the plain picture; the
 * controls appear once the island runs, in space kept free for them so nothing moves.
 */
export default function ZoomPan({ sources, alt, sizes, eager = false, labels, onSwipe }: Props) {
  const [ready, setReady] = useState(false);
  const [view, setView] = useState<View>(IDENTITY);
  const viewport = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ startX: number; startY: number; pinch?: number; moved: boolean } | null>(null);
  const helpId = useId();
  useEffect(() => setReady(true), []);
  // A new page of a comic starts unzoomed; the element (and the keyboard focus on it) stays.
  useEffect(() => setView(IDENTITY), [sources.src]);

  const size = () => {
    const r = viewport.current?.getBoundingClientRect();
    return { w: r?.width ?? 1, h: r?.height ?? 1, left: r?.left ?? 0, top: r?.top ?? 0 };
  };
  const zoomBy = useCallback((factor: number, fx?: number, fy?: number) => {
    const { w, h } = size();
    setView((v) => zoomAt(v, v.scale * factor, fx ?? w / 2, fy ?? h / 2, w, h));
  }, []);

  // React registers wheel listeners as passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const el = viewport.current;
    if (!el || !ready) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      const { left, top } = size();
      zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - left, e.clientY - top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [ready, zoomBy]);

  if (!ready) {
    return (
      <div className="zoom">
        <div className="zoom-viewport">
          <Picture s={sources} alt={alt} sizes={sizes} eager={eager} />
        </div>
        <div className="zoom-toolbar" />
      </div>
    );
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const { w, h } = size();
    const step = 0.1;
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [w * step, 0],
      ArrowRight: [-w * step, 0],
      ArrowUp: [0, h * step],
      ArrowDown: [0, -h * step],
    };
    if (e.key === '+' || e.key === '=') zoomBy(STEP);
    else if (e.key === '-' || e.key === '−' || e.key === '_') zoomBy(1 / STEP);
    else if (e.key === '0') setView(IDENTITY);
    else if (pans[e.key] && view.scale > 1) {
      const [dx, dy] = pans[e.key]!;
      setView((v) => panBy(v, dx, dy, w, h));
    } else return; // arrows on an unzoomed picture belong to the comic reader
    e.preventDefault();
    e.stopPropagation();
  };

  const point = (e: PointerEvent) => {
    const { left, top } = size();
    return { x: e.clientX - left, y: e.clientY - top };
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, point(e));
    const ps = [...pointers.current.values()];
    gesture.current = ps.length === 2
      ? { startX: 0, startY: 0, pinch: Math.hypot(ps[0]!.x - ps[1]!.x, ps[0]!.y - ps[1]!.y), moved: true }
      : { startX: ps[0]!.x, startY: ps[0]!.y, moved: false };
  };
  const onPointerMove = (e: PointerEvent) => {
    const prev = pointers.current.get(e.pointerId);
    if (!prev || !gesture.current) return;
    const now = point(e);
    pointers.current.set(e.pointerId, now);
    const { w, h } = size();
    const ps = [...pointers.current.values()];
    if (ps.length === 2 && gesture.current.pinch) {
      const dist = Math.hypot(ps[0]!.x - ps[1]!.x, ps[0]!.y - ps[1]!.y);
      const factor = dist / gesture.current.pinch;
      gesture.current.pinch = dist;
      setView((v) => zoomAt(v, v.scale * factor, (ps[0]!.x + ps[1]!.x) / 2, (ps[0]!.y + ps[1]!.y) / 2, w, h));
    } else if (view.scale > 1) {
      gesture.current.moved = true;
      setView((v) => panBy(v, now.x - prev.x, now.y - prev.y, w, h));
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    const g = gesture.current;
    const end = pointers.current.get(e.pointerId);
    pointers.current.delete(e.pointerId);
    if (pointers.current.size > 0) return;
    gesture.current = null;
    if (!g || g.moved || !end || view.scale > 1 || !onSwipe) return;
    const dx = end.x - g.startX;
    const dy = end.y - g.startY;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) onSwipe(dx < 0 ? 1 : -1);
  };
  const onDoubleClick = (e: MouseEvent) => {
    const { left, top, w, h } = size();
    setView((v) => (v.scale > 1 ? IDENTITY : zoomAt(v, 2.5, e.clientX - left, e.clientY - top, w, h)));
  };

  const percent = Math.round(view.scale * 100);
  return (
    <div className="zoom">
      <div
        ref={viewport}
        className={`zoom-viewport ready${view.scale > 1 ? ' zoomed' : ''}`}
        tabIndex={0}
        role="group"
        aria-label={labels.zoomRegion}
        aria-describedby={helpId}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={onDoubleClick}
      >
        <div className="zoom-content" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
          <Picture s={sources} alt={alt} sizes={sizes} eager={eager} />
        </div>
      </div>
      <div className="zoom-toolbar">
        <button type="button" className="secondary small" onClick={() => zoomBy(1 / STEP)} aria-disabled={view.scale <= 1}>
          <span aria-hidden="true">− </span>{labels.zoomOut}
        </button>
        <button type="button" className="secondary small" onClick={() => zoomBy(STEP)} aria-disabled={view.scale >= MAX_SCALE}>
          <span aria-hidden="true">+ </span>{labels.zoomIn}
        </button>
        <button type="button" className="secondary small" onClick={() => setView(IDENTITY)} aria-disabled={view.scale === 1}>
          {labels.reset}
        </button>
        <span className="zoom-level" role="status">{fillText(labels.zoomLevel, { percent })}</span>
      </div>
      <p id={helpId} className="viewer-help">{labels.zoomHelp}</p>
    </div>
  );
}
