-- 消除覆盖空白点 / 五个兜底: one tracked action per coverage gap (a unit that
-- needs its own branch, a joint branch or an instructor; a member who needs
-- a fallback attachment), with its owner, deadline and history. area_path
-- and org_path are the subject's, refreshed by each scan, so the scope
-- filter is one range scan as for units and people. open_key is set while
-- the action is open ("unit:12:own_branch"), so a concurrent or repeated
-- scan cannot open a second action for one gap; settled_key marks a gap
-- closed by hand, which later scans leave alone.
CREATE TABLE gap_actions (
    id {PK},
    kind TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    person_id BIGINT REFERENCES people(id),
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    org_path {PATH},
    members INTEGER NOT NULL DEFAULT 0,
    owner_org_id BIGINT REFERENCES orgs(id),
    owner_user_id BIGINT REFERENCES users(id),
    deadline {TS} NOT NULL,
    status TEXT NOT NULL,
    open_key TEXT UNIQUE,
    settled_key TEXT,
    close_reason TEXT NOT NULL DEFAULT '',
    close_note TEXT NOT NULL DEFAULT '',
    closed_at {TS},
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX gap_actions_area ON gap_actions(area_path, id);
CREATE INDEX gap_actions_org ON gap_actions(org_path, id);
CREATE INDEX gap_actions_status ON gap_actions(status, deadline);
CREATE INDEX gap_actions_settled ON gap_actions(settled_key);

CREATE TABLE gap_events (
    id {PK},
    action_id BIGINT NOT NULL REFERENCES gap_actions(id),
    action TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX gap_events_action ON gap_events(action_id, id);
