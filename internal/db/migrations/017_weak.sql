-- 软弱涣散 / 整顿 / 督查: a rectification case per flagged basic org, with
-- the reasons of the last detection run (JSON, empty once a run no longer
-- flags the org), its plan (tasks, a stationed instructor or first
-- secretary, a target date) and its history. open_key is set while the
-- case is open ("org:12"), so a repeated or concurrent run cannot open a
-- second case; a closed case keeps its closing date, and a later flag opens
-- a new case. Scope is the org's: every query joins orgs.
CREATE TABLE weak_cases (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    status TEXT NOT NULL,
    open_key TEXT UNIQUE,
    reasons TEXT NOT NULL DEFAULT '',
    instructor_id BIGINT REFERENCES people(id),
    instructor_role TEXT NOT NULL DEFAULT '',
    target_on TEXT NOT NULL DEFAULT '',
    opened_on TEXT NOT NULL,
    closed_on TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX weak_cases_org ON weak_cases(org_id, id);

CREATE TABLE weak_tasks (
    id {PK},
    case_id BIGINT NOT NULL REFERENCES weak_cases(id),
    body TEXT NOT NULL,
    owner_person_id BIGINT REFERENCES people(id),
    owner_org_id BIGINT REFERENCES orgs(id),
    deadline TEXT NOT NULL,
    done_on TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX weak_tasks_case ON weak_tasks(case_id, id);

CREATE TABLE weak_events (
    id {PK},
    case_id BIGINT NOT NULL REFERENCES weak_cases(id),
    action TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX weak_events_case ON weak_events(case_id, id);

CREATE TABLE supervision_visits (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    visited_on TEXT NOT NULL,
    inspectors TEXT NOT NULL,
    follow_up TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX supervision_visits_org ON supervision_visits(org_id, id);

CREATE TABLE supervision_findings (
    id {PK},
    visit_id BIGINT NOT NULL REFERENCES supervision_visits(id),
    body TEXT NOT NULL,
    severity TEXT NOT NULL,
    task_id BIGINT REFERENCES weak_tasks(id)
);
CREATE INDEX supervision_findings_visit ON supervision_findings(visit_id, id);
