-- Project lists (项目清单化管理): projects owned by an org, in a tree by an
-- optional parent, with milestones; a leaf's progress is its own, a parent's
-- rolls up from its children (weighted mean, stored in progress and
-- recomputed up the chain on every write). Integrity risk points
-- (廉洁风险点): a register per unit and/or service post, with controls and
-- periodic reviews.
CREATE TABLE projects (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    parent_id BIGINT REFERENCES projects(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    weight INTEGER NOT NULL DEFAULT 1,
    own_progress INTEGER NOT NULL DEFAULT 0,
    progress INTEGER NOT NULL DEFAULT 0,
    due_on TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX projects_org ON projects(org_id, id);
CREATE INDEX projects_parent ON projects(parent_id, id);

CREATE TABLE project_milestones (
    id {PK},
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_on);

CREATE TABLE risks (
    id {PK},
    unit_id BIGINT REFERENCES units(id),
    post_id BIGINT REFERENCES posts(id),
    description TEXT NOT NULL,
    level TEXT NOT NULL,
    controls TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX risks_unit ON risks(unit_id);
CREATE INDEX risks_post ON risks(post_id);

CREATE TABLE risk_reviews (
    id {PK},
    risk_id BIGINT NOT NULL REFERENCES risks(id),
    reviewed_on TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    finding TEXT NOT NULL DEFAULT '',
    effective BOOLEAN NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX risk_reviews_risk ON risk_reviews(risk_id, reviewed_on);
