// Package apperr is the one application error type. It carries a small code
// set, which the web layer maps to an HTTP status in one place, and an i18n
// message key with arguments, which the web layer translates. Internal
// details (the wrapped error) are logged, never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code is one of a small, closed set of error classes.
type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	TooMany      Code = "too_many" // a rate limit or lockout; Args["retry_after"] is the wait in seconds
	Internal     Code = "internal"
)

// Error is an application error. Key is an i18n message key; Args fill the
// message's {placeholders}. Field names the offending input, when there is one.
// Problems lists per-item problems (for example per-row import errors).
type Error struct {
	Code     Code
	Key      string
	Args     map[string]any
	Field    string
	Problems []Problem
	Err      error
}

// Problem is one item of a multi-part validation failure, such as a row of an
// import file.
type Problem struct {
	Row   int            `json:"row,omitempty"`
	Field string         `json:"field,omitempty"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a code and message key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// With returns a copy with an argument set.
func (e *Error) With(name string, v any) *Error {
	c := *e
	c.Args = make(map[string]any, len(e.Args)+1)
	for k, x := range e.Args {
		c.Args[k] = x
	}
	c.Args[name] = v
	return &c
}

// OnField returns a copy naming the offending field.
func (e *Error) OnField(f string) *Error { c := *e; c.Field = f; return &c }

// Invalidf is a shortcut for an invalid-input error on a field.
func InvalidField(field, key string) *Error {
	return &Error{Code: Invalid, Key: key, Field: field}
}

// Wrap makes an internal error that hides err from users.
func Wrap(err error, context string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	return &Error{Code: Internal, Key: "err.internal", Err: fmt.Errorf("%s: %w", context, err)}
}

// CodeOf returns the code of err, Internal for foreign errors.
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// As returns err as *Error, wrapping foreign errors as internal.
func As(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return &Error{Code: Internal, Key: "err.internal", Err: err}
}

// Common errors.
var (
	ErrNotFound     = New(NotFound, "err.not_found")
	ErrForbidden    = New(Forbidden, "err.forbidden")
	ErrUnauthorized = New(Unauthorized, "err.unauthorized")
)
