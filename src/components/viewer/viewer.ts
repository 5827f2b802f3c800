/**
 * Enhances the server-rendered artwork viewers (ZoomPan.astro, ComicReader.astro) in the browser.
 * Plain DOM code, bundled by Astro as an external module (the CSP allows no unhashed inline script):
 * the page works without it, it only adds zooming and page turning.
 */
import { IDENTITY, MAX_SCALE, panBy, STEP, zoomAt, type View } from './zoom.ts';

/** Fills {placeholders} of a label the server put in a data attribute. */
export function fillText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

interface Zoom {
  /** Shows another picture in the same viewport (which keeps the focus), unzoomed. */
  show(picture: HTMLPictureElement): void;
}

let helpIds = 0;

/**
 * A picture that can be zoomed and panned with the mouse (wheel with Ctrl, drag, double click),
 * touch (pinch, drag) and keyboard (+, −, arrows, 0). `onSwipe` gets a horizontal swipe on the
 * unzoomed picture: +1 for the next page, -1 for the previous one.
 */
function enhanceZoom(root: HTMLElement, onSwipe?: (direction: 1 | -1) => void): Zoom | undefined {
  const viewport = root.querySelector<HTMLElement>(':scope > .zoom-viewport');
  const content = viewport?.querySelector<HTMLElement>(':scope > .zoom-content');
  const toolbar = root.querySelector<HTMLElement>(':scope > .zoom-toolbar');
  const template = root.querySelector<HTMLTemplateElement>(':scope > template');
  if (!viewport || !content || !toolbar || !template) return undefined;

  const controls = template.content.cloneNode(true) as DocumentFragment;
  const help = controls.querySelector<HTMLElement>('.viewer-help')!;
  const button = (action: string) => controls.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  const [zoomOut, zoomIn, reset] = [button('out'), button('in'), button('reset')];
  const level = controls.querySelector<HTMLElement>('.zoom-level')!;
  const levelText = template.dataset.level ?? '{percent}';
  help.id = `viewer-help-${++helpIds}`;

  let view: View = IDENTITY;
  const size = () => {
    const r = viewport.getBoundingClientRect();
    return { w: r.width || 1, h: r.height || 1, left: r.left, top: r.top };
  };
  const render = () => {
    content.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
    viewport.classList.toggle('zoomed', view.scale > 1);
    zoomOut.setAttribute('aria-disabled', String(view.scale <= 1));
    zoomIn.setAttribute('aria-disabled', String(view.scale >= MAX_SCALE));
    reset.setAttribute('aria-disabled', String(view.scale === 1));
    level.textContent = fillText(levelText, { percent: Math.round(view.scale * 100) });
  };
  const set = (next: View) => {
    view = next;
    render();
  };
  const zoomBy = (factor: number, fx?: number, fy?: number) => {
    const { w, h } = size();
    set(zoomAt(view, view.scale * factor, fx ?? w / 2, fy ?? h / 2, w, h));
  };

  zoomOut.addEventListener('click', () => zoomBy(1 / STEP));
  zoomIn.addEventListener('click', () => zoomBy(STEP));
  reset.addEventListener('click', () => set(IDENTITY));

  viewport.addEventListener('keydown', (e) => {
    const { w, h } = size();
    const step = 0.1;
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [w * step, 0],
      ArrowRight: [-w * step, 0],
      ArrowUp: [0, h * step],
      ArrowDown: [0, -h * step],
    };
    const pan = pans[e.key];
    if (e.key === '+' || e.key === '=') zoomBy(STEP);
    else if (e.key === '-' || e.key === '−' || e.key === '_') zoomBy(1 / STEP);
    else if (e.key === '0') set(IDENTITY);
    else if (pan && view.scale > 1) set(panBy(view, pan[0], pan[1], w, h));
    else return; // arrows on an unzoomed picture belong to the comic reader
    e.preventDefault();
    e.stopPropagation();
  });

  // Zooming with Ctrl + wheel must stop the page from scrolling, hence a non-passive listener.
  viewport.addEventListener('wheel', (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const { left, top } = size();
    zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - left, e.clientY - top);
  }, { passive: false });

  const pointers = new Map<number, { x: number; y: number }>();
  let gesture: { startX: number; startY: number; pinch?: number; moved: boolean } | null = null;
  const point = (e: PointerEvent) => {
    const { left, top } = size();
    return { x: e.clientX - left, y: e.clientY - top };
  };
  viewport.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    viewport.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, point(e));
    const ps = [...pointers.values()];
    gesture = ps.length === 2
      ? { startX: 0, startY: 0, pinch: Math.hypot(ps[0]!.x - ps[1]!.x, ps[0]!.y - ps[1]!.y), moved: true }
      : { startX: ps[0]!.x, startY: ps[0]!.y, moved: false };
  });
  viewport.addEventListener('pointermove', (e) => {
    const prev = pointers.get(e.pointerId);
    if (!prev || !gesture) return;
    const now = point(e);
    pointers.set(e.pointerId, now);
    const { w, h } = size();
    const ps = [...pointers.values()];
    if (ps.length === 2 && gesture.pinch) {
      const dist = Math.hypot(ps[0]!.x - ps[1]!.x, ps[0]!.y - ps[1]!.y);
      const factor = dist / gesture.pinch;
      gesture.pinch = dist;
      set(zoomAt(view, view.scale * factor, (ps[0]!.x + ps[1]!.x) / 2, (ps[0]!.y + ps[1]!.y) / 2, w, h));
    } else if (view.scale > 1) {
      gesture.moved = true;
      set(panBy(view, now.x - prev.x, now.y - prev.y, w, h));
    }
  });
  const pointerEnd = (e: PointerEvent) => {
    const g = gesture;
    const end = pointers.get(e.pointerId);
    pointers.delete(e.pointerId);
    if (pointers.size > 0) return;
    gesture = null;
    if (!g || g.moved || !end || view.scale > 1 || !onSwipe) return;
    const dx = end.x - g.startX;
    const dy = end.y - g.startY;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) onSwipe(dx < 0 ? 1 : -1);
  };
  viewport.addEventListener('pointerup', pointerEnd);
  viewport.addEventListener('pointercancel', pointerEnd);
  viewport.addEventListener('dblclick', (e) => {
    const { left, top, w, h } = size();
    set(view.scale > 1 ? IDENTITY : zoomAt(view, 2.5, e.clientX - left, e.clientY - top, w, h));
  });

  // The controls go into the space the server kept free for them, so nothing moves.
  viewport.classList.add('ready');
  viewport.tabIndex = 0;
  viewport.setAttribute('role', 'group');
  viewport.setAttribute('aria-label', viewport.dataset.label ?? '');
  viewport.setAttribute('aria-describedby', help.id);
  toolbar.append(controls);
  toolbar.after(help);
  render();

  return {
    show(picture) {
      content.replaceChildren(picture);
      set(IDENTITY);
    },
  };
}

/**
 * A multi-page comic read one page at a time: previous/next buttons, "page x of y", arrow keys
 * (and Page Up/Down, Home/End), swipe. The server shows every page one below the other; here they
 * are taken out of the page and shown one at a time in the first page's zoomable viewport.
 */
function enhanceReader(reader: HTMLElement): void {
  const zoomRoot = reader.querySelector<HTMLElement>(':scope > [data-zoom]');
  const template = reader.querySelector<HTMLTemplateElement>(':scope > template');
  const firstPicture = zoomRoot?.querySelector<HTMLPictureElement>('.zoom-content > picture');
  if (!zoomRoot || !template || !firstPicture) return;
  const rest = [...reader.querySelectorAll<HTMLElement>(':scope > .reader-page')];
  const pictures = [firstPicture, ...rest.map((p) => p.querySelector('picture')).filter((p) => p !== null)];
  const count = pictures.length;
  let index = 0;

  const controls = template.content.cloneNode(true) as DocumentFragment;
  const [prev, next] = [...controls.querySelectorAll<HTMLButtonElement>('[data-go]')] as [HTMLButtonElement, HTMLButtonElement];
  const position = controls.querySelector<HTMLElement>('.reader-position')!;
  const pageOf = template.dataset.pageOf ?? '{page} / {pages}';

  const render = () => {
    prev.setAttribute('aria-disabled', String(index === 0));
    next.setAttribute('aria-disabled', String(index === count - 1));
    position.textContent = fillText(pageOf, { page: index + 1, pages: count });
  };
  let zoom: Zoom | undefined;
  const go = (to: number) => {
    const target = Math.min(count - 1, Math.max(0, to));
    if (target === index) return;
    index = target;
    zoom?.show(pictures[index]!);
    render();
  };
  zoom = enhanceZoom(zoomRoot, (d) => go(index + d));
  if (!zoom) return;

  prev.addEventListener('click', () => go(index - 1));
  next.addEventListener('click', () => go(index + 1));
  reader.addEventListener('keydown', (e) => {
    const moves: Record<string, number> = { ArrowLeft: index - 1, PageUp: index - 1, ArrowRight: index + 1, PageDown: index + 1, Home: 0, End: count - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  });

  for (const page of rest) page.remove();
  zoomRoot.after(controls);
  reader.classList.add('ready');
  render();
}

/** Enhances every reader and every stand-alone zoomable picture in `doc` once. */
export function enhanceViewers(doc: ParentNode): void {
  for (const reader of doc.querySelectorAll<HTMLElement>('[data-reader]:not(.ready)')) enhanceReader(reader);
  for (const zoom of doc.querySelectorAll<HTMLElement>('[data-zoom]')) {
    if (zoom.querySelector(':scope > .zoom-viewport.ready') || zoom.closest('[data-reader]')) continue;
    enhanceZoom(zoom);
  }
}
