package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/assess"
	"dangjian/internal/db"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// orgnetExport writes the organization network's lists as a sheet: the
// alliances, projects and risk points, the recruitment pipeline and the
// 双培养 register, declarations and mobile members, weak-branch cases and
// supervision visits, and an assessment run's scores. Each reads the list
// page's filters and goes through the store's scoped queries, so an export
// holds exactly the rows the page would page through.
func (s *Server) orgnetExport(r *http.Request, p *Principal, kind string) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	hdr := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = kit.Tr(lang, k)
		}
		return out
	}
	switch kind {
	case "alliances":
		f, _, err := allianceFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr("alliance.name", "alliance.kind", "alliance.lead", "alliance.members", "alliance.note")...)
			return kit.PagedRows(sw, func(pg db.Page) ([]alliance.Alliance, error) {
				f.Page = pg
				items, _, err := s.alliances().List(r.Context(), p.Scope, f)
				return items, err
			}, func(a alliance.Alliance) []string {
				return []string{a.Name, allianceKind(lang, a), a.LeadOrgName, strconv.Itoa(a.MemberCount), a.Note}
			})
		}, nil
	case "alliance-work":
		return s.allianceWorkExport(r, p)
	case "projects":
		f, _, err := projectFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr("project.name", "project.parent", "project.org", "project.status", "project.progress", "project.weight", "project.due_on", "project.description")...)
			return kit.PagedRows(sw, func(pg db.Page) ([]project.Project, error) {
				f.Page = pg
				items, _, err := s.projects().ListProjects(r.Context(), p.Scope, f)
				return items, err
			}, func(x project.Project) []string {
				return []string{x.Name, x.ParentName, x.OrgName, projectStatus(lang, x), strconv.Itoa(x.Progress) + "%", strconv.Itoa(x.Weight), x.DueOn, x.Description}
			})
		}, nil
	case "risks":
		f, _, err := riskFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr("risk.description", "risk.target", "risk.level", "risk.controls", "risk.owner", "risk.last_review", "risk.due")...)
			return kit.PagedRows(sw, func(pg db.Page) ([]project.Risk, error) {
				f.Page = pg
				items, _, err := s.projects().ListRisks(r.Context(), p.Scope, f)
				return items, err
			}, func(k project.Risk) []string {
				return []string{k.Description, riskTarget(k), kit.Tr(lang, "risk.level."+string(k.Level)), strings.Join(k.Controls, "；"), k.Owner, k.LastReview, kit.YesNo(lang, k.DueReview)}
			})
		}, nil
	case "assess-run":
		return s.assessRunExport(r, p)
	case "assess-indices":
		return s.assessIndicesExport(r, p)
	}
	return nil, apperr.InvalidField("kind", "err.param.enum")
}

// allianceWorkExport writes an alliance's tasks and its memoranda's
// commitments, with owners, dates, status and progress (the alliance must
// be visible in scope).
func (s *Server) allianceWorkExport(r *http.Request, p *Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	id, err := kit.QueryID(r, "alliance")
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, apperr.InvalidField("alliance", "err.alliance.export_required")
	}
	a, err := s.alliances().Get(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	h := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = kit.Tr(lang, k)
		}
		return out
	}
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "alliance.tasks"), a.Name)
		sw.Row(h("alliance.task_id", "alliance.decision", "alliance.owner", "alliance.deadline", "alliance.status", "alliance.done_on", "alliance.overdue")...)
		for _, t := range a.Tasks {
			sw.Row("#"+kit.Itoa(t.ID), t.Decision, t.OwnerName, t.Deadline, kit.Tr(lang, "alliance.task."+t.Status), t.DoneOn, kit.YesNo(lang, t.Overdue))
		}
		sw.Row()
		sw.Row(kit.Tr(lang, "alliance.memoranda"), a.Name)
		sw.Row(h("alliance.memo_title", "alliance.signed_on", "alliance.parties", "alliance.commitment_id", "alliance.commitment", "alliance.owner",
			"alliance.due_on", "alliance.progress", "alliance.overdue", "alliance.updates")...)
		for _, m := range a.Memoranda {
			for _, c := range m.Commitments {
				var notes []string
				for _, u := range c.Updates {
					notes = append(notes, strconv.Itoa(u.Progress)+"% "+u.Note)
				}
				if err := sw.Row(m.Title, m.SignedOn, memberNames(m.Parties), "#"+kit.Itoa(c.ID), c.Content, c.OwnerName, c.DueOn, strconv.Itoa(c.Progress)+"%",
					kit.YesNo(lang, c.Overdue), strings.Join(notes, "；")); err != nil {
					return err
				}
			}
		}
		return nil
	}, nil
}

// assessRunExport writes a run's ranking: one row per org in scope with its
// rank, score and each indicator's raw and normalised value, the
// indicators' names in the header.
func (s *Server) assessRunExport(r *http.Request, p *Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := s.exportedRun(r, p)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		h := []string{kit.Tr(lang, "assess.rank"), kit.Tr(lang, "assess.org"), kit.Tr(lang, "assess.parent"), kit.Tr(lang, "assess.score")}
		for _, i := range x.Indicators {
			h = append(h, fmt.Sprintf("%s %s", i.Name, kit.Tr(lang, "assess.raw")), fmt.Sprintf("%s %s", i.Name, kit.Tr(lang, "assess.norm")))
		}
		sw.Row(h...)
		for _, sc := range x.Scores {
			row := []string{strconv.Itoa(sc.Rank), sc.OrgName, sc.ParentName, num(sc.Score)}
			for i := range x.Indicators {
				raw, norm := "", ""
				if i < len(sc.Raw) {
					raw = num(sc.Raw[i])
				}
				if i < len(sc.Norm) {
					norm = num(sc.Norm[i])
				}
				row = append(row, raw, norm)
			}
			if err := sw.Row(row...); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// exportedRun is the run named by ?run=, visible in scope.
func (s *Server) exportedRun(r *http.Request, p *Principal) (assess.Run, error) {
	id, err := kit.QueryID(r, "run")
	if err != nil {
		return assess.Run{}, err
	}
	if id == 0 {
		return assess.Run{}, apperr.InvalidField("run", "err.assess.run_required")
	}
	return s.assessStore().GetRun(r.Context(), p.Scope, id)
}

// assessIndicesExport writes a run's four indices (四项指数) per committee,
// as the indices page shows them.
func (s *Server) assessIndicesExport(r *http.Request, p *Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := s.exportedRun(r, p)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		h := []string{kit.Tr(lang, "assess.group")}
		for _, k := range assess.Indices {
			h = append(h, kit.Tr(lang, "assess.index."+k))
		}
		sw.Row(h...)
		for _, g := range assess.IndexRows(x) {
			row := []string{g.Group}
			for _, k := range assess.Indices {
				v, ok := g.Values[k]
				row = append(row, map[bool]string{true: num(v), false: ""}[ok])
			}
			if err := sw.Row(row...); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
