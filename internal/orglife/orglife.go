// Package orglife is organizational life (组织生活): the meetings a party
// organization holds — "three meetings, one lesson" (三会一课: the general
// meeting of members, the committee meeting, the party group meeting and the
// party lecture), the monthly theme day (主题党日) and study sessions
// (学习/送学上门) — with each member's attendance, the minutes and photos,
// and compliance: which required meetings each branch held in a year,
// quarter or month, and which it missed.
package orglife

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/validation"
)

// Kind is the kind of a meeting.
type Kind string

const (
	GeneralMeeting Kind = "general_meeting" // 党员大会 (quarterly)
	CommitteeMeet  Kind = "committee"       // 支委会 (monthly)
	GroupMeeting   Kind = "group"           // 党小组会 (monthly)
	Lecture        Kind = "lecture"         // 党课 (quarterly)
	ThemeDay       Kind = "theme_day"       // 主题党日 (monthly)
	Study          Kind = "study"           // 学习/送学上门 (no requirement)
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{GeneralMeeting, CommitteeMeet, GroupMeeting, Lecture, ThemeDay, Study}

// ValidKind reports whether k is a known kind.
func ValidKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Attendance statuses.
const (
	Present = "present" // 出席
	Absent  = "absent"  // 缺席
	Leave   = "leave"   // 请假
)

// AttendanceStatuses lists the statuses.
var AttendanceStatuses = []string{Present, Absent, Leave}

// Limits.
const (
	MaxPhotoBytes = 2 << 20 // one photo
	MaxPhotos     = 9
	MaxMinutes    = 20000 // characters
)

// Sanya is the platform's local time (UTC+8, no daylight saving); "today"
// for the future-date rule is Sanya's date.
var Sanya = clock.Sanya

// Meeting is one meeting an org held.
type Meeting struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Kind      Kind       `json:"kind"`
	HeldOn    string     `json:"held_on"` // YYYY-MM-DD
	Title     string     `json:"title"`
	Place     string     `json:"place"`
	Topic     string     `json:"topic"`
	Lecturer  string     `json:"lecturer"`
	Minutes   string     `json:"minutes"`
	Expected  int        `json:"expected"`
	Present   int        `json:"present"`
	CreatedAt time.Time  `json:"created_at"`
	Attendees []Attendee `json:"attendees,omitempty"`
	Photos    []Photo    `json:"photos,omitempty"`
}

// Attendee is one member's attendance at a meeting.
type Attendee struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
}

// Photo is a meeting photo's description; its bytes are read by PhotoData.
type Photo struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Caption     string `json:"caption"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// Upload is a photo as uploaded.
type Upload struct {
	Name    string
	Caption string
	Data    []byte
}

// Member is one of an org's members (member or probationary), the roster
// attendance is taken from.
type Member struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Draft is a meeting record as its recorder gives it. Members of the org
// not named in Attendance are recorded as absent.
type Draft struct {
	OrgID      int64
	Kind       Kind
	HeldOn     string
	Title      string
	Place      string
	Topic      string
	Lecturer   string
	Minutes    string
	Attendance []Attendee
	Photos     []Upload
	// RemovePhotos names photos of the meeting to remove (an edit only).
	RemovePhotos []int64
}

var imageTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// Validate checks what needs no database; today is Sanya's date
// (YYYY-MM-DD).
func (d *Draft) Validate(today string) error {
	d.Title, d.Place = strings.TrimSpace(d.Title), strings.TrimSpace(d.Place)
	d.Topic, d.Lecturer, d.Minutes = strings.TrimSpace(d.Topic), strings.TrimSpace(d.Lecturer), strings.TrimSpace(d.Minutes)
	if d.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.orglife.org_required")
	}
	if !ValidKind(d.Kind) {
		return apperr.InvalidField("kind", "err.orglife.kind")
	}
	if _, err := validation.PastDate(d.HeldOn, "held_on", today, "err.orglife.future_date"); err != nil {
		return err
	}
	if d.Title == "" || utf8.RuneCountInString(d.Title) > 100 {
		return apperr.InvalidField("title", "err.orglife.title")
	}
	if utf8.RuneCountInString(d.Place) > 100 || utf8.RuneCountInString(d.Topic) > 200 || utf8.RuneCountInString(d.Lecturer) > 60 {
		return apperr.InvalidField("topic", "err.text_too_long")
	}
	if utf8.RuneCountInString(d.Minutes) > MaxMinutes {
		return apperr.InvalidField("minutes", "err.orglife.minutes_long").With("max", MaxMinutes)
	}
	seen := map[int64]bool{}
	for i := range d.Attendance {
		a := &d.Attendance[i]
		a.Reason = strings.TrimSpace(a.Reason)
		if a.Status != Present && a.Status != Absent && a.Status != Leave {
			return apperr.InvalidField("attendance", "err.orglife.attendance_status")
		}
		if seen[a.PersonID] || utf8.RuneCountInString(a.Reason) > 200 {
			return apperr.InvalidField("attendance", "err.orglife.attendance_status")
		}
		seen[a.PersonID] = true
	}
	return d.validatePhotos()
}

func (d *Draft) validatePhotos() error {
	if len(d.Photos) > MaxPhotos {
		return apperr.InvalidField("photos", "err.orglife.photo_count").With("max", MaxPhotos)
	}
	for i := range d.Photos {
		p := &d.Photos[i]
		p.Caption = strings.TrimSpace(p.Caption)
		if len(p.Data) > MaxPhotoBytes {
			return apperr.InvalidField("photos", "err.orglife.photo_size").With("name", p.Name).With("max", "2 MB")
		}
		if len(p.Data) == 0 || !imageTypes[ContentType(p.Data)] {
			return apperr.InvalidField("photos", "err.orglife.photo_type").With("name", p.Name)
		}
		if utf8.RuneCountInString(p.Name) > 200 || utf8.RuneCountInString(p.Caption) > 200 {
			return apperr.InvalidField("photos", "err.text_too_long")
		}
	}
	return nil
}

// ContentType sniffs an upload's type from its bytes (the client's claim is
// not trusted).
func ContentType(b []byte) string {
	ct := http.DetectContentType(b)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}
