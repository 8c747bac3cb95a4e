package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldName is a name as names are compared: trimmed, lower-cased, in
// one Unicode form (NFC: a name typed composed or decomposed is the same
// name) and without accents (Unaccented), so that "jose nino" finds José
// Niño.
func FoldName(s string) string {
	return Unaccented(norm.NFC.String(strings.ToLower(strings.TrimSpace(s))))
}

// Unaccented is s with every letter folded as FoldRune folds it (the
// others keep their case): names are compared, and the journal searched,
// without regard to accents.
func Unaccented(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			var b strings.Builder
			b.WriteString(s[:i])
			for i < len(s) {
				r, size := utf8.DecodeRuneInString(s[i:])
				if f, ok := FoldRune(r); ok {
					b.WriteString(f)
				} else {
					b.WriteString(s[i : i+size]) // as it is, bytes that are not UTF-8 too
				}
				i += size
			}
			return b.String()
		}
	}
	return s
}

// FoldRune is the letter r without its accents, lower-case, when it has
// accents: é and É are e, ǖ is u, a lone combining accent is nothing; and
// the Latin letters people type without their stroke or ligature as they
// type them (ß is ss, æ ae, œ oe, ø o, ł l, ð and đ d, þ th, ı i), and
// the final sigma ς as σ. ok is false for a rune without any, which stays
// as it is: symbols (≠ is not =), and the letters and vowel signs of
// scripts whose marks are not accents (only the combining diacritical
// marks, U+0300–U+036F and U+1DC0–U+1DFF, are dropped). Letters are
// decomposed by golang.org/x/text. What FoldRune makes is never longer
// than r.
func FoldRune(r rune) (string, bool) {
	if r < utf8.RuneSelf {
		return "", false
	}
	if r < foldTableEnd {
		f := foldTable()[r]
		return f.s, f.ok
	}
	return foldRune(r)
}

// foldTableEnd bounds the runes whose folding is worked out once: Latin,
// with the combining accents, Greek and Cyrillic, where nearly every
// accent a journal holds is.
const foldTableEnd = 0x500

var foldTable = sync.OnceValue(func() []struct {
	s  string
	ok bool
} {
	t := make([]struct {
		s  string
		ok bool
	}, foldTableEnd)
	for r := rune(utf8.RuneSelf); r < foldTableEnd; r++ {
		t[r].s, t[r].ok = foldRune(r)
	}
	return t
})

func isAccent(r rune) bool { return r >= 0x300 && r <= 0x36f || r >= 0x1dc0 && r <= 0x1dff }

// asTyped is what the letters that have no decomposition fold to.
var asTyped = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'ð': "d", 'Ð': "d", 'đ': "d", 'Đ': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'ς': "σ",
}

func foldRune(r rune) (string, bool) {
	if isAccent(r) {
		return "", true
	}
	if f, ok := asTyped[r]; ok {
		return f, true
	}
	if !unicode.IsLetter(r) {
		return "", false
	}
	var buf [utf8.UTFMax]byte
	if norm.NFD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition() == nil {
		return "", false // no decomposition: most runes, found without allocating
	}
	d := norm.NFD.String(string(r))
	base := strings.Map(func(r rune) rune {
		if isAccent(r) {
			return -1
		}
		return r
	}, d)
	if len(base) == len(d) {
		return "", false
	}
	f := strings.ToLower(norm.NFC.String(base))
	if len(f) > utf8.RuneLen(r) {
		return "", false // never longer: a search maps a match back by it
	}
	return f, true
}

// PairNames is both names of a relationship as FoldName makes them, with
// a NUL between them, which nothing typed holds: what a filter of names
// looks through (HoldsWords).
func PairNames(r Relationship) string {
	return FoldName(r.MentorName) + "\x00" + FoldName(r.MenteeName)
}

// HoldsWords reports whether names holds every word of query, in any
// order, both as FoldName makes them: "ruiz ana" finds Ana Ruiz, and
// "grace ada" the pair of Grace and Ada.
func HoldsWords(names, query string) bool {
	for _, w := range strings.Fields(query) {
		if !strings.Contains(names, w) {
			return false
		}
	}
	return true
}

// ErrNoMatch and ErrAmbiguous are wrapped by FindRelationship's errors.
var (
	ErrNoMatch   = errors.New("no relationship matches")
	ErrAmbiguous = errors.New("more than one relationship matches")
)

// FindRelationship picks the relationship a person named on the command
// line. name is compared, ignoring case, accents and surrounding spaces
// (FoldName), with the other person's name, the mentor's and the mentee's
// name: an exact match wins, then a unique prefix, then a unique
// substring, then a pair whose names hold every word of it, in any order
// (HoldsWords). A relationship id
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
	// The two names together too, for words of both ("grace ada"); a
	// string typed never spans the NUL between them.
	match := func(f func(n string) bool) []Summary {
		var out []Summary
		for _, s := range sums {
			for _, n := range []string{FoldName(s.Rel.Other()), FoldName(s.Rel.MentorName), FoldName(s.Rel.MenteeName), PairNames(s.Rel)} {
				if f(n) {
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
		func(n string) bool { return HoldsWords(n, q) },
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
