-- Declaration squatting: the first submitter of an ID number no longer
-- owns the case. Every declaration is its own case; cases sharing an ID
-- number are shown side by side as a conflict (computed from id_hash and
-- status, so a race between two submissions cannot hide it), and staff
-- confirm one only after checking the person (verify_method: a phone call
-- or an in-person check of the ID card; verify_note: who checked). The
-- unique pending index, which merged a second submission into the first,
-- goes; channel records how a case came in (form or api).
DROP INDEX declarations_pending;
CREATE INDEX declarations_id_hash ON declarations(id_hash, status);
ALTER TABLE declarations ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN verify_method TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN verify_note TEXT NOT NULL DEFAULT '';
