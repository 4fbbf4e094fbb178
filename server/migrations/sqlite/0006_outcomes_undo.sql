-- What became of each write with the stamp of the value it replaced, and
-- the phones the unit undid on each event.

ALTER TABLE changes ADD COLUMN outcome TEXT NOT NULL DEFAULT 'applied';
ALTER TABLE changes ADD COLUMN old_stamp TEXT;
CREATE INDEX changes_by_stamp ON changes (event_id, record_key, field, stamp)
    WHERE stamp IS NOT NULL;
CREATE TABLE undone_devices (
    event_id TEXT NOT NULL REFERENCES events(id),
    device TEXT NOT NULL,
    undone_at INTEGER NOT NULL,
    undone_by TEXT NOT NULL,
    PRIMARY KEY (event_id, device)
);
