import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { nowIso, type Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { enqueueMail } from '#src/platform/mail.ts';
import { checkToken, createToken } from '#src/platform/tokens.ts';
import { DEFAULT_LANG, type Lang } from '#src/i18n/config.ts';

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
  await db.run(`INSERT INTO accounts (email, name, role, password_hash) VALUES (?, ?, 'organiser', ?)`, email, 'Organiser', hash);
  return 'created';
}

// ---------------------------------------------------------------------------------------------
// The back office: invitations, disabling, sign-out everywhere.

/** Invitations are valid for this many days and work once. */
export const INVITE_DAYS = 7;
export const INVITE_PURPOSE = 'invite';
/** A password hash that no password matches: an invited account until its owner sets one. */
const NO_PASSWORD = '!';
export const PASSWORD_MIN = 10;

export const inviteSchema = z.object({
  email: z.email({ error: 'email' }).max(254).transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().max(120).default(''),
  role: z.enum(ROLES),
});
export interface AccountListItem extends Account {
  disabled: boolean;
  invited: boolean;
  createdAt: string;
}

export async function listAccounts(db: Db): Promise<AccountListItem[]> {
  return (await db
    .all<{ id: number; email: string; name: string; role: Role; disabled: number; password_hash: string; created_at: string }>(
      'SELECT id, email, name, role, disabled, password_hash, created_at FROM accounts ORDER BY role, email',
    ))
    .map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled === 1, invited: r.password_hash === NO_PASSWORD, createdAt: r.created_at }));
}

/** The account of a session, when it is enabled and the session was signed in under its current epoch. */
export async function getSessionAccount(db: Db, id: number, epoch: number): Promise<Account | undefined> {
  return await db.get<Account>('SELECT id, email, name, role FROM accounts WHERE id = ? AND disabled = 0 AND session_epoch = ?', id, epoch);
}

export async function sessionEpoch(db: Db, id: number): Promise<number> {
  return (await db.get<{ e: number }>('SELECT session_epoch AS e FROM accounts WHERE id = ?', id))?.e ?? 0;
}

export type InviteResult = { ok: true; accountId: number } | { ok: false; reason: 'exists' };

/**
 * Invites a person as organiser or juror: a new account without a password and an e-mail with a
 * single-use link (valid INVITE_DAYS days) to set one. Inviting an address again that never set
 * its password sends a fresh link; an address with a password is refused.
 */
export async function inviteAccount(db: Db, actor: Actor, input: z.input<typeof inviteSchema>, baseUrl: string, lang: Lang = DEFAULT_LANG): Promise<InviteResult> {
  const v = inviteSchema.parse(input);
  return await db.tx(async (db) => {
    const existing = await db.get<{ id: number; password_hash: string }>('SELECT id, password_hash FROM accounts WHERE email = ?', v.email);
    if (existing && existing.password_hash !== NO_PASSWORD) return { ok: false as const, reason: 'exists' as const };
    let id: number;
    if (existing) {
      id = existing.id;
      await db.run(`UPDATE accounts SET role = ?, name = ?, disabled = 0, invited_at = ? WHERE id = ?`, v.role, v.name, nowIso(), id);
      await db.run(`UPDATE tokens SET used_at = ? WHERE purpose = ? AND subject_id = ? AND used_at IS NULL`, nowIso(), INVITE_PURPOSE, id);
    } else {
      id = (await db.get<{ id: number }>(
        `INSERT INTO accounts (email, name, role, password_hash, invited_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
        v.email, v.name, v.role, NO_PASSWORD, nowIso(),
      ))!.id;
    }
    const token = await createToken(db, INVITE_PURPOSE, id, INVITE_DAYS);
    const link = `${baseUrl.replace(/\/$/, '')}/admin/password/${token}`;
    const roleName = lang === 'cs' ? (v.role === 'organiser' ? 'organizátor' : 'porotce') : v.role;
    await enqueueMail(db, {
      to: v.email,
      subject: lang === 'cs' ? 'Pozvánka do administrace Kreslené pravdy' : 'Invitation to the Cartoon Truth back office',
      text:
        lang === 'cs'
          ? `Dobrý den,\n\nbyl(a) jste pozván(a) jako ${roleName}. Heslo si nastavte do ${INVITE_DAYS} dnů na této adrese (odkaz funguje jednou):\n\n${link}\n\nKreslená pravda`
          : `Hello,\n\nyou have been invited as ${roleName}. Set your password within ${INVITE_DAYS} days at this address (the link works once):\n\n${link}\n\nCartoon Truth`,
    });
    await audit(db, actor, { action: existing ? 'account.reinvite' : 'account.invite', subject: v.email, after: { role: v.role, name: v.name } });
    return { ok: true as const, accountId: id };
  });
}

export type SetPasswordResult = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Checks an invitation link without using it (for showing the form). */
export async function checkInvite(db: Db, token: unknown): Promise<{ ok: true; email: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' }> {
  const t = await checkToken(db, token, INVITE_PURPOSE);
  if (!t.ok) return t;
  const row = await db.get<{ email: string }>('SELECT email FROM accounts WHERE id = ?', t.subjectId);
  return row ? { ok: true, email: row.email } : { ok: false, reason: 'invalid' };
}

/** Sets the password from an invitation link (used up by this) and ends every older session. */
export async function setPasswordFromInvite(db: Db, token: unknown, password: string): Promise<SetPasswordResult> {
  const hash = hashPassword(password);
  return await db.tx(async (db) => {
    const t = await checkToken(db, token, INVITE_PURPOSE, { consume: true });
    if (!t.ok) return t;
    await db.run('UPDATE accounts SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?', hash, t.subjectId);
    const account = await db.get<Account>('SELECT id, email, name, role FROM accounts WHERE id = ?', t.subjectId);
    if (!account) return { ok: false as const, reason: 'invalid' as const };
    await audit(db, { id: account.id, email: account.email }, { action: 'account.password', subject: account.email });
    return { ok: true as const, account };
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
