-- Organizational life (三会一课, 主题党日): meetings an org held, with each
-- member's attendance and the meeting's photos. A meeting's scope is its
-- org's: stores join orgs and filter on the org's area path and path, so a
-- moved org takes its meetings along.
CREATE TABLE meetings (
    id {PK},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    lecturer TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    expected INTEGER NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, held_on);
CREATE INDEX meetings_held ON meetings(held_on, id);

CREATE TABLE meeting_attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE meeting_photos (
    id {PK},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    name TEXT NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data {BLOB} NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX meeting_photos_meeting ON meeting_photos(meeting_id, id);
