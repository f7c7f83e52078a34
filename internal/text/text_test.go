package text

import (
	"reflect"
	"testing"
)

func TestNormalizeAndGrams(t *testing.T) {
	if got := Normalize("  ＡＢＣ　马亮 "); got != "abc 马亮" {
		t.Errorf("Normalize = %q", got)
	}
	cases := []struct {
		in    string
		grams []string
		query []string
	}{
		{"马亮村", []string{"马", "马亮", "亮", "亮村", "村"}, []string{"马亮", "亮村"}},
		{"王", []string{"王"}, []string{"王"}},
		{"张伟 伟", []string{"张", "张伟", "伟"}, []string{"张伟"}},
	}
	for _, c := range cases {
		if got := Grams(c.in); !reflect.DeepEqual(got, c.grams) {
			t.Errorf("Grams(%q) = %q, want %q", c.in, got, c.grams)
		}
		if got := QueryGrams(c.in); !reflect.DeepEqual(got, c.query) {
			t.Errorf("QueryGrams(%q) = %q, want %q", c.in, got, c.query)
		}
	}
}

func TestTerms(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]int
	}{
		{"心内科", map[string]int{"心内": 1, "内科": 1}},
		{"心内科，内科", map[string]int{"心内": 1, "内科": 2}},
		{"懂Excel和PPT", map[string]int{"懂": 1, "excel": 1, "和": 1, "ppt": 1}},
		{"", map[string]int{}},
		{"  ，。", map[string]int{}},
	}
	for _, c := range cases {
		got := Terms(c.in)
		if len(got) != len(c.want) {
			t.Errorf("Terms(%q) = %v, want %v", c.in, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("Terms(%q)[%q] = %d, want %d", c.in, k, got[k], v)
			}
		}
	}
}
