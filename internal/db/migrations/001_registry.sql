-- The registry: areas, organizations, units, people, and the platform tables
-- (accounts, sessions, audit log, import jobs). Paths are materialized
-- ancestor paths like /1/5/23/ so a subtree is one index range scan.

CREATE TABLE areas (
    id {PK},
    parent_id BIGINT REFERENCES areas(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    path {PATH} NOT NULL DEFAULT '',
    depth INTEGER NOT NULL DEFAULT 0,
    geometry TEXT,
    created_at {TS} NOT NULL
);
CREATE INDEX areas_path ON areas(path);
CREATE INDEX areas_parent ON areas(parent_id);
CREATE INDEX areas_name ON areas(name);

-- A functional zone administers areas that sit elsewhere in the tree.
CREATE TABLE area_overlays (
    zone_id BIGINT NOT NULL REFERENCES areas(id),
    area_id BIGINT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (zone_id, area_id)
);

CREATE TABLE orgs (
    id {PK},
    parent_id BIGINT REFERENCES orgs(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    path {PATH} NOT NULL DEFAULT '',
    secretary_id BIGINT,
    founded_on TEXT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX orgs_path ON orgs(path);
CREATE INDEX orgs_area_path ON orgs(area_path, id);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_name ON orgs(name);

CREATE TABLE units (
    id {PK},
    name TEXT NOT NULL,
    credit_code TEXT UNIQUE,
    kind TEXT NOT NULL,
    industry TEXT NOT NULL DEFAULT '',
    chain_tags TEXT NOT NULL DEFAULT '',
    employees INTEGER NOT NULL DEFAULT 0,
    foreign_owned BOOLEAN NOT NULL DEFAULT FALSE,
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    org_id BIGINT REFERENCES orgs(id),
    org_path {PATH},
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX units_area_path ON units(area_path, id);
CREATE INDEX units_org_path ON units(org_path, id);
CREATE INDEX units_name ON units(name);

CREATE TABLE people (
    id {PK},
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    id_enc {BLOB},
    id_hash TEXT UNIQUE,
    id_mask TEXT NOT NULL DEFAULT '',
    phone_enc {BLOB},
    phone_hash TEXT,
    phone_mask TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    joined_on TEXT NOT NULL DEFAULT '',
    org_id BIGINT REFERENCES orgs(id),
    org_path {PATH},
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    mobile BOOLEAN NOT NULL DEFAULT FALSE,
    pocket BOOLEAN NOT NULL DEFAULT FALSE,
    seasonal_months INTEGER NOT NULL DEFAULT 0,
    cadre_roles TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX people_area_path ON people(area_path, id);
CREATE INDEX people_org_path ON people(org_path, id);
CREATE INDEX people_name ON people(name);
CREATE INDEX people_phone_hash ON people(phone_hash);
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE transfers (
    id {PK},
    person_id BIGINT NOT NULL REFERENCES people(id),
    from_org_id BIGINT NOT NULL REFERENCES orgs(id),
    to_org_id BIGINT NOT NULL REFERENCES orgs(id),
    from_path {PATH} NOT NULL,
    to_path {PATH} NOT NULL,
    from_area_path {PATH} NOT NULL,
    to_area_path {PATH} NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    requested_by BIGINT NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX transfers_person ON transfers(person_id);
CREATE INDEX transfers_from ON transfers(from_path);
CREATE INDEX transfers_to ON transfers(to_path);

CREATE TABLE transfer_events (
    id {PK},
    transfer_id BIGINT NOT NULL REFERENCES transfers(id),
    at {TS} NOT NULL,
    user_id BIGINT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transfer_events_transfer ON transfer_events(transfer_id, id);

CREATE TABLE users (
    id {PK},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    scope_area_id BIGINT REFERENCES areas(id),
    scope_org_id BIGINT REFERENCES orgs(id),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {TS},
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at {TS} NOT NULL,
    last_seen {TS} NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
    id {PK},
    at {TS} NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    entity_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE import_jobs (
    id {PK},
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    problems TEXT NOT NULL DEFAULT '',
    user_id BIGINT,
    created_at {TS} NOT NULL,
    finished_at {TS}
);
