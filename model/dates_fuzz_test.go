package model

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseDate checks that any typed text either parses to a calendar day
// (midnight UTC) that formats and parses back to itself, or gives an error
// a person can read: printable, naming the accepted forms.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "today", "TOMORROW", " yesterday ", "now", "+3d", "-1d", "+2w", "+1m", "-0d", "+3650d",
		"+3651d", "2026-11-23", "2026-02-30", "1899-12-31", "2200-12-31", "2201-01-01", "+d", "++3d", "+3x", "26-1-1", "\x1b[31m"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s, today)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("%q: error %v with a non-zero date %v", s, err, got)
			}
			msg := err.Error()
			if !Printable(msg) || strings.ContainsAny(msg, "\x1b\r") {
				t.Fatalf("%q: error message is not printable: %q", s, msg)
			}
			if !strings.Contains(msg, "YYYY-MM-DD") && !strings.Contains(msg, "out of range") {
				t.Fatalf("%q: error does not say what to type: %q", s, msg)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if !got.IsZero() {
				t.Fatalf("%q: blank input gave %v, want no date", s, got)
			}
			return
		}
		if got.Location() != time.UTC || got != Day(got) {
			t.Fatalf("%q: %v is not a calendar day at midnight UTC", s, got)
		}
		if y := got.Year(); y >= 1900 && y <= 2200 {
			back, err := ParseDate(FormatDate(got), today)
			if err != nil || !back.Equal(got) {
				t.Fatalf("%q: %s does not parse back (%v, %v)", s, FormatDate(got), back, err)
			}
		}
		if DaysBetween(today, got) > 3650*31 || DaysBetween(got, today) > 3650*31 {
			t.Fatalf("%q: %v is absurdly far from today", s, got)
		}
	})
}
