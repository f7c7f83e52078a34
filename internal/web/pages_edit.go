package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// Edit pages for orgs and units. An org keeps its code, area and parent
// (a move is a new org plus transfers); its secretary is chosen among its
// members.

func (s *Server) orgEditFields(r *http.Request, p *Principal, o org.Org) ([]formField, error) {
	members, _, err := s.People.List(r.Context(), p.Scope, person.Filter{OrgID: o.ID, Status: person.Member, Page: db.Page{Limit: db.MaxPage}, Sort: "name"})
	if err != nil {
		return nil, err
	}
	secretary := []option{{Value: "", Label: "org.no_secretary"}}
	for _, m := range members {
		secretary = append(secretary, option{Value: kit.Itoa(m.ID), Label: m.Name, Raw: true, Selected: m.ID == o.SecretaryID})
	}
	return []formField{
		{Name: "name", Label: "org.name", Type: "text", Value: o.Name, Required: true},
		{Name: "kind", Label: "org.kind", Type: "select", Required: true, Options: kit.EnumOptions(org.Kinds, "org.kind.", string(o.Kind), "")},
		{Name: "sector", Label: "org.sector", Type: "select", Required: true, Options: kit.EnumOptions(org.Sectors, "org.sector.", string(o.Sector), "")},
		{Name: "secretary_id", Label: "org.secretary", Type: "select", Options: secretary},
		{Name: "founded_on", Label: "org.founded_on", Type: "date", Value: o.FoundedOn},
	}, nil
}

func (s *Server) pageOrgEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Orgs.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	fields, err := s.orgEditFields(r, p, o)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "form", map[string]any{"Title": o.Name, "Action": "/orgs/" + kit.Itoa(id), "Cancel": "/orgs/" + kit.Itoa(id), "Fields": fields})
	return nil
}

func (s *Server) pageOrgUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Orgs.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	o.Name, o.Kind, o.Sector, o.FoundedOn = r.PostFormValue("name"), org.Kind(r.PostFormValue("kind")), org.Sector(r.PostFormValue("sector")), r.PostFormValue("founded_on")
	if o.SecretaryID, err = kit.FormInt(r, "secretary_id"); err == nil {
		if _, err = s.Orgs.Update(r.Context(), p.Scope, o); err == nil {
			http.Redirect(w, r, "/orgs/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal || apperr.CodeOf(err) == apperr.NotFound {
		return err
	}
	fields, ferr := s.orgEditFields(r, p, o)
	if ferr != nil {
		return ferr
	}
	msg := kit.FormErr(kit.LangOf(r), err, fields)
	s.Render(w, r, kit.Status(apperr.CodeOf(err)), "form", map[string]any{"Title": o.Name, "Action": "/orgs/" + kit.Itoa(id), "Cancel": "/orgs/" + kit.Itoa(id), "Fields": fields, "Error": msg})
	return nil
}

// unitForm reads a unit from a posted form.
func unitForm(r *http.Request) (unit.Unit, error) {
	u := unit.Unit{Name: r.PostFormValue("name"), CreditCode: r.PostFormValue("credit_code"), Kind: unit.Kind(r.PostFormValue("kind")), Industry: r.PostFormValue("industry"),
		ChainTags: unit.ParseTags(r.PostFormValue("chain_tags")), ForeignOwned: r.PostFormValue("foreign_owned") != ""}
	if e := strings.TrimSpace(r.PostFormValue("employees")); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil {
			return u, apperr.InvalidField("employees", "err.unit.employees")
		}
		u.Employees = n
	}
	var err error
	if u.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return u, err
	}
	u.OrgID, err = kit.FormInt(r, "org_id")
	return u, err
}

func (s *Server) pageUnitEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Units.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "form", map[string]any{"Title": u.Name, "Action": "/units/" + kit.Itoa(id), "Cancel": "/units/" + kit.Itoa(id), "Fields": unitFields(u)})
	return nil
}

func (s *Server) pageUnitUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Units.Get(r.Context(), p.Scope, id); err != nil {
		return err
	}
	u, err := unitForm(r)
	u.ID = id
	if err == nil {
		if _, err = s.Units.Update(r.Context(), p.Scope, u); err == nil {
			http.Redirect(w, r, "/units/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	fields := unitFields(u)
	msg := kit.FormErr(kit.LangOf(r), err, fields)
	s.Render(w, r, kit.Status(apperr.CodeOf(err)), "form", map[string]any{"Title": u.Name, "Action": "/units/" + kit.Itoa(id), "Cancel": "/units/" + kit.Itoa(id), "Fields": fields, "Error": msg})
	return nil
}
