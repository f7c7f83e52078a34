-- A running import job's heartbeat: the process running it stamps it every
-- 20 s, so a job whose process died (a restart mid-import) is found and
-- failed instead of showing "running" for ever (importer.FailStale).
ALTER TABLE import_jobs ADD COLUMN heartbeat_at {TS};
