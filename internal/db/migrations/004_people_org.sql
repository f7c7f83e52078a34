-- An org's member count (org lists, the tree, org pages) looks members up
-- by org id.
CREATE INDEX people_org ON people(org_id);
