package i18n

import "testing"

func TestCatalogsHaveSameKeys(t *testing.T) {
	zh, en := map[string]bool{}, map[string]bool{}
	for _, k := range Keys("zh-CN") {
		zh[k] = true
	}
	for _, k := range Keys("en") {
		en[k] = true
	}
	if len(zh) < 20 {
		t.Fatalf("zh-CN catalog has only %d keys", len(zh))
	}
	for k := range zh {
		if !en[k] {
			t.Errorf("key %q missing in en", k)
		}
	}
	for k := range en {
		if !zh[k] {
			t.Errorf("key %q missing in zh-CN", k)
		}
	}
}

func TestTAndMatch(t *testing.T) {
	if got := T("en", "err.import.row", map[string]any{"row": 17, "msg": "x"}); got != "row 17: x" {
		t.Errorf("T = %q", got)
	}
	if got := T("fr", "err.not_found", nil); got != T("zh-CN", "err.not_found", nil) {
		t.Errorf("fallback = %q", got)
	}
	for in, want := range map[string]string{"en-US,en;q=0.9": "en", "zh-CN": "zh-CN", "": "zh-CN", "de": "zh-CN"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

// Numbers print as written and Key arguments translated: a count that
// went through JSON as a float is not 2e+06, a kind code not "village".
func TestArgText(t *testing.T) {
	cases := []struct {
		key  string
		args map[string]any
		want string
	}{
		{"err.import.too_many", map[string]any{"max": float64(2_000_000)}, "文件超过 2000000 行的上限"},
		{"err.import.too_many", map[string]any{"max": 2_000_000}, "文件超过 2000000 行的上限"},
		{"err.import.row", map[string]any{"row": 1.5, "msg": "x"}, "第1.5行：x"},
		{"err.area.parent_kind", map[string]any{"parent": Key("area.kind.village"), "kind": Key("area.kind.village")}, "村 下不能建立 村"},
	}
	for _, c := range cases {
		if got := T("zh-CN", c.key, c.args); got != c.want {
			t.Errorf("T(%s, %v) = %q, want %q", c.key, c.args, got, c.want)
		}
	}
}
