package importer

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/org"
)

// orgFields maps org field names to column keys.
var orgFields = map[string]string{"area_id": "area_code", "parent_id": "parent_code"}

// orgItem is one checked org row waiting to be written.
type orgItem struct {
	line   int
	o      org.Org
	parent string // parent code, "" for none
}

// fileOrg is an org defined by an earlier row of the file. path is a
// stand-in for the path it will get ("x" for each id not known yet), good
// for scope checks, which only compare prefixes.
type fileOrg struct {
	line   int
	kind   org.Kind
	path   string
	failed bool // the row has problems; rows under it skip parent checks
}

// orgsLoader imports orgs in file order, so a row may name as parent an org
// created by an earlier row.
type orgsLoader struct {
	*base
	items []orgItem
	codes map[string]fileOrg
}

// check validates one org row.
func (l *orgsLoader) check(ctx context.Context, r row) error {
	it := orgItem{line: r.line, parent: r.get("parent_code"), o: org.Org{
		Code:      r.get("code"),
		Name:      r.get("name"),
		Kind:      org.Kind(enum(orgKindNames, r.get("kind"))),
		Sector:    org.Sector(enum(sectorNames, r.get("sector"))),
		FoundedOn: normDate(r.get("founded_on")),
	}}
	path, err := l.fill(ctx, r, &it)
	if err != nil {
		if _, known := l.codes[it.o.Code]; !known && it.o.Code != "" {
			l.codes[it.o.Code] = fileOrg{line: r.line, failed: true}
		}
		return l.reject(r.line, err, orgFields)
	}
	l.codes[it.o.Code] = fileOrg{line: r.line, kind: it.o.Kind, path: path}
	l.items = append(l.items, it)
	return nil
}

// fill resolves the row's area and parent, validates the org, checks that
// its code is new and that it lands inside the scope, and returns its
// stand-in path.
func (l *orgsLoader) fill(ctx context.Context, r row, it *orgItem) (string, error) {
	o := &it.o
	a, err := l.refs.areaOf(ctx, r.get("area_code"))
	if err != nil {
		return "", err
	}
	o.AreaID, o.AreaPath = a.id, a.path
	if err := o.Validate(); err != nil {
		return "", err
	}
	if f, dup := l.codes[o.Code]; dup {
		return "", dupOf("code", f.line)
	}
	if x, err := l.refs.org(ctx, o.Code); err != nil {
		return "", err
	} else if x != nil {
		return "", apperr.InvalidField("code", "err.code_taken").With("code", o.Code)
	}
	parentPath, skip, err := l.parent(ctx, it.parent)
	if err != nil {
		return "", err
	}
	path := parentPath + "x/"
	if !skip && !l.sc.All && !l.sc.HasRow(o.AreaPath, path) {
		return "", forbidden(l.sc, o.AreaPath, "parent_code")
	}
	return path, nil
}

// parent resolves a parent code to its (stand-in) path, checking that it
// may hold children and is inside the scope. skip is true when the parent
// is a bad row of the file, so the row's scope cannot be judged.
func (l *orgsLoader) parent(ctx context.Context, code string) (path string, skip bool, err error) {
	if code == "" {
		return "/", false, nil
	}
	var kind org.Kind
	if f, ok := l.codes[code]; ok {
		if f.failed {
			return "", true, nil
		}
		kind, path = f.kind, f.path
	} else {
		p, err := l.refs.org(ctx, code)
		if err != nil {
			return "", false, err
		} else if p == nil {
			return "", false, apperr.InvalidField("parent_code", "err.import.unknown_parent").With("code", code)
		}
		if !l.sc.HasRow(p.areaPath, p.path) {
			return "", false, apperr.ErrForbidden.OnField("parent_code")
		}
		kind, path = p.kind, p.path
	}
	if !org.CanHoldChildren(kind) {
		return "", false, apperr.InvalidField("parent_code", "err.org.parent_leaf")
	}
	return path, false, nil
}

func (l *orgsLoader) finish(context.Context) error { return nil }

// insert writes the orgs in file order through org.Insert, which checks
// each again against the scope.
func (l *orgsLoader) insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error) {
	ids := make(map[string]int64, len(l.items))
	for _, it := range l.items {
		o := it.o
		if it.parent != "" {
			if id, ok := ids[it.parent]; ok {
				o.ParentID = id
			} else if p, err := l.refs.org(ctx, it.parent); err != nil {
				return 0, err
			} else if p != nil {
				o.ParentID = p.id
			}
		}
		if err := org.Insert(ctx, tx, l.sc, &o); err != nil {
			return 0, rowFailure(it.line, err, orgFields)
		}
		ids[o.Code] = o.ID
		step(1)
	}
	return len(l.items), nil
}
