package kit

// PickOption is one match of a picker search.
type PickOption struct {
	ID          int64
	Name, Extra string
}

// PickLimit is how many matches a picker shows.
const PickLimit = 15

// Pick makes a picker field for an id, showing display as its current
// name.
func Pick(name, label, kind string, id int64, display string, required bool) FormField {
	if id != 0 && display == "" {
		display = "#" + Itoa(id)
	}
	return FormField{Name: name, Label: label, Type: "pick", Pick: kind, Value: IDStr(id), Display: display, Required: required, Placeholder: "pick.hint"}
}

// IDStr is an id for a form value: empty for none.
func IDStr(id int64) string {
	if id == 0 {
		return ""
	}
	return Itoa(id)
}
