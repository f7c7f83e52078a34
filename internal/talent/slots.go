package talent

import (
	"encoding/json"
	"math/bits"
	"strings"

	"dangjian/internal/apperr"
)

// Slots is a set of weekly time slots: seven days (Monday first) times three
// periods (morning, afternoon, evening), one bit each.
type Slots uint32

// Days and periods of the weekly slot grid, in bit order: bit day*3+period.
var (
	SlotDays    = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	SlotPeriods = []string{"am", "pm", "eve"}
)

// AllSlots is every slot of the week; Weekdays is Monday–Friday daytime.
const (
	AllSlots Slots = 1<<21 - 1
	Weekdays Slots = 0b011_011_011_011_011
	Weekends Slots = 0b111_111 << 15
)

// SlotName is the name of bit i, such as "mon_am".
func SlotName(i int) string { return SlotDays[i/3] + "_" + SlotPeriods[i%3] }

// Names lists the slots in the set, in bit order.
func (s Slots) Names() []string {
	var out []string
	for i := 0; i < 21; i++ {
		if s&(1<<i) != 0 {
			out = append(out, SlotName(i))
		}
	}
	return out
}

// Has reports whether slot i is in the set.
func (s Slots) Has(i int) bool { return s&(1<<i) != 0 }

// Count is the number of slots in the set.
func (s Slots) Count() int { return bits.OnesCount32(uint32(s & AllSlots)) }

// ParseSlots reads slot names ("mon_am"), or the shorthands "all",
// "weekdays" and "weekends". An unknown name is an error.
func ParseSlots(names []string) (Slots, error) {
	var s Slots
	for _, n := range names {
		n = strings.TrimSpace(strings.ToLower(n))
		switch n {
		case "":
			continue
		case "all":
			s |= AllSlots
			continue
		case "weekdays":
			s |= Weekdays
			continue
		case "weekends":
			s |= Weekends
			continue
		}
		i := slotIndex(n)
		if i < 0 {
			return 0, apperr.InvalidField("slots", "err.talent.slot_unknown").With("slot", n)
		}
		s |= 1 << i
	}
	return s, nil
}

func slotIndex(n string) int {
	for i := 0; i < 21; i++ {
		if SlotName(i) == n {
			return i
		}
	}
	return -1
}

// MarshalJSON writes the slot names.
func (s Slots) MarshalJSON() ([]byte, error) {
	n := s.Names()
	if n == nil {
		n = []string{}
	}
	return json.Marshal(n)
}

// UnmarshalJSON reads slot names or a bit mask.
func (s *Slots) UnmarshalJSON(b []byte) error {
	var mask uint32
	if json.Unmarshal(b, &mask) == nil {
		*s = Slots(mask) & AllSlots
		return nil
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return apperr.InvalidField("slots", "err.talent.slot_unknown").With("slot", string(b))
	}
	v, err := ParseSlots(names)
	*s = v
	return err
}
