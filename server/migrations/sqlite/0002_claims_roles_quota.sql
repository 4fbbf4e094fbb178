-- The creator's claim, roles and revocation of tokens, and a record count
-- per event (its quota). The server then rehashes what version 1 stored
-- with its key (plain SHA-256 becomes keyed).

ALTER TABLE events ADD COLUMN claim_hash TEXT;
ALTER TABLE events ADD COLUMN record_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
ALTER TABLE tokens ADD COLUMN revoked_at INTEGER;
UPDATE tokens SET role = 'creator'
    WHERE device = (SELECT registered_by FROM events WHERE events.id = tokens.event_id);
UPDATE events SET record_count = (SELECT COUNT(*) FROM records WHERE records.event_id = events.id);
