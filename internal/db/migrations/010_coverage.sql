-- 15分钟服务圈: residential points with their head counts, walking
-- networks (one blob each: the CSR graph of internal/walk), candidate
-- sites for new posts, and coverage runs that keep their inputs and
-- results so a report can be reproduced.
CREATE TABLE homes (
    id {PK},
    code TEXT NOT NULL DEFAULT '',
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    people INTEGER NOT NULL,
    batch TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX homes_area ON homes(area_path, id);

CREATE TABLE walk_networks (
    id {PK},
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    nodes INTEGER NOT NULL,
    edges INTEGER NOT NULL,
    components INTEGER NOT NULL,
    largest_share DOUBLE PRECISION NOT NULL,
    stats TEXT NOT NULL DEFAULT '{}',
    data {BLOB} NOT NULL,
    active BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {TS} NOT NULL
);

CREATE TABLE sites (
    id {PK},
    name TEXT NOT NULL,
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX sites_area ON sites(area_path, id);

CREATE TABLE coverage_runs (
    id {PK},
    kind TEXT NOT NULL,
    scope_path {PATH} NOT NULL,
    params TEXT NOT NULL,
    inputs TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    error TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at {TS} NOT NULL,
    finished_at {TS}
);
CREATE INDEX coverage_runs_scope ON coverage_runs(scope_path, id);
