import { createHash } from 'node:crypto';
import type { Db } from '#src/platform/db.ts';
import { todayInPrague } from '#src/platform/calendar-date.ts';

/**
 * HTTP caching of public pages. Every public page's ETag is derived from a "public content
 * version" that database triggers raise whenever entries, awards, editions, tour stops or settings
 * change, so an organiser's change shows at the next request, while an unchanged page costs the
 * browser a 304 and the server one small read. On SQLite it is one settings row (migration 4; one
 * writer at a time anyway), read again only once something has been committed (db/sqlite.ts); on
 * PostgreSQL the sum of sixteen rows, each bumped at the commit of a change by the connection that
 * made it, so writers do not queue behind one hot row (db/pg-migrations.ts), and each process keeps
 * a copy that a LISTEN connection refreshes at every raise (db/public-version.ts), so a cached
 * page costs no round trip. Either way it comes from the data, so every process gives the same ETag.
 */

declare const __CT_BUILD_ID__: string | undefined;
/**
 * New code may bring new markup, so validators include the build: derived from the sources
 * (scripts/build.ts), never from the process, so every process and every restart of one build
 * give the same ETag for the same data, and a CDN sees one validator whichever origin answers.
 */
const BUILD = typeof __CT_BUILD_ID__ === 'string' ? __CT_BUILD_ID__ : 'dev';

export async function publicVersion(db: Db): Promise<number> {
  const kept = db.cachedPublicVersion?.();
  if (kept !== undefined) return kept;
  return Number((await db.get<{ v: number | string }>(db.dialect.publicVersion))?.v ?? 0);
}

const reads = new WeakMap<Db, { version: number; values: Map<string, unknown> }>();

/**
 * A read of public content (rows whose every change raises the public content version: entries
 * and their pages, awards, editions, tour stops, settings), kept in this process for as long as
 * that version holds: the small lookups every public page makes (the current edition, the awards,
 * the help contacts) then cost no query. Kept only under a version the database vouches for
 * (`cachedPublicVersion`: on PostgreSQL the copy its listening connection keeps, on SQLite the
 * last read while nothing has been committed since; or `version`, when the caller has just read
 * it); otherwise, and inside a transaction, it simply reads. Callers get their own copy.
 */
export async function readPublic<T>(db: Db, key: string, read: () => Promise<T>, version = db.cachedPublicVersion?.()): Promise<T> {
  if (version === undefined) return read();
  let kept = reads.get(db);
  if (kept?.version !== version) reads.set(db, (kept = { version, values: new Map() }));
  if (kept.values.has(key)) return copyOf(kept.values.get(key) as T);
  const value = await read();
  // A raise announced (or a commit made here) meanwhile may have come before or after the read: keep nothing then.
  const still = db.cachedPublicVersion ? db.cachedPublicVersion() : version;
  if (still === version && reads.get(db) === kept) kept.values.set(key, copyOf(value));
  return value;
}

/**
 * A deep copy of what rows map to (plain objects, arrays, strings, numbers): a few times quicker
 * than structuredClone for these small values, which every public page copies several times.
 * Anything else goes through structuredClone.
 */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(value)) copy[k] = copyOf((value as Record<string, unknown>)[k]);
  return copy as T;
}

/** For changes the triggers cannot see (e.g. files replaced on disk): makes every public page stale. */
export async function bumpPublicVersion(db: Db): Promise<void> {
  await db.run(db.dialect.bumpPublicVersion);
}

/** Browsers must ask every time (a withdrawn work disappears at once), but may reuse the page on a 304. */
export const PAGE_CACHE_CONTROL = 'public, no-cache';

/**
 * A weak validator for one public URL: content version, build, the Prague calendar day (pages say
 * "now showing" and "open until") and anything else the caller's output depends on.
 */
export async function publicEtag(db: Db, url: URL, extra: readonly (string | number)[] = []): Promise<string> {
  return etagOf(await publicVersion(db), url, extra);
}

/** The same validator from a version the caller has already read. */
export function etagOf(version: number, url: URL, extra: readonly (string | number)[] = []): string {
  const h = createHash('sha256')
    .update([version, BUILD, todayInPrague(), url.pathname, url.search, ...extra].join('\n'))
    .digest('base64url')
    .slice(0, 22);
  return `W/"${h}"`;
}

/** Whether an If-None-Match header names this validator (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}
