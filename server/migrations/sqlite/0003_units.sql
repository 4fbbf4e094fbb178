-- Units, their phones and codes, deadlines, submissions, and the unit an
-- event belongs to.

CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent TEXT REFERENCES units(code),
    path TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    added_by TEXT
);
CREATE INDEX units_by_parent ON units (parent);
CREATE TABLE unit_codes (
    unit TEXT PRIMARY KEY REFERENCES units(code),
    code_hash TEXT NOT NULL UNIQUE,
    issued_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE unit_tokens (
    hash TEXT PRIMARY KEY,
    unit TEXT NOT NULL REFERENCES units(code),
    device TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX unit_tokens_by_unit ON unit_tokens (unit);
CREATE TABLE deadlines (
    unit TEXT NOT NULL REFERENCES units(code),
    year INTEGER NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (unit, year)
);
CREATE TABLE submissions (
    id TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id),
    submitted_at INTEGER NOT NULL,
    officer TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'submitted',
    note TEXT NOT NULL DEFAULT '',
    decided_at INTEGER,
    decided_by TEXT,
    PRIMARY KEY (event_id, id)
);
ALTER TABLE events ADD COLUMN unit TEXT REFERENCES units(code);
CREATE INDEX events_by_unit ON events (unit);
