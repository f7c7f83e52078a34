package web_test

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web"
	"dangjian/internal/web/kit"
)

// TestEveryTemplateWithItsModel executes every page template with a filled
// example of the model its Page declares. A field that a template names
// and its model lacks (a rename, a typo) fails here. A template without a
// declared model, or a model without a template, fails too.
func TestEveryTemplateWithItsModel(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	cfg := &config.Config{DB: "test", Listen: "127.0.0.1:0", SecretKey: strings.Repeat("k", 32), SessionIdle: time.Minute, MaxUploadBytes: 1 << 20}
	s, err := web.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	models := map[string]reflect.Type{}
	for _, m := range kit.PageModels() {
		models[m.Name] = m.Type
	}
	p := &kit.Principal{User: auth.User{Username: "admin", DisplayName: "管理员", Roles: []string{auth.RoleAdmin}}}
	for _, name := range s.TemplateNames() {
		typ, ok := models[name]
		if !ok {
			t.Errorf("template %s has no declared model (kit.NewPage)", name)
			continue
		}
		delete(models, name)
		for _, lang := range []string{"zh", "en"} {
			var out strings.Builder
			v := kit.View{Lang: lang, Title: "示例", P: p, CSRF: "csrf", Path: "/x", Nav: []kit.NavItem{{Href: "/", Key: "nav.home", Active: true}}, D: filled(typ, 0).Interface()}
			if err := s.Execute(&out, name, v); err != nil {
				t.Errorf("template %s with %v: %v", name, typ, err)
			} else if !strings.Contains(out.String(), "示例") {
				t.Errorf("template %s shows none of its model", name)
			}
		}
	}
	for name := range models {
		t.Errorf("model declared for template %s, which does not exist", name)
	}
}

// filled is a value of t with every field set: strings, numbers and bools
// non-zero, one element in every slice and map, pointers to filled values.
func filled(t reflect.Type, depth int) reflect.Value {
	v := reflect.New(t).Elem()
	if depth > 6 {
		return v
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString("示例")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Pointer:
		v.Set(filled(t.Elem(), depth+1).Addr())
	case reflect.Slice:
		v.Set(reflect.Append(reflect.MakeSlice(t, 0, 1), filled(t.Elem(), depth+1)))
	case reflect.Array:
		for i := 0; i < t.Len(); i++ {
			v.Index(i).Set(filled(t.Elem(), depth+1))
		}
	case reflect.Map:
		m := reflect.MakeMap(t)
		m.SetMapIndex(filled(t.Key(), depth+1), filled(t.Elem(), depth+1))
		v.Set(m)
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)))
			break
		}
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				v.Field(i).Set(filled(t.Field(i).Type, depth+1))
			}
		}
	case reflect.Interface:
		// An any field holds whatever its page puts there; a string is
		// what the generic templates print.
		if t.NumMethod() == 0 {
			v.Set(reflect.ValueOf("示例"))
		}
	}
	return v
}
