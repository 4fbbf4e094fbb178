-- The history of changes.

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    record_key TEXT NOT NULL,
    field TEXT NOT NULL,
    old TEXT NOT NULL,
    new TEXT NOT NULL,
    stamp TEXT,
    pushed_by TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX changes_by_record ON changes (event_id, record_key, id);
CREATE INDEX changes_by_pusher ON changes (event_id, pushed_by);
ALTER TABLE tokens ADD COLUMN officer TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN last_sync_at INTEGER;
