import { getApp } from './app.ts';
import type { Db } from './db.ts';

// Sign-in lasts eight hours from the last change to the session.
const TTL_MS = 8 * 60 * 60 * 1000;

/** Removes sessions past their expiry (a periodic task: nobody may read them again anyway). */
export async function removeExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  return Number((await db.run('DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at < ?', now)).changes);
}

/** An unstorage driver keeping Astro sessions in the site's database. */
export default function sqliteSessionDriver() {
  const db = () => getApp().db;
  return {
    name: 'cartoon-truth-sqlite',
    async getItem(key: string): Promise<string | null> {
      const row = await db().get<{ value: string; expires_at: number | null }>('SELECT value, expires_at FROM sessions WHERE key = ?', key);
      if (!row) return null;
      if (row.expires_at !== null && row.expires_at < Date.now()) {
        await db().run('DELETE FROM sessions WHERE key = ?', key);
        return null;
      }
      return row.value;
    },
    async setItem(key: string, value: string): Promise<void> {
      await db().run(
        'INSERT INTO sessions (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        key,
        value,
        Date.now() + TTL_MS,
      );
    },
    async removeItem(key: string): Promise<void> {
      await db().run('DELETE FROM sessions WHERE key = ?', key);
    },
  };
}
