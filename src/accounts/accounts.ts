import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { nowIso, type Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { enqueueMail, letter } from '#src/platform/mail.ts';
import { checkToken, createToken, hashToken, type TokenCheck } from '#src/platform/tokens.ts';
import { DEFAULT_LANG, isLang, LANGS, type Lang } from '#src/i18n/config.ts';
import { dict, fill, plural } from '#src/i18n/index.ts';

export const ROLES = ['organiser', 'juror'] as const;
export type Role = (typeof ROLES)[number];

export const signInSchema = z.object({
  email: z.email({ error: 'required' }).max(254),
  password: z.string().min(1, { error: 'required' }).max(200),
});

export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
}

// scrypt with N=2^15, r=8, p=1 (~32 MiB, tens of ms): the OWASP-recommended floor.
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM,
  });
  return timingSafeEqual(expected, actual);
}

// Compared against when the e-mail is unknown, so both paths take the same time.
let dummyHash: string | undefined;

/** Returns the account when the e-mail and password match an enabled account. */
export async function authenticate(db: Db, email: string, password: string): Promise<Account | undefined> {
  const row = await db.get<Account & { password_hash: string; disabled: number }>(
    'SELECT id, email, name, role, password_hash, disabled FROM accounts WHERE email = ?',
    email.trim(),
  );
  if (!row || row.password_hash === NO_PASSWORD) {
    dummyHash ??= hashPassword('not-a-real-password');
    verifyPassword(password, dummyHash);
    return undefined;
  }
  if (!verifyPassword(password, row.password_hash) || row.disabled) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/** Creates the organiser from ADMIN_EMAIL/ADMIN_PASSWORD, or sets the password of an existing one. */
export async function ensureOrganiser(db: Db, email: string, password: string): Promise<'created' | 'updated'> {
  const hash = hashPassword(password);
  const existing = await db.get<{ id: number }>('SELECT id FROM accounts WHERE email = ?', email);
  if (existing) {
    await db.run(`UPDATE accounts SET password_hash = ?, role = 'organiser', disabled = 0 WHERE id = ?`, hash, existing.id);
    return 'updated';
  }
  await db.run(`INSERT INTO accounts (email, name, role, password_hash) VALUES (?, '', 'organiser', ?)`, email, hash);
  return 'created';
}

// ---------------------------------------------------------------------------------------------
// The back office: invitations, disabling, sign-out everywhere.

/** Invitations are valid for this many days and work once. */
export const INVITE_DAYS = 7;
export const INVITE_PURPOSE = 'invite';
/** A password hash that no password matches: an invited account until its owner sets one. */
export const NO_PASSWORD = '!';
export const PASSWORD_MIN = 10;

export const inviteSchema = z.object({
  email: z.email({ error: 'email' }).max(254).transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().max(120).default(''),
  // The least privilege unless the organiser asks for more.
  role: z.enum(ROLES).default('juror'),
  /** The language of the invitation and of every later mail to this person. */
  lang: z.enum(LANGS).default(DEFAULT_LANG),
});
export interface AccountListItem extends Account {
  disabled: boolean;
  invited: boolean;
  createdAt: string;
  lang: Lang;
  digest: boolean;
}

export async function listAccounts(db: Db): Promise<AccountListItem[]> {
  return (await db
    .all<{ id: number; email: string; name: string; role: Role; disabled: number; password_hash: string; created_at: string; lang: string; digest: number }>(
      'SELECT id, email, name, role, disabled, password_hash, created_at, lang, digest FROM accounts ORDER BY role, email',
    ))
    .map((r) => ({
      id: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled === 1, invited: r.password_hash === NO_PASSWORD, createdAt: r.created_at,
      lang: isLang(r.lang) ? r.lang : DEFAULT_LANG, digest: r.digest === 1,
    }));
}

/** One account as the list shows it. */
export async function getAccountItem(db: Db, id: number): Promise<AccountListItem | undefined> {
  return (await listAccounts(db)).find((a) => a.id === id);
}

/** The account of a session, when it is enabled and the session was signed in under its current epoch. */
export async function getSessionAccount(db: Db, id: number, epoch: number): Promise<Account | undefined> {
  return await db.get<Account>('SELECT id, email, name, role FROM accounts WHERE id = ? AND disabled = 0 AND session_epoch = ?', id, epoch);
}

export async function sessionEpoch(db: Db, id: number): Promise<number> {
  return (await db.get<{ e: number }>('SELECT session_epoch AS e FROM accounts WHERE id = ?', id))?.e ?? 0;
}

export type InviteResult = { ok: true; accountId: number } | { ok: false; reason: 'exists' };

/** The language an account reads its mails (and, by default, the admin) in. */
export async function accountLang(db: Db, id: number): Promise<Lang> {
  const lang = (await db.get<{ lang: string }>('SELECT lang FROM accounts WHERE id = ?', id))?.lang;
  return isLang(lang) ? lang : DEFAULT_LANG;
}

/** How a person is named in a mail: their name with the address, or the address alone. */
export const personLabel = (a: { name: string; email: string }): string => (a.name ? `${a.name} (${a.email})` : a.email);

/**
 * Invites a person as organiser or juror: a new account without a password and an e-mail, in the
 * invitee's language, naming who invites them and to which role, with a single-use link (valid
 * INVITE_DAYS days) to set a password. Inviting an address again that never set its password
 * sends a fresh link; an address with a password is refused.
 */
export async function inviteAccount(db: Db, actor: Actor, input: z.input<typeof inviteSchema>, baseUrl: string): Promise<InviteResult> {
  const v = inviteSchema.parse(input);
  return await db.tx(async (db) => {
    const existing = await db.get<{ id: number; password_hash: string }>('SELECT id, password_hash FROM accounts WHERE email = ?', v.email);
    if (existing && existing.password_hash !== NO_PASSWORD) return { ok: false as const, reason: 'exists' as const };
    let id: number;
    if (existing) {
      id = existing.id;
      await db.run(`UPDATE accounts SET role = ?, name = ?, lang = ?, disabled = 0, invited_at = ? WHERE id = ?`, v.role, v.name, v.lang, nowIso(), id);
      await db.run(`UPDATE tokens SET used_at = ? WHERE purpose = ? AND subject_id = ? AND used_at IS NULL`, nowIso(), INVITE_PURPOSE, id);
    } else {
      id = (await db.get<{ id: number }>(
        `INSERT INTO accounts (email, name, role, password_hash, lang, invited_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        v.email, v.name, v.role, NO_PASSWORD, v.lang, nowIso(),
      ))!.id;
    }
    const token = await createToken(db, INVITE_PURPOSE, id, INVITE_DAYS);
    const inviter = (await db.get<{ name: string; email: string }>('SELECT name, email FROM accounts WHERE id = ?', actor.id)) ?? { name: '', email: actor.email };
    const n = dict(v.lang).notify;
    await enqueueMail(db, {
      to: v.email,
      subject: n.invite.subject,
      text: letter(n.greeting, [
        `${fill(n.invite.body, { inviter: personLabel(inviter), role: n.roles[v.role] })} ${n.invite[v.role]}`,
        `${fill(n.invite.link, { days: plural(n.days, INVITE_DAYS, v.lang) })}\n${baseUrl.replace(/\/$/, '')}/admin/password/${token}?lang=${v.lang}`,
        n.ignore,
      ], n.signature),
    });
    await audit(db, actor, { action: existing ? 'account.reinvite' : 'account.invite', subject: v.email, after: { role: v.role, name: v.name, lang: v.lang } });
    return { ok: true as const, accountId: id };
  });
}

export type SetPasswordResult = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** A password reset link works once and for this many hours; at most RESET_PER_HOUR are sent per account and hour. */
export const RESET_HOURS = 2;
export const RESET_PURPOSE = 'password-reset';
export const RESET_PER_HOUR = 3;
/** The links that lead to the set-password page: an invitation or a reset. */
const PASSWORD_PURPOSES = [INVITE_PURPOSE, RESET_PURPOSE] as const;

async function passwordToken(db: Db, token: unknown, consume = false): Promise<TokenCheck> {
  let result: TokenCheck = { ok: false, reason: 'invalid' };
  for (const purpose of PASSWORD_PURPOSES) {
    result = await checkToken(db, token, purpose, { consume });
    if (result.ok || result.reason !== 'invalid') return result;
  }
  return result;
}

/** Checks a set-password link (invitation or reset) without using it, for showing the form. */
export async function checkPasswordLink(db: Db, token: unknown): Promise<{ ok: true; email: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' }> {
  const t = await passwordToken(db, token);
  if (!t.ok) return t;
  const row = await db.get<{ email: string }>('SELECT email FROM accounts WHERE id = ? AND disabled = 0', t.subjectId);
  return row ? { ok: true, email: row.email } : { ok: false, reason: 'invalid' };
}

/** Sets the password from an invitation or reset link (used up by this) and ends every older session. */
export async function setPasswordFromLink(db: Db, token: unknown, password: string): Promise<SetPasswordResult> {
  const hash = hashPassword(password);
  return await db.tx(async (db) => {
    const t = await passwordToken(db, token, true);
    if (!t.ok) return t;
    const account = await db.get<Account>('SELECT id, email, name, role FROM accounts WHERE id = ? AND disabled = 0', t.subjectId);
    if (!account) return { ok: false as const, reason: 'invalid' as const };
    await db.run('UPDATE accounts SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?', hash, t.subjectId);
    await audit(db, { id: account.id, email: account.email }, { action: 'account.password', subject: account.email });
    return { ok: true as const, account };
  });
}

/**
 * "Forgot password": mails an enabled account a single-use link valid RESET_HOURS hours (earlier
 * unused links stop working), at most RESET_PER_HOUR an hour. Says nothing back: the caller
 * answers the same whether the address exists or not.
 */
export async function requestPasswordReset(db: Db, email: string, baseUrl: string, now: Date = new Date()): Promise<void> {
  await db.tx(async (db) => {
    const a = await db.get<{ id: number; email: string; lang: string }>('SELECT id, email, lang FROM accounts WHERE email = ? AND disabled = 0', email.trim().toLowerCase());
    if (!a) return;
    const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
    const recent = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM tokens WHERE purpose = ? AND subject_id = ? AND created_at > ?', RESET_PURPOSE, a.id, hourAgo))!.n;
    if (Number(recent) >= RESET_PER_HOUR) return;
    await db.run('UPDATE tokens SET used_at = ? WHERE purpose = ? AND subject_id = ? AND used_at IS NULL', now.toISOString(), RESET_PURPOSE, a.id);
    const token = await createToken(db, RESET_PURPOSE, a.id, RESET_HOURS / 24, now);
    // Counted by the same clock as above.
    await db.run('UPDATE tokens SET created_at = ? WHERE hash = ?', now.toISOString(), hashToken(token));
    const lang = isLang(a.lang) ? a.lang : DEFAULT_LANG;
    const n = dict(lang).notify;
    await enqueueMail(db, {
      to: a.email,
      subject: n.reset.subject,
      text: letter(n.greeting, [
        fill(n.reset.body, { email: a.email }),
        `${fill(n.reset.link, { hours: plural(n.hours, RESET_HOURS, lang) })}\n${baseUrl.replace(/\/$/, '')}/admin/password/${token}?lang=${lang}`,
        n.reset.ignore,
      ], n.signature),
    });
    await audit(db, { id: a.id, email: a.email }, { action: 'account.reset', subject: a.email });
  });
}

/** Changes another account's role (nobody changes their own: an organiser cannot lock everyone out). */
export async function setRole(db: Db, actor: Actor, id: number, role: Role): Promise<boolean> {
  if (id === actor.id) return false;
  return await db.tx(async (db) => {
    const row = await db.get<{ email: string; role: Role }>('SELECT email, role FROM accounts WHERE id = ?', id);
    if (!row) return false;
    if (row.role !== role) {
      await db.run('UPDATE accounts SET role = ? WHERE id = ?', role, id);
      await audit(db, actor, { action: 'account.role', subject: row.email, before: row.role, after: role });
    }
    return true;
  });
}

/** Each person's own settings: the language of their mails and (organisers) the daily digest. */
export async function saveOwnSettings(db: Db, actor: Actor, settings: { lang: Lang; digest: boolean }): Promise<void> {
  await db.tx(async (db) => {
    await db.run('UPDATE accounts SET lang = ?, digest = ? WHERE id = ?', settings.lang, settings.digest ? 1 : 0, actor.id);
    await audit(db, actor, { action: 'account.settings', subject: actor.email, after: settings });
  });
}

/** Disables or enables an account. Disabling ends its sessions; nobody can disable themselves. */
export async function setDisabled(db: Db, actor: Actor, id: number, disabled: boolean): Promise<boolean> {
  if (id === actor.id) return false;
  return await db.tx(async (db) => {
    const row = await db.get<{ email: string; disabled: number }>('SELECT email, disabled FROM accounts WHERE id = ?', id);
    if (!row) return false;
    await db.run('UPDATE accounts SET disabled = ?, session_epoch = session_epoch + 1 WHERE id = ?', disabled ? 1 : 0, id);
    await audit(db, actor, { action: disabled ? 'account.disable' : 'account.enable', subject: row.email, before: { disabled: row.disabled === 1 }, after: { disabled } });
    return true;
  });
}

/** Ends every session of an account, on every device (the current one too). */
export async function signOutEverywhere(db: Db, actor: Actor, id: number): Promise<boolean> {
  return await db.tx(async (db) => {
    const row = await db.get<{ email: string }>('SELECT email FROM accounts WHERE id = ?', id);
    if (!row) return false;
    await db.run('UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = ?', id);
    await audit(db, actor, { action: 'account.signOutEverywhere', subject: row.email });
    return true;
  });
}
