package declaration

import (
	"context"
	"net/http"

	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// Conflicting declarations: every declaration of an ID number is its own
// case, and the cases sharing one are shown side by side on the
// declaration's page and by GET /api/v1/declarations/{id}/conflicts, with
// the read permission and scope of the declaration itself. Staff confirm
// one only after checking the person (how, and who checked).

// verifyInputs are the confirm form's "how was the person checked" fields.
func verifyInputs() []kit.FormField {
	return []kit.FormField{
		{Name: "verify_method", Label: "declaration.verify_method", Type: "select", Required: true,
			Options: kit.EnumOptions(declaration.VerifyMethods, "declaration.verify_method.", "", "")},
		{Name: "verify_note", Label: "declaration.verify_note", Type: "text", Required: true, Placeholder: "declaration.verify_note_hint"},
	}
}

// verifyFields show the conflict flag, the channel and, once confirmed,
// how the person was checked.
func verifyFields(lang string, d declaration.Declaration) []kit.KV {
	var out []kit.KV
	if d.Conflict {
		out = append(out, kit.KV{Key: "declaration.conflict", Text: kit.Tr(lang, "declaration.conflict_note"), ID: "declaration-conflict"})
	}
	if d.Channel != "" {
		out = append(out, kit.KV{Key: "declaration.channel", Text: kit.Tr(lang, "declaration.channel."+string(d.Channel))})
	}
	if d.VerifyMethod != "" {
		out = append(out, kit.KV{Key: "declaration.verify_method", Text: kit.Tr(lang, "declaration.verify_method."+string(d.VerifyMethod)), ID: "declaration-verify"},
			kit.KV{Key: "declaration.verify_note", Text: d.VerifyNote})
	}
	return out
}

// conflictSection lists the other declarations of d's ID number (none is
// no section); blocked is set when one of d's kind is already confirmed,
// so d can only be rejected.
func (m *Module) conflictSection(r *http.Request, p *kit.Principal, d declaration.Declaration) (sections []kit.Section, blocked bool, err error) {
	items, err := m.Declarations.Conflicts(r.Context(), p.Scope, d.ID)
	if err != nil || len(items) == 0 {
		return nil, false, err
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, c := range items {
		blocked = blocked || (c.Status == declaration.Confirmed && c.Kind == d.Kind)
		// One outside the scope shows only that it exists.
		ref := kit.Cell{Text: kit.Tr(lang, "declaration.elsewhere")}
		if c.InScope {
			ref = kit.Cell{Text: "#" + kit.Itoa(c.ID), Href: "/declarations/" + kit.Itoa(c.ID)}
		}
		channel := ""
		if c.Channel != "" {
			channel = kit.Tr(lang, "declaration.channel."+string(c.Channel))
		}
		status := kit.Tr(lang, "declaration.status."+string(c.Status))
		if c.Conflict {
			status += " · " + kit.Tr(lang, "declaration.conflict")
		}
		rows = append(rows, []kit.Cell{ref, {Text: c.CreatedAt.In(declaration.Sanya).Format("2006-01-02 15:04")}, {Text: c.Name},
			{Text: c.PhoneMask}, {Text: c.IDMask}, {Text: kit.Tr(lang, "declaration.kind."+string(c.Kind))}, {Text: channel}, {Text: status}})
	}
	return []kit.Section{{Key: "declaration.conflicts", Cols: kit.Cols("declaration.ref", "declaration.created_at", "declaration.name", "declaration.phone",
		"declaration.id_number", "declaration.kind", "declaration.channel", "declaration.status"), Rows: rows}}, blocked, nil
}

// conflictsJSON is the other declarations of a declaration's ID number.
type conflictsJSON struct {
	DeclarationID int64                  `json:"declaration_id"`
	Items         []declaration.Conflict `json:"items"`
}

// apiDeclarationConflicts answers the other declarations of a declaration's
// ID number (masked), oldest first.
func (m *Module) apiDeclarationConflicts(ctx context.Context, sc scope.Scope, id int64) (conflictsJSON, error) {
	items, err := m.Declarations.Conflicts(ctx, sc, id)
	return conflictsJSON{DeclarationID: id, Items: items}, err
}
