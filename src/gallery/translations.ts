import { createHash } from 'node:crypto';
import type { Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { DEFAULT_LANG, LANGS, machineDrafted, namespacesOf, type Lang, type NamespaceName } from '#src/i18n/index.ts';

/**
 * Texts drafted by machine translation wait for a person's review: a language's folder names its
 * drafted namespaces (src/i18n/<lang>/index.ts, `machineDrafted`), and organisers read each text next
 * to the Czech original at /admin/translations and mark it reviewed. A review holds for the text as it
 * was: when the text changes, it waits for review again.
 */
export interface DraftText {
  /** `namespace:dotted.key`, e.g. `site:status.title` or `site:rules.items.2`. */
  key: string;
  text: string;
  reference: string;
  english: string;
  reviewedAt?: string;
}

const KEY = 'translation_reviews';
type Reviews = Partial<Record<Lang, Record<string, { hash: string; at: string; by: string }>>>;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

async function readReviews(db: Db): Promise<Reviews> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', KEY);
  try {
    return row ? (JSON.parse(row.value) as Reviews) : {};
  } catch {
    return {};
  }
}

/** Every string of a section as dotted keys (list items by their index). */
function flatten(node: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (typeof node === 'string') out.set(prefix, node);
  else if (Array.isArray(node)) node.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const textsOf = (lang: Lang, ns: NamespaceName) => flatten((namespacesOf(lang) as Record<string, unknown>)[ns], '', new Map());

/** The languages that have machine-drafted texts. */
export function draftLanguages(): Lang[] {
  return LANGS.filter((l) => machineDrafted(l).length > 0);
}

/** A language's drafted texts with the Czech and English they were made from, and their reviews. */
export async function draftTexts(db: Db, lang: Lang): Promise<DraftText[]> {
  const reviews = (await readReviews(db))[lang] ?? {};
  return machineDrafted(lang).flatMap((ns) => {
    const reference = textsOf(DEFAULT_LANG, ns);
    const english = textsOf('en', ns);
    return [...textsOf(lang, ns)].map(([k, text]) => {
      const key = `${ns}:${k}`;
      const review = reviews[key];
      return { key, text, reference: reference.get(k) ?? '', english: english.get(k) ?? '', ...(review && review.hash === hash(text) ? { reviewedAt: review.at } : {}) };
    });
  });
}

/** Marks one drafted text as reviewed, as it reads now. */
export async function markReviewed(db: Db, actor: Actor, lang: Lang, key: string): Promise<boolean> {
  const text = (await draftTexts(db, lang)).find((d) => d.key === key)?.text;
  if (text === undefined) return false;
  // Read and written under a lock: two organisers reviewing at once (from any process) lose nothing.
  await db.tx(async (db) => {
    const reviews = await readReviews(db);
    reviews[lang] = { ...reviews[lang], [key]: { hash: hash(text), at: new Date().toISOString(), by: actor.email } };
    await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', KEY, JSON.stringify(reviews));
    await audit(db, actor, { action: 'translation.review', subject: `${lang} ${key}` });
  }, { locks: [KEY] });
  return true;
}
