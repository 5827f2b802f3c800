/**
 * Two things pdf-lib does slowly or wastefully for a large book, done here instead:
 *  - `dropUnreachable`: pdf-lib writes every object it holds, reachable or not. The content
 *    streams the artifacts pass replaces (about 1 MB in the 284-page book) and the structure
 *    objects it rebuilds would go into the file unused.
 *  - `useNativeDeflate`: pdf-lib compresses the object streams it writes with pako, a JavaScript
 *    deflate. Node's zlib gives the same zlib format several times faster.
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';

/** Removes every indirect object the trailer does not reach; returns how many. */
export function dropUnreachable(pdf: PDFDocument): number {
  const { context } = pdf;
  const reached = new Set<PDFRef>();
  const stack: (PDFObject | undefined)[] = [context.trailerInfo.Root, context.trailerInfo.Info, context.trailerInfo.Encrypt];
  while (stack.length > 0) {
    const o = stack.pop();
    if (o instanceof PDFRef) {
      if (reached.has(o)) continue;
      reached.add(o);
      stack.push(context.lookup(o));
    } else if (o instanceof PDFDict) {
      for (const [, v] of o.entries()) stack.push(v);
    } else if (o instanceof PDFArray) {
      for (const v of o.asArray()) stack.push(v);
    } else if (o instanceof PDFStream) {
      stack.push(o.dict);
    }
  }
  let dropped = 0;
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (reached.has(ref)) continue;
    context.delete(ref);
    dropped++;
  }
  return dropped;
}

let patched = false;

/**
 * Points pdf-lib's Flate encoding at Node's zlib (same output format: a zlib stream), once per
 * process. Only pako's `deflate(data)` without options is replaced, which is the only way pdf-lib
 * calls it; a call with options still goes to pako.
 */
export function useNativeDeflate(): void {
  if (patched) return;
  patched = true;
  const fromPdfLib = createRequire(createRequire(import.meta.url).resolve('pdf-lib'));
  const pako = fromPdfLib('pako') as { deflate: (data: Uint8Array, options?: unknown) => Uint8Array };
  const original = pako.deflate;
  pako.deflate = (data, options) => (options === undefined ? deflateSync(data) : original(data, options));
}
