package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateLayout is how dates are written and read: 2026-11-23.
const DateLayout = "2006-01-02"

// Day returns t's calendar day as midnight UTC (taken in t's own location).
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FormatDate writes a date as 2026-11-23, or "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// ParseDate reads a date a person typed, relative to today:
// "2026-11-23", "today", "tomorrow", "yesterday", "+3d", "+2w", "-1d".
// The empty string gives the zero time (no date) and no error.
func ParseDate(s string, today time.Time) (time.Time, error) {
	typed := strings.TrimSpace(s) // as typed, for the messages
	s = strings.ToLower(typed)
	today = Day(today)
	switch s {
	case "":
		return time.Time{}, nil
	case "today", "now":
		return today, nil
	case "tomorrow":
		return today.AddDate(0, 0, 1), nil
	case "yesterday":
		return today.AddDate(0, 0, -1), nil
	}
	if len(s) >= 3 && (s[0] == '+' || s[0] == '-') {
		unit := s[len(s)-1]
		n, err := strconv.Atoi(s[1 : len(s)-1])
		if err == nil && n >= 0 && n <= 3650 {
			if s[0] == '-' {
				n = -n
			}
			switch unit {
			case 'd':
				return today.AddDate(0, 0, n), nil
			case 'w':
				return today.AddDate(0, 0, 7*n), nil
			case 'm':
				return today.AddDate(0, n, 0), nil
			}
		}
	}
	t, err := time.Parse(DateLayout, s)
	var y, m, d int
	if err != nil && len(s) == len(DateLayout) {
		if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && m >= 1 && m <= 12 {
			last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return time.Time{}, fmt.Errorf("%04d-%02d-%02d is not a day of the year: %s %d has %d days (YYYY-MM-DD)", y, m, d, time.Month(m), y, last)
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date: write today, tomorrow, +3d, +2w or YYYY-MM-DD (e.g. %s)", typed, today.Format(DateLayout))
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("%q is out of range: use a year between 1900 and 2200", typed)
	}
	return t, nil
}

// DaysBetween counts whole calendar days from a to b (negative if b is before a).
func DaysBetween(a, b time.Time) int {
	return int(Day(b).Sub(Day(a)).Hours() / 24)
}
