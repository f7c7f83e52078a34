-- Grid workers (网格员): each grid has its workers, with an account when
-- they sign in. Phones are sealed like every personal number.
CREATE TABLE grid_workers (
    id {PK},
    grid_id BIGINT NOT NULL REFERENCES areas(id),
    user_id BIGINT REFERENCES users(id),
    name TEXT NOT NULL,
    phone_enc {BLOB},
    phone_mask TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    UNIQUE (grid_id, name)
);
CREATE INDEX grid_workers_user ON grid_workers(user_id);
