-- Invitations of registered mobile members (流动党员, confirmed
-- declarations) to a meeting (meetings) or a vanguard activity of an org
-- where they live now. An invitation belongs to the inviting org: area_path
-- and org_path are that org's, so stores filter on them like any registry
-- row. The org records whether the member attended.
CREATE TABLE invitations (
    id {PK},
    declaration_id BIGINT NOT NULL REFERENCES declarations(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    area_path {PATH} NOT NULL,
    org_path {PATH} NOT NULL,
    kind TEXT NOT NULL,
    meeting_id BIGINT REFERENCES meetings(id),
    activity_id BIGINT REFERENCES vanguard_activities(id),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at {TS} NOT NULL,
    recorded_by BIGINT,
    recorded_at {TS}
);
CREATE UNIQUE INDEX invitations_meeting ON invitations(declaration_id, meeting_id) WHERE meeting_id IS NOT NULL;
CREATE UNIQUE INDEX invitations_activity ON invitations(declaration_id, activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX invitations_declaration ON invitations(declaration_id, id);
CREATE INDEX invitations_org ON invitations(org_path, id);
CREATE INDEX invitations_area ON invitations(area_path, id);
