-- Each unit's ledger ("Sổ phong trào") is stored as an event is, under its
-- unit; `kind` tells the two apart, so every listing of events leaves the
-- ledgers out.

ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'event'
    CHECK (kind IN ('event', 'ledger'));
