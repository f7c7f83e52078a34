-- 候鸟智库: the skill taxonomy, talents, demands, engagements, saved
-- interests, notifications and the two append-only ledgers (points and the
-- special fund). Talents and demands carry a rev (the 'talents' revision)
-- so every app server's ranking index reloads exactly what changed.
CREATE TABLE skills (
    id {PK},
    code TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES skills(id),
    field_code TEXT NOT NULL,
    depth INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    synonyms TEXT NOT NULL DEFAULT ''
);

CREATE TABLE talents (
    id {PK},
    user_id BIGINT UNIQUE REFERENCES users(id),
    name TEXT NOT NULL,
    phone_enc {BLOB},
    phone_hash TEXT,
    phone_mask TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    party_member BOOLEAN NOT NULL DEFAULT FALSE,
    expertise TEXT NOT NULL DEFAULT '',
    experience TEXT NOT NULL DEFAULT '',
    hometown TEXT NOT NULL DEFAULT '',
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    travel_km INTEGER NOT NULL,
    mode TEXT NOT NULL,
    capacity INTEGER NOT NULL DEFAULT 1,
    load INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    verified_by BIGINT,
    verified_at {TS},
    rating_sum INTEGER NOT NULL DEFAULT 0,
    rating_n INTEGER NOT NULL DEFAULT 0,
    rev BIGINT NOT NULL DEFAULT 0,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX talents_area_path ON talents(area_path, id);
CREATE INDEX talents_rev ON talents(rev);
CREATE INDEX talents_phone_hash ON talents(phone_hash);
CREATE INDEX talents_name ON talents(name);

CREATE TABLE talent_skills (
    talent_id BIGINT NOT NULL REFERENCES talents(id),
    skill_id BIGINT NOT NULL REFERENCES skills(id),
    PRIMARY KEY (talent_id, skill_id)
);
CREATE INDEX talent_skills_skill ON talent_skills(skill_id, talent_id);

CREATE TABLE talent_stays (
    talent_id BIGINT NOT NULL REFERENCES talents(id),
    seq INTEGER NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    slots INTEGER NOT NULL,
    PRIMARY KEY (talent_id, seq)
);

CREATE TABLE demands (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    org_path {PATH} NOT NULL,
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    mode TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    slots INTEGER NOT NULL,
    headcount INTEGER NOT NULL,
    taken INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    created_by BIGINT,
    rev BIGINT NOT NULL DEFAULT 0,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX demands_org_path ON demands(org_path, id);
CREATE INDEX demands_status ON demands(status, start_on);
CREATE INDEX demands_rev ON demands(rev);

CREATE TABLE demand_skills (
    demand_id BIGINT NOT NULL REFERENCES demands(id),
    skill_id BIGINT NOT NULL REFERENCES skills(id),
    required BOOLEAN NOT NULL,
    PRIMARY KEY (demand_id, skill_id)
);

-- One engagement per demand and talent, ever: two staff members who invite
-- the same talent at the same moment end with one row.
CREATE TABLE engagements (
    id {PK},
    demand_id BIGINT NOT NULL REFERENCES demands(id),
    talent_id BIGINT NOT NULL REFERENCES talents(id),
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    hours DOUBLE PRECISION NOT NULL DEFAULT 0,
    talent_rating INTEGER NOT NULL DEFAULT 0,
    org_rating INTEGER NOT NULL DEFAULT 0,
    talent_note TEXT NOT NULL DEFAULT '',
    org_note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    UNIQUE (demand_id, talent_id)
);
CREATE INDEX engagements_talent ON engagements(talent_id, id);

CREATE TABLE engagement_events (
    id {PK},
    engagement_id BIGINT NOT NULL REFERENCES engagements(id),
    at {TS} NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX engagement_events_eng ON engagement_events(engagement_id, id);

CREATE TABLE interests (
    id {PK},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    skill_id BIGINT REFERENCES skills(id),
    demand_id BIGINT REFERENCES demands(id),
    talent_id BIGINT REFERENCES talents(id),
    min_score DOUBLE PRECISION NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX interests_user ON interests(user_id);

CREATE TABLE notifications (
    id {PK},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    ref_kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    args TEXT NOT NULL DEFAULT '',
    read_at {TS},
    created_at {TS} NOT NULL,
    UNIQUE (user_id, kind, ref_kind, ref_id)
);
CREATE INDEX notifications_user ON notifications(user_id, id);

-- Ledgers are append-only: a correction is a new entry that points at the
-- one it corrects. Triggers (007_talent_ledgers.*.sql) refuse UPDATE and
-- DELETE on both backends.
CREATE TABLE points_ledger (
    id {PK},
    talent_id BIGINT NOT NULL REFERENCES talents(id),
    delta INTEGER NOT NULL,
    reason TEXT NOT NULL,
    engagement_id BIGINT REFERENCES engagements(id),
    corrects_id BIGINT REFERENCES points_ledger(id),
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX points_ledger_talent ON points_ledger(talent_id, id);
CREATE UNIQUE INDEX points_ledger_once ON points_ledger(engagement_id, reason);

CREATE TABLE honours (
    id {PK},
    talent_id BIGINT NOT NULL REFERENCES talents(id),
    title TEXT NOT NULL,
    awarded_on TEXT NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX honours_talent ON honours(talent_id);

CREATE TABLE fund_requests (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    org_path {PATH} NOT NULL,
    talent_id BIGINT REFERENCES talents(id),
    purpose TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    status TEXT NOT NULL,
    requested_by BIGINT,
    decided_by BIGINT,
    decided_at {TS},
    decision_note TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX fund_requests_org ON fund_requests(org_path, id);

CREATE TABLE fund_ledger (
    id {PK},
    kind TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    request_id BIGINT UNIQUE REFERENCES fund_requests(id),
    corrects_id BIGINT REFERENCES fund_ledger(id),
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL
);

-- A batch matching run for a season: the exact plan and the greedy one,
-- kept so the plan applied is the plan shown.
CREATE TABLE match_runs (
    id {PK},
    created_by BIGINT,
    demands INTEGER NOT NULL,
    talents INTEGER NOT NULL,
    edges INTEGER NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    greedy_total DOUBLE PRECISION NOT NULL,
    millis INTEGER NOT NULL,
    plan TEXT NOT NULL,
    greedy TEXT NOT NULL,
    applied_at {TS},
    created_at {TS} NOT NULL
);

INSERT INTO revisions (name, rev) VALUES ('talents', 0);
