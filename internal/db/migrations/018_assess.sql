-- 考核 / 四项指数: indicator schemes defined in the UI. A scheme has
-- versions; a version has weighted indicators (weights sum to 100), each a
-- measure the platform holds with a target and an optional index (one of
-- the four indices). A run applies a version to a period (a year or a
-- quarter) over the basic orgs in the caller's scope and stores each
-- indicator's raw and normalised value and each org's weighted score and
-- rank. A version applied to a closed period is locked: editing it makes a
-- new version. Scores are read through their org's scope.
CREATE TABLE assess_schemes (
    id {PK},
    name TEXT NOT NULL,
    created_at {TS} NOT NULL
);

CREATE TABLE assess_versions (
    id {PK},
    scheme_id BIGINT NOT NULL REFERENCES assess_schemes(id),
    version INTEGER NOT NULL,
    created_at {TS} NOT NULL,
    UNIQUE (scheme_id, version)
);

CREATE TABLE assess_indicators (
    id {PK},
    version_id BIGINT NOT NULL REFERENCES assess_versions(id),
    name TEXT NOT NULL,
    weight INTEGER NOT NULL,
    measure TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    index_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assess_indicators_version ON assess_indicators(version_id, id);

CREATE TABLE assess_runs (
    id {PK},
    version_id BIGINT NOT NULL REFERENCES assess_versions(id),
    period TEXT NOT NULL,
    period_end TEXT NOT NULL,
    created_by BIGINT,
    created_at {TS} NOT NULL
);
CREATE INDEX assess_runs_version ON assess_runs(version_id, id);

CREATE TABLE assess_scores (
    id {PK},
    run_id BIGINT NOT NULL REFERENCES assess_runs(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    score DOUBLE PRECISION NOT NULL,
    place INTEGER NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX assess_scores_run ON assess_scores(run_id, org_id);
