import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.ts';

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
export function authenticate(db: Db, email: string, password: string): Account | undefined {
  const row = db.get<Account & { password_hash: string; disabled: number }>(
    'SELECT id, email, name, role, password_hash, disabled FROM accounts WHERE email = ?',
    email.trim(),
  );
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    verifyPassword(password, dummyHash);
    return undefined;
  }
  if (!verifyPassword(password, row.password_hash) || row.disabled) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function getAccount(db: Db, id: number): Account | undefined {
  return db.get<Account>('SELECT id, email, name, role FROM accounts WHERE id = ? AND disabled = 0', id);
}

/** Creates the organiser from ADMIN_EMAIL/ADMIN_PASSWORD, or sets the password of an existing one. */
export function ensureOrganiser(db: Db, email: string, password: string): 'created' | 'updated' {
  const hash = hashPassword(password);
  const existing = db.get<{ id: number }>('SELECT id FROM accounts WHERE email = ?', email);
  if (existing) {
    db.run(`UPDATE accounts SET password_hash = ?, role = 'organiser', disabled = 0 WHERE id = ?`, hash, existing.id);
    return 'updated';
  }
  db.run(`INSERT INTO accounts (email, name, role, password_hash) VALUES (?, ?, 'organiser', ?)`, email, 'Organiser', hash);
  return 'created';
}
