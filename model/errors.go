package model

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid")

// FieldError says which field is wrong and what to do about it.
type FieldError struct {
	Field  string // e.g. "mentee name", or a path like "goals[0].title"
	Reason string // e.g. "required", "must be at most 200 characters"
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Problems is a list of field errors; it is itself an error.
type Problems []*FieldError

func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (p Problems) Unwrap() error { return ErrInvalid }

// Err returns nil for no problems, the single error for one, else p.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return p
}

// Prefixed returns the problems of err (a *FieldError or Problems) with
// prefix put before each field, joined with a dot: "relationships[2]" +
// "goals[0].title". Other errors become one problem at prefix.
func Prefixed(prefix string, err error) Problems {
	if err == nil {
		return nil
	}
	join := func(f string) string {
		if prefix == "" {
			return f
		}
		if f == "" {
			return prefix
		}
		if strings.HasPrefix(f, "[") {
			return prefix + f
		}
		return prefix + "." + f
	}
	var fe *FieldError
	var ps Problems
	switch {
	case errors.As(err, &ps):
		out := make(Problems, len(ps))
		for i, e := range ps {
			out[i] = &FieldError{Field: join(e.Field), Reason: e.Reason}
		}
		return out
	case errors.As(err, &fe):
		return Problems{{Field: join(fe.Field), Reason: fe.Reason}}
	}
	return Problems{{Field: prefix, Reason: err.Error()}}
}

// checker gathers problems while a Validate method walks its fields.
type checker struct{ p Problems }

func (c *checker) add(field, format string, args ...any) {
	c.p = append(c.p, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (c *checker) merge(prefix string, err error) { c.p = append(c.p, Prefixed(prefix, err)...) }

// Length limits, in characters (runes).
const (
	MaxName  = 80      // a person's name
	MaxShort = 300     // one-line fields: a title, a value, a topic
	MaxLong  = 1 << 20 // notes and other long text: 1 Mi characters
	MaxItems = 500     // entries in one list field
)

func (c *checker) required(field, v string, limit int) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "required")
		return
	}
	c.length(field, v, limit)
}

func (c *checker) length(field, v string, limit int) {
	if n := len([]rune(v)); n > limit {
		c.add(field, "must be at most %d characters (it has %d)", limit, n)
	}
}

// name checks a person's name: one line, at most MaxName characters.
func (c *checker) name(field, v string, required bool) {
	if required {
		c.required(field, v, MaxName)
	} else {
		c.length(field, v, MaxName)
	}
	if i := strings.IndexFunc(v, isLineBreak); i >= 0 {
		c.add(field, "must be on one line (it has a line break after %q)", truncate(v[:i], 20))
	}
}

// isLineBreak reports whether r ends a line somewhere: in Go, a terminal,
// a text editor or Unicode.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// truncate shortens s to at most n characters for a message, marking a cut
// with an ellipsis.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// isHex reports whether s is exactly n lower-case hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func (c *checker) list(field string, vs []string, limit int) {
	if len(vs) > MaxItems {
		c.add(field, "must have at most %d entries (it has %d)", MaxItems, len(vs))
	}
	for i, v := range vs {
		c.length(fmt.Sprintf("%s[%d]", field, i), v, limit)
	}
}
