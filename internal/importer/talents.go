package importer

import (
	"context"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/talent"
	"dangjian/internal/unit"
)

// Talents of the 候鸟智库, imported by staff from a sheet. Each row is
// checked like a registration (skills resolved through the taxonomy's
// names and synonyms, stays that are real, ordered and not overlapping,
// the area inside the importer's scope); the talents arrive pending, to
// be verified.

var talentColumns = []Column{
	{"name", "姓名", true, "王建国", "不超过40个字"},
	{"phone", "手机号", false, "13800000000", "11位手机号"},
	{"title", "职称", false, "主任医师", "不超过60个字"},
	{"party_member", "中共党员", false, "是", "是/否"},
	{"skills", "技能", true, "心内科、健康教育", "技能目录中的名称或同义词，多个用顿号或逗号分隔"},
	{"expertise", "专长", false, "擅长高血压、冠心病诊治", "不超过2000字"},
	{"experience", "工作经历", false, "三甲医院心内科主任", "不超过2000字"},
	{"hometown", "常住地", false, "哈尔滨", ""},
	{"area_code", "在三亚住地区域编码", true, "460202198001", "区域编码，如 460202198001"},
	{"travel_km", "出行距离公里", false, "20", "整数，0到200；不填为20"},
	{"mode", "服务方式", true, "均可", "现场、线上、均可"},
	{"capacity", "可同时服务数", false, "1", "整数，1到10；不填为1"},
	{"stays", "在三亚时间", true, "2026-11-01~2027-03-31", "YYYY-MM-DD~YYYY-MM-DD，多段用分号分隔"},
	{"slots", "每周时段", false, "周末", "全周、工作日、周末，或 mon_am 等时段名，用逗号分隔；不填为全周"},
}

var (
	modeNames  = map[string]string{"现场": "onsite", "线上": "online", "均可": "both", "现场和线上": "both"}
	slotsNames = map[string]string{"全周": "all", "工作日": "weekdays", "周末": "weekends"}
)

// talentFields maps talent field names to column keys.
var talentFields = map[string]string{"area_id": "area_code", "stays": "stays", "lat": "area_code"}

type talentItem struct {
	line int
	t    talent.Talent
}

type talentsLoader struct {
	*base
	items []talentItem
}

func (l *talentsLoader) check(ctx context.Context, r row) error {
	t := talent.Talent{Name: r.get("name"), Phone: r.get("phone"), Title: r.get("title"), Expertise: r.get("expertise"),
		Experience: r.get("experience"), Hometown: r.get("hometown"), Mode: talent.Mode(enum(modeNames, r.get("mode"))),
		Skills: unit.ParseTags(r.get("skills")), TravelKm: 20, Capacity: 1}
	if err := l.fill(ctx, r, &t); err != nil {
		return l.reject(r.line, err, talentFields)
	}
	l.items = append(l.items, talentItem{line: r.line, t: t})
	return nil
}

func (l *talentsLoader) fill(ctx context.Context, r row, t *talent.Talent) error {
	var err error
	if t.PartyMember, err = parseBool("party_member", r.get("party_member")); err != nil {
		return err
	}
	if v := r.get("travel_km"); v != "" {
		if t.TravelKm, err = parseCount("travel_km", "err.talent.travel_km", v); err != nil {
			return err
		}
	}
	if v := r.get("capacity"); v != "" {
		if t.Capacity, err = parseCount("capacity", "err.talent.capacity", v); err != nil {
			return err
		}
	}
	slots := talent.AllSlots
	if v := r.get("slots"); v != "" {
		if slots, err = talent.ParseSlots(enumList(slotsNames, v)); err != nil {
			return err
		}
	}
	for _, span := range strings.FieldsFunc(r.get("stays"), func(c rune) bool { return c == ';' || c == '；' }) {
		a, b, ok := strings.Cut(strings.NewReplacer("至", "~", "～", "~").Replace(span), "~")
		if !ok {
			return apperr.InvalidField("stays", "err.talent.date")
		}
		t.Stays = append(t.Stays, talent.Stay{Start: normDate(a), End: normDate(b), Slots: slots})
	}
	a, err := l.refs.areaOf(ctx, r.get("area_code"))
	if err != nil {
		return err
	}
	t.AreaID = a.id
	return l.talents.Check(ctx, l.refs.q, l.sc, t)
}

func (l *talentsLoader) finish(context.Context) error { return nil }

func (l *talentsLoader) insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error) {
	for _, it := range l.items {
		if _, err := l.talents.InsertTx(ctx, tx, l.sc, it.t); err != nil {
			return 0, rowFailure(it.line, err, talentFields)
		}
		step(1)
	}
	return len(l.items), nil
}
