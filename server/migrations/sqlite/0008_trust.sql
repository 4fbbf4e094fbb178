-- Trust up the chain. The indexes PostgreSQL had and SQLite lacked (a push
-- looks tokens up by event and device); the unit token an event token came
-- from (withdrawn with it); sign-in codes that expire; the grace days after
-- a deadline; the officer's name each change was made under; the audit list
-- of each unit's codes and phones; and the shared rate table, so both
-- engines hold the same tables.

CREATE INDEX tokens_by_event ON tokens (event_id, device);
CREATE INDEX unit_tokens_by_device ON unit_tokens (device);
CREATE INDEX units_by_path ON units (path);
ALTER TABLE tokens ADD COLUMN unit_token TEXT;
CREATE INDEX tokens_by_unit_token ON tokens (unit_token);
CREATE TABLE unit_codes_8 (
    code_hash TEXT PRIMARY KEY,
    unit TEXT NOT NULL REFERENCES units(code),
    issued_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO unit_codes_8 (code_hash, unit, issued_by, created_at)
    SELECT code_hash, unit, issued_by, created_at FROM unit_codes;
DROP TABLE unit_codes;
ALTER TABLE unit_codes_8 RENAME TO unit_codes;
CREATE INDEX unit_codes_by_unit ON unit_codes (unit);
ALTER TABLE deadlines ADD COLUMN grace_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE changes ADD COLUMN officer TEXT NOT NULL DEFAULT '';
CREATE TABLE unit_audit (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL REFERENCES units(code),
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    by_unit TEXT NOT NULL,
    device TEXT
);
CREATE INDEX unit_audit_by_unit ON unit_audit (unit, id);
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat INTEGER NOT NULL
);
