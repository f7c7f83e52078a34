-- Failed logins, counted per account name and per (name, source address)
-- pair, for unknown names as for real accounts so that a lockout never
-- tells which names exist (auth.Store.Login). key is "a:" or "p:" and the
-- SHA-256 of the name (and address); times are Unix seconds so that the
-- decay can be computed in one statement on both databases.
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_unix    BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);
