package talent

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Forms of the talent pool: a talent profile (staff and self-registration)
// and a demand. Skills are typed as names or synonyms (a datalist offers
// the taxonomy) and resolved by the store; dates come in periods with a
// weekly slot grid.

// talentPeriods is how many stays a talent form offers.
const talentPeriods = 3

func periodsOf(stays []talent.Stay, n int, prefix string) []kit.PeriodForm {
	out := make([]kit.PeriodForm, n)
	for i := range out {
		out[i] = kit.PeriodForm{Index: i, Prefix: prefix + strconv.Itoa(i) + "_", Slots: map[string]bool{}}
		if i < len(stays) {
			out[i].Start, out[i].End = stays[i].Start, stays[i].End
			for _, s := range stays[i].Slots.Names() {
				out[i].Slots[s] = true
			}
		}
	}
	return out
}

// parsePeriods reads the filled periods of a form; a period with neither
// date is left out, one with a single date is kept (and fails validation).
func parsePeriods(r *http.Request, n int, prefix string) ([]talent.Stay, error) {
	var out []talent.Stay
	for i := 0; i < n; i++ {
		p := prefix + strconv.Itoa(i) + "_"
		a, b := strings.TrimSpace(r.PostFormValue(p+"start")), strings.TrimSpace(r.PostFormValue(p+"end"))
		if a == "" && b == "" {
			continue
		}
		slots, err := talent.ParseSlots(r.PostForm[p+"slots"])
		if err != nil {
			return nil, err
		}
		out = append(out, talent.Stay{Start: a, End: b, Slots: slots})
	}
	return out, nil
}

var skillSep = regexp.MustCompile(`[,，、;；\s]+`)

// splitSkills splits typed skills on commas, 、, semicolons and spaces.
func splitSkills(s string) []string {
	var out []string
	for _, x := range skillSep.Split(strings.TrimSpace(s), -1) {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// skillNames shows skill codes as their names, in the language.
func skillNames(tax *talent.Taxonomy, lang string, codes []string) string {
	var out []string
	for _, c := range codes {
		if sk, ok := tax.Get(c); ok {
			if lang == "en" {
				out = append(out, sk.NameEn)
			} else {
				out = append(out, sk.Name)
			}
		} else {
			out = append(out, c)
		}
	}
	return strings.Join(out, "、")
}

// skillList is the datalist of every skill name and synonym.
func skillList(tax *talent.Taxonomy) []string {
	var out []string
	for _, s := range tax.Skills {
		out = append(out, s.Name)
		out = append(out, s.Synonyms...)
	}
	sort.Strings(out)
	return out
}

func talentFields(t talent.Talent, tax *talent.Taxonomy, lang string, areas []kit.Option) []kit.FormField {
	cap := ""
	if t.Capacity > 0 {
		cap = strconv.Itoa(t.Capacity)
	}
	travel := ""
	if t.TravelKm > 0 || t.ID != 0 {
		travel = strconv.Itoa(t.TravelKm)
	}
	party := ""
	if t.PartyMember {
		party = "1"
	}
	return []kit.FormField{
		{Name: "name", Label: "talent.name", Type: "text", Value: t.Name, Required: true},
		{Name: "phone", Label: "talent.phone", Type: "tel", Value: newPhone(t), Placeholder: phoneHint(t)},
		{Name: "title", Label: "talent.title", Type: "text", Value: t.Title, Placeholder: "talent.title_hint"},
		{Name: "party_member", Label: "talent.party_member", Type: "checkbox", Value: party},
		{Name: "skills", Label: "talent.skills", Type: "skills", Value: skillNames(tax, lang, t.Skills), Required: true, Placeholder: "talent.skills_hint"},
		{Name: "expertise", Label: "talent.expertise", Type: "textarea", Value: t.Expertise, Placeholder: "talent.expertise_hint"},
		{Name: "experience", Label: "talent.experience", Type: "textarea", Value: t.Experience},
		{Name: "hometown", Label: "talent.hometown", Type: "text", Value: t.Hometown},
		{Name: "area_id", Label: "talent.area", Type: "select", Required: true, Options: areas},
		{Name: "travel_km", Label: "talent.travel_km", Type: "number", Value: travel, Required: true},
		{Name: "mode", Label: "talent.mode", Type: "select", Required: true, Options: kit.EnumOptions(talent.Modes, "talent.mode.", string(t.Mode), "")},
		{Name: "capacity", Label: "talent.capacity", Type: "number", Value: cap, Required: true},
	}
}

// newPhone echoes a typed phone on a refused registration; an edit form
// never shows the stored number (blank keeps it).
func newPhone(t talent.Talent) string {
	if t.ID == 0 {
		return t.Phone
	}
	return ""
}

func phoneHint(t talent.Talent) string {
	if t.ID != 0 {
		return "talent.phone_keep"
	}
	return ""
}

// parseTalent reads a talent form. Numbers that do not parse are reported
// on their field.
func parseTalent(r *http.Request) (talent.Talent, error) {
	t := talent.Talent{
		Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Title: r.PostFormValue("title"),
		PartyMember: r.PostFormValue("party_member") != "", Skills: splitSkills(r.PostFormValue("skills")),
		Expertise: r.PostFormValue("expertise"), Experience: r.PostFormValue("experience"), Hometown: r.PostFormValue("hometown"),
		Mode: talent.Mode(r.PostFormValue("mode")),
	}
	var err error
	if t.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return t, err
	}
	if t.TravelKm, err = formNum(r, "travel_km"); err != nil {
		return t, err
	}
	if t.Capacity, err = formNum(r, "capacity"); err != nil {
		return t, err
	}
	t.Stays, err = parsePeriods(r, talentPeriods, "stay")
	return t, err
}

// formNum reads a whole number (blank is 0).
func formNum(r *http.Request, name string) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, apperr.InvalidField(name, "err.param.number")
	}
	return n, nil
}

func demandFields(d talent.Demand, tax *talent.Taxonomy, lang string, orgName string) []kit.FormField {
	hc := ""
	if d.Headcount > 0 {
		hc = strconv.Itoa(d.Headcount)
	}
	return []kit.FormField{
		{Name: "title", Label: "demand.title", Type: "text", Value: d.Title, Required: true, Placeholder: "demand.title_hint"},
		kit.Pick("org_id", "demand.org", "orgs", d.OrgID, orgName, true),
		{Name: "required", Label: "demand.required", Type: "skills", Value: skillNames(tax, lang, d.Required), Required: true, Placeholder: "talent.skills_hint"},
		{Name: "optional", Label: "demand.optional", Type: "skills", Value: skillNames(tax, lang, d.Optional)},
		{Name: "body", Label: "demand.body", Type: "textarea", Value: d.Body},
		{Name: "place", Label: "demand.place", Type: "text", Value: d.Place},
		{Name: "mode", Label: "demand.mode", Type: "select", Required: true, Options: kit.EnumOptions(talent.Modes, "demand.mode.", string(d.Mode), "")},
		{Name: "headcount", Label: "demand.headcount", Type: "number", Value: hc, Required: true},
		{Name: "channel", Label: "demand.channel", Type: "select", Options: kit.EnumOptions(talent.Channels, "demand.channel.", d.Channel, "")},
	}
}

func parseDemand(r *http.Request) (talent.Demand, error) {
	d := talent.Demand{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Place: r.PostFormValue("place"),
		Required: splitSkills(r.PostFormValue("required")), Optional: splitSkills(r.PostFormValue("optional")),
		Mode: talent.Mode(r.PostFormValue("mode")), Channel: r.PostFormValue("channel")}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
		return d, err
	}
	if d.Headcount, err = formNum(r, "headcount"); err != nil {
		return d, err
	}
	periods, err := parsePeriods(r, 1, "when")
	if err != nil {
		return d, err
	}
	if len(periods) == 0 {
		return d, apperr.InvalidField("start", "err.talent.date")
	}
	d.Start, d.End, d.Slots = periods[0].Start, periods[0].End, periods[0].Slots
	return d, nil
}

// formPage is the talent and demand form's model.
func (m *Module) formPage(title, action, cancel, button, periodLabel string, fields []kit.FormField, periods []kit.PeriodForm) kit.SlotFormPage {
	return kit.SlotFormPage{Title: title, Action: action, Cancel: cancel, Button: button, Fields: fields,
		Periods: periods, PeriodLabel: periodLabel, SkillNames: skillList(m.Talents.Tax),
		SlotDays: talent.SlotDays, SlotPeriods: talent.SlotPeriods}
}
