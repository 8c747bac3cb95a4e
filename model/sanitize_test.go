package model

import "testing"

// TestCleanMatchesSanitize checks Sanitize's shortcut: clean(s) must hold
// exactly when the full rebuild leaves s as it is, or Sanitize would let
// through what it should remove (or rebuild for nothing).
func TestCleanMatchesSanitize(t *testing.T) {
	check := func(s string) {
		if got, want := clean(s), rebuild(s) == s; got != want {
			t.Errorf("clean(%q) = %v, but the rebuild leaves it unchanged: %v", s, got, want)
		}
	}
	for r := rune(0); r < 0x3100; r++ {
		check("a" + string(r) + "b")
	}
	for _, s := range []string{"", "plain", "line\nline", "tab\there", "cr\r\n", "\xff\xfe", "\xc3", "é\u0085", "\u202e",
		"\x1b[31m", "caf\u00e9 — na\u00efve", "\U0001F600 emoji", "\x7f", "山田太郎"} {
		check(s)
	}
}

func TestQuoteKeepsJoinersAndDropsControls(t *testing.T) {
	for in, want := range map[string]string{
		"👩🏾\u200d💻":       "\"👩🏾\u200d💻\"",
		"क्\u200dष":       "\"क्\u200dष\"",
		"a\x1b[31mb\nc":   "\"ab c\"",
		`say "hi" \ back`: `"say "hi" \ back"`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Lovelace":                 "ada-lovelace",
		"José Núñez":                   "jose-nunez",
		"Jose\u0301 Nu\u0301n\u0303ez": "jose-nunez", // typed decomposed
		"Łukasz Straße":                "lukasz-strasse",
		"  O'Brien, Ann ":              "o-brien-ann",
		"प्रिया शर्मा":                 "प्रिया-शर्मा", // the vowel signs stay in their word
		"Zoë 🚀 2":                      "zoe-2",
		"🚀":                            "relationship",
		"\u0301":                       "relationship",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
