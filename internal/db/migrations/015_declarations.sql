-- Self-declarations (亮明身份) of pocket members and registrations of
-- mobile members (流动党员). A pocket member's declaration belongs to the
-- org they claim (area_path and org_path are that org's); a mobile member's
-- to the village or community they live in (org_path is NULL), so stores
-- filter on these two columns like any registry row. ID and phone numbers
-- are sealed, hashed and masked as in people. At most one pending
-- declaration per ID number (a repeat returns the pending one).
CREATE TABLE declarations (
    id {PK},
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    id_enc {BLOB},
    id_hash TEXT NOT NULL,
    id_mask TEXT NOT NULL,
    phone_enc {BLOB},
    phone_mask TEXT NOT NULL DEFAULT '',
    unit_id BIGINT REFERENCES units(id),
    unit_name TEXT NOT NULL DEFAULT '',
    org_id BIGINT REFERENCES orgs(id),
    home_org TEXT NOT NULL DEFAULT '',
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    org_path {PATH},
    joined_on TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    person_id BIGINT REFERENCES people(id),
    created_by BIGINT,
    decided_by BIGINT,
    created_at {TS} NOT NULL,
    decided_at {TS}
);
CREATE UNIQUE INDEX declarations_pending ON declarations(id_hash) WHERE status = 'pending';
CREATE INDEX declarations_area ON declarations(area_path, id);
CREATE INDEX declarations_org ON declarations(org_path, id);
