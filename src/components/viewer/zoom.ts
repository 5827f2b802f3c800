/**
 * Zoom and pan as plain arithmetic, so it can be tested without a browser. The picture is drawn
 * at `scale` with its top-left corner at (x, y) inside a viewport of w × h; it never leaves a gap.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 4;
export const STEP = 1.5;
export const IDENTITY: View = { scale: 1, x: 0, y: 0 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the picture covering the viewport. */
export function bound(v: View, w: number, h: number): View {
  const scale = clamp(v.scale, MIN_SCALE, MAX_SCALE);
  return { scale, x: clamp(v.x, w - w * scale, 0), y: clamp(v.y, h - h * scale, 0) };
}

/** Zooms to `scale` keeping the point (fx, fy) of the viewport where it is. */
export function zoomAt(v: View, scale: number, fx: number, fy: number, w: number, h: number): View {
  const s = clamp(scale, MIN_SCALE, MAX_SCALE);
  const k = s / v.scale;
  return bound({ scale: s, x: fx - (fx - v.x) * k, y: fy - (fy - v.y) * k }, w, h);
}

export function panBy(v: View, dx: number, dy: number, w: number, h: number): View {
  return bound({ scale: v.scale, x: v.x + dx, y: v.y + dy }, w, h);
}
