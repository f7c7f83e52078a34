-- Recruitment pipeline (发展党员) and dual cultivation (双培养). A person's
-- pipeline is one recruits row (the current stage, its date and the next
-- due date, for lists) and the steps that led there; the scope is the
-- person's: stores join people and filter on their area and org paths.
CREATE TABLE recruits (
    person_id BIGINT PRIMARY KEY REFERENCES people(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    stage TEXT NOT NULL,
    stage_on TEXT NOT NULL,
    due_on TEXT NOT NULL DEFAULT '',
    extension_months INTEGER NOT NULL DEFAULT 0,
    updated_at {TS} NOT NULL
);
CREATE INDEX recruits_stage ON recruits(stage, due_on);

CREATE TABLE recruit_steps (
    id {PK},
    person_id BIGINT NOT NULL REFERENCES people(id),
    stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    months INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX recruit_steps_person ON recruit_steps(person_id, id);

CREATE TABLE dual_cultivation (
    id {PK},
    person_id BIGINT NOT NULL REFERENCES people(id),
    direction TEXT NOT NULL,
    mentor TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    target_on TEXT NOT NULL DEFAULT '',
    progress TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE UNIQUE INDEX dual_cultivation_person ON dual_cultivation(person_id, direction);
