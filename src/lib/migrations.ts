/**
 * Schema migrations, applied in order at start; the database's user_version says how many ran.
 * Never edit a migration that has shipped: add a new one.
 */
export const migrations: string[] = [
  // 1: the walking skeleton
  `
  CREATE TABLE editions (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    title_cs TEXT NOT NULL,
    title_en TEXT NOT NULL,
    theme_cs TEXT NOT NULL DEFAULT '',
    theme_en TEXT NOT NULL DEFAULT '',
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );

  CREATE TABLE entries (
    -- AUTOINCREMENT: an id is never reused, so an erased entry's files can never meet a new row.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    seq INTEGER NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','accepted','rejected')),
    first_name TEXT NOT NULL,
    surname TEXT NOT NULL,
    age INTEGER NOT NULL,
    region TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    alt_text TEXT NOT NULL,
    consent_publish INTEGER NOT NULL,
    lang TEXT NOT NULL DEFAULT 'cs',
    form_token TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    reviewed_at TEXT,
    reviewed_by INTEGER,
    UNIQUE (edition_id, seq)
  );
  CREATE INDEX entries_status ON entries(edition_id, status, id);

  CREATE TABLE entry_pages (
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    page_no INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    widths TEXT NOT NULL,
    placeholder TEXT NOT NULL,
    PRIMARY KEY (entry_id, page_no)
  );

  CREATE TABLE tour_stops (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    venue TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL,
    region TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    opening_hours TEXT NOT NULL DEFAULT '',
    is_public INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed','cancelled')),
    sequence INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (last_day >= first_day)
  );

  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('organiser','juror')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );

  CREATE TABLE sessions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER
  );

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
