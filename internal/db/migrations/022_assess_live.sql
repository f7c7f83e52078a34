-- An org's scores across runs: a new meeting updates the org's scores in
-- the open runs (assess.Store.MeetingRecorded), found by org.
CREATE INDEX assess_scores_org ON assess_scores(org_id, run_id);

-- The assessment reads a period's orders by time with the few columns its
-- measures need; covering them spares reading the wide order rows.
CREATE INDEX orders_assess ON orders(created_at, area_id, status, overdue, rating);

-- meeting_months summarises an org's meetings of a year, kept by orglife in
-- the transaction of every meeting write (orglife/months.go): mask has bit
-- k*12 + m-1 set when a meeting of required kind k (orglife.Rules order:
-- general meeting, committee, group, lecture, theme day) was held in month
-- m; e1–e4 and p1–p4 are the members expected and present per quarter.
-- The assessment recomputes from it instead of the meeting records.
CREATE TABLE meeting_months (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    mask BIGINT NOT NULL,
    meetings INTEGER NOT NULL,
    e1 BIGINT NOT NULL, e2 BIGINT NOT NULL, e3 BIGINT NOT NULL, e4 BIGINT NOT NULL,
    p1 BIGINT NOT NULL, p2 BIGINT NOT NULL, p3 BIGINT NOT NULL, p4 BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);
CREATE INDEX meeting_months_year ON meeting_months(year, org_id);

-- The summaries of the meetings recorded before this table.
INSERT INTO meeting_months (org_id, year, mask, meetings, e1, e2, e3, e4, p1, p2, p3, p4)
SELECT org_id, CAST(substr(held_on, 1, 4) AS INTEGER),
    COALESCE(sum(DISTINCT CAST(1 AS BIGINT) << ((CASE kind WHEN 'general_meeting' THEN 0 WHEN 'committee' THEN 1 WHEN 'group' THEN 2
        WHEN 'lecture' THEN 3 WHEN 'theme_day' THEN 4 END) * 12 + CAST(substr(held_on, 6, 2) AS INTEGER) - 1)), 0),
    count(*),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 1 THEN expected ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 2 THEN expected ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 3 THEN expected ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 4 THEN expected ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 1 THEN present ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 2 THEN present ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 3 THEN present ELSE 0 END),
    sum(CASE WHEN (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 = 4 THEN present ELSE 0 END)
FROM meetings GROUP BY org_id, CAST(substr(held_on, 1, 4) AS INTEGER);
