package talent

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// DemandStatus is where a demand stands on the board.
type DemandStatus string

const (
	DemandOpen      DemandStatus = "open"      // on the board, taking talents
	DemandFilled    DemandStatus = "filled"    // headcount reached
	DemandClosed    DemandStatus = "closed"    // done
	DemandCancelled DemandStatus = "cancelled" // withdrawn
)

// DemandStatuses lists every demand status.
var DemandStatuses = []DemandStatus{DemandOpen, DemandFilled, DemandClosed, DemandCancelled}

// Channels a demand is published through (人才工作站, 候鸟党委).
var Channels = []string{"talent_station", "migrant_committee"}

// Demand is a need an organization posts to the demand board.
type Demand struct {
	ID        int64        `json:"id"`
	OrgID     int64        `json:"org_id"`
	OrgName   string       `json:"org_name"`
	OrgPath   string       `json:"-"`
	AreaID    int64        `json:"area_id"`
	AreaName  string       `json:"area_name"`
	AreaPath  string       `json:"-"`
	Title     string       `json:"title"`
	Body      string       `json:"body"`
	Channel   string       `json:"channel"`
	Place     string       `json:"place"`
	Lat       float64      `json:"lat"`
	Lng       float64      `json:"lng"`
	Mode      Mode         `json:"mode"`
	Start     string       `json:"start"`
	End       string       `json:"end"`
	Slots     Slots        `json:"slots"`
	Headcount int          `json:"headcount"`
	Taken     int          `json:"taken"`
	Status    DemandStatus `json:"status"`
	Required  []string     `json:"required"` // skill codes
	Optional  []string     `json:"optional"` // skill codes
	CreatedAt time.Time    `json:"created_at"`
}

const maxHeadcount = 100

// Validate checks and normalizes a demand. today is the current day (days
// since 1970): a new demand may not start in the past.
func (d *Demand) Validate(today int32, isNew bool) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Body = strings.TrimSpace(d.Body)
	d.Place = strings.TrimSpace(d.Place)
	if d.Channel == "" {
		d.Channel = Channels[0]
	}
	switch {
	case d.Title == "" || utf8.RuneCountInString(d.Title) > 100:
		return apperr.InvalidField("title", "err.talent.title_length").With("max", 100)
	case utf8.RuneCountInString(d.Body) > maxDemandLen:
		return apperr.InvalidField("body", "err.talent.text_length").With("max", maxDemandLen)
	case utf8.RuneCountInString(d.Place) > 100:
		return apperr.InvalidField("place", "err.talent.text_length").With("max", 100)
	case !validChannel(d.Channel):
		return apperr.InvalidField("channel", "err.talent.channel")
	case !validMode(d.Mode):
		return apperr.InvalidField("mode", "err.talent.mode")
	case d.Headcount < 1 || d.Headcount > maxHeadcount:
		return apperr.InvalidField("headcount", "err.talent.headcount").With("max", maxHeadcount)
	case d.OrgID == 0:
		return apperr.InvalidField("org_id", "err.required")
	case len(d.Required) == 0 || len(d.Required)+len(d.Optional) > maxSkills:
		return apperr.InvalidField("required", "err.talent.skills_count").With("max", maxSkills)
	case d.Slots&AllSlots == 0:
		return apperr.InvalidField("slots", "err.talent.slots_empty")
	}
	d.Slots &= AllSlots
	a, _, err := dayRange(d.Start, d.End, "start")
	if err != nil {
		return err
	}
	if isNew && a < today {
		return apperr.InvalidField("start", "err.talent.demand_past").With("start", d.Start)
	}
	for _, o := range d.Optional {
		for _, r := range d.Required {
			if o == r {
				return apperr.InvalidField("optional", "err.talent.skill_twice").With("skill", o)
			}
		}
	}
	if d.Status == "" {
		d.Status = DemandOpen
	}
	return nil
}

func validChannel(c string) bool {
	for _, x := range Channels {
		if x == c {
			return true
		}
	}
	return false
}
