-- An invitation to a vanguard activity keeps the activity's team, so the
-- declaration feature no longer reads vanguard_activities to show it.
ALTER TABLE invitations ADD COLUMN team_id BIGINT NOT NULL DEFAULT 0;
UPDATE invitations SET team_id = COALESCE((SELECT va.team_id FROM vanguard_activities va WHERE va.id = invitations.activity_id), 0) WHERE activity_id IS NOT NULL;
