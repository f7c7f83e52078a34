// Package post is the network of party-mass service posts (党群服务阵地):
// four levels per district (吉阳区's "1+8+38+N": one district centre, big-
// community centres, community stations and points), each with the areas
// it serves, its staff, its member units (共驻共建) and a service menu
// (菜单式服务) that residents, enterprises and branches order from. Posts
// are built in batches, so each has a build status; only open posts take
// orders. Route finds the post and units responsible for a place and a
// service category.
package post

import (
	"slices"
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// Levels of the network, top down.
const (
	LevelDistrict  = 1 // 区党群服务中心
	LevelBig       = 2 // 大社区党群服务中心
	LevelCommunity = 3 // 社区/村党群服务站
	LevelPoint     = 4 // 党群服务点
)

// DefaultLevelNames are the level names a district starts with.
var DefaultLevelNames = [4]string{"区党群服务中心", "大社区党群服务中心", "社区党群服务站", "党群服务点"}

// BuildStatus is where a post is in its construction batch.
type BuildStatus string

const (
	Planned   BuildStatus = "planned"
	Building  BuildStatus = "building"
	Open      BuildStatus = "open"
	Suspended BuildStatus = "suspended"
)

// BuildStatuses lists every build status in order.
var BuildStatuses = []BuildStatus{Planned, Building, Open, Suspended}

func validStatus(s BuildStatus) bool { return slices.Contains(BuildStatuses, s) }

// Level is one level of a district's structure.
type Level struct {
	Level   int    `json:"level"`
	Name    string `json:"name"`
	Planned int    `json:"planned"` // 0 means "N": as many as needed
}

// Post is one service post.
type Post struct {
	ID           int64       `json:"id"`
	Code         string      `json:"code"`
	Name         string      `json:"name"`
	Level        int         `json:"level"`
	LevelName    string      `json:"level_name"`
	ParentID     int64       `json:"parent_id,omitempty"`
	ParentName   string      `json:"parent_name,omitempty"`
	DistrictID   int64       `json:"district_id"`
	DistrictName string      `json:"district_name"`
	AreaID       int64       `json:"area_id"`
	AreaName     string      `json:"area_name"`
	AreaPath     string      `json:"-"`
	Lat          float64     `json:"lat"`
	Lng          float64     `json:"lng"`
	Address      string      `json:"address"`
	Hours        string      `json:"hours"`
	Status       BuildStatus `json:"build_status"`
	Batch        string      `json:"batch"`
	Served       []Ref       `json:"served,omitempty"`
	Staff        []Staff     `json:"staff,omitempty"`
	Units        []Ref       `json:"units,omitempty"`
	Items        []Item      `json:"menu,omitempty"`
	Orders       int         `json:"orders"`
}

// Ref names a row of another table.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Staff is one person on duty at a post; with an account, they hear of
// orders escalated to the post.
type Staff struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id,omitempty"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

// Validate checks a post before it is written.
func (p *Post) Validate() error {
	p.Name, p.Code = strings.TrimSpace(p.Name), strings.TrimSpace(p.Code)
	p.Address, p.Batch = strings.TrimSpace(p.Address), strings.TrimSpace(p.Batch)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 60 {
		return apperr.InvalidField("name", "err.name_length")
	}
	if p.Code == "" || len(p.Code) > 40 {
		return apperr.InvalidField("code", "err.post.code")
	}
	if p.Level < LevelDistrict || p.Level > LevelPoint {
		return apperr.InvalidField("level", "err.post.level")
	}
	if p.Level > LevelDistrict && p.ParentID == 0 {
		return apperr.InvalidField("parent_id", "err.post.parent_needed")
	}
	if p.AreaID == 0 {
		return apperr.InvalidField("area_id", "err.area_missing")
	}
	if p.Status == "" {
		p.Status = Planned
	}
	if !validStatus(p.Status) {
		return apperr.InvalidField("build_status", "err.post.status")
	}
	if utf8.RuneCountInString(p.Address) > 200 || utf8.RuneCountInString(p.Batch) > 40 {
		return apperr.InvalidField("address", "err.text_too_long")
	}
	h, err := ParseHours(p.Hours)
	if err != nil {
		return err
	}
	p.Hours = h.String()
	return nil
}
