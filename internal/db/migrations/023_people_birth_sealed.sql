-- A person's birth date is personal data: with the birth date beside a
-- masked ID number, the hidden digits could be rebuilt. It is kept sealed
-- (birth_enc, like id_enc) and only the birth year stays clear, for ages.
-- person.SealBirthDates moves existing clear values into birth_enc (it
-- needs the key, so it runs in Go when a server or command opens the
-- database) and empties birth_date, which is no longer written.
ALTER TABLE people ADD COLUMN birth_enc {BLOB};
ALTER TABLE people ADD COLUMN birth_year INTEGER NOT NULL DEFAULT 0;
UPDATE people SET birth_year = CAST(substr(birth_date, 1, 4) AS INTEGER) WHERE length(birth_date) = 10;

-- The ID mask keeps the first two and the last two characters (it kept
-- four and four, which with an age left a few hundred candidates).
UPDATE people SET id_mask = substr(id_mask, 1, 2) || substr('********************', 1, length(id_mask) - 4) || substr(id_mask, length(id_mask) - 1, 2)
    WHERE length(id_mask) > 4;
UPDATE declarations SET id_mask = substr(id_mask, 1, 2) || substr('********************', 1, length(id_mask) - 4) || substr(id_mask, length(id_mask) - 1, 2)
    WHERE length(id_mask) > 4;

-- settings: facts about the database itself (db.Setting): 'demo' when the
-- demo generator loaded it, so serve may start on its generated key.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- rekey_progress: how far `dangjian rekey` has re-sealed each table (the
-- last id committed), so a run cut short continues where it stopped.
CREATE TABLE rekey_progress (
    tbl TEXT PRIMARY KEY,
    last_id BIGINT NOT NULL
);
