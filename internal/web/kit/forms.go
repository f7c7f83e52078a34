package kit

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
)

// PostThenRedirect runs a form post's write on the record the path's id
// names, then sends the browser back to base+id (303): the
// form-post-then-redirect of every detail page's small forms.
func PostThenRedirect(w http.ResponseWriter, r *http.Request, base string, fn func(id int64) error) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	if err := fn(id); err != nil {
		return err
	}
	http.Redirect(w, r, base+Itoa(id), http.StatusSeeOther)
	return nil
}

// DeleteForm is the delete button of a detail page, with its confirmation
// box.
func DeleteForm(action, title string) InlineForm {
	return InlineForm{Action: action, Title: title, Button: "form.delete", Fields: []FormField{
		{Name: "confirm", Label: "form.delete_confirm", Type: "checkbox"}}}
}

// Confirmed refuses a delete posted without its confirmation.
func Confirmed(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	if r.PostFormValue("confirm") == "" {
		return apperr.InvalidField("confirm", "err.delete_confirm")
	}
	return nil
}

// Removed deletes (once confirmed) and goes back.
func Removed(w http.ResponseWriter, r *http.Request, del func() error, back string) error {
	if err := Confirmed(r); err != nil {
		return err
	}
	if err := del(); err != nil {
		return err
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// FormIDs reads a repeated id field (checkboxes), each value one id or
// a list of ids separated by commas or spaces.
func FormIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.PostForm[name] {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil || id <= 0 {
				return nil, apperr.InvalidField(name, "err.param.id")
			}
			out = append(out, id)
		}
	}
	return out, nil
}

// Saved finishes a form POST that stored a record: with err nil it
// redirects to the record's page (to); a refusal shows the form (page,
// with its fields) again, the error beside its field or above the form,
// with the refusal's status; an internal error goes to the error page.
func Saved(k *Kit, w http.ResponseWriter, r *http.Request, err error, to string, page FormPage) error {
	if err == nil {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	page.Error = FormErr(LangOf(r), err, page.Fields)
	Form.Render(k, w, r, Status(apperr.CodeOf(err)), page)
	return nil
}
