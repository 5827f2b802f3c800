/**
 * Schema migrations, applied in order at start; SQLite's user_version (PostgreSQL's
 * schema_migrations) says how many ran. Never edit a migration that has shipped: add a new one.
 *
 * Migrations 1–8 are SQLite's history; PostgreSQL starts from their result (db/pg-migrations.ts).
 * From 9 on, a migration is one text in the SQL both engines understand (BIGINT for milliseconds,
 * DOUBLE PRECISION for fractions, ct_now() for "now" as ISO text, no AUTOINCREMENT), or, where
 * they cannot share one, `{ sqlite, postgres }`. tests/integration/schema-parity.test.ts checks
 * that both engines end with the same tables, columns and indexes.
 */
export type Migration = string | { sqlite: string; postgres: string };

/** Migration 11's tables and columns, the same on both engines (its triggers differ). */
const M11_COMMON = `  -- Awards are drafts until an organiser publishes the edition's results (when and by whom).
  ALTER TABLE editions ADD COLUMN results_published_at TEXT;
  ALTER TABLE editions ADD COLUMN results_published_by INTEGER REFERENCES accounts(id);
  -- When accepted works become public: 'acceptance', 'results' (once the results are published), or 'auto':
  -- like 'results' once a jury round has started, like 'acceptance' before. The rule is entries/visibility.ts.
  ALTER TABLE editions ADD COLUMN publish_works TEXT NOT NULL DEFAULT 'auto' CHECK (publish_works IN ('auto','acceptance','results'));
  -- The last day jurors have to score (a calendar day in Prague), and when the round was last opened (jurors' mails).
  ALTER TABLE editions ADD COLUMN judging_deadline TEXT;
  ALTER TABLE editions ADD COLUMN judging_opened_at TEXT;
  -- Awards given before drafts existed were public at once; where no round is open they stay so.
  UPDATE editions SET results_published_at = ct_now()
    WHERE judging <> 'open' AND EXISTS (SELECT 1 FROM entries WHERE entries.edition_id = editions.id AND entries.award_id IS NOT NULL);

  -- The language of the mails an account receives, and the organisers' daily digest (on by default).
  ALTER TABLE accounts ADD COLUMN lang TEXT NOT NULL DEFAULT 'cs';
  ALTER TABLE accounts ADD COLUMN digest INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE accounts ADD COLUMN digest_sent_at TEXT;

  ALTER TABLE rubric_criteria ADD COLUMN description_cs TEXT NOT NULL DEFAULT '';
  ALTER TABLE rubric_criteria ADD COLUMN description_en TEXT NOT NULL DEFAULT '';

  -- A juror's private note on a work: only that juror ever reads it; erasing the entry erases it.
  CREATE TABLE jury_notes (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, entry_id)
  );
`;

export const migrations: Migration[] = [
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
  // 2: full entry intake (issue 3): edition rules, the whole form, consents, tokens, awards, mail queue
  `
  ALTER TABLE editions ADD COLUMN categories TEXT NOT NULL
    DEFAULT '[{"code":"comic","cs":"Komiks","en":"Comic"},{"code":"poster","cs":"Plakát","en":"Poster"}]';
  ALTER TABLE editions ADD COLUMN age_groups TEXT NOT NULL
    DEFAULT '[{"min":6,"max":9},{"min":10,"max":12},{"min":13,"max":15},{"min":16,"max":19}]';
  ALTER TABLE editions ADD COLUMN max_entries_per_artist INTEGER NOT NULL DEFAULT 3;
  ALTER TABLE editions ADD COLUMN max_pages INTEGER NOT NULL DEFAULT 12;

  ALTER TABLE entries ADD COLUMN school TEXT NOT NULL DEFAULT '';
  ALTER TABLE entries ADD COLUMN town TEXT NOT NULL DEFAULT '';
  ALTER TABLE entries ADD COLUMN statement TEXT NOT NULL DEFAULT '';
  ALTER TABLE entries ADD COLUMN artist_email TEXT;
  ALTER TABLE entries ADD COLUMN teacher_email TEXT;
  ALTER TABLE entries ADD COLUMN guardian_name TEXT;
  ALTER TABLE entries ADD COLUMN guardian_email TEXT;
  -- The address the per-artist limit counts by: the guardian's, else the artist's, lower-cased.
  ALTER TABLE entries ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
  ALTER TABLE entries ADD COLUMN consent_print INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE entries ADD COLUMN hide_name INTEGER NOT NULL DEFAULT 0;
  -- Guardian consent: not needed (15 and over), awaiting the guardian's link, confirmed, withdrawn.
  ALTER TABLE entries ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'not_needed'
    CHECK (consent_state IN ('not_needed','awaiting','confirmed','withdrawn'));
  ALTER TABLE entries ADD COLUMN reject_reason TEXT;
  ALTER TABLE entries ADD COLUMN award_id INTEGER REFERENCES awards(id);
  CREATE INDEX entries_contact ON entries(edition_id, contact_email);

  CREATE TABLE awards (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    name_cs TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
  );

  -- Secret links (status page, guardian confirm/withdraw, later: invites, bookings). Only hashes are stored.
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    expires_at TEXT,
    used_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE INDEX tokens_subject ON tokens(purpose, subject_id);

  -- Every consent given or withdrawn, with the wording the person saw.
  CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('given','withdrawn')),
    by_role TEXT NOT NULL CHECK (by_role IN ('artist','guardian','organiser')),
    by_name TEXT NOT NULL DEFAULT '',
    by_email TEXT NOT NULL DEFAULT '',
    form_version TEXT NOT NULL,
    wording_version TEXT NOT NULL,
    lang TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE INDEX consents_entry ON consents(entry_id, id);

  -- Outgoing e-mail: written in the same transaction as what caused it, sent (and retried) by the worker.
  CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    dedupe_key TEXT UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    sent_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE INDEX mail_queue_pending ON mail_queue(sent_at, next_attempt_at);
  `,
  // 3: touring exhibition (issue 6): exhibition sets with buffers, teacher requests, class visits
  `
  CREATE TABLE tour_sets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    panels INTEGER NOT NULL DEFAULT 0,
    wall_m REAL NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    -- Transport and installation days blocked before the first and after the last day of every stop.
    buffer_before INTEGER NOT NULL DEFAULT 2 CHECK (buffer_before BETWEEN 0 AND 60),
    buffer_after INTEGER NOT NULL DEFAULT 2 CHECK (buffer_after BETWEEN 0 AND 60),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  -- Stops that existed before sets did travel with one default set.
  INSERT INTO tour_sets (name) SELECT 'A' WHERE EXISTS (SELECT 1 FROM tour_stops);

  ALTER TABLE tour_stops ADD COLUMN set_id INTEGER REFERENCES tour_sets(id);
  ALTER TABLE tour_stops ADD COLUMN accessibility TEXT NOT NULL DEFAULT '';
  ALTER TABLE tour_stops ADD COLUMN contact TEXT NOT NULL DEFAULT '';
  ALTER TABLE tour_stops ADD COLUMN request_id INTEGER;
  UPDATE tour_stops SET set_id = (SELECT MIN(id) FROM tour_sets);
  CREATE INDEX tour_stops_set ON tour_stops(set_id, status, first_day);

  CREATE TABLE tour_requests (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','confirmed','declined','cancelled','waitlisted')),
    school TEXT NOT NULL,
    address TEXT NOT NULL,
    town TEXT NOT NULL,
    region TEXT NOT NULL,
    teacher TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    -- Up to three windows (preferred and two alternatives) as JSON [{"first":"YYYY-MM-DD","last":"…"}].
    windows TEXT NOT NULL,
    pupils INTEGER NOT NULL,
    ages TEXT NOT NULL,
    wall_m REAL NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'cs',
    decision_message TEXT,
    stop_id INTEGER REFERENCES tour_stops(id),
    -- A window offered to a waitlisted request after a cancellation.
    offer_set_id INTEGER REFERENCES tour_sets(id),
    offer_first TEXT,
    offer_last TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE INDEX tour_requests_status ON tour_requests(status, id);

  CREATE TABLE visit_slots (
    id INTEGER PRIMARY KEY,
    stop_id INTEGER NOT NULL REFERENCES tour_stops(id),
    day TEXT NOT NULL,
    start_time TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 60,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    uid TEXT NOT NULL UNIQUE,
    cancelled INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX visit_slots_stop ON visit_slots(stop_id, day, start_time);

  CREATE TABLE visit_bookings (
    id INTEGER PRIMARY KEY,
    slot_id INTEGER NOT NULL REFERENCES visit_slots(id),
    status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','cancelled')),
    school TEXT NOT NULL,
    teacher TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    pupils INTEGER NOT NULL CHECK (pupils > 0),
    lang TEXT NOT NULL DEFAULT 'cs',
    uid TEXT NOT NULL UNIQUE,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE INDEX visit_bookings_slot ON visit_bookings(slot_id, status);
  `,
  // 4: public gallery (issue 5): cache validators that change by themselves whenever public content may have
  // changed, so no code path can forget to invalidate. Over-invalidating (e.g. a new, unreviewed entry) is harmless.
  `
  -- Derivative URLs carry this number and are cached as immutable; it changes when an entry enters or leaves
  -- the public set and when its pages change, so an old URL never shows a withdrawn or replaced picture.
  ALTER TABLE entries ADD COLUMN media_version INTEGER NOT NULL DEFAULT 1;

  -- ETag source of every public page.
  INSERT OR IGNORE INTO settings (key, value) VALUES ('public_version', '1');

  CREATE TRIGGER entries_media_public AFTER UPDATE OF status, consent_publish, consent_state ON entries
  WHEN (old.status = 'accepted' AND old.consent_publish = 1 AND old.consent_state IN ('not_needed','confirmed'))
    <> (new.status = 'accepted' AND new.consent_publish = 1 AND new.consent_state IN ('not_needed','confirmed'))
  BEGIN UPDATE entries SET media_version = media_version + 1 WHERE id = new.id; END;
  CREATE TRIGGER entry_pages_media_ins AFTER INSERT ON entry_pages
  BEGIN UPDATE entries SET media_version = media_version + 1 WHERE id = new.entry_id; END;
  CREATE TRIGGER entry_pages_media_upd AFTER UPDATE ON entry_pages
  BEGIN UPDATE entries SET media_version = media_version + 1 WHERE id = new.entry_id; END;
  CREATE TRIGGER entry_pages_media_del AFTER DELETE ON entry_pages
  BEGIN UPDATE entries SET media_version = media_version + 1 WHERE id = old.entry_id; END;

  CREATE TRIGGER entries_pv_ins AFTER INSERT ON entries BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER entries_pv_upd AFTER UPDATE ON entries BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER entries_pv_del AFTER DELETE ON entries BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER awards_pv_ins AFTER INSERT ON awards BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER awards_pv_upd AFTER UPDATE ON awards BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER awards_pv_del AFTER DELETE ON awards BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER editions_pv_ins AFTER INSERT ON editions BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER editions_pv_upd AFTER UPDATE ON editions BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER editions_pv_del AFTER DELETE ON editions BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER tour_stops_pv_ins AFTER INSERT ON tour_stops BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER tour_stops_pv_upd AFTER UPDATE ON tour_stops BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER tour_stops_pv_del AFTER DELETE ON tour_stops BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  -- Settings hold the help contacts shown on every page.
  CREATE TRIGGER settings_pv_ins AFTER INSERT ON settings WHEN new.key <> 'public_version' BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER settings_pv_upd AFTER UPDATE ON settings WHEN new.key <> 'public_version' BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  CREATE TRIGGER settings_pv_del AFTER DELETE ON settings WHEN old.key <> 'public_version' BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'public_version'; END;
  `,
  // 5: the organisers' selections (exhibition set and catalogue), in their order and sections
  `
  CREATE TABLE selections (
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    kind TEXT NOT NULL CHECK (kind IN ('exhibition','catalogue')),
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    -- A free heading the catalogue groups works under (e.g. an award, a category or an age group).
    section TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, entry_id)
  );
  CREATE INDEX selections_order ON selections(edition_id, kind, position);
  `,
  // 6: each page's effective dpi at the catalogue's A4 artwork size, recorded at intake
  `
  ALTER TABLE entry_pages ADD COLUMN print_dpi INTEGER;
  `,
  // 7: the printed catalogue's background jobs (issue 7). `file` is relative to the data directory
  // (catalogue/…pdf); `entry_ids` is the JSON array of the entries the PDF holds, so erasing an
  // entry can delete every PDF that contains it.
  `
  CREATE TABLE catalogue_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lang TEXT NOT NULL,
    format TEXT NOT NULL,
    edition TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running','done','failed')),
    progress TEXT NOT NULL DEFAULT '',
    pages INTEGER,
    bytes INTEGER,
    file TEXT,
    entry_ids TEXT NOT NULL DEFAULT '[]',
    report TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    finished_at TEXT
  );
  `,
  // 8: the back office (issue 4): invitations and sign-out everywhere, sign-in throttle, audit log, reject
  // reasons, redaction, blind jury (rubric, assignments, round, scores)
  `
  -- Bumped by "sign out everywhere" and by disabling: a session signed in under an older epoch is void.
  ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE accounts ADD COLUMN invited_at TEXT;

  -- Failed sign-ins per account ('acct:<email>') and per address ('ip:<addr>'), for a growing delay.
  CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL
  );

  -- Every decision: who, when, what, before and after. Erasing an entry leaves only its reference here.
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    account_id INTEGER,
    account_email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entry_id INTEGER,
    entry_ref TEXT,
    subject TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
  );
  CREATE INDEX audit_entry ON audit_log(entry_id, id);
  CREATE INDEX audit_ref ON audit_log(entry_ref, id);

  -- The editable list of reasons an entry can be rejected with (shown to the artist).
  CREATE TABLE reject_reasons (
    code TEXT PRIMARY KEY,
    label_cs TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
  );
  INSERT INTO reject_reasons (code, label_cs, label_en, position) VALUES
    ('off-topic', 'Dílo se netýká tématu soutěže.', 'The work is not on the theme of the competition.', 1),
    ('not-own-work', 'Nejde o vlastní dílo autora.', 'The work is not the artist''s own.', 2),
    ('inappropriate', 'Obsah díla není vhodný.', 'The content of the work is not appropriate.', 3),
    ('incomplete-consent', 'Chybí souhlas zákonného zástupce.', 'The guardian''s consent is missing.', 4),
    ('other', 'Jiný důvod.', 'Another reason.', 5);

  -- Rectangles (fractions of the page, 0–1) blurred or covered in what jurors see.
  CREATE TABLE redactions (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    page_no INTEGER NOT NULL,
    x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('blur','cover'))
  );
  CREATE INDEX redactions_entry ON redactions(entry_id, page_no);
  -- 1: the gallery and catalogue show the redacted pictures too.
  ALTER TABLE entries ADD COLUMN redact_public INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE editions ADD COLUMN judging TEXT NOT NULL DEFAULT 'not_started' CHECK (judging IN ('not_started','open','closed'));
  CREATE TABLE rubric_criteria (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    name_cs TEXT NOT NULL,
    name_en TEXT NOT NULL,
    weight REAL NOT NULL CHECK (weight > 0),
    position INTEGER NOT NULL DEFAULT 0
  );
  -- A juror judges the accepted entries of an edition in the given category and age group ('' = all).
  CREATE TABLE jury_assignments (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    category TEXT NOT NULL DEFAULT '',
    age_group TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, edition_id, category, age_group)
  );
  -- One juror's score of one entry: per-criterion values (JSON) and their weighted mean, or an abstention.
  -- Erasing an entry keeps the score, anonymous (entry_id NULL).
  CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    entry_id INTEGER REFERENCES entries(id) ON DELETE SET NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    abstain INTEGER NOT NULL DEFAULT 0,
    criteria TEXT NOT NULL DEFAULT '{}',
    total REAL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (entry_id, account_id)
  );
  CREATE INDEX scores_account ON scores(account_id, edition_id);

  -- The review queue filters and sorts 5,000 entries of an edition.
  CREATE INDEX entries_edition_created ON entries(edition_id, created_at);
  CREATE INDEX entries_edition_category ON entries(edition_id, category, age);
  CREATE INDEX entries_edition_region ON entries(edition_id, region);
  `,
  // 9: several server processes (issue 18): per-address limits counted in the database, not per process
  `
  CREATE TABLE rate_limit_hits (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE INDEX rate_limit_hits_key ON rate_limit_hits(bucket, key, at);
  `,
  // 10: catalogue jobs with several processes: which process runs a job, and when it last said so
  `
  ALTER TABLE catalogue_jobs ADD COLUMN owner TEXT;
  ALTER TABLE catalogue_jobs ADD COLUMN heartbeat_at BIGINT NOT NULL DEFAULT 0;
  `,
  // 11: organisers and jurors (issue 13): results as drafts until published, when accepted works become public
  // (the embargo), round deadline, each account's mail language and digest, criteria descriptions, jurors' notes
  {
    sqlite: `${M11_COMMON}
  -- The media version moves exactly when an entry enters or leaves the public set, which now also
  -- depends on its edition's embargo (restated from entries/visibility.ts; a unit test checks they agree).
  DROP TRIGGER entries_media_public;
  CREATE TRIGGER entries_media_public AFTER UPDATE OF status, consent_publish, consent_state ON entries
  WHEN ((old.status = 'accepted' AND old.consent_publish = 1 AND old.consent_state IN ('not_needed','confirmed'))
    <> (new.status = 'accepted' AND new.consent_publish = 1 AND new.consent_state IN ('not_needed','confirmed')))
    AND NOT EXISTS (SELECT 1 FROM editions d WHERE d.id = new.edition_id AND d.results_published_at IS NULL
      AND (d.publish_works = 'results' OR (d.publish_works = 'auto' AND d.judging <> 'not_started')))
  BEGIN UPDATE entries SET media_version = media_version + 1 WHERE id = new.id; END;
  CREATE TRIGGER editions_media_embargo AFTER UPDATE OF judging, results_published_at, publish_works ON editions
  WHEN (old.results_published_at IS NULL AND (old.publish_works = 'results' OR (old.publish_works = 'auto' AND old.judging <> 'not_started')))
    <> (new.results_published_at IS NULL AND (new.publish_works = 'results' OR (new.publish_works = 'auto' AND new.judging <> 'not_started')))
  BEGIN
    UPDATE entries SET media_version = media_version + 1
    WHERE edition_id = new.id AND status = 'accepted' AND consent_publish = 1 AND consent_state IN ('not_needed','confirmed');
  END;
  `,
    postgres: `${M11_COMMON}
  -- As SQLite's triggers above, in PL/pgSQL (the entries' trigger replaces the one of schema 8).
  CREATE OR REPLACE FUNCTION ct_media_public() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (OLD.status = 'accepted' AND OLD.consent_publish = 1 AND OLD.consent_state IN ('not_needed','confirmed'))
       IS DISTINCT FROM (NEW.status = 'accepted' AND NEW.consent_publish = 1 AND NEW.consent_state IN ('not_needed','confirmed'))
       AND NOT EXISTS (SELECT 1 FROM editions d WHERE d.id = NEW.edition_id AND d.results_published_at IS NULL
         AND (d.publish_works = 'results' OR (d.publish_works = 'auto' AND d.judging <> 'not_started'))) THEN
      NEW.media_version := OLD.media_version + 1;
    END IF;
    RETURN NEW;
  END $$;
  CREATE FUNCTION ct_media_embargo() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (OLD.results_published_at IS NULL AND (OLD.publish_works = 'results' OR (OLD.publish_works = 'auto' AND OLD.judging <> 'not_started')))
       IS DISTINCT FROM (NEW.results_published_at IS NULL AND (NEW.publish_works = 'results' OR (NEW.publish_works = 'auto' AND NEW.judging <> 'not_started'))) THEN
      UPDATE entries SET media_version = media_version + 1
      WHERE edition_id = NEW.id AND status = 'accepted' AND consent_publish = 1 AND consent_state IN ('not_needed','confirmed');
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER editions_media_embargo AFTER UPDATE OF judging, results_published_at, publish_works ON editions
    FOR EACH ROW EXECUTE FUNCTION ct_media_embargo();
  `,
  },
  // 12: artists, guardians and teachers (issue 14): informed guardian consent with three uses, the
  // organiser's rejection reason kept as chosen, resumable uploads, the set a school asks for, opening
  // hours by weekday, and the screen catalogues organisers publish for teachers
  issue14({ id: 'INTEGER PRIMARY KEY AUTOINCREMENT', blob: 'BLOB', now: "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))" }, { id: 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', blob: 'BYTEA', now: 'ct_now()' }),
  // 13: print products (issue 15): every product's jobs in catalogue_jobs (its options as JSON, the
  // contact sheet beside the PDF), and a queue of background tasks (print-size pictures made when
  // a work is accepted), claimed one at a time by any server process. One text per engine: the
  // queue's id and timestamps are written the way each engine's other tables write theirs.
  {
    sqlite: `
  ALTER TABLE catalogue_jobs ADD COLUMN product TEXT NOT NULL DEFAULT 'catalogue';
  ALTER TABLE catalogue_jobs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE catalogue_jobs ADD COLUMN contact_sheet TEXT;
  CREATE TABLE task_queue (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    run_after TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    finished_at TEXT
  );
  -- One waiting task per kind and subject: accepting twice queues the work once.
  CREATE UNIQUE INDEX task_queue_waiting ON task_queue(kind, subject_id) WHERE state = 'queued';
  CREATE INDEX task_queue_due ON task_queue(state, run_after);
  `,
    postgres: `
  ALTER TABLE catalogue_jobs ADD COLUMN product TEXT NOT NULL DEFAULT 'catalogue';
  ALTER TABLE catalogue_jobs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE catalogue_jobs ADD COLUMN contact_sheet TEXT;
  CREATE TABLE task_queue (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    run_after TEXT NOT NULL DEFAULT ct_now(),
    created_at TEXT NOT NULL DEFAULT ct_now(),
    finished_at TEXT
  );
  CREATE UNIQUE INDEX task_queue_waiting ON task_queue(kind, subject_id) WHERE state = 'queued';
  CREATE INDEX task_queue_due ON task_queue(state, run_after);
  `,
  },
  // 14: class batches (issue 17): a teacher's class, opened by a secret link, and the entries it holds
  classBatches({ id: 'INTEGER PRIMARY KEY AUTOINCREMENT', blob: 'BLOB', now: "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))" }, { id: 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', blob: 'BYTEA', now: 'ct_now()' }),
  // 15: physical originals (issue 17): whether an edition asks for originals by post and what
  // happens to them after the tour, each original as the post desk received it (condition, size,
  // scan) and where it is now, and the hand-overs of an exhibition set's works on tour.
  issue17Originals({ id: 'INTEGER PRIMARY KEY AUTOINCREMENT' }, { id: 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY' }),
  // 16: every process keeps the public content version in memory (issue 18): on PostgreSQL a raise
  // of it is announced on the channel `ct_public_version` at its commit, and each process's one
  // listening connection refreshes its copy (db/public-version.ts). SQLite has one process.
  {
    sqlite: '-- nothing to do: one process, which reads the version where it is kept',
    postgres: `
  CREATE FUNCTION ct_public_notify() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('ct_public_version', '');
    RETURN NULL;
  END $$;
  CREATE TRIGGER public_versions_notify AFTER UPDATE ON public_versions
    FOR EACH STATEMENT EXECUTE FUNCTION ct_public_notify();
  `,
  },
  // 17: consent for a class on paper (issue 17): which ways an edition lets teachers bring a
  // guardian's consent for a pupil under 15, and each printed consent form from print to verification.
  classConsentForms(),
];

/** Migration 17 (issue 17, consent on paper), the same SQL for both engines. */
function classConsentForms(): Migration {
  const sql = `
  -- Which ways a teacher may bring a guardian's consent for a class's pupil under 15: the guardian's
  -- e-mail (the single-use link) and a printed form signed on paper. No row: both.
  CREATE TABLE edition_consent_ways (
    edition_id INTEGER NOT NULL UNIQUE REFERENCES editions(id) ON DELETE CASCADE,
    by_email INTEGER NOT NULL DEFAULT 1,
    on_paper INTEGER NOT NULL DEFAULT 1
  );
  -- A work whose guardian consents on a printed form: waiting for the signed form, uploaded (a photo
  -- or scan, under the entry's files), verified by an organiser, or rejected with a note (the
  -- teacher uploads it again). Erased with its entry; the picture goes with the entry's files.
  CREATE TABLE consent_forms (
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','uploaded','verified','rejected')),
    uploaded_at TEXT,
    decided_at TEXT,
    decided_by INTEGER,
    note TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX consent_forms_state ON consent_forms(state);
  `;
  return { sqlite: sql, postgres: sql };
}

/** Migration 14 (issue 17), written once for both engines. */
function classBatches(sqlite: DialectWords, postgres: DialectWords): Migration {
  const sql = (d: DialectWords) => `
  -- A teacher's class batch: the school, the class, who to write to. The teacher opens it by a secret
  -- link (tokens, purpose 'class-batch'); 'draft' while pupils' works are added, 'sent' after.
  CREATE TABLE class_batches (
    id ${d.id},
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    school TEXT NOT NULL,
    class_name TEXT NOT NULL,
    teacher_name TEXT NOT NULL,
    teacher_email TEXT NOT NULL,
    town TEXT NOT NULL,
    region TEXT NOT NULL,
    category TEXT NOT NULL,
    lang TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','sent')),
    created_at TEXT NOT NULL DEFAULT ${d.now},
    sent_at TEXT
  );
  -- The batch an entry came in (NULL: entered by the artist or a guardian).
  ALTER TABLE entries ADD COLUMN batch_id INTEGER REFERENCES class_batches(id);
  CREATE INDEX entries_batch ON entries(batch_id);
  `;
  return { sqlite: sql(sqlite), postgres: sql(postgres) };
}

/** Migration 15 (issue 17, originals), written once for both engines. */
function issue17Originals(sqlite: Pick<DialectWords, 'id'>, postgres: Pick<DialectWords, 'id'>): Migration {
  const sql = (d: Pick<DialectWords, 'id'>) => `
  CREATE TABLE edition_originals (
    edition_id INTEGER NOT NULL UNIQUE REFERENCES editions(id) ON DELETE CASCADE,
    by_post INTEGER NOT NULL DEFAULT 0,
    after_tour TEXT NOT NULL DEFAULT 'return' CHECK (after_tour IN ('return','archive'))
  );
  -- One row per original that reached the post desk; erased with its entry.
  CREATE TABLE originals (
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id) ON DELETE CASCADE,
    received_at TEXT NOT NULL,
    received_by INTEGER,
    condition TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('good','worn','damaged')),
    width_mm INTEGER,
    height_mm INTEGER,
    note TEXT NOT NULL DEFAULT '',
    photo TEXT,
    -- Where the original is: at the office, or with its set (packed, at a stop, hung, taken down), or gone home.
    state TEXT NOT NULL DEFAULT 'office' CHECK (state IN ('office','packed','arrived','hung','taken_down','returned','archived')),
    stop_id INTEGER,
    moved_at TEXT NOT NULL
  );
  CREATE INDEX originals_received ON originals(received_at);
  -- Which exhibition set carries a work of the exhibition selection (received or not yet).
  CREATE TABLE set_works (
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id) ON DELETE CASCADE,
    set_id INTEGER NOT NULL REFERENCES tour_sets(id)
  );
  CREATE TABLE original_handovers (
    id ${d.id},
    set_id INTEGER NOT NULL,
    stop_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('packed','arrived','hung','taken_down','returned')),
    at TEXT NOT NULL,
    by_account INTEGER
  );
  CREATE TABLE original_handover_items (
    handover_id INTEGER NOT NULL REFERENCES original_handovers(id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    damage TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (handover_id, entry_id)
  );
  `;
  return { sqlite: sql(sqlite), postgres: sql(postgres) };
}

/** What differs between the engines in one migration's SQL: the id column, binary data and "now". */
interface DialectWords {
  id: string;
  blob: string;
  now: string;
}
/** Migration 12 (issue 14), written once for both engines. */
function issue14(sqlite: DialectWords, postgres: DialectWords): Migration {
  const sql = (d: DialectWords) => `
  -- The touring exhibition, consented to separately from the printed catalogue. The old print consent
  -- covered both ("catalogue and touring exhibition"), so existing entries keep what they agreed to.
  ALTER TABLE entries ADD COLUMN consent_exhibit INTEGER NOT NULL DEFAULT 0;
  UPDATE entries SET consent_exhibit = consent_print;
  -- When the guardian refused to let the work take part (consent_state is then 'withdrawn').
  ALTER TABLE entries ADD COLUMN guardian_refused_at TEXT;
  -- When the guardian decided (consented or refused), for the status page.
  ALTER TABLE entries ADD COLUMN guardian_decided_at TEXT;
  -- A rejection as the organiser chose it: the reason's code (its label is read in the reader's
  -- language) and the note exactly as typed. reject_reason keeps the text of older decisions.
  ALTER TABLE entries ADD COLUMN reject_code TEXT;
  ALTER TABLE entries ADD COLUMN reject_note TEXT;

  -- Pages uploaded in the background (tus) before the entry is sent, and the image policy's verdict on
  -- each. The bytes live in DATA_DIR/uploads/; a row never used by an entry is removed after a day.
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    client TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'uploading' CHECK (state IN ('uploading','judging','ok','rejected')),
    code TEXT,
    detail TEXT,
    width INTEGER,
    height INTEGER,
    widths TEXT,
    placeholder TEXT,
    created_at TEXT NOT NULL DEFAULT ${d.now},
    judged_at TEXT
  );
  CREATE INDEX uploads_created ON uploads(created_at);

  -- The exhibition set a school asked for (NULL: any set that fits its wall).
  ALTER TABLE tour_requests ADD COLUMN set_id INTEGER REFERENCES tour_sets(id);
  -- Opening hours by weekday as JSON [[open, close] or null × 7, Monday first]; '' when not given.
  ALTER TABLE tour_stops ADD COLUMN hours TEXT NOT NULL DEFAULT '';

  -- Screen catalogues published for teachers: one current per edition and language. The cover is a
  -- small picture of the PDF's first page, kept in the row so erasing the job (and its works) takes it too.
  CREATE TABLE catalogue_publications (
    id ${d.id},
    job_id INTEGER NOT NULL UNIQUE REFERENCES catalogue_jobs(id) ON DELETE CASCADE,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    lang TEXT NOT NULL,
    pages INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    etag TEXT NOT NULL,
    cover ${d.blob},
    published_at TEXT NOT NULL DEFAULT ${d.now},
    published_by INTEGER,
    withdrawn_at TEXT
  );
  CREATE UNIQUE INDEX catalogue_publications_current ON catalogue_publications(edition_id, lang) WHERE withdrawn_at IS NULL;
  `;
  return { sqlite: sql(sqlite), postgres: sql(postgres) };
}
