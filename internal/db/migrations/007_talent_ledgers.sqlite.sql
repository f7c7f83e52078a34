-- Ledgers are append-only (SQLite): UPDATE and DELETE abort.
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER fund_ledger_no_update BEFORE UPDATE ON fund_ledger BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER fund_ledger_no_delete BEFORE DELETE ON fund_ledger BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
