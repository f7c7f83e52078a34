// Package talent is the 候鸟智库: the skill taxonomy, the talents who
// winter in Sanya and register their skills and availability, the demands
// that organizations post to the public demand board, the ranking that
// matches the two both ways with an explanation, batch matching for a
// season, the engagement lifecycle, saved interests with notifications,
// and the two append-only incentive ledgers (points and the special fund).
//
// Visibility: the talent pool is a city resource, so any account allowed to
// read talents sees every verified profile (masked), while writing a talent
// (editing, verifying) needs the talent's area in scope. Demands belong to
// their posting org: writing one needs that org in scope, and open demands
// are public on the demand board.
package talent

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/pii"
)

// Status is where a talent profile stands in the 人才发现 mechanism: staff
// verify a profile before it is matched.
type Status string

const (
	Pending  Status = "pending"
	Verified Status = "verified"
	Rejected Status = "rejected"
	Inactive Status = "inactive"
)

// Statuses lists every talent status.
var Statuses = []Status{Pending, Verified, Rejected, Inactive}

// Mode is how a talent serves, or how a demand is served.
type Mode string

const (
	Online Mode = "online"
	Onsite Mode = "onsite"
	Both   Mode = "both" // a talent: either; a demand: either
)

// Modes lists the modes.
var Modes = []Mode{Onsite, Online, Both}

func validMode(m Mode) bool { return m == Online || m == Onsite || m == Both }

// Stay is one seasonal stay in Sanya: a date range and the weekly time
// slots the talent can serve inside it.
type Stay struct {
	Start string `json:"start"` // YYYY-MM-DD
	End   string `json:"end"`   // YYYY-MM-DD, inclusive
	Slots Slots  `json:"slots"`
}

// Talent is one profile in the talent pool.
type Talent struct {
	ID          int64     `json:"id"`
	UserID      int64     `json:"user_id,omitempty"`
	Name        string    `json:"name"`
	Phone       string    `json:"phone,omitempty"` // only on write and on reveal
	PhoneMask   string    `json:"phone_mask"`
	Title       string    `json:"title"`
	PartyMember bool      `json:"party_member"`
	Expertise   string    `json:"expertise"`
	Experience  string    `json:"experience"`
	Hometown    string    `json:"hometown"`
	AreaID      int64     `json:"area_id"`
	AreaName    string    `json:"area_name"`
	AreaPath    string    `json:"-"`
	Lat         float64   `json:"lat"`
	Lng         float64   `json:"lng"`
	TravelKm    int       `json:"travel_km"`
	Mode        Mode      `json:"mode"`
	Capacity    int       `json:"capacity"`
	Load        int       `json:"load"`
	Status      Status    `json:"status"`
	Skills      []string  `json:"skills"` // skill codes
	Stays       []Stay    `json:"stays"`
	RatingSum   int       `json:"-"`
	RatingN     int       `json:"rating_count"`
	Rating      float64   `json:"rating"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Limits of a talent profile.
const (
	maxName      = 40
	maxText      = 2000
	maxStays     = 6
	maxSkills    = 12
	maxTravelKm  = 200
	maxCapacity  = 10
	maxStayDays  = 366
	maxTitleLen  = 60
	maxHometown  = 60
	dateLayout   = "2006-01-02"
	maxDemandLen = 4000
)

// Validate checks and normalizes a talent before it is written. Skill codes
// are checked against the taxonomy by the store.
func (t *Talent) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	t.Title = strings.TrimSpace(t.Title)
	t.Expertise = strings.TrimSpace(t.Expertise)
	t.Experience = strings.TrimSpace(t.Experience)
	t.Hometown = strings.TrimSpace(t.Hometown)
	t.Phone = strings.TrimSpace(t.Phone)
	switch {
	case t.Name == "" || utf8.RuneCountInString(t.Name) > maxName:
		return apperr.InvalidField("name", "err.name_length")
	case t.Phone != "" && !pii.CheckPhone(t.Phone):
		return apperr.InvalidField("phone", "err.person.phone")
	case utf8.RuneCountInString(t.Title) > maxTitleLen || utf8.RuneCountInString(t.Hometown) > maxHometown:
		return apperr.InvalidField("title", "err.talent.text_length").With("max", maxTitleLen)
	case utf8.RuneCountInString(t.Expertise) > maxText:
		return apperr.InvalidField("expertise", "err.talent.text_length").With("max", maxText)
	case utf8.RuneCountInString(t.Experience) > maxText:
		return apperr.InvalidField("experience", "err.talent.text_length").With("max", maxText)
	case !validMode(t.Mode):
		return apperr.InvalidField("mode", "err.talent.mode")
	case t.TravelKm < 0 || t.TravelKm > maxTravelKm:
		return apperr.InvalidField("travel_km", "err.talent.travel_km").With("max", maxTravelKm)
	case t.Capacity < 1 || t.Capacity > maxCapacity:
		return apperr.InvalidField("capacity", "err.talent.capacity").With("max", maxCapacity)
	case t.AreaID == 0:
		return apperr.InvalidField("area_id", "err.required")
	case len(t.Skills) == 0 || len(t.Skills) > maxSkills:
		return apperr.InvalidField("skills", "err.talent.skills_count").With("max", maxSkills)
	}
	if t.Status == "" {
		t.Status = Pending
	}
	return validateStays(t.Stays)
}

// validateStays checks each stay and that no two overlap.
func validateStays(stays []Stay) error {
	if len(stays) == 0 || len(stays) > maxStays {
		return apperr.InvalidField("stays", "err.talent.stays_count").With("max", maxStays)
	}
	type span struct{ a, b int32 }
	var spans []span
	for i := range stays {
		a, b, err := dayRange(stays[i].Start, stays[i].End, "stays")
		if err != nil {
			return err
		}
		if stays[i].Slots&AllSlots == 0 {
			return apperr.InvalidField("stays", "err.talent.slots_empty")
		}
		stays[i].Slots &= AllSlots
		for _, s := range spans {
			if a <= s.b && s.a <= b {
				return apperr.InvalidField("stays", "err.talent.stays_overlap").
					With("start", stays[i].Start).With("end", stays[i].End)
			}
		}
		spans = append(spans, span{a, b})
	}
	return nil
}

// dayRange parses an inclusive date range and checks it is possible: both
// dates valid, start not after end, at most a year long.
func dayRange(start, end, field string) (int32, int32, error) {
	a, errA := ParseDay(start)
	b, errB := ParseDay(end)
	if errA != nil || errB != nil {
		return 0, 0, apperr.InvalidField(field, "err.talent.date")
	}
	if b < a {
		return 0, 0, apperr.InvalidField(field, "err.talent.date_order").With("start", start).With("end", end)
	}
	if b-a+1 > maxStayDays {
		return 0, 0, apperr.InvalidField(field, "err.talent.date_span").With("max", maxStayDays)
	}
	return a, b, nil
}

// ParseDay turns YYYY-MM-DD into days since 1970-01-01.
func ParseDay(s string) (int32, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return int32(t.Unix() / 86400), nil
}

// FormatDay turns days since 1970-01-01 into YYYY-MM-DD.
func FormatDay(d int32) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(dateLayout)
}

// Today is the current day in China Standard Time, as days since 1970.
func Today() int32 { return today(nil) }

// today is clock c's day in China Standard Time, as days since 1970.
func today(c clock.Func) int32 {
	return int32(c.Now().Add(8*time.Hour).Unix() / 86400)
}
