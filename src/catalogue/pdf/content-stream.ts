/**
 * Marks what Chromium paints outside its tagged content as artifacts. Chromium's tagged PDF wraps
 * the text and pictures of the DOM in marked content (`/P <</MCID n>> BDC … EMC`) but paints CSS
 * backgrounds, borders, generated content (Paged.js's running heads and folios, crop marks, the
 * award star) and aria-hidden elements untagged; PDF/UA-1 wants every painted thing either tagged
 * or inside `/Artifact BMC … EMC`. This reads a page's content stream operator by operator and
 * wraps each painting object that is outside any marked-content sequence.
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */

export interface Operation {
  op: string;
  /** Offset of the first operand (or of the operator when it has none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
  /** First operand as written, when it is a name (e.g. `/Artifact` before BMC, `/Im1` before Do). */
  name?: string;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Splits a content stream into operations (operands plus operator), binary-safe. */
export function operations(bytes: Uint8Array): Operation[] {
  const ops: Operation[] = [];
  let i = 0;
  let opStart = -1;
  let firstName: string | undefined;
  const n = bytes.length;
  const operand = (start: number) => {
    if (opStart < 0) opStart = start;
  };
  while (i < n) {
    const c = bytes[i]!;
    if (WHITE.has(c)) {
      i++;
      continue;
    }
    if (c === 0x25) {
      // comment
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
      continue;
    }
    const start = i;
    if (c === 0x28) {
      i = afterString(bytes, i);
      operand(start);
      continue;
    }
    if (c === 0x3c && bytes[i + 1] === 0x3c) {
      // dictionary: skip to its matching >> (strings inside handled)
      let depth = 0;
      while (i < n) {
        if (bytes[i] === 0x3c && bytes[i + 1] === 0x3c) (depth++, (i += 2));
        else if (bytes[i] === 0x3e && bytes[i + 1] === 0x3e) {
          i += 2;
          if (--depth === 0) break;
        } else if (bytes[i] === 0x28) i = afterString(bytes, i);
        else i++;
      }
      operand(start);
      continue;
    }
    if (c === 0x3c) {
      while (i < n && bytes[i] !== 0x3e) i++;
      i++;
      operand(start);
      continue;
    }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
      operand(start);
      continue;
    }
    if (c === 0x3e) {
      // a stray '>' (malformed): skip it
      i++;
      continue;
    }
    if (c === 0x2f) {
      i++;
      while (i < n && !WHITE.has(bytes[i]!) && !DELIM.has(bytes[i]!)) i++;
      if (opStart < 0) firstName = latin1(bytes, start, i);
      operand(start);
      continue;
    }
    while (i < n && !WHITE.has(bytes[i]!) && !DELIM.has(bytes[i]!)) i++;
    // Numbers are most of a content stream: told by their first byte, never turned into strings.
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      operand(start);
      continue;
    }
    const word = latin1(bytes, start, i);
    if (word === 'true' || word === 'false' || word === 'null') {
      operand(start);
      continue;
    }
    if (word === 'ID') {
      // inline image data: up to whitespace, EI, whitespace
      let j = i + 1;
      while (j < n && !(WHITE.has(bytes[j - 1]!) && bytes[j] === 0x45 && bytes[j + 1] === 0x49 && (j + 2 >= n || WHITE.has(bytes[j + 2]!)))) j++;
      i = Math.min(n, j + 2);
      ops.push({ op: 'BI', start: opStart < 0 ? start : opStart, end: i });
      opStart = -1;
      firstName = undefined;
      continue;
    }
    if (word === 'BI') {
      // operands of the inline image follow; the whole image ends at EI (handled at ID)
      if (opStart < 0) opStart = start;
      continue;
    }
    ops.push({ op: word, start: opStart < 0 ? start : opStart, end: i, ...(firstName ? { name: firstName } : {}) });
    opStart = -1;
    firstName = undefined;
  }
  return ops;
}

/** The offset just after a literal string starting at `i` (parentheses nest, backslash escapes). */
function afterString(bytes: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5c) i++;
    else if (b === 0x28) depth++;
    else if (b === 0x29 && --depth === 0) break;
  }
  return i + 1;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(bytes[k]!);
  return s;
}

const PATH_START = new Set(['m', 're']);
const PATH_BUILD = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're', 'W', 'W*']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);

/**
 * Ranges [start, end) of the painting objects that lie outside every marked-content sequence:
 * paths that are stroked or filled, text objects, XObjects and shadings. `taggedXObject` tells
 * whether a named XObject carries marked content of its own (it must then not become an artifact).
 */
export function untaggedPainting(ops: Operation[], taggedXObject: (name: string) => boolean = () => false): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let path: number | undefined;
  let text: { start: number; marked: boolean; shows: [number, number][] } | undefined;
  for (const o of ops) {
    if (o.op === 'BDC' || o.op === 'BMC') {
      if (text && depth === 0) text.marked = true;
      depth++;
      continue;
    }
    if (o.op === 'EMC') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (o.op === 'BT') {
      text = { start: o.start, marked: depth > 0, shows: [] };
      continue;
    }
    if (o.op === 'ET') {
      if (text && depth === 0) {
        // A whole text object when nothing in it is marked, else each string it shows unmarked.
        if (!text.marked) ranges.push([text.start, o.end]);
        else ranges.push(...text.shows);
      }
      text = undefined;
      continue;
    }
    if (text) {
      if (depth === 0 && TEXT_SHOW.has(o.op)) text.shows.push([o.start, o.end]);
      continue;
    }
    if (PATH_START.has(o.op) && path === undefined) {
      path = o.start;
      continue;
    }
    if (path !== undefined) {
      if (PATH_BUILD.has(o.op)) continue;
      if (PATH_PAINT.has(o.op) && depth === 0) ranges.push([path, o.end]);
      // `n` ends a clipping path without painting it.
      path = undefined;
      continue;
    }
    if (depth === 0 && (o.op === 'sh' || o.op === 'BI' || (o.op === 'Do' && !(o.name && taggedXObject(o.name.slice(1)))))) ranges.push([o.start, o.end]);
  }
  return ranges;
}

const enc = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const OPEN = enc('/Artifact BMC\n');
const CLOSE = enc('\nEMC\n');

/** The stream with every given range wrapped in `/Artifact BMC … EMC`. */
export function wrapAsArtifacts(bytes: Uint8Array, ranges: [number, number][]): Uint8Array {
  if (ranges.length === 0) return bytes;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out = new Uint8Array(bytes.length + sorted.length * (OPEN.length + CLOSE.length));
  let at = 0;
  let from = 0;
  for (const [start, end] of sorted) {
    out.set(bytes.subarray(from, start), at);
    at += start - from;
    out.set(OPEN, at);
    at += OPEN.length;
    out.set(bytes.subarray(start, end), at);
    at += end - start;
    out.set(CLOSE, at);
    at += CLOSE.length;
    from = end;
  }
  out.set(bytes.subarray(from), at);
  at += bytes.length - from;
  return out.subarray(0, at);
}

/** Does a content stream paint anything outside marked content? (What a checker would flag.) */
export function hasUntaggedPainting(bytes: Uint8Array, taggedXObject?: (name: string) => boolean): boolean {
  return untaggedPainting(operations(bytes), taggedXObject).length > 0;
}

/** Does a content stream hold marked content with an MCID (tagged real content)? */
export function hasMarkedContent(bytes: Uint8Array): boolean {
  return operations(bytes).some((o) => o.op === 'BDC' && /\/MCID\b/.test(latin1(bytes, o.start, o.end)));
}
