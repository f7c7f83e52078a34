package talent

import (
	"bufio"
	"context"
	_ "embed"
	"sort"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/text"
)

//go:embed skills.tsv
var skillsTSV string

// Skill is one node of the skill taxonomy. A field is a top-level skill.
type Skill struct {
	ID       int64    `json:"id"`
	Code     string   `json:"code"`
	Parent   string   `json:"parent,omitempty"` // parent code
	Field    string   `json:"field"`            // top-level code
	Depth    int      `json:"depth"`            // 0 for a field
	Name     string   `json:"name"`
	NameEn   string   `json:"name_en"`
	Synonyms []string `json:"synonyms"`
}

// Taxonomy is the skill tree in memory, with every name and synonym
// pointing at its skill. It is read-only once built.
type Taxonomy struct {
	Skills []Skill        // in file order: parents before children
	byCode map[string]int // code → index
	byName map[string]int // normalized name or synonym → index
	byID   map[int64]int  // id → index
	kids   map[string][]int
}

// parseTaxonomy reads the embedded skill file.
func parseTaxonomy(src string) (*Taxonomy, error) {
	tx := &Taxonomy{byCode: map[string]int{}, byName: map[string]int{}, byID: map[int64]int{}, kids: map[string][]int{}}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, apperr.Wrap(nil, "skills.tsv: bad line "+line)
		}
		s := Skill{Code: f[0], Parent: f[1], Name: f[2], NameEn: f[3]}
		if f[4] != "" {
			s.Synonyms = strings.Split(f[4], "|")
		}
		if err := tx.add(s); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

func (tx *Taxonomy) add(s Skill) error {
	if _, dup := tx.byCode[s.Code]; dup {
		return apperr.Wrap(nil, "skills: duplicate code "+s.Code)
	}
	s.Field = s.Code
	if s.Parent != "" {
		pi, ok := tx.byCode[s.Parent]
		if !ok {
			return apperr.Wrap(nil, "skills: unknown parent "+s.Parent)
		}
		s.Field, s.Depth = tx.Skills[pi].Field, tx.Skills[pi].Depth+1
		tx.kids[s.Parent] = append(tx.kids[s.Parent], len(tx.Skills))
	}
	i := len(tx.Skills)
	tx.Skills = append(tx.Skills, s)
	tx.byCode[s.Code] = i
	for _, n := range append([]string{s.Name, s.NameEn, s.Code}, s.Synonyms...) {
		k := text.Normalize(n)
		if _, taken := tx.byName[k]; !taken {
			tx.byName[k] = i
		}
	}
	return nil
}

// LoadTaxonomy seeds the skills table from the embedded file (adding new
// codes, never removing any) and returns the taxonomy with database ids.
func LoadTaxonomy(ctx context.Context, d *db.DB) (*Taxonomy, error) {
	tx, err := parseTaxonomy(skillsTSV)
	if err != nil {
		return nil, err
	}
	err = d.InTx(ctx, func(t *db.Tx) error {
		ids := map[string]int64{}
		rows, err := t.QueryContext(ctx, `SELECT code, id FROM skills`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			var id int64
			if err := rows.Scan(&c, &id); err != nil {
				rows.Close()
				return err
			}
			ids[c] = id
		}
		rows.Close()
		for i := range tx.Skills {
			s := &tx.Skills[i]
			if id, ok := ids[s.Code]; ok {
				s.ID = id
				continue
			}
			s.ID, err = db.InsertID(ctx, t, `INSERT INTO skills (code, parent_id, field_code, depth, name, name_en, synonyms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				s.Code, db.NullID(ids[s.Parent]), s.Field, s.Depth, s.Name, s.NameEn, strings.Join(s.Synonyms, "|"))
			if err != nil {
				return err
			}
			ids[s.Code] = s.ID
		}
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(err, "skills seed")
	}
	for i, s := range tx.Skills {
		tx.byID[s.ID] = i
	}
	return tx, nil
}

// Get returns the skill with a code.
func (tx *Taxonomy) Get(code string) (Skill, bool) {
	i, ok := tx.byCode[code]
	if !ok {
		return Skill{}, false
	}
	return tx.Skills[i], true
}

// ByID returns the skill with a database id.
func (tx *Taxonomy) ByID(id int64) (Skill, bool) {
	i, ok := tx.byID[id]
	if !ok {
		return Skill{}, false
	}
	return tx.Skills[i], true
}

// Resolve turns a code, name or synonym ("心内科") into its skill.
func (tx *Taxonomy) Resolve(s string) (Skill, bool) {
	if i, ok := tx.byCode[strings.TrimSpace(s)]; ok {
		return tx.Skills[i], true
	}
	i, ok := tx.byName[text.Normalize(s)]
	if !ok {
		return Skill{}, false
	}
	return tx.Skills[i], true
}

// ResolveAll resolves a list of codes, names or synonyms to distinct codes,
// in input order. An unknown skill is an error naming it.
func (tx *Taxonomy) ResolveAll(field string, in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			continue
		}
		sk, ok := tx.Resolve(s)
		if !ok {
			return nil, apperr.InvalidField(field, "err.talent.skill_unknown").With("skill", s)
		}
		if !seen[sk.Code] {
			seen[sk.Code] = true
			out = append(out, sk.Code)
		}
	}
	return out, nil
}

// Fields returns the top-level skills.
func (tx *Taxonomy) Fields() []Skill {
	var out []Skill
	for _, s := range tx.Skills {
		if s.Depth == 0 {
			out = append(out, s)
		}
	}
	return out
}

// Children returns the direct children of a skill, in file order.
func (tx *Taxonomy) Children(code string) []Skill {
	var out []Skill
	for _, i := range tx.kids[code] {
		out = append(out, tx.Skills[i])
	}
	return out
}

// Search returns skills whose name, English name or a synonym contains q
// (normalized), best first: exact names, then prefixes, then the rest.
func (tx *Taxonomy) Search(q string, limit int) []Skill {
	q = text.Normalize(q)
	type hit struct {
		i, rank int
	}
	var hits []hit
	for i, s := range tx.Skills {
		best := 99
		for _, n := range append([]string{s.Name, s.NameEn, s.Code}, s.Synonyms...) {
			n = text.Normalize(n)
			switch {
			case n == q:
				best = min(best, 0)
			case strings.HasPrefix(n, q):
				best = min(best, 1)
			case strings.Contains(n, q):
				best = min(best, 2)
			}
		}
		if best < 99 {
			hits = append(hits, hit{i, best})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].rank < hits[b].rank })
	var out []Skill
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		out = append(out, tx.Skills[h.i])
	}
	return out
}

// Relation is how well a talent's skill t serves a wanted skill w, in
// [0,1]: the same skill 1; a more specific one (w's descendant) 0.9; w's
// parent 0.6; a sibling 0.4; w's grandparent 0.3; anything else in the
// same field 0.15; another field 0.
func (tx *Taxonomy) Relation(w, t string) float32 {
	if w == t {
		return 1
	}
	wi, ok1 := tx.byCode[w]
	ti, ok2 := tx.byCode[t]
	if !ok1 || !ok2 {
		return 0
	}
	ws, ts := tx.Skills[wi], tx.Skills[ti]
	if ws.Field != ts.Field {
		return 0
	}
	switch {
	case strings.HasPrefix(t, w+"."):
		return 0.9
	case ws.Parent == t:
		return 0.6
	case ws.Parent != "" && ws.Parent == ts.Parent:
		return 0.4
	case strings.HasPrefix(w, t+"."):
		return 0.3
	}
	return 0.15
}

// Related lists the skills that serve a wanted skill w with their Relation,
// best first.
func (tx *Taxonomy) Related(w string) []Weighted {
	var out []Weighted
	for _, s := range tx.Skills {
		if r := tx.Relation(w, s.Code); r > 0 {
			out = append(out, Weighted{Code: s.Code, ID: s.ID, W: r})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].W > out[b].W })
	return out
}

// Weighted is a skill with a weight.
type Weighted struct {
	Code string
	ID   int64
	W    float32
}

// DefaultTaxonomy is the embedded taxonomy without a database: ids are
// positions (from 1). For tools, generators and benchmarks.
func DefaultTaxonomy() *Taxonomy {
	tx, err := parseTaxonomy(skillsTSV)
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	for i := range tx.Skills {
		tx.Skills[i].ID = int64(i + 1)
		tx.byID[int64(i+1)] = i
	}
	return tx
}
