package testfix

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/geo"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
)

// Service is the service-post fixture in 吉阳区: a grid in the fixture
// village, the four-level chain centre → big community → station → point
// (the point serves the grid), three responsible units, menu items, staff
// accounts on the station and the centre, and an orderer account.
type Service struct {
	Grid        area.Area
	GridPoint   [2]float64 // lat, lng inside the grid
	Chain       [4]post.Post
	Units       [3]unit.Unit
	Checkup     post.Item // at the point: health, two units, a required field
	Legal       post.Item // at the station: legal, one unit
	Resident    auth.User
	Other       auth.User // a resident who did not order
	StationUser auth.User // on duty at the station
	CentreUser  auth.User // on duty at the big-community centre
	Posts       *post.Store
	Orders      *order.Store
}

// BuildService adds the service fixture to a world.
func BuildService(t testing.TB, w *World) *Service {
	t.Helper()
	ctx := context.Background()
	s := &Service{Posts: &post.Store{DB: w.DB}}
	lat, lng, err := area.Centre(ctx, w.DB.Read(), w.Jiyang.Village.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.GridPoint = [2]float64{lat, lng}
	box := geo.PolygonFromBBox(geo.BBox{MinX: lng - 0.002, MinY: lat - 0.002, MaxX: lng + 0.002, MaxY: lat + 0.002})
	gj := fmt.Sprintf(`{"type":"Polygon","coordinates":%s}`, mustJSON(box))
	if s.Grid, err = w.Areas.Create(ctx, scope.Everything, area.Area{ParentID: w.Jiyang.Village.ID, Code: "JY-G1", Name: "测试第一网格", Kind: area.Grid}, gj); err != nil {
		t.Fatal(err)
	}
	if err := order.SeedHolidays(ctx, w.DB); err != nil {
		t.Fatal(err)
	}
	names := []string{"吉阳区党群服务中心", "测试大社区党群服务中心", "测试社区党群服务站", "测试网格党群服务点"}
	areas := []int64{w.Jiyang.Area.ID, w.Jiyang.Village.ID, w.Jiyang.Village.ID, s.Grid.ID}
	var parent int64
	for i := range s.Chain {
		p := post.Post{Code: fmt.Sprintf("JY-P%d", i+1), Name: names[i], Level: i + 1, ParentID: parent, AreaID: areas[i], Status: post.Open, Batch: "第一批"}
		if i < 3 {
			p.Lat, p.Lng = lat+0.001, lng+0.001
		}
		if s.Chain[i], err = s.Posts.Create(ctx, scope.Everything, p); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
		parent = s.Chain[i].ID
	}
	for i, n := range []string{"吉阳区卫生院", "吉阳区社区卫生服务站", "吉阳区司法所"} {
		u := unit.Unit{Name: n, Kind: "public_institution", Industry: "公共服务", Employees: 20, AreaID: w.Jiyang.Village.ID}
		if s.Units[i], err = w.Units.Create(ctx, scope.Everything, u); err != nil {
			t.Fatal(err)
		}
	}
	s.Checkup, err = s.Posts.SaveItem(ctx, scope.Everything, post.Item{Code: "JY-P4-01", PostID: s.Chain[3].ID, Category: "health", Name: "上门体检",
		LimitDays: 3, Active: true, Fields: []post.Field{{Code: "people", Name: "人数", Type: "number", Required: true},
			{Code: "when", Name: "时段", Type: "singlevaluelist", Values: []post.Value{{Key: "am", Name: "上午"}, {Key: "pm", Name: "下午"}}}}},
		post.UnitIDs{s.Units[0].ID, s.Units[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	if s.Legal, err = s.Posts.SaveItem(ctx, scope.Everything, post.Item{Code: "JY-P3-01", PostID: s.Chain[2].ID, Category: "legal", Name: "法律咨询",
		LimitDays: 5, Active: true}, post.UnitIDs{s.Units[2].ID}); err != nil {
		t.Fatal(err)
	}
	users := &auth.Store{DB: w.DB}
	mk := func(name string, role string) auth.User {
		u, err := users.CreateUser(ctx, auth.User{Username: name, DisplayName: name, Roles: []string{role}}, "Test@2026pass")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	s.Resident, s.Other = mk("resident1", auth.RoleResident), mk("resident2", auth.RoleResident)
	s.StationUser, s.CentreUser = mk("station1", auth.RoleGridWorker), mk("centre1", auth.RoleGridWorker)
	if _, err := s.Posts.AddStaff(ctx, scope.Everything, s.Chain[2].ID, post.Staff{UserID: s.StationUser.ID, Name: "站长", Role: "站长"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Posts.AddStaff(ctx, scope.Everything, s.Chain[1].ID, post.Staff{UserID: s.CentreUser.ID, Name: "中心主任", Role: "主任"}); err != nil {
		t.Fatal(err)
	}
	s.Orders = &order.Store{DB: w.DB, Vault: w.Vault, Posts: s.Posts, Locator: area.NewLocator(w.DB)}
	return s
}

// Draft is a valid order for the checkup item from the resident, at the
// grid point.
func (s *Service) Draft(key string) order.Draft {
	return order.Draft{Channel: "web", OrdererKind: "resident", UserID: s.Resident.ID, ContactName: "李阿姨", Phone: "13912345678",
		ItemCode: s.Checkup.Code, Description: "家中两位老人需要上门测血压", Attributes: map[string][]string{"people": {"2"}, "when": {"am"}},
		Lat: s.GridPoint[0], Lng: s.GridPoint[1], HasPlace: true, IdemKey: key}
}

func mustJSON(p geo.Polygon) string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return string(b)
}
