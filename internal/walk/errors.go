package walk

import "fmt"

// FormatError is ReadOSM's error about malformed input: the format read
// ("xml" or "pbf"), the byte offset near which the input went wrong, and
// the parser's detail in English (for logs, not for users). It matches
// ErrMalformed with errors.Is.
type FormatError struct {
	Format string
	Offset int64
	Detail string
}

func (e *FormatError) Error() string { return ErrMalformed.Error() + ": " + e.Detail }

// Is makes errors.Is(err, ErrMalformed) hold.
func (e *FormatError) Is(target error) bool { return target == ErrMalformed }

// malformed makes a FormatError, its detail formatted as fmt.Sprintf does.
func malformed(format string, offset int64, detail string, args ...any) error {
	return &FormatError{Format: format, Offset: offset, Detail: fmt.Sprintf(detail, args...)}
}
