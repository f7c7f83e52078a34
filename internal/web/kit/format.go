package kit

import "fmt"

// BoolVal is a checkbox's form value: "1" when ticked, else empty.
func BoolVal(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// Percent is a share (0…1) as a percentage with one decimal.
func Percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
