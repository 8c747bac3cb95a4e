package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize removes what could drive a terminal from text that came from a
// journal file or an import: escape sequences (CSI, OSC, DCS and the like),
// C0 and C1 control characters and DEL, and invalid UTF-8. Newlines stay;
// a tab becomes four spaces; carriage returns are dropped.
func Sanitize(s string) string {
	if clean(s) {
		return s
	}
	return rebuild(s)
}

// rebuild is Sanitize without the shortcut for clean text.
func rebuild(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
			continue
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(s, i+1)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// dropped
		case r == '\u2028' || r == '\u2029' || r == '\u202e' || r == '\u202d' || r == '\u2066' || r == '\u2067' || r == '\u2068' || r == '\u2069' || r == '\u202a' || r == '\u202b' || r == '\u202c':
			// line separators and bidi overrides: dropped
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// Quote puts journal text between double quotes for a one-line message,
// cleaned as SanitizeLine cleans it. Unlike %q it keeps the text as
// written: a zero-width joiner in an emoji or a Hindi word stays a joiner,
// not \u200d.
func Quote(s string) string { return `"` + SanitizeLine(s) + `"` }

// SanitizeLine is Sanitize for a one-line display: newlines become spaces.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if strings.IndexByte(s, '\n') >= 0 {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	return s
}

// clean reports whether Sanitize(s) == s: valid UTF-8 without C0 or C1
// controls (newline aside), DEL, tabs, line separators or bidi overrides.
// It lets Sanitize skip the rebuild for the common case, accents and other
// scripts included.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0xa0: // C1 controls
			return false
		case r >= 0x2028 && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return false
		}
		i += size
	}
	return true
}

// skipEscape skips what follows an ESC at s[i:].
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two- or three-byte sequences: intermediates 0x20-0x2f then a final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameters and intermediates up to and including the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			break
		}
		if c < 0x20 || c >= 0x80 {
			break
		}
	}
	return i
}

// skipString skips a control string up to BEL, ST (ESC \) or C1 ST.
func skipString(s string, i int) int {
	for i < len(s) {
		if s[i] == 0x07 {
			return i + 1
		}
		if s[i] == 0x1b {
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x9c {
			return i + size
		}
		i += size
	}
	return i
}

// Printable reports whether s holds nothing Sanitize would remove.
func Printable(s string) bool {
	for _, r := range s {
		if r != '\n' && !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

// Slug makes a file name of a person's name: letters and digits in lower
// case, without their accents (a file name is typed: josé-núñez is
// jose-nunez), with the vowel signs of scripts that have them; anything
// else a single dash.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range FoldName(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) && b.Len() > 0 && !dash {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "relationship"
	}
	return out
}

// JoinList writes a list one item a line, leaving out empty items: how a
// text field shows a list.
func JoinList(items []string) string {
	var kept []string
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, "\n")
}

// SplitList reads a list back from a text field: one item a line, empty
// lines left out.
func SplitList(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// FirstLine is the first line of s that is not blank, trimmed.
func FirstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}
