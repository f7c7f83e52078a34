-- Ledgers are append-only (PostgreSQL): UPDATE and DELETE raise.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger_append_only'; END $$;
CREATE TRIGGER points_ledger_no_change BEFORE UPDATE OR DELETE ON points_ledger FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER fund_ledger_no_change BEFORE UPDATE OR DELETE ON fund_ledger FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
