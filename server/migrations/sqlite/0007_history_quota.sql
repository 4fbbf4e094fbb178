-- How many history entries each token added to each event (its quota),
-- counted from what is kept already, as the sync counts them: a creation's
-- marker does not count (the record quota bounds those), nor an undo (the
-- unit's doing).

CREATE TABLE history_use (
    event_id TEXT NOT NULL REFERENCES events(id),
    pushed_by TEXT NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (event_id, pushed_by)
);
INSERT INTO history_use (event_id, pushed_by, entries)
    SELECT event_id, pushed_by, COUNT(*) FROM changes
    WHERE outcome <> 'undo' AND NOT (field = '*' AND outcome = 'applied')
    GROUP BY event_id, pushed_by;
