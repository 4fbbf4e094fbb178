-- Events, their access codes and tokens, and their records.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL UNIQUE,
    registered_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    device TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE records (
    event_id TEXT NOT NULL REFERENCES events(id),
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (event_id, key)
);
CREATE INDEX records_by_seq ON records (event_id, seq);
