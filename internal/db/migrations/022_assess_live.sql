-- An org's scores across runs: a new meeting updates the org's scores in
-- the open runs (assess.Store.MeetingRecorded), found by org.
CREATE INDEX assess_scores_org ON assess_scores(org_id, run_id);
