package testfix

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
)

// parserText are fragments of the standard parsers' and libraries' own
// error texts (encoding/json, encoding/xml, archive/zip, encoding/csv,
// excelize, protobuf), which must never reach a user's message.
var parserText = []string{"json:", "xml:", "zip:", "csv:", "parse error", "excelize", "unexpected EOF",
	"invalid character", "proto:", "syntax error", "runtime error", "goroutine "}

// UserError says what is wrong with err as an error shown to a user of
// bad input, or returns nil when it is fine: an *apperr.Error that is not
// internal, whose key and problem keys are in the message catalog, and
// whose messages, field and arguments hold no parser text (text that is in
// input, which a message may echo, does not count). A wrapped error, kept
// for the log, is not shown and so not checked.
// Fuzz targets check every error a parser of user input returns with it.
func UserError(err error, input []byte) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return fmt.Errorf("%T %q is not an apperr.Error", err, err)
	}
	if ae.Code == apperr.Internal {
		return fmt.Errorf("internal error for bad input: %v", ae)
	}
	if !i18n.Has(ae.Key) {
		return fmt.Errorf("key %q is not in the catalog (%v)", ae.Key, ae)
	}
	for _, l := range i18n.Locales {
		// The catalog's own words are not parser text ("invalid character
		// encoding"): only what the arguments put into the message counts.
		tmpl := []byte(i18n.T(l, ae.Key, nil))
		if err := noParserText(i18n.T(l, ae.Key, ae.Args), nil, append(tmpl, input...)); err != nil {
			return fmt.Errorf("%s message (%s): %w", ae.Key, l, err)
		}
	}
	if err := noParserText(ae.Field, ae.Args, input); err != nil {
		return fmt.Errorf("%s: %w", ae.Key, err)
	}
	for _, p := range ae.Problems {
		if !i18n.Has(p.Key) {
			return fmt.Errorf("problem key %q is not in the catalog (%v)", p.Key, ae)
		}
		if err := noParserText(p.Field, p.Args, input); err != nil {
			return fmt.Errorf("%s problem %s: %w", ae.Key, p.Key, err)
		}
	}
	return nil
}

func noParserText(field string, args map[string]any, input []byte) error {
	texts := []string{field}
	for _, v := range args {
		switch v := v.(type) {
		case string:
			texts = append(texts, v)
		case error:
			return fmt.Errorf("argument is an error: %q", v)
		}
	}
	for _, s := range texts {
		for _, p := range parserText {
			if strings.Contains(s, p) && !bytes.Contains(input, []byte(p)) {
				return fmt.Errorf("%q holds parser text %q", s, p)
			}
		}
	}
	return nil
}
