// Package order is 点单式服务: orders placed by residents, enterprises and
// party branches from a post's service menu (or as a free-text need), routed
// by grid and category to the responsible post and units, and handled
// jointly (直通联办): each unit has its own status, and a unit that fails is
// retried or escalated alone. The loop follows GB/T 30428 and the 12345
// practice: accepted → dispatched → handling → feedback → verified → closed
// → rated, with time limits in working days, automatic escalation one level
// up when overdue, a second follow-up after a 不满意 rating, merging of
// duplicates, and every transition in the order's history.
package order

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/pii"
	"dangjian/internal/post"
)

// Status is where an order is in the loop.
type Status string

const (
	Accepted   Status = "accepted"   // 受理
	Dispatched Status = "dispatched" // 派单
	Handling   Status = "handling"   // 处置
	Feedback   Status = "feedback"   // 反馈
	Verified   Status = "verified"   // 核查
	Closed     Status = "closed"     // 结案
	Rated      Status = "rated"      // 评价
	Merged     Status = "merged"     // 合并 (a duplicate)
)

// Statuses lists the statuses in loop order.
var Statuses = []Status{Accepted, Dispatched, Handling, Feedback, Verified, Closed, Rated, Merged}

// Open reports whether an order is still being worked on.
func (s Status) Open() bool { return s == Accepted || s == Dispatched || s == Handling }

// Done reports whether the loop has ended for an order.
func (s Status) Done() bool { return s == Closed || s == Rated || s == Merged }

// HandlerStatus is one unit's part of an order.
type HandlerStatus string

const (
	HPending    HandlerStatus = "pending"
	HDispatched HandlerStatus = "dispatched"
	HHandling   HandlerStatus = "handling"
	HDone       HandlerStatus = "done"
	HEscalated  HandlerStatus = "escalated"
	HCancelled  HandlerStatus = "cancelled"
)

// MaxAttempts is how often a unit is sent an order before its part is
// escalated to the post one level up.
const MaxAttempts = 2

// Ratings, from the orderer.
const (
	Satisfied   = "satisfied"   // 满意
	Basic       = "basic"       // 基本满意
	Unsatisfied = "unsatisfied" // 不满意
)

// OrdererKinds are who may order.
var OrdererKinds = []string{"resident", "enterprise", "branch"}

// MaxDescription is the longest description, in characters (Open311's
// limit).
const MaxDescription = 4000

// Order is one order.
type Order struct {
	ID           int64               `json:"id"`
	Token        string              `json:"token"`
	Channel      string              `json:"channel"` // web, open311, staff
	OrdererKind  string              `json:"orderer_kind"`
	UserID       int64               `json:"user_id,omitempty"`
	ContactName  string              `json:"contact_name"`
	ContactMask  string              `json:"contact"`
	Category     string              `json:"category"`
	ItemID       int64               `json:"item_id,omitempty"`
	ItemCode     string              `json:"service_code"`
	ItemName     string              `json:"item_name"`
	Description  string              `json:"description"`
	Attributes   map[string][]string `json:"attributes"`
	MediaURL     string              `json:"media_url,omitempty"`
	Lat          float64             `json:"lat"`
	Lng          float64             `json:"lng"`
	Address      string              `json:"address"`
	GridID       int64               `json:"grid_id,omitempty"`
	AreaID       int64               `json:"area_id"`
	AreaName     string              `json:"area_name"`
	AreaPath     string              `json:"-"`
	DistrictID   int64               `json:"district_id"`
	PostID       int64               `json:"post_id"`
	PostName     string              `json:"post_name"`
	OriginPostID int64               `json:"origin_post_id"`
	Escalation   int                 `json:"escalation"`
	Overdue      bool                `json:"overdue"`
	Status       Status              `json:"status"`
	FollowUp     int                 `json:"follow_up"`
	LimitDays    int                 `json:"limit_days"`
	Deadline     time.Time           `json:"deadline"`
	MergedInto   int64               `json:"merged_into,omitempty"`
	Rating       string              `json:"rating,omitempty"`
	RatingNote   string              `json:"rating_note,omitempty"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
	ClosedAt     *time.Time          `json:"closed_at,omitempty"`
	Handlers     []Handler           `json:"handlers,omitempty"`
	Events       []Event             `json:"events,omitempty"`
	Duplicate    bool                `json:"-"` // Submit returned an existing order for a repeated key
	// Published: the orderer agreed to show the order in the public
	// Open311 feed, where PublicID (random) names it and PlaceName (the
	// village or community) stands for the place; MergedPublicID is the
	// public id of the order it was merged into, when that one is
	// published.
	Published      bool   `json:"published"`
	PublicID       string `json:"-"`
	PlaceName      string `json:"-"`
	MergedPublicID string `json:"-"`
}

// Handler is one unit's part of an order.
type Handler struct {
	UnitID    int64         `json:"unit_id"`
	UnitName  string        `json:"unit_name"`
	Status    HandlerStatus `json:"status"`
	Attempts  int           `json:"attempts"`
	Note      string        `json:"note"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// Event is one line of an order's history.
type Event struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id,omitempty"`
	UnitName  string    `json:"unit_name,omitempty"`
	Action    string    `json:"action"`
	From      Status    `json:"from,omitempty"`
	To        Status    `json:"to,omitempty"`
	ActorName string    `json:"actor"`
	Reason    string    `json:"reason,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Draft is a new order as the orderer gives it.
type Draft struct {
	Channel     string
	OrdererKind string
	UserID      int64
	ClientID    int64
	ContactName string
	Phone       string
	Email       string
	ItemCode    string // a menu item (service_code), or empty for a free-text need
	Category    string // required when ItemCode is empty
	Description string
	Attributes  map[string][]string
	MediaURL    string
	Lat, Lng    float64
	HasPlace    bool // Lat/Lng were given
	Address     string
	IdemKey     string // a repeated key returns the original order
	Public      bool   // the orderer agrees to publish it (Open311 feed)
}

// Validate checks what needs no database.
func (d *Draft) Validate() error {
	d.Description = strings.TrimSpace(d.Description)
	d.Address, d.ContactName = strings.TrimSpace(d.Address), strings.TrimSpace(d.ContactName)
	if d.ItemCode == "" && !post.ValidCategory(d.Category) {
		return apperr.InvalidField("category", "err.order.category")
	}
	n := utf8.RuneCountInString(d.Description)
	if n == 0 {
		return apperr.InvalidField("description", "err.order.description_needed")
	}
	if n > MaxDescription {
		return apperr.InvalidField("description", "err.order.description_long").With("max", MaxDescription)
	}
	if !d.HasPlace && d.Address == "" {
		return apperr.InvalidField("location", "err.order.location_needed")
	}
	if utf8.RuneCountInString(d.Address) > 200 || utf8.RuneCountInString(d.ContactName) > 60 || len(d.MediaURL) > 500 || len(d.IdemKey) > 200 {
		return apperr.InvalidField("address", "err.text_too_long")
	}
	if d.Phone = strings.TrimSpace(d.Phone); d.Phone != "" && !pii.CheckPhone(d.Phone) {
		return apperr.InvalidField("phone", "err.order.phone")
	}
	if d.MediaURL != "" && !strings.HasPrefix(d.MediaURL, "https://") && !strings.HasPrefix(d.MediaURL, "http://") {
		return apperr.InvalidField("media_url", "err.order.media_url")
	}
	ok := false
	for _, k := range OrdererKinds {
		ok = ok || k == d.OrdererKind
	}
	if !ok {
		return apperr.InvalidField("orderer_kind", "err.order.orderer_kind")
	}
	return nil
}
