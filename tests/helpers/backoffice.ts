import { postForm, signInAs, type Site } from './site.ts';
import { waitFor } from './wait.ts';

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
  const find = () => {
    if (!existsSync(outbox)) return undefined;
    for (const name of readdirSync(outbox).filter((n) => n.endsWith('.eml')).sort().reverse()) {
      const eml = readFileSync(join(outbox, name), 'utf8');
      if (!eml.includes(`To: ${email}`)) continue;
      // Quoted-printable may break long lines with "=\n".
      const m = /(\/admin\/password\/[\w-]+)/.exec(eml.replace(/=\r?\n/g, ''));
      if (m) return m[1]!;
    }
    return undefined;
  };
  return waitFor(find, { timeoutMs: 20_000, intervalMs: 100, what: `an invitation for ${email} in ${outbox}` });
}
