-- Revisions let each app server keep its in-memory name index current: a
-- transaction that writes people bumps the 'people' revision once and
-- stamps the rows it writes with it; a server reloads the rows newer than
-- the revision it has.
CREATE TABLE revisions (
    name TEXT PRIMARY KEY,
    rev BIGINT NOT NULL
);
INSERT INTO revisions (name, rev) VALUES ('people', 0);
ALTER TABLE people ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX people_rev ON people(rev);
