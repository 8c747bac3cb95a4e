package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldName is a name as names are compared: trimmed, lower-cased and
// without accents, so that "jose nino" finds José Niño. Letters are
// decomposed and their marks dropped (golang.org/x/text); a letter that
// has no decomposition, such as ø, stays as it is.
func FoldName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			if out, _, err := transform.String(t, s); err == nil {
				return out
			}
			return s
		}
	}
	return s
}

// ErrNoMatch and ErrAmbiguous are wrapped by FindRelationship's errors.
var (
	ErrNoMatch   = errors.New("no relationship matches")
	ErrAmbiguous = errors.New("more than one relationship matches")
)

// FindRelationship picks the relationship a person named on the command
// line. name is compared, ignoring case, accents and surrounding spaces
// (FoldName), with the
// other person's name, the mentor's and the mentee's name: an exact match
// wins, then a unique prefix, then a unique substring. A relationship id
// (all 32 digits, or the 8 digits ID.Short shows) also selects it, so that
// two pairs with the same names can still be told apart. No match, or more
// than one at the best level, is an error that says what to type instead.
func FindRelationship(sums []Summary, name string) (Summary, error) {
	q := FoldName(name)
	if q == "" {
		return Summary{}, fmt.Errorf("%w: give a name, e.g. the mentee's first name", ErrNoMatch)
	}
	for _, s := range sums {
		if string(s.Rel.ID) == q || (len(q) == 8 && s.Rel.ID.Short() == q) {
			return s, nil
		}
	}
	match := func(f func(n string) bool) []Summary {
		var out []Summary
		for _, s := range sums {
			for _, n := range []string{s.Rel.Other(), s.Rel.MentorName, s.Rel.MenteeName} {
				if f(FoldName(n)) {
					out = append(out, s)
					break
				}
			}
		}
		return out
	}
	for _, level := range []func(n string) bool{
		func(n string) bool { return n == q },
		func(n string) bool { return strings.HasPrefix(n, q) },
		func(n string) bool { return strings.Contains(n, q) },
	} {
		found := match(level)
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		return Summary{}, fmt.Errorf("%w %s: %s; type more of the name, or the id shown in brackets",
			ErrAmbiguous, Quote(name), candidates(found))
	}
	if len(sums) == 0 {
		return Summary{}, fmt.Errorf("%w %s: the journal has no relationships yet; open mentorlog to add one", ErrNoMatch, Quote(name))
	}
	return Summary{}, fmt.Errorf("%w %s: run `mentorlog export --format markdown` or `mentorlog due` to see the names (%s)",
		ErrNoMatch, Quote(name), names(sums))
}

// candidates lists matching relationships for an error message.
func candidates(found []Summary) string {
	parts := make([]string, len(found))
	for i, s := range found {
		parts[i] = fmt.Sprintf("%s & %s [%s]", SanitizeLine(s.Rel.MentorName), SanitizeLine(s.Rel.MenteeName), s.Rel.ID.Short())
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// names lists up to five other-person names, for a "no match" message.
func names(sums []Summary) string {
	var out []string
	seen := map[string]bool{}
	for _, s := range sums {
		n := SanitizeLine(s.Rel.Other())
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		return "e.g. " + strings.Join(out[:5], ", ") + ", …"
	}
	return "the journal has " + strings.Join(out, ", ")
}
