-- Vanguard teams (党员先锋队): a team belongs to an org and is scoped by
-- it (stores join orgs and filter on the org's area path and path). Its
-- leader and members are party members of the org or of its descendants.
CREATE TABLE vanguard_teams (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    focus TEXT NOT NULL,
    leader_id BIGINT NOT NULL REFERENCES people(id),
    founded_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX vanguard_teams_org ON vanguard_teams(org_id, id);

-- A team's members (the leader is one of them).
CREATE TABLE vanguard_members (
    team_id BIGINT NOT NULL REFERENCES vanguard_teams(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    added_at {TS} NOT NULL,
    PRIMARY KEY (team_id, person_id)
);

-- What a team did: a date (not in the future), a title and the hours spent.
CREATE TABLE vanguard_activities (
    id {PK},
    team_id BIGINT NOT NULL REFERENCES vanguard_teams(id),
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    hours DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX vanguard_activities_team ON vanguard_activities(team_id, held_on);

-- Study and training plans of an org (学习, 送学上门 for elderly or
-- housebound members, 培训 such as 白衣书记 training in hospitals): a period
-- and the hours each member of the org is to complete. Scoped by the org.
CREATE TABLE study_plans (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    target_hours DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX study_plans_org ON study_plans(org_id, starts_on);

-- A session held under a plan (date not in the future, inside the period).
CREATE TABLE study_sessions (
    id {PK},
    plan_id BIGINT NOT NULL REFERENCES study_plans(id),
    held_on TEXT NOT NULL,
    hours DOUBLE PRECISION NOT NULL,
    topic TEXT NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX study_sessions_plan ON study_sessions(plan_id, held_on);

-- Who attended a session: members of the plan's org only. A member's
-- completed hours are the sum of the hours of the sessions they attended.
CREATE TABLE study_attendance (
    session_id BIGINT NOT NULL REFERENCES study_sessions(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX study_attendance_person ON study_attendance(person_id);
