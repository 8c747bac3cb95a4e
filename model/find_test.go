package model

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFindRelationship(t *testing.T) {
	mk := func(mentor, mentee string, role Role) Summary {
		r := validRel()
		r.MentorName, r.MenteeName, r.OwnerRole = mentor, mentee, role
		return Summary{Rel: r}
	}
	sums := []Summary{
		mk("Grace Hopper", "Ada Lovelace", RoleMentor),
		mk("Grace Hopper", "Adam Smith", RoleMentor),
		mk("Katherine Johnson", "Grace Hopper", RoleMentee), // the owner is mentee: other = Katherine
		mk("Me", "Alan Turing", RolePeer),
		mk("Me", "Ann", RoleMentor),
		mk("Me", "José Niño 🚀", RoleMentor),
		mk("Me", "Søren Ærø", RoleMentor),
	}
	twin := mk("Me", "Ann", RoleMentor) // same names as sums[4]
	tests := []struct {
		name     string
		sums     []Summary
		query    string
		want     int // index into sums; -1 = error
		errIs    error
		errHas   []string
		errLacks string
	}{
		{"exact other name", sums, "Ada Lovelace", 0, nil, nil, ""},
		{"exact ignores case and spaces", sums, "  ada LOVELACE ", 0, nil, nil, ""},
		{"exact beats prefix", sums, "ann", 4, nil, nil, ""},
		{"unique prefix", sums, "kath", 2, nil, nil, ""},
		{"unique prefix of mentee name", sums, "alan", 3, nil, nil, ""},
		{"unique substring", sums, "turing", 3, nil, nil, ""},
		{"substring of the other side's name", sums, "johnson", 2, nil, nil, ""},
		{"ambiguous prefix", sums, "ada", -1, ErrAmbiguous, []string{"Ada Lovelace", "Adam Smith", "type more"}, "Katherine"},
		{"ambiguous through mentor name", sums, "grace", -1, ErrAmbiguous, []string{"Ada Lovelace", "Adam Smith", "Katherine Johnson"}, "Turing"},
		{"no match", sums, "zed", -1, ErrNoMatch, []string{`"zed"`, "mentorlog due", "Alan Turing"}, ""},
		{"empty name", sums, "  ", -1, ErrNoMatch, []string{"give a name"}, ""},
		{"empty journal", nil, "ada", -1, ErrNoMatch, []string{"no relationships yet"}, ""},
		{"control characters in query are not echoed", sums, "zz\x1b[31m", -1, ErrNoMatch, nil, "\x1b"},
		{"accents ignored in the name", sums, "jose", 5, nil, nil, ""},
		{"accents ignored both ways", sums, "JOSÉ nino", 5, nil, nil, ""},
		{"accented query on a plain name", sums, "Ánn", 4, nil, nil, ""},
		{"a letter without a decomposition stays", sums, "søren", 6, nil, nil, ""},
		{"a letter with a stroke is found as typed without it", sums, "soren", 6, nil, nil, ""},
		{"words in another order", sums, "lovelace ada", 0, nil, nil, ""},
		{"words of both names", sums, "johnson  HOPPER", 2, nil, nil, ""},
		{"words of two pairs are ambiguous", sums, "hopper ada", -1, ErrAmbiguous, []string{"Ada Lovelace", "Adam Smith"}, "Katherine"},
		{"a word of neither name", sums, "lovelace zed", -1, ErrNoMatch, nil, ""},
		{"by full id", sums, string(sums[1].Rel.ID), 1, nil, nil, ""},
		{"by short id", sums, sums[3].Rel.ID.Short(), 3, nil, nil, ""},
		{"same names twice are ambiguous and show ids", append([]Summary{twin}, sums[4]), "ann", -1, ErrAmbiguous,
			[]string{twin.Rel.ID.Short(), sums[4].Rel.ID.Short()}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FindRelationship(tc.sums, tc.query)
			if tc.want >= 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if got.Rel.ID != tc.sums[tc.want].Rel.ID {
					t.Fatalf("got %s & %s, want %s & %s", got.Rel.MentorName, got.Rel.MenteeName,
						tc.sums[tc.want].Rel.MentorName, tc.sums[tc.want].Rel.MenteeName)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error, got %s & %s", got.Rel.MentorName, got.Rel.MenteeName)
			}
			if !errors.Is(err, tc.errIs) {
				t.Errorf("error %v is not %v", err, tc.errIs)
			}
			for _, h := range tc.errHas {
				if !strings.Contains(err.Error(), h) {
					t.Errorf("error %q lacks %q", err, h)
				}
			}
			if tc.errLacks != "" && strings.Contains(err.Error(), tc.errLacks) {
				t.Errorf("error %q should not contain %q", err, tc.errLacks)
			}
		})
	}
}

// TestFoldRune: accents are dropped and letters lower-cased, whatever the
// script's letters are made of; what is not an accent stays.
func TestFoldRune(t *testing.T) {
	for in, want := range map[string]string{
		"café":              "cafe",
		"CAFÉ":              "CAFe", // the letters without accents keep their case
		"résumé":            "resume",
		"e\u0301t\u0301e":   "ete", // accents typed apart from their letters
		"ǖber Ærø Straße":   "uber aero Strasse",
		"Łódź, Œuvre, Þór":  "lodz, oeuvre, thor",
		"ΟΔΥΣΣΕΑΣ οδυσσέας": "ΟΔΥΣΣΕΑΣ οδυσσεασ", // the final sigma is a sigma
		"İstanbul":          "istanbul",
		"ΆΣΤΡΟ ά":           "αΣΤΡΟ α",
		"हिंदी शर्मा":       "हिंदी शर्मा", // vowel signs are not accents
		"日本語 தமிழ்":         "日本語 தமிழ்",
		"Niño, über, çà":    "Nino, uber, ca",
		"plain ASCII text":  "plain ASCII text",
		"\x81é\xff":         "\x81e\xff", // bytes that are not UTF-8 stay as they are
	} {
		if got := Unaccented(in); got != want {
			t.Errorf("Unaccented(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FoldName("  José NIÑO "); got != "jose nino" {
		t.Errorf("FoldName: %q", got)
	}
	// One name typed composed or decomposed (Hangul, a Devanagari nukta).
	for _, pair := range [][2]string{{"한지민", "\u1112\u1161\u11ab\u110c\u1175\u1106\u1175\u11ab"}, {"\u0958", "\u0915\u093c"}} {
		if a, b := FoldName(pair[0]), FoldName(pair[1]); a != b {
			t.Errorf("FoldName(%q) = %q, FoldName(%q) = %q: one name", pair[0], a, pair[1], b)
		}
	}
	// Symbols are not letters: ≠ is not =.
	if got := Unaccented("a ≠ b, x ∉ S"); got != "a ≠ b, x ∉ S" {
		t.Errorf("symbols folded: %q", got)
	}
	// No rune folds to more bytes than it has.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if f, ok := FoldRune(r); ok && len(f) > utf8.RuneLen(r) {
			t.Fatalf("FoldRune(%U) = %q: longer than the rune", r, f)
		}
	}
	for _, r := range "aZ ħ≠" {
		if f, ok := FoldRune(r); ok {
			t.Errorf("FoldRune(%q) = %q: it has no accent", r, f)
		}
	}
}

func TestOnlyAccents(t *testing.T) {
	for q, want := range map[string]bool{"\u0301": true, " \u0301\u0308 ": true, "": false, "  ": false, "e\u0301": false, "é": false, "≠": false} {
		if got := OnlyAccents(q); got != want {
			t.Errorf("OnlyAccents(%q) = %v, want %v", q, got, want)
		}
	}
}
