-- The rate limits every process shares: per key, the theoretical arrival
-- time of the next request (GCRA), in microseconds.

CREATE TABLE rate_limits (
    key TEXT COLLATE "C" PRIMARY KEY,
    tat BIGINT NOT NULL
);
