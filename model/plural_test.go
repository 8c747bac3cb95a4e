package model

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{1, "story", "1 story"},
		{2, "story", "2 stories"},
		{0, "progress entry", "0 progress entries"},
		{1, "progress entry", "1 progress entry"},
		{1, "check", "1 check"},
		{3, "check", "3 checks"},
		{1, "follow-up", "1 follow-up"},
		{2, "follow-up", "2 follow-ups"},
		{2, "day", "2 days"},
		{-1, "day", "-1 days"},
		{12, "relationship", "12 relationships"},
		{2, "match", "2 matches"},
		{2, "wish", "2 wishes"},
		{2, "box", "2 boxes"},
		{2, "other record", "2 other records"},
		{2, "person", "2 people"},
		{2, "key", "2 keys"},
		{2, "check-in", "2 check-ins"},
	} {
		if got := Plural(c.n, c.noun); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
	if got := PluralNoun(""); got != "" {
		t.Errorf("PluralNoun(\"\") = %q", got)
	}
}
