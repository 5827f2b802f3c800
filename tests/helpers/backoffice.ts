import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Site } from './site.ts';

/** Reads the running site's database (WAL lets a second reader look while the server writes). */
export function readDb<T>(site: Site, sql: string, ...params: (string | number | null)[]): T[] {
  const db = new DatabaseSync(join(site.dataDir, 'cartoon-truth.sqlite'), { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Signs in over HTTP and returns the session cookie ("ct_session=…"). */
export async function signInAs(site: Site, email: string, password: string): Promise<string> {
  const r = await fetch(`${site.base}/admin?_action=signIn`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    headers: { Origin: site.base },
    redirect: 'manual',
  });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
  if (r.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed: ${r.status}`);
  return cookie.split(';')[0]!;
}

/** Posts a form Action to a page as a signed-in person (same origin) and returns the response. */
export async function postForm(site: Site, cookie: string | undefined, path: string, fields: Record<string, string | string[]>, origin = site.base): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return fetch(`${site.base}${path}`, { method: 'POST', body, headers: { Origin: origin, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
}

/** Invites a juror as the organiser, sets the password from the invitation link, and signs in. */
export async function createJuror(site: Site, organiser: string, email: string, password = 'juror password 1'): Promise<string> {
  const r = await postForm(site, organiser, '/admin/accounts?_action=inviteAccount', { email, name: email.split('@')[0]!, role: 'juror' });
  if (r.status !== 303) throw new Error(`invite failed: ${r.status}`);
  // The invitation as delivered: without SMTP the site writes it to the outbox (sent text is not kept in the queue).
  const link = await invitationLink(site, email);
  const set = await postForm(site, undefined, `${link}?_action=setPassword`, { token: link.split('/').pop()!, password, password2: password });
  if (set.status !== 200) throw new Error(`set password failed: ${set.status}`);
  return signInAs(site, email, password);
}

/** Waits for the invitation mail to an address in the outbox and returns its set-password path. */
export async function invitationLink(site: Site, email: string): Promise<string> {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const outbox = join(site.dataDir, 'outbox');
  for (let i = 0; i < 200; i++) {
    if (existsSync(outbox)) {
      for (const name of readdirSync(outbox).filter((n) => n.endsWith('.eml')).sort().reverse()) {
        const eml = readFileSync(join(outbox, name), 'utf8');
        if (!eml.includes(`To: ${email}`)) continue;
        // Quoted-printable may break long lines with "=\n".
        const m = /(\/admin\/password\/[\w-]+)/.exec(eml.replace(/=\r?\n/g, ''));
        if (m) return m[1]!;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no invitation for ${email} in ${outbox}`);
}
