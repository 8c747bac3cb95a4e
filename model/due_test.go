package model

import (
	"testing"
	"time"
)

// TestOverdueBoundaries pins the one rule for overdue and late at its edge:
// due today is not overdue, due yesterday is overdue by one day; a meeting
// on its date is not late, one day past it is late by one day. Every user
// of the rule (IsOverdue, Summary.Overdue, SortFollowUps, MeetingLateDays
// and Due) must agree with DaysLate.
func TestOverdueBoundaries(t *testing.T) {
	today := day("2026-11-23")
	evening := today.Add(23*time.Hour + 59*time.Minute) // the same day, late
	for _, c := range []struct {
		name string
		due  time.Time
		late int
	}{
		{"due tomorrow", day("2026-11-24"), 0},
		{"due today", today, 0},
		{"due yesterday", day("2026-11-22"), 1},
		{"due a week ago", day("2026-11-16"), 7},
		{"no date", time.Time{}, 0},
	} {
		for _, now := range []time.Time{today, evening} {
			if got := DaysLate(c.due, now); got != c.late {
				t.Errorf("%s at %v: DaysLate = %d, want %d", c.name, now, got, c.late)
			}
			f := FollowUp{ID: newID(), Text: c.name, Owner: RoleMentee, Due: c.due, Status: FollowUpOpen}
			if got := f.IsOverdue(now); got != (c.late > 0) {
				t.Errorf("%s: IsOverdue = %v", c.name, got)
			}
			f.Status = FollowUpDone
			if f.IsOverdue(now) {
				t.Errorf("%s: a done follow-up is never overdue", c.name)
			}
		}
	}

	// Summary.Overdue and SortFollowUps at the edge.
	s := Summary{OpenDue: []time.Time{today, day("2026-11-22")}}
	if n := s.Overdue(today); n != 1 {
		t.Errorf("Summary.Overdue counts %d, want 1 (yesterday's, not today's)", n)
	}
	fs := []FollowUp{
		{Text: "today", Status: FollowUpOpen, Due: today},
		{Text: "yesterday", Status: FollowUpOpen, Due: day("2026-11-22")},
	}
	SortFollowUps(fs, today)
	if fs[0].Text != "yesterday" {
		t.Errorf("the overdue follow-up should sort first: %v", fs)
	}

	// A meeting on its date is due, not late; a day past it is late.
	rel := validRel() // cadence 14
	meetToday := Summary{Rel: rel, LastSession: day("2026-11-09"), NextMeeting: today}
	meetYesterday := Summary{Rel: rel, LastSession: day("2026-11-08"), NextMeeting: day("2026-11-22")}
	if got := MeetingLateDays(meetToday, today); got != 0 {
		t.Errorf("a meeting today is late by %d", got)
	}
	if got := MeetingLateDays(meetYesterday, today); got != 1 {
		t.Errorf("a meeting yesterday is late by %d, want 1", got)
	}

	// Due flags the same items.
	rel2 := validRel()
	rel2.ID = NewID(t0.Add(time.Second))
	meetYesterday.Rel = rel2
	open := []FollowUp{
		{ID: newID(), RelID: rel.ID, Text: "today", Owner: RoleMentee, Due: today, Status: FollowUpOpen},
		{ID: newID(), RelID: rel.ID, Text: "yesterday", Owner: RoleMentee, Due: day("2026-11-22"), Status: FollowUpOpen},
	}
	overdue := map[string]bool{}
	for _, it := range Due(evening, []Summary{meetToday, meetYesterday}, open, 0) {
		overdue[string(it.Kind)+" "+FormatDate(it.Date)+" "+it.Text] = it.Overdue
	}
	want := map[string]bool{
		"meeting 2026-11-23 meeting":     false,
		"meeting 2026-11-22 meeting":     true,
		"follow-up 2026-11-23 today":     false,
		"follow-up 2026-11-22 yesterday": true,
	}
	if len(overdue) != len(want) {
		t.Fatalf("Due listed %v, want %v", overdue, want)
	}
	for k, v := range want {
		if got, ok := overdue[k]; !ok || got != v {
			t.Errorf("Due: %q overdue = %v (listed %v), want %v", k, got, ok, v)
		}
	}
}
