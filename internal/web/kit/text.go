package kit

import "dangjian/internal/i18n"

// Tf is the message key in the language with its arguments given as
// name, value pairs.
func Tf(lang, key string, kv ...any) string { return i18n.T(lang, key, KVMap(kv)) }

// BoolVal is a checkbox's form value: "1" when checked, else blank.
func BoolVal(b bool) string {
	if b {
		return "1"
	}
	return ""
}
