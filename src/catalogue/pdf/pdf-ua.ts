/**
 * Makes Chromium's tagged PDF meet the machine-checkable rules of PDF/UA-1 (ISO 14289-1, as
 * veraPDF checks them), with pdf-lib, after layout:
 *  - content painted outside the tags (backgrounds, borders, running heads, folios, crop marks,
 *    decorative pictures) becomes `/Artifact` (content-stream.ts);
 *  - a RoleMap maps the HTML types Chromium writes that PDF 1.7 does not define (Strong, Em…);
 *  - list items hold Lbl and LBody only (Chromium puts a link or text straight into LI);
 *  - a <figure> around an <img> is no Figure in a Figure: the outer one becomes a Div, the Alt
 *    stays on (or moves to) the picture;
 *  - every link annotation gets a description (/Contents), every page with annotations /Tabs /S;
 *  - the parent tree is rebuilt to match;
 *  - XMP metadata with the PDF/UA identifier (pdfuaid:part 1), title and language; MarkInfo and
 *    DisplayDocTitle.
 * Language on text in another language comes from the HTML's lang attributes (Chromium writes
 * them as /Lang on the structure elements).
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { deflateSync, inflateSync } from 'node:zlib';
import { hasMarkedContent, operations, untaggedPainting, wrapAsArtifacts } from './content-stream.ts';

export interface AccessibilityInfo {
  title: string;
  lang: string;
  author: string;
  subject: string;
  keywords: string[];
  /** Descriptions of links, by named destination (an element id) and by URI. */
  links?: { dests: Record<string, string>; uris: Record<string, string> };
}

/** The structure types of PDF 1.7 (ISO 32000-1, 14.8.4): anything else needs a RoleMap entry. */
export const STANDARD_TYPES = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
]);
/** What Chromium's HTML types mean in PDF 1.7 terms; unknown ones become Span. */
const ROLES: Record<string, string> = { Strong: 'Span', Em: 'Span', Sub: 'Span', Sup: 'Span', Mark: 'Span', Title: 'H1', FENote: 'Note', Aside: 'Div' };

const N = (s: string) => PDFName.of(s);

export interface AccessibilityResult {
  artifacts: number;
  roleMapped: string[];
  listBodies: number;
  figuresUnnested: number;
  linksDescribed: number;
}

/** Applies everything above to a loaded document (saved by the caller). */
export function makeAccessible(pdf: PDFDocument, info: AccessibilityInfo): AccessibilityResult {
  let artifacts = 0;
  for (const page of pdf.getPages()) artifacts += markArtifacts(pdf, page);
  const tree = fixStructure(pdf);
  const linksDescribed = describeLinks(pdf, info.links ?? { dests: {}, uris: {} });
  setDocumentFacts(pdf, info);
  return { artifacts, ...tree, linksDescribed };
}

// ---------------------------------------------------------------------------------------------
// Content

function streamBytes(pdf: PDFDocument, obj: PDFObject | undefined): Uint8Array {
  const s = obj instanceof PDFRef ? pdf.context.lookup(obj) : obj;
  if (s instanceof PDFRawStream) {
    // Chromium's content streams are plain Flate: Node's zlib is many times faster than pdf-lib's.
    const filter = s.dict.get(N('Filter'));
    if (filter === N('FlateDecode') && !s.dict.get(N('DecodeParms'))) return inflateSync(s.contents);
    return decodePDFRawStream(s).decode();
  }
  if (s instanceof PDFStream) return s.getContents();
  return new Uint8Array();
}

function markArtifacts(pdf: PDFDocument, page: PDFPage): number {
  const contents = page.node.get(N('Contents'));
  const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
  const parts = resolved instanceof PDFArray ? resolved.asArray() : resolved ? [contents!] : [];
  if (parts.length === 0) return 0;
  const chunks = parts.map((p) => streamBytes(pdf, p));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length + 1, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    bytes[at + c.length] = 0x0a;
    at += c.length + 1;
  }
  const xobjects = page.node.Resources()?.lookup(N('XObject'));
  const taggedCache = new Map<string, boolean>();
  const tagged = (name: string) => {
    if (!(xobjects instanceof PDFDict)) return false;
    if (!taggedCache.has(name)) {
      const x = xobjects.get(N(name));
      const stream = x instanceof PDFRef ? pdf.context.lookup(x) : x;
      const isForm = stream instanceof PDFRawStream && stream.dict.get(N('Subtype')) === N('Form');
      taggedCache.set(name, isForm && hasMarkedContent(streamBytes(pdf, stream)));
    }
    return taggedCache.get(name)!;
  };
  const ranges = untaggedPainting(operations(bytes), tagged);
  if (ranges.length === 0) return 0;
  const wrapped = wrapAsArtifacts(bytes, ranges);
  page.node.set(N('Contents'), pdf.context.register(pdf.context.stream(deflateSync(wrapped, { level: 6 }), { Filter: 'FlateDecode' })));
  return ranges.length;
}

// ---------------------------------------------------------------------------------------------
// Structure tree

interface Elem {
  ref: PDFRef;
  dict: PDFDict;
}

const typeOf = (d: PDFDict) => (d.get(N('S')) as PDFName | undefined)?.decodeText() ?? '';

function kidsOf(d: PDFDict): PDFObject[] {
  const k = d.get(N('K'));
  if (k === undefined) return [];
  return k instanceof PDFArray ? k.asArray() : [k];
}

function setKids(d: PDFDict, kids: PDFObject[], pdf: PDFDocument): void {
  if (kids.length === 0) d.delete(N('K'));
  else d.set(N('K'), kids.length === 1 ? kids[0]! : pdf.context.obj(kids));
}

/** A kid that is a structure element (not an MCID, MCR or OBJR), with its reference. */
function asElem(pdf: PDFDocument, kid: PDFObject): Elem | undefined {
  if (!(kid instanceof PDFRef)) return undefined;
  const d = pdf.context.lookup(kid);
  if (!(d instanceof PDFDict)) return undefined;
  const t = d.get(N('Type'));
  if (t === N('MCR') || t === N('OBJR')) return undefined;
  return d.get(N('S')) ? { ref: kid, dict: d } : undefined;
}

function walk(pdf: PDFDocument, root: PDFDict, visit: (e: Elem) => void): void {
  const stack: Elem[] = kidsOf(root).flatMap((k) => asElem(pdf, k) ?? []);
  const seen = new Set<PDFRef>();
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e.ref)) continue;
    seen.add(e.ref);
    visit(e);
    for (const k of kidsOf(e.dict)) {
      const child = asElem(pdf, k);
      if (child) stack.push(child);
    }
  }
}

function newElem(pdf: PDFDocument, type: string, parent: PDFRef, kids: PDFObject[], page?: PDFObject): Elem {
  const dict = pdf.context.obj({ Type: 'StructElem', S: type, P: parent }) as PDFDict;
  if (page) dict.set(N('Pg'), page);
  const ref = pdf.context.register(dict);
  setKids(dict, kids, pdf);
  for (const k of kids) asElem(pdf, k)?.dict.set(N('P'), ref);
  return { ref, dict };
}

function fixStructure(pdf: PDFDocument): Omit<AccessibilityResult, 'artifacts' | 'linksDescribed'> {
  const root = pdf.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict);
  if (!root) return { roleMapped: [], listBodies: 0, figuresUnnested: 0 };
  const elems: Elem[] = [];
  walk(pdf, root, (e) => elems.push(e));

  // Figures: an outer Figure (from <figure>) holding the picture's Figure becomes a Div.
  let figuresUnnested = 0;
  for (const e of elems) {
    if (typeOf(e.dict) !== 'Figure') continue;
    const inner = kidsOf(e.dict).flatMap((k) => asElem(pdf, k) ?? []).filter((k) => typeOf(k.dict) === 'Figure');
    if (inner.length === 0) continue;
    const alt = e.dict.get(N('Alt'));
    if (alt && inner.length === 1 && !inner[0]!.dict.get(N('Alt'))) inner[0]!.dict.set(N('Alt'), alt);
    e.dict.delete(N('Alt'));
    e.dict.set(N('S'), N('Div'));
    figuresUnnested++;
  }

  // Lists: whatever an LI holds besides its label goes into one LBody, in place.
  let listBodies = 0;
  for (const e of elems) {
    if (typeOf(e.dict) !== 'LI') continue;
    const kids = kidsOf(e.dict);
    const isPart = (k: PDFObject) => {
      const el = asElem(pdf, k);
      return el !== undefined && ['Lbl', 'LBody'].includes(typeOf(el.dict));
    };
    if (kids.every(isPart)) continue;
    const out: PDFObject[] = [];
    let body: PDFObject[] | undefined;
    for (const k of kids) {
      if (isPart(k)) {
        if (body) (out.push(newElem(pdf, 'LBody', e.ref, body, e.dict.get(N('Pg'))).ref), (body = undefined));
        out.push(k);
      } else (body ??= []).push(k);
    }
    if (body) out.push(newElem(pdf, 'LBody', e.ref, body, e.dict.get(N('Pg'))).ref);
    setKids(e.dict, out, pdf);
    listBodies++;
  }

  // Role map for every non-standard type in use.
  const used = new Set<string>();
  walk(pdf, root, (e) => used.add(typeOf(e.dict)));
  const roleMapped = [...used].filter((t) => t && !STANDARD_TYPES.has(t)).sort();
  const roleMap = root.lookupMaybe(N('RoleMap'), PDFDict) ?? (pdf.context.obj({}) as PDFDict);
  for (const t of roleMapped) if (!roleMap.get(N(t))) roleMap.set(N(t), N(ROLES[t] ?? 'Span'));
  if (roleMapped.length) root.set(N('RoleMap'), roleMap);

  rebuildParentTree(pdf, root);
  return { roleMapped, listBodies, figuresUnnested };
}

/** The parent tree again from the structure: every page's MCIDs and every annotation to its element. */
function rebuildParentTree(pdf: PDFDocument, root: PDFDict): void {
  const byKey = new Map<number, PDFObject>();
  const old = root.lookupMaybe(N('ParentTree'), PDFDict);
  // Keep what the walk cannot see (e.g. form XObjects' own entries).
  const readNums = (node: PDFDict | undefined) => {
    if (!node) return;
    const nums = node.lookupMaybe(N('Nums'), PDFArray);
    if (nums) for (let i = 0; i + 1 < nums.size(); i += 2) byKey.set((nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1));
    const kids = node.lookupMaybe(N('Kids'), PDFArray);
    if (kids) for (const k of kids.asArray()) readNums(pdf.context.lookup(k) as PDFDict);
  };
  readNums(old);
  const pageArrays = new Map<number, PDFRef[]>();
  const keyOfPage = (pg: PDFObject | undefined): number | undefined => {
    const d = pg instanceof PDFRef ? pdf.context.lookup(pg) : pg;
    const n = d instanceof PDFDict ? d.get(N('StructParents')) : undefined;
    return n instanceof PDFNumber ? n.asNumber() : undefined;
  };
  walk(pdf, root, (e) => {
    for (const k of kidsOf(e.dict)) {
      let mcid: number | undefined;
      let pg: PDFObject | undefined = e.dict.get(N('Pg'));
      const d = k instanceof PDFRef ? pdf.context.lookup(k) : k;
      if (k instanceof PDFNumber) mcid = k.asNumber();
      else if (d instanceof PDFDict && d.get(N('Type')) === N('MCR')) {
        mcid = (d.get(N('MCID')) as PDFNumber).asNumber();
        pg = d.get(N('Pg')) ?? pg;
      } else if (d instanceof PDFDict && d.get(N('Type')) === N('OBJR')) {
        const annot = pdf.context.lookup(d.get(N('Obj')));
        const sp = annot instanceof PDFDict ? annot.get(N('StructParent')) : undefined;
        if (sp instanceof PDFNumber) byKey.set(sp.asNumber(), e.ref);
        continue;
      } else continue;
      const key = keyOfPage(pg);
      if (key === undefined || mcid === undefined) continue;
      const arr = pageArrays.get(key) ?? [];
      arr[mcid] = e.ref;
      pageArrays.set(key, arr);
    }
  });
  for (const [key, arr] of pageArrays) byKey.set(key, pdf.context.obj(Array.from(arr, (r) => r ?? PDFNull)));
  const keys = [...byKey.keys()].sort((a, b) => a - b);
  const nums = pdf.context.obj(keys.flatMap((k) => [PDFNumber.of(k), byKey.get(k)!]));
  root.set(N('ParentTree'), pdf.context.register(pdf.context.obj({ Nums: nums })));
  root.set(N('ParentTreeNextKey'), PDFNumber.of((keys.at(-1) ?? -1) + 1));
}

// ---------------------------------------------------------------------------------------------
// Annotations

function describeLinks(pdf: PDFDocument, links: NonNullable<AccessibilityInfo['links']>): number {
  let described = 0;
  for (const page of pdf.getPages()) {
    const annots = page.node.lookupMaybe(N('Annots'), PDFArray);
    if (!annots || annots.size() === 0) continue;
    page.node.set(N('Tabs'), N('S'));
    for (const a of annots.asArray()) {
      const annot = pdf.context.lookup(a);
      if (!(annot instanceof PDFDict) || annot.get(N('Subtype')) !== N('Link')) continue;
      if (annot.get(N('Contents'))) continue;
      annot.set(N('Contents'), PDFHexString.fromText(linkDescription(pdf, annot, links)));
      described++;
    }
  }
  return described;
}

function linkDescription(pdf: PDFDocument, annot: PDFDict, links: NonNullable<AccessibilityInfo['links']>): string {
  const dest = annot.get(N('Dest'));
  const name = dest instanceof PDFName ? dest.decodeText() : dest instanceof PDFString || dest instanceof PDFHexString ? dest.decodeText() : undefined;
  if (name) return links.dests[name] ?? name;
  const action = annot.lookupMaybe(N('A'), PDFDict);
  const uri = action?.get(N('URI'));
  const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
  if (target) return links.uris[target] ?? target.replace(/^(https?:\/\/|tel:|mailto:)/, '');
  const d = action?.get(N('D'));
  const actionDest = d instanceof PDFName ? d.decodeText() : d instanceof PDFString || d instanceof PDFHexString ? d.decodeText() : undefined;
  return (actionDest && links.dests[actionDest]) ?? actionDest ?? 'Link';
}

// ---------------------------------------------------------------------------------------------
// Document

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet: Dublin Core title/creator/description/language, dates, producer and pdfuaid:part 1. */
export function xmpPacket(info: AccessibilityInfo, now: Date = new Date()): string {
  const date = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xml(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${xml(info.lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>${xml(CREATOR)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <pdf:Producer>${xml(PRODUCER)}</pdf:Producer>
   <pdf:Keywords>${xml(info.keywords.join(', '))}</pdf:Keywords>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

export const CREATOR = 'Cartoon Truth print (Paged.js, Chromium)';
export const PRODUCER = 'pdf-lib';

function setDocumentFacts(pdf: PDFDocument, info: AccessibilityInfo): void {
  const now = new Date();
  pdf.setTitle(info.title, { showInWindowTitleBar: true });
  pdf.setAuthor(info.author);
  pdf.setSubject(info.subject);
  pdf.setKeywords(info.keywords);
  pdf.setLanguage(info.lang);
  pdf.setCreator(CREATOR);
  pdf.setProducer(PRODUCER);
  pdf.setCreationDate(now);
  pdf.setModificationDate(now);
  const bytes = new TextEncoder().encode(xmpPacket(info, now));
  const stream = pdf.context.stream(bytes, { Type: 'Metadata', Subtype: 'XML', Length: bytes.length });
  pdf.catalog.set(N('Metadata'), pdf.context.register(stream));
  pdf.catalog.set(N('MarkInfo'), pdf.context.obj({ Marked: true }));
  const prefs = pdf.catalog.lookupMaybe(N('ViewerPreferences'), PDFDict) ?? (pdf.context.obj({}) as PDFDict);
  prefs.set(N('DisplayDocTitle'), PDFBool.True);
  pdf.catalog.set(N('ViewerPreferences'), prefs);
  pdf.catalog.set(N('Lang'), PDFString.of(info.lang));
}
