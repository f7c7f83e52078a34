package orglife

import (
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// Organizational life: the meeting list (filters by org, kind and dates,
// sorting, paging, export), a meeting with its attendance, minutes and
// photos, and the phone-friendly form a branch secretary records a meeting
// with (one row per member: present, on leave or absent with a reason).

var meetingFilter = kit.QueryFilter[orglife.Filter]

// meetingTable is the meeting list's columns: the page and the export
// (which adds the place, the lecturer and the counts).
var meetingTable = kit.Table[orglife.Meeting]{Columns: []kit.Column[orglife.Meeting]{
	{Key: "meeting.held_on", Sort: "held_on", Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: m.HeldOn} }},
	{Key: "meeting.kind", Sort: "kind", Cell: func(lang string, m orglife.Meeting) kit.Cell {
		return kit.Cell{Text: kit.Tr(lang, "meeting.kind."+string(m.Kind))}
	}},
	{Key: "meeting.title", Sort: "title", Cell: func(_ string, m orglife.Meeting) kit.Cell {
		return kit.Cell{Text: m.Title, Href: "/orglife/" + kit.Itoa(m.ID)}
	}},
	{Key: "meeting.org", Sort: "org", Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: m.OrgName} }},
	{Key: "meeting.topic", Clip: 30, Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: m.Topic} }},
	{Key: "meeting.attendance", Cell: func(_ string, m orglife.Meeting) kit.Cell {
		return kit.Cell{Text: strconv.Itoa(m.Present) + "/" + strconv.Itoa(m.Expected)}
	}},
	{Key: "meeting.place", ExportOnly: true, Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: m.Place} }},
	{Key: "meeting.lecturer", ExportOnly: true, Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: m.Lecturer} }},
	{Key: "meeting.expected", ExportOnly: true, Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: strconv.Itoa(m.Expected)} }},
	{Key: "meeting.present", ExportOnly: true, Cell: func(_ string, m orglife.Meeting) kit.Cell { return kit.Cell{Text: strconv.Itoa(m.Present)} }},
}}

func (m *Module) pageMeetings(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, meetingFilter, m.Orglife.List, meetingTable, "meetings")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.orglife"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "meeting.q_hint"},
			kit.Pick("org_id", "meeting.org", "orgs", f.OrgID, "", false),
			{Name: "kind", Label: "meeting.kind", Type: "select", Options: kit.EnumOptions(orglife.Kinds, "meeting.kind.", string(f.Kind), "list.any")},
			{Name: "from", Label: "meeting.from", Type: "date", Value: f.From},
			{Name: "to", Label: "meeting.to", Type: "date", Value: f.To},
		},
		Actions:   []kit.Link{{Href: "/orglife/compliance", Key: "nav.compliance"}},
		ListTable: lt,
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/orglife/new", Key: "meeting.new"}, {Href: "/orglife/compliance", Key: "nav.compliance"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// meetingView is templates/meeting.html: a meeting's fields, minutes,
// attendance and photos, with the links and forms of a writer.
type meetingView struct {
	Title      string
	ID         int64
	Actions    []kit.Link
	Forms      []kit.InlineForm
	Fields     []kit.KV
	Minutes    string
	Attendance kit.Section
	Photos     []orglife.Photo
}

var meetingPage = kit.NewPage[meetingView]("meeting")

func (m *Module) pageMeeting(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	mt, _, err := kit.ByID(r, p, m.Orglife.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "meeting.org", Text: mt.OrgName, Href: "/orgs/" + kit.Itoa(mt.OrgID)}, {Key: "meeting.kind", Text: kit.Tr(lang, "meeting.kind."+string(mt.Kind))},
		{Key: "meeting.held_on", Text: mt.HeldOn}, {Key: "meeting.place", Text: mt.Place}, {Key: "meeting.topic", Text: mt.Topic},
		{Key: "meeting.lecturer", Text: mt.Lecturer}, {Key: "meeting.attendance", Text: strconv.Itoa(mt.Present) + "/" + strconv.Itoa(mt.Expected), ID: "meeting-attendance"}}
	var att [][]kit.Cell
	for _, a := range mt.Attendees {
		att = append(att, []kit.Cell{{Text: a.Name, Href: "/people/" + kit.Itoa(a.PersonID)}, {Text: kit.Tr(lang, "meeting.att."+a.Status)}, {Text: a.Reason}})
	}
	d := meetingView{Title: mt.Title, Fields: fields, Minutes: mt.Minutes, Photos: mt.Photos, ID: mt.ID,
		Attendance: kit.Section{Key: "meeting.attendance", Cols: kit.Cols("meeting.member", "meeting.att_status", "meeting.reason"), Rows: att},
		Actions:    []kit.Link{{Href: "/orglife?org_id=" + kit.Itoa(mt.OrgID), Key: "meeting.org_meetings"}}}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = append(d.Actions, kit.Link{Href: "/orglife/" + kit.Itoa(mt.ID) + "/edit", Key: "meeting.edit"})
		d.Forms = []kit.InlineForm{kit.DeleteForm("/orglife/"+kit.Itoa(mt.ID)+"/delete", "meeting.delete")}
	}
	meetingPage.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// meetingPhoto serves a photo of a meeting in scope, with its sniffed type.
func (m *Module) meetingPhoto(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := kit.PathID(r, "photo")
	if err != nil {
		return err
	}
	ct, data, err := m.Orglife.PhotoData(r.Context(), p.Scope, id, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "inline")
	w.Write(data)
	return nil
}

// meetingForm is the form's state: the draft, the roster and the error;
// an edit has its action and cancel link, and the meeting's photos.
type meetingForm struct {
	Draft          orglife.Draft
	OrgName        string
	Roster         []rosterRow
	Action, Cancel string
	MeetingID      int64
	Photos         []orglife.Photo
}

type rosterRow struct {
	ID                   int64
	Name, Status, Reason string
}

func (m *Module) pageMeetingNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	orgID, err := kit.QueryID(r, "org_id")
	if err != nil {
		return err
	}
	if orgID == 0 {
		orgID = p.User.ScopeOrgID // a branch secretary records their own branch's
	}
	f := meetingForm{Draft: orglife.Draft{OrgID: orgID, Kind: orglife.CommitteeMeet, HeldOn: m.Orglife.Today()}}
	if orgID != 0 {
		if err := m.loadRoster(r, p, &f, nil); err != nil {
			return err
		}
	}
	m.renderMeetingForm(w, r, http.StatusOK, f, "")
	return nil
}

// loadRoster fills the form's roster (members of the chosen org in scope)
// with the statuses given, present by default.
func (m *Module) loadRoster(r *http.Request, p *kit.Principal, f *meetingForm, given []orglife.Attendee) error {
	members, err := m.Orglife.Members(r.Context(), p.Scope, f.Draft.OrgID)
	if err != nil {
		return err
	}
	o, err := m.Orgs.Get(r.Context(), p.Scope, f.Draft.OrgID)
	if err != nil {
		return err
	}
	f.OrgName = o.Name
	byID := map[int64]orglife.Attendee{}
	for _, a := range given {
		byID[a.PersonID] = a
	}
	for _, mt := range members {
		row := rosterRow{ID: mt.ID, Name: mt.Name, Status: orglife.Present}
		if a, ok := byID[mt.ID]; ok {
			row.Status, row.Reason = a.Status, a.Reason
		} else if given != nil {
			row.Status = orglife.Absent
		}
		f.Roster = append(f.Roster, row)
	}
	return nil
}

// meetingFormView is templates/meetingform.html: the org picker (a new
// meeting) or the org's name (an edit), the fields, the roster with the
// attendance statuses, and the photo slots; an edit has its action,
// cancel link and the meeting's photos, with those ticked for removal.
type meetingFormView struct {
	Title, Error   string
	Org            kit.FormField
	OrgID          int64
	OrgName        string
	Fields         []kit.FormField
	Roster         []rosterRow
	Statuses       []string
	PhotoSlots     []int
	Action, Cancel string
	MeetingID      int64
	Photos         []orglife.Photo
	Removed        map[int64]bool
}

var meetingFormPage = kit.NewPage[meetingFormView]("meetingform")

func (m *Module) renderMeetingForm(w http.ResponseWriter, r *http.Request, code int, f meetingForm, msg string) {
	lang := kit.LangOf(r)
	d := f.Draft
	fields := []kit.FormField{
		{Name: "kind", Label: "meeting.kind", Type: "select", Options: kit.EnumOptions(orglife.Kinds, "meeting.kind.", string(d.Kind), ""), Required: true},
		{Name: "held_on", Label: "meeting.held_on", Type: "date", Value: d.HeldOn, Required: true},
		{Name: "title", Label: "meeting.title", Type: "text", Value: d.Title, Required: true},
		{Name: "place", Label: "meeting.place", Type: "text", Value: d.Place},
		{Name: "topic", Label: "meeting.topic", Type: "text", Value: d.Topic},
		{Name: "lecturer", Label: "meeting.lecturer", Type: "text", Value: d.Lecturer},
		{Name: "minutes", Label: "meeting.minutes", Type: "textarea", Value: d.Minutes},
	}
	data := meetingFormView{Title: kit.Tr(lang, "meeting.new"), Fields: fields, Error: msg,
		Org: kit.Pick("org_id", "meeting.org", "orgs", d.OrgID, f.OrgName, true), OrgID: d.OrgID, OrgName: f.OrgName, Roster: f.Roster,
		Statuses: orglife.AttendanceStatuses, PhotoSlots: []int{1, 2, 3}}
	if f.Action != "" {
		data.Title, data.Action, data.Cancel, data.MeetingID, data.Photos = kit.Tr(lang, "meeting.edit"), f.Action, f.Cancel, f.MeetingID, f.Photos
		data.Removed = map[int64]bool{}
		for _, x := range d.RemovePhotos {
			data.Removed[x] = true
		}
	}
	meetingFormPage.Render(m.Kit, w, r, code, data)
}

func (m *Module) pageMeetingCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d, err := meetingDraft(r)
	if err == nil {
		var mt orglife.Meeting
		if mt, err = m.Orglife.Create(r.Context(), p.Scope, d); err == nil {
			http.Redirect(w, r, "/orglife/"+kit.Itoa(mt.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	f := meetingForm{Draft: d}
	if d.OrgID != 0 {
		if m.loadRoster(r, p, &f, d.Attendance) != nil {
			f.Draft.OrgID, f.Roster = 0, nil // an org outside the scope is not shown
		}
	}
	msg := kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message
	m.renderMeetingForm(w, r, kit.Status(apperr.CodeOf(err)), f, msg)
	return nil
}

// meetingDraft reads the form: the fields, att_<person id> and
// reason_<person id> per member, and photo_<n> with caption_<n>.
func meetingDraft(r *http.Request) (orglife.Draft, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") && r.MultipartForm == nil {
		if err := r.ParseMultipartForm(4 << 20); err != nil {
			return orglife.Draft{}, apperr.InvalidField("photos", "err.orglife.photo_size").With("name", "").With("max", "2 MB")
		}
	}
	if err := r.ParseForm(); err != nil {
		return orglife.Draft{}, apperr.InvalidField("form", "err.param.form")
	}
	d := orglife.Draft{Kind: orglife.Kind(r.PostFormValue("kind")), HeldOn: strings.TrimSpace(r.PostFormValue("held_on")), Title: r.PostFormValue("title"),
		Place: r.PostFormValue("place"), Topic: r.PostFormValue("topic"), Lecturer: r.PostFormValue("lecturer"), Minutes: r.PostFormValue("minutes")}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
		return d, err
	}
	for key := range r.PostForm {
		rest, ok := strings.CutPrefix(key, "att_")
		if !ok {
			continue
		}
		pid, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || pid <= 0 {
			return d, apperr.InvalidField("attendance", "err.orglife.attendance_status")
		}
		d.Attendance = append(d.Attendance, orglife.Attendee{PersonID: pid, Status: r.PostFormValue(key), Reason: r.PostFormValue("reason_" + rest)})
	}
	if r.MultipartForm == nil {
		return d, nil
	}
	for n := 1; n <= orglife.MaxPhotos+1; n++ {
		for _, fh := range r.MultipartForm.File["photo_"+strconv.Itoa(n)] {
			data, err := readPhoto(fh)
			if err != nil {
				return d, err
			}
			d.Photos = append(d.Photos, orglife.Upload{Name: fh.Filename, Caption: r.PostFormValue("caption_" + strconv.Itoa(n)), Data: data})
		}
	}
	return d, nil
}

// readPhoto reads one uploaded file, at most one byte past the photo
// limit (so an oversize photo is refused by the store's check).
func readPhoto(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, apperr.Wrap(err, "photo open")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, orglife.MaxPhotoBytes+1))
	return b, apperr.Wrap(err, "photo read")
}
