package talent

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/scope"
)

// The special fund (专项基金) for talent work: allocations come in,
// approved requests are paid out, and each movement is one append-only
// ledger entry. A request moves requested → approved (paid, one
// disbursement entry) or rejected; the balance can never go below zero.

// FundRequestStatus is where a fund request stands.
type FundRequestStatus string

const (
	FundRequested FundRequestStatus = "requested"
	FundApproved  FundRequestStatus = "approved"
	FundRejected  FundRequestStatus = "rejected"
)

// FundRequest asks for money from the fund for an org's talent work.
type FundRequest struct {
	ID           int64             `json:"id"`
	OrgID        int64             `json:"org_id"`
	OrgName      string            `json:"org_name"`
	TalentID     int64             `json:"talent_id,omitempty"`
	Purpose      string            `json:"purpose"`
	AmountCents  int64             `json:"amount_cents"`
	Status       FundRequestStatus `json:"status"`
	DecisionNote string            `json:"decision_note"`
	CreatedAt    time.Time         `json:"created_at"`
	orgPath      string
	areaPath     string
}

// FundEntry is one line of the fund ledger: positive in, negative out.
type FundEntry struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"` // allocation, disbursement, correction
	AmountCents int64     `json:"amount_cents"`
	RequestID   int64     `json:"request_id,omitempty"`
	CorrectsID  int64     `json:"corrects_id,omitempty"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
}

const maxFundCents = 100_000_000_00 // one hundred million yuan

func (s *Store) fundEntry(ctx context.Context, tx *db.Tx, kind string, cents, requestID, corrects int64, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO fund_ledger (kind, amount_cents, request_id, corrects_id, note, created_by, created_at) VALUES (?,?,?,?,?,?,?)`,
		kind, cents, db.NullID(requestID), db.NullID(corrects), note, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
	if errors.Is(db.Normalize(err), db.ErrUnique) {
		return apperr.New(apperr.Conflict, "err.fund.already_paid")
	}
	return apperr.Wrap(err, "fund entry")
}

// FundBalance is the sum of the ledger.
func FundBalance(ctx context.Context, q db.Querier) (int64, error) {
	var b int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(sum(amount_cents), 0) FROM fund_ledger`).Scan(&b)
	return b, apperr.Wrap(err, "fund balance")
}

// Allocate adds money to the fund (city scope only).
func (s *Store) Allocate(ctx context.Context, sc scope.Scope, cents int64, note string) error {
	if !sc.All {
		return apperr.ErrForbidden
	}
	if cents <= 0 || cents > maxFundCents {
		return apperr.InvalidField("amount", "err.fund.amount")
	}
	note, err := checkNote(note, true)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.fundEntry(ctx, tx, "allocation", cents, 0, 0, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "fund.allocate", "fund", 0, map[string]any{"cents": cents, "note": note})
	})
}

// CorrectFund appends a correction to a ledger entry (city scope only).
func (s *Store) CorrectFund(ctx context.Context, sc scope.Scope, entryID, cents int64, note string) error {
	if !sc.All {
		return apperr.ErrForbidden
	}
	if cents == 0 || cents > maxFundCents || cents < -maxFundCents {
		return apperr.InvalidField("amount", "err.fund.amount")
	}
	note, err := checkNote(note, true)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fund_ledger WHERE id = ?`, entryID).Scan(&n); err != nil {
			return apperr.Wrap(err, "fund entry")
		}
		if n == 0 {
			return apperr.ErrNotFound
		}
		bal, err := FundBalance(ctx, tx)
		if err != nil {
			return err
		}
		if bal+cents < 0 {
			return apperr.New(apperr.Conflict, "err.fund.insufficient")
		}
		if err := s.fundEntry(ctx, tx, "correction", cents, 0, entryID, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "fund.correct", "fund", entryID, map[string]any{"cents": cents, "note": note})
	})
}

// RequestFunds files a request for an org in scope.
func (s *Store) RequestFunds(ctx context.Context, sc scope.Scope, r FundRequest) (FundRequest, error) {
	r.Purpose = strings.TrimSpace(r.Purpose)
	if r.Purpose == "" || utf8.RuneCountInString(r.Purpose) > 500 {
		return FundRequest{}, apperr.InvalidField("purpose", "err.talent.text_length").With("max", 500)
	}
	if r.AmountCents <= 0 || r.AmountCents > maxFundCents {
		return FundRequest{}, apperr.InvalidField("amount", "err.fund.amount")
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := org.PathIn(ctx, tx, sc, r.OrgID, "org_id")
		if err != nil {
			return err
		}
		if r.TalentID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM talents WHERE id = ?`, r.TalentID).Scan(&n); err != nil || n == 0 {
				return apperr.InvalidField("talent_id", "err.talent.missing")
			}
		}
		r.ID, err = db.InsertID(ctx, tx, `INSERT INTO fund_requests (org_id, org_path, talent_id, purpose, amount_cents, status, requested_by, created_at) VALUES (?,?,?,?,?,?,?,?)`,
			r.OrgID, path, db.NullID(r.TalentID), r.Purpose, r.AmountCents, FundRequested, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "fund request insert")
		}
		return audit.Record(ctx, tx, "fund.request", "fund_request", r.ID, map[string]any{"org_id": r.OrgID, "cents": r.AmountCents})
	})
	if err != nil {
		return FundRequest{}, err
	}
	return s.fundRequest(ctx, s.DB.Read(), sc, r.ID)
}

const fundReqCols = `r.id, r.org_id, o.name, COALESCE(r.talent_id,0), r.purpose, r.amount_cents, r.status, r.decision_note, r.created_at, r.org_path, o.area_path`

func scanFundReq(x db.Scanner) (FundRequest, error) {
	var r FundRequest
	return r, x.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.TalentID, &r.Purpose, &r.AmountCents, &r.Status, &r.DecisionNote, &r.CreatedAt, &r.orgPath, &r.areaPath)
}

func (s *Store) fundRequest(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (FundRequest, error) {
	r, err := scanFundReq(q.QueryRowContext(ctx, `SELECT `+fundReqCols+` FROM fund_requests r JOIN orgs o ON o.id = r.org_id WHERE r.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(r.areaPath, r.orgPath)) {
		return FundRequest{}, apperr.ErrNotFound
	}
	return r, apperr.Wrap(err, "fund request")
}

// Decide approves (and pays) or rejects a request. The status moves with a
// conditional update, so a request is decided once; an approval that the
// balance cannot cover fails and changes nothing.
func (s *Store) Decide(ctx context.Context, sc scope.Scope, id int64, approve bool, note string) (FundRequest, error) {
	note, err := checkNote(note, !approve)
	if err != nil {
		return FundRequest{}, err
	}
	to := FundRejected
	if approve {
		to = FundApproved
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.fundRequest(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE fund_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ? AND status = ?`,
			to, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp(), note, id, FundRequested)
		if err != nil {
			return apperr.Wrap(err, "fund decide")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "err.fund.decided")
		}
		if approve {
			bal, err := FundBalance(ctx, tx)
			if err != nil {
				return err
			}
			if bal < r.AmountCents {
				return apperr.New(apperr.Conflict, "err.fund.insufficient")
			}
			if err := s.fundEntry(ctx, tx, "disbursement", -r.AmountCents, id, 0, r.Purpose); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "fund.decide", "fund_request", id, map[string]any{"to": to, "note": note})
	})
	if err != nil {
		return FundRequest{}, err
	}
	return s.fundRequest(ctx, s.DB.Read(), sc, id)
}

// FundRequests lists requests of orgs in scope, newest first.
func (s *Store) FundRequests(ctx context.Context, sc scope.Scope, p db.Page) ([]FundRequest, int, error) {
	w, args := sc.Filter("o.area_path", "r.org_path")
	from := ` FROM fund_requests r JOIN orgs o ON o.id = r.org_id WHERE ` + w
	total, err := db.CountCapped(ctx, s.DB.Read(), from, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "fund requests count")
	}
	p = p.Norm()
	var out []FundRequest
	err = db.Each(ctx, s.DB.Read(), `SELECT `+fundReqCols+from+` ORDER BY r.id DESC LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset), scanFundReq,
		func(r FundRequest) error { out = append(out, r); return nil })
	return out, total, apperr.Wrap(err, "fund requests")
}

// FundLedger lists the ledger, newest first, and the balance.
func (s *Store) FundLedger(ctx context.Context, p db.Page) ([]FundEntry, int64, error) {
	p = p.Norm()
	var out []FundEntry
	err := db.Each(ctx, s.DB.Read(), `SELECT id, kind, amount_cents, COALESCE(request_id,0), COALESCE(corrects_id,0), note, created_at FROM fund_ledger ORDER BY id DESC LIMIT ? OFFSET ?`,
		[]any{p.Limit, p.Offset}, func(r db.Scanner) (FundEntry, error) {
			var e FundEntry
			return e, r.Scan(&e.ID, &e.Kind, &e.AmountCents, &e.RequestID, &e.CorrectsID, &e.Note, &e.CreatedAt)
		}, func(e FundEntry) error { out = append(out, e); return nil })
	if err != nil {
		return nil, 0, apperr.Wrap(err, "fund ledger")
	}
	bal, err := FundBalance(ctx, s.DB.Read())
	return out, bal, err
}
