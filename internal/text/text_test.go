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
