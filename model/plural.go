package model

import (
	"strconv"
	"strings"
)

// Plural writes a count with its noun, in the singular for exactly one:
// "1 story", "2 stories", "0 progress entries", "1 follow-up". noun is the
// singular. Every count the app prints with a noun goes through it, so the
// rule lives in one place.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + PluralNoun(noun)
}

// Article is the indefinite article of a noun, as a sentence starts:
// "An" before a vowel, else "A".
func Article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "An"
	}
	return "A"
}

// PluralNoun is the plural of a singular noun (of one or more words; the
// last word changes): a consonant and y become ies (story, entry), a noun
// ending in s, x, z, ch or sh takes es (match), the irregular ones are
// looked up, and any other takes s (day, check, follow-up).
func PluralNoun(noun string) string {
	head, last := "", noun
	if i := strings.LastIndexAny(noun, " -"); i >= 0 {
		head, last = noun[:i+1], noun[i+1:]
	}
	if p, ok := irregularPlurals[last]; ok {
		return head + p
	}
	switch {
	case last == "":
		return noun
	case len(last) >= 2 && last[len(last)-1] == 'y' && !strings.ContainsRune("aeiou", rune(last[len(last)-2])):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(last, "s"), strings.HasSuffix(last, "x"), strings.HasSuffix(last, "z"),
		strings.HasSuffix(last, "ch"), strings.HasSuffix(last, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

// irregularPlurals are the nouns whose plural no rule gives.
var irregularPlurals = map[string]string{
	"person": "people",
}
