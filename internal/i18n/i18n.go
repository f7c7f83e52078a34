// Package i18n holds the zh-CN and en message catalogs. Every user-facing
// text, error messages included, is a key here; {name} placeholders are
// filled from arguments. zh-CN is the default locale.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:embed locales/*.json
var localeFS embed.FS

// Default is the default locale.
const Default = "zh-CN"

// Locales lists the supported locales, default first.
var Locales = []string{"zh-CN", "en"}

var catalogs = map[string]map[string]string{}

func init() {
	for _, l := range Locales {
		b, err := localeFS.ReadFile("locales/" + l + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", l, err))
		}
		catalogs[l] = m
	}
}

// Match picks a supported locale from a lang value or an Accept-Language
// header; it falls back to the default.
func Match(s string) string {
	s = strings.ToLower(s)
	for _, part := range strings.Split(s, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh-CN"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return Default
}

// Has reports whether key exists in the default catalog.
func Has(key string) bool { _, ok := catalogs[Default][key]; return ok }

// Key is an argument that is itself a message key, such as the name of a
// code (area.kind.village): T fills its placeholder with the key's
// translation, so a message never shows a raw code.
type Key string

// T translates key in locale, filling {name} placeholders from args. A
// missing key falls back to the default locale, then to the key itself.
// Numbers print as written, never in exponent form (2000000, not
// 2e+06, for a count that went through JSON as a float), and Key
// arguments print translated.
func T(locale, key string, args map[string]any) string {
	msg, ok := catalogs[locale][key]
	if !ok {
		if msg, ok = catalogs[Default][key]; !ok {
			msg = key
		}
	}
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	for k, v := range args {
		msg = strings.ReplaceAll(msg, "{"+k+"}", argText(locale, v))
	}
	return msg
}

func argText(locale string, v any) string {
	switch x := v.(type) {
	case Key:
		return T(locale, string(x), nil)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	}
	return fmt.Sprint(v)
}

// Keys returns the sorted keys of a locale.
func Keys(locale string) []string {
	var ks []string
	for k := range catalogs[locale] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
