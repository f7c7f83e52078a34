-- Alliances (湾区大党委, chain alliances, pairings 结对共建, 党建医联): a lead
-- org and non-subordinate member orgs and units, shared resources, joint
-- meetings (联席会) whose decisions become tasks, and memoranda (合作备忘录)
-- with commitments and their progress. An alliance is visible where its lead
-- org or one of its members is in scope; writes need the lead org in scope.
CREATE TABLE alliances (
    id {PK},
    kind TEXT NOT NULL,
    pairing TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES orgs(id),
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX alliances_lead ON alliances(lead_org_id);

CREATE TABLE alliance_members (
    id {PK},
    alliance_id BIGINT NOT NULL REFERENCES alliances(id),
    org_id BIGINT REFERENCES orgs(id),
    unit_id BIGINT REFERENCES units(id),
    role TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE UNIQUE INDEX alliance_members_org ON alliance_members(alliance_id, org_id);
CREATE UNIQUE INDEX alliance_members_unit ON alliance_members(alliance_id, unit_id);
CREATE INDEX alliance_members_by_org ON alliance_members(org_id);
CREATE INDEX alliance_members_by_unit ON alliance_members(unit_id);

CREATE TABLE alliance_resources (
    id {PK},
    alliance_id BIGINT NOT NULL REFERENCES alliances(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    owner_id BIGINT NOT NULL REFERENCES alliance_members(id),
    note TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX alliance_resources_alliance ON alliance_resources(alliance_id, id);

CREATE TABLE alliance_meetings (
    id {PK},
    alliance_id BIGINT NOT NULL REFERENCES alliances(id),
    held_on TEXT NOT NULL,
    agenda TEXT NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX alliance_meetings_alliance ON alliance_meetings(alliance_id, held_on);

CREATE TABLE alliance_attendance (
    meeting_id BIGINT NOT NULL REFERENCES alliance_meetings(id),
    member_id BIGINT NOT NULL REFERENCES alliance_members(id),
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE alliance_tasks (
    id {PK},
    alliance_id BIGINT NOT NULL REFERENCES alliances(id),
    meeting_id BIGINT REFERENCES alliance_meetings(id),
    decision TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES alliance_members(id),
    deadline TEXT NOT NULL,
    status TEXT NOT NULL,
    done_on TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX alliance_tasks_alliance ON alliance_tasks(alliance_id, deadline);

CREATE TABLE alliance_memoranda (
    id {PK},
    alliance_id BIGINT NOT NULL REFERENCES alliances(id),
    title TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX alliance_memoranda_alliance ON alliance_memoranda(alliance_id, signed_on);

CREATE TABLE alliance_memo_parties (
    memo_id BIGINT NOT NULL REFERENCES alliance_memoranda(id),
    member_id BIGINT NOT NULL REFERENCES alliance_members(id),
    PRIMARY KEY (memo_id, member_id)
);

CREATE TABLE alliance_commitments (
    id {PK},
    memo_id BIGINT NOT NULL REFERENCES alliance_memoranda(id),
    content TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES alliance_members(id),
    due_on TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    updated_at {TS} NOT NULL
);
CREATE INDEX alliance_commitments_memo ON alliance_commitments(memo_id, id);

CREATE TABLE alliance_progress (
    id {PK},
    commitment_id BIGINT NOT NULL REFERENCES alliance_commitments(id),
    progress INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT,
    recorded_at {TS} NOT NULL
);
CREATE INDEX alliance_progress_commitment ON alliance_progress(commitment_id, id);
