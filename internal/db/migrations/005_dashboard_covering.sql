-- The dashboard counts a scope's people by status and season, and its units
-- by coverage: with these columns in the scope indexes the counts are
-- index-only scans.
DROP INDEX people_area_list;
DROP INDEX people_org_list;
CREATE INDEX people_area_list ON people(area_path, name, status, id, seasonal_months);
CREATE INDEX people_org_list ON people(org_path, name, status, id, seasonal_months);
DROP INDEX units_area_path;
CREATE INDEX units_area_path ON units(area_path, id, org_id);
