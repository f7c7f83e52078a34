-- Scoped people lists and searches read only the scope's index range: the
-- indexes cover name and status, so a count, a status filter or a name
-- search within a district or branch never touches the table rows, and the
-- default order (path, name, id) is the index order.
DROP INDEX people_area_path;
DROP INDEX people_org_path;
CREATE INDEX people_area_list ON people(area_path, name, status, id);
CREATE INDEX people_org_list ON people(org_path, name, status, id);
