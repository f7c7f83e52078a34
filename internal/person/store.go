package person

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Store reads and writes people. Vault protects their personal data.
// Names, when set, answers name searches from memory (search.go).
type Store struct {
	DB    *db.DB
	Vault *pii.Vault
	Names *NameIndex
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const cols = `p.id, p.name, p.gender, p.birth_year, p.id_mask, p.phone_mask, p.status, p.joined_on,
	COALESCE(p.org_id,0), COALESCE(o.name,''), COALESCE(p.org_path,''), p.area_id, a.name, p.area_path,
	COALESCE(p.unit_id,0), COALESCE(u.name,''), p.mobile, p.pocket, p.seasonal_months, p.cadre_roles, p.tags`

const from = ` FROM people p JOIN areas a ON a.id = p.area_id LEFT JOIN orgs o ON o.id = p.org_id LEFT JOIN units u ON u.id = p.unit_id`

const areaCol, orgCol = "p.area_path", "p.org_path"

func scan(r db.Scanner) (Person, error) {
	var p Person
	var months int
	var roles, tags string
	err := r.Scan(&p.ID, &p.Name, &p.Gender, &p.BirthYear, &p.IDMask, &p.PhoneMask, &p.Status, &p.JoinedOn,
		&p.OrgID, &p.OrgName, &p.OrgPath, &p.AreaID, &p.AreaName, &p.AreaPath,
		&p.UnitID, &p.UnitName, &p.Mobile, &p.Pocket, &months, &roles, &tags)
	p.SeasonalMonths = MonthsFromMask(months)
	p.CadreRoles = split(roles)
	p.Tags = split(tags)
	return p, err
}

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// Get returns a person inside the scope, masked.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Person, error) {
	w, args := sc.Filter(areaCol, orgCol)
	p, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE p.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Person{}, apperr.ErrNotFound
	}
	return p, apperr.Wrap(err, "person get")
}

// Reveal returns a person's unmasked ID and phone numbers and records the
// view in the audit log. The caller checks the pii.reveal permission; the
// scope is checked here.
func (s *Store) Reveal(ctx context.Context, sc scope.Scope, id int64) (Person, error) {
	p, err := s.Get(ctx, sc, id)
	if err != nil {
		return Person{}, err
	}
	if p.IDNumber, p.Phone, p.BirthDate, err = s.secrets(ctx, id); err != nil {
		return Person{}, err
	}
	if err := audit.Record(ctx, s.DB.Write(), "person.reveal", "person", id, map[string]any{"fields": []string{"id_number", "phone", "birth_date"}}); err != nil {
		return Person{}, apperr.Wrap(err, "person reveal audit")
	}
	return p, nil
}

// secrets decrypts a person's ID and phone numbers and birth date (no
// scope check, no audit: callers do both).
func (s *Store) secrets(ctx context.Context, id int64) (idNumber, phone, birth string, err error) {
	var idEnc, phoneEnc, birthEnc []byte
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT id_enc, phone_enc, birth_enc FROM people WHERE id = ?`, id).Scan(&idEnc, &phoneEnc, &birthEnc); err != nil {
		return "", "", "", apperr.Wrap(err, "person secrets")
	}
	if idNumber, err = s.Vault.Open(idEnc); err != nil {
		return "", "", "", apperr.Wrap(err, "person secrets id")
	}
	if phone, err = s.Vault.Open(phoneEnc); err != nil {
		return "", "", "", apperr.Wrap(err, "person secrets phone")
	}
	if birth, err = s.Vault.Open(birthEnc); err != nil {
		return "", "", "", apperr.Wrap(err, "person secrets birth")
	}
	return idNumber, phone, birth, nil
}

// Filter selects people.
type Filter struct {
	Q         string  `query:"q"`
	Status    Status  `query:"status,enum"`
	OrgID     int64   `query:"org_id"`
	AreaID    int64   `query:"area_id"`
	UnitID    int64   `query:"unit_id"`
	Mobile    bool    `query:"mobile"`
	Pocket    bool    `query:"pocket"`
	Seasonal  bool    `query:"seasonal"`
	Month     int     `query:"month,max=12"` // present in this month (1–12)
	CadreRole string  `query:"cadre_role,enum=person.cadre_role"`
	Tag       string  `query:"tag,enum=person.tag"`
	Sort      string  `query:"sort"`
	Page      db.Page `query:"page"`
}

// defaultOrder is the index order of the scope's range (people_area_list
// or people_org_list), so a page is read straight off the index without a
// sort: by area (or org), then name.
func defaultOrder(sc scope.Scope) string {
	if sc.OrgOnly() {
		return "p.org_path, p.name, p.id"
	}
	return "p.area_path, p.name, p.id"
}

var sorts = map[string]string{"name": "p.name", "status": "p.status", "joined_on": "p.joined_on", "birth_date": "p.birth_year"}

func (s *Store) where(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter(areaCol, orgCol)
	if q := strings.TrimSpace(f.Q); q != "" {
		// An exact ID or phone number (all digits, or an ID ending in X) is
		// found through its keyed hash; anything else matches names
		// anywhere (Chinese needs no word breaks for LIKE), which the
		// scope's covering index answers without reading rows.
		if looksNumeric(q) {
			where += " AND (p.id_hash = ? OR p.phone_hash = ?)"
			args = append(args, s.Vault.Hash(pii.NormalizeID(q)), s.Vault.Hash(q))
		} else {
			c, a := db.Contains("p.name", q)
			where += " AND " + c
			args = append(args, a)
		}
	}
	if f.Status != "" {
		where += " AND p.status = ?"
		args = append(args, f.Status)
	}
	if f.OrgID != 0 {
		where += " AND p.org_id = ?"
		args = append(args, f.OrgID)
	}
	if f.AreaID != 0 {
		where += " AND p.area_id = ?"
		args = append(args, f.AreaID)
	}
	if f.UnitID != 0 {
		where += " AND p.unit_id = ?"
		args = append(args, f.UnitID)
	}
	if f.Mobile {
		where += " AND p.mobile = ?"
		args = append(args, true)
	}
	if f.Pocket {
		where += " AND p.pocket = ?"
		args = append(args, true)
	}
	if f.Seasonal {
		where += " AND p.seasonal_months <> 0"
	}
	if f.Month >= 1 && f.Month <= 12 {
		where += " AND (p.seasonal_months / ?) % 2 = 1"
		args = append(args, 1<<(f.Month-1))
	}
	if f.CadreRole != "" {
		c, a := db.Contains("p.cadre_roles", f.CadreRole)
		where += " AND " + c
		args = append(args, a)
	}
	if f.Tag != "" {
		c, a := db.Contains("p.tags", f.Tag)
		where += " AND " + c
		args = append(args, a)
	}
	return where, args
}

// looksNumeric reports whether q is a number a person could be looked up
// by: digits and hyphens, or an ID number ending in X.
func looksNumeric(q string) bool {
	for i, c := range q {
		if !(c >= '0' && c <= '9' || c == '-' || (i == len(q)-1 && (c == 'X' || c == 'x'))) {
			return false
		}
	}
	return len(q) >= 5
}

// List returns a page of people in scope, masked, and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Person, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	if out, total, ok, err := s.listByName(ctx, sc, f); ok || err != nil {
		return out, total, err
	}
	where, args := s.where(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM people p WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "person count")
	}
	p := f.Page.Norm()
	var out []Person
	err = s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "p.id")+` LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset), func(x Person) error {
		out = append(out, x)
		return nil
	})
	return out, total, err
}

// listByName answers a plain name search (optionally with a status) from
// the name index; ok is false when the filter needs SQL or the index is not
// loaded. The page's rows are then read by id, through the scope filter
// again.
func (s *Store) listByName(ctx context.Context, sc scope.Scope, f Filter) ([]Person, int, bool, error) {
	q := strings.TrimSpace(f.Q)
	plain := Filter{Q: f.Q, Status: f.Status, Page: f.Page}
	if s.Names == nil || q == "" || looksNumeric(q) || f.Sort != "" || !equalFilters(f, plain) {
		return nil, 0, false, nil
	}
	if err := s.Names.Refresh(ctx); err != nil {
		return nil, 0, false, err
	}
	ids, total, ok := s.Names.Search(sc, q, f.Status, f.Page)
	if !ok {
		return nil, 0, false, nil
	}
	if len(ids) == 0 {
		return []Person{}, total, true, nil
	}
	where, args := sc.Filter(areaCol, orgCol)
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	for _, id := range ids {
		args = append(args, id)
	}
	var out []Person
	err := s.each(ctx, `SELECT `+cols+from+` WHERE `+where+` AND p.id IN (`+in+`) ORDER BY `+defaultOrder(sc), args, func(x Person) error {
		out = append(out, x)
		return nil
	})
	return out, total, true, err
}

func equalFilters(a, b Filter) bool {
	return a.Q == b.Q && a.Status == b.Status && a.OrgID == b.OrgID && a.AreaID == b.AreaID && a.UnitID == b.UnitID &&
		a.Mobile == b.Mobile && a.Pocket == b.Pocket && a.Seasonal == b.Seasonal && a.Month == b.Month &&
		a.CadreRole == b.CadreRole && a.Tag == b.Tag && a.Sort == b.Sort
}

// Stats are exact counts of the people in a scope, for dashboards.
type Stats struct {
	Total    int
	Seasonal int
	ByStatus map[Status]int
}

// Stats counts the people in scope by status in one pass.
func (s *Store) Stats(ctx context.Context, sc scope.Scope) (Stats, error) {
	where, args := sc.Filter(areaCol, orgCol)
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT p.status, count(*), sum(CASE WHEN p.seasonal_months <> 0 THEN 1 ELSE 0 END) FROM people p WHERE `+where+` GROUP BY p.status`, args...)
	if err != nil {
		return Stats{}, apperr.Wrap(err, "person stats")
	}
	defer rows.Close()
	st := Stats{ByStatus: map[Status]int{}}
	for rows.Next() {
		var status Status
		var n, seasonal int
		if err := rows.Scan(&status, &n, &seasonal); err != nil {
			return Stats{}, apperr.Wrap(err, "person stats")
		}
		st.ByStatus[status] = n
		st.Total += n
		st.Seasonal += seasonal
	}
	return st, apperr.Wrap(rows.Err(), "person stats")
}

// Each streams every person in scope matching f, masked (for exports).
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Person) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args := s.where(sc, f)
	return s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "p.id"), args, fn)
}

func (s *Store) each(ctx context.Context, q string, args []any, fn func(Person) error) error {
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), q, args, scan, fn), "person query")
}

// Resolve fills the area and org paths of p and checks that the org and
// unit it names exist inside the scope (so a write can neither attach a
// person to another district's org or unit nor learn that one exists) and
// that p itself lands inside the scope.
func Resolve(ctx context.Context, q db.Querier, sc scope.Scope, p *Person) error {
	var err error
	if p.AreaPath, err = area.PathIn(ctx, q, sc, p.AreaID); err != nil {
		return err
	}
	p.OrgPath = ""
	if p.OrgID != 0 {
		if p.OrgPath, err = org.PathIn(ctx, q, sc, p.OrgID, "org_id"); err != nil {
			return err
		}
	}
	if p.UnitID != 0 {
		var unitArea, unitOrg string
		err := q.QueryRowContext(ctx, `SELECT area_path, COALESCE(org_path,'') FROM units WHERE id = ?`, p.UnitID).Scan(&unitArea, &unitOrg)
		if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(unitArea, unitOrg)) {
			return apperr.InvalidField("unit_id", "err.unit_missing")
		} else if err != nil {
			return apperr.Wrap(err, "person unit")
		}
	}
	if !sc.HasRow(p.AreaPath, p.OrgPath) {
		return apperr.ErrForbidden
	}
	return nil
}

// insertCols are the columns a new person row fills, in InsertBatch order.
const insertCols = `name, gender, birth_enc, birth_year, id_enc, id_hash, id_mask, phone_enc, phone_hash, phone_mask, status, joined_on, org_id, org_path, area_id, area_path, unit_id, mobile, pocket, seasonal_months, cadre_roles, tags, rev, created_at, updated_at`

const nInsertCols = 25

// row is the values of insertCols; rev is the writing transaction's
// people revision (see Touch), now the row's created_at and updated_at.
func (p *Person) row(rev int64, now time.Time) []any {
	return []any{p.Name, p.Gender, p.birthEnc, p.BirthYear, p.idEnc, db.NullStr(p.idHash), p.IDMask, p.phoneEnc, db.NullStr(p.phoneHash), p.PhoneMask,
		p.Status, p.JoinedOn, db.NullID(p.OrgID), db.NullStr(p.OrgPath), p.AreaID, p.AreaPath, db.NullID(p.UnitID),
		p.Mobile, p.Pocket, MonthsMask(p.SeasonalMonths), strings.Join(p.CadreRoles, ","), strings.Join(p.Tags, ","), rev, now, now}
}

// Touch returns the people revision of a write transaction: the first call
// bumps the shared counter (which also orders concurrent writers), later
// calls in the same transaction return the same number. Every statement
// that writes people rows stamps them with it, so every app server's name
// index can load what changed (search.go).
func Touch(ctx context.Context, tx *db.Tx) (int64, error) {
	rev, err := db.BumpRevision(ctx, tx, "people")
	return rev, apperr.Wrap(err, "people revision")
}

// IDNumberTaken reports whether a sealed person's ID number is already
// registered (by its keyed hash).
func IDNumberTaken(ctx context.Context, q db.Querier, v *pii.Vault, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id_hash = ?`, v.Hash(id)).Scan(&n)
	return n > 0, apperr.Wrap(err, "person id lookup")
}

// Create adds a person inside the scope.
func (s *Store) Create(ctx context.Context, sc scope.Scope, p Person) (Person, error) {
	if err := p.Seal(s.Vault); err != nil {
		return Person{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := Resolve(ctx, tx, sc, &p); err != nil {
			return err
		}
		rev, err := Touch(ctx, tx)
		if err != nil {
			return err
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO people (`+insertCols+`) VALUES (`+strings.TrimSuffix(strings.Repeat("?,", nInsertCols), ",")+`)`, p.row(rev, s.Clock.Stamp())...)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("id_number", "err.person.id_taken")
		} else if err != nil {
			return apperr.Wrap(err, "person insert")
		}
		p.ID = id
		return audit.Record(ctx, tx, "person.create", "person", id, map[string]any{"name": p.Name, "status": p.Status, "org_id": p.OrgID, "area_id": p.AreaID})
	})
	if err != nil {
		return Person{}, err
	}
	return s.Get(ctx, sc, p.ID)
}

// Update changes a person. Empty IDNumber and Phone keep the stored values.
// The org cannot change here: moving a member between branches is a
// transfer (package transfer), except to attach an org-less person.
func (s *Store) Update(ctx context.Context, sc scope.Scope, p Person) (Person, error) {
	cur, err := s.Get(ctx, sc, p.ID)
	if err != nil {
		return Person{}, err
	}
	if cur.OrgID != 0 && p.OrgID != cur.OrgID {
		return Person{}, apperr.InvalidField("org_id", "err.person.org_change_needs_transfer")
	}
	keepID, keepPhone := p.IDNumber == "", p.Phone == ""
	if keepID || keepPhone || p.BirthDate == "" {
		oldID, oldPhone, oldBirth, err := s.secrets(ctx, p.ID)
		if err != nil {
			return Person{}, err
		}
		if p.BirthDate == "" {
			p.BirthDate = oldBirth // lists never show it, so an edit keeps it
		}
		if keepID {
			p.IDNumber = oldID
		}
		if keepPhone {
			p.Phone = oldPhone
		}
	}
	if err := p.Seal(s.Vault); err != nil {
		return Person{}, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := Resolve(ctx, tx, sc, &p); err != nil {
			return err
		}
		rev, err := Touch(ctx, tx)
		if err != nil {
			return err
		}
		now := s.Clock.Stamp()
		_, err = tx.ExecContext(ctx, `UPDATE people SET name=?, gender=?, birth_enc=?, birth_year=?, id_enc=?, id_hash=?, id_mask=?, phone_enc=?, phone_hash=?, phone_mask=?, status=?, joined_on=?, org_id=?, org_path=?, area_id=?, area_path=?, unit_id=?, mobile=?, pocket=?, seasonal_months=?, cadre_roles=?, tags=?, rev=?, updated_at=? WHERE id=?`,
			append(p.row(rev, now)[:23], now, p.ID)...)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("id_number", "err.person.id_taken")
		} else if err != nil {
			return apperr.Wrap(err, "person update")
		}
		return audit.Record(ctx, tx, "person.update", "person", p.ID, map[string]any{"name": p.Name, "status": p.Status, "area_id": p.AreaID, "org_id": p.OrgID})
	})
	if err != nil {
		return Person{}, err
	}
	return s.Get(ctx, sc, p.ID)
}
