-- The figures of each event, as of a sequence number.

CREATE TABLE event_figures (
    event_id TEXT PRIMARY KEY REFERENCES events(id),
    seq INTEGER NOT NULL,
    year INTEGER,
    figures TEXT,
    computed_at INTEGER NOT NULL DEFAULT 0
);
