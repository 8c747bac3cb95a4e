package model

import (
	"testing"
	"time"
)

// TestIDTime: an id tells when it was made, to the millisecond, and the
// first id of a time sorts before every id made then or later.
func TestIDTime(t *testing.T) {
	at := time.Date(2025, 6, 2, 9, 30, 15, 123456789, time.UTC)
	id := NewID(at)
	if got := id.Time(); !got.Equal(at.Truncate(time.Millisecond)) {
		t.Errorf("Time of an id made at %v: %v", at, got)
	}
	if first := FirstIDAt(at); first > id || first.Time() != id.Time() || FirstIDAt(at.Add(time.Millisecond)) <= id {
		t.Errorf("FirstIDAt(%v) = %s against %s", at, first, id)
	}
	if !ID("not an id").Time().IsZero() {
		t.Error("an id of another shape has a time")
	}
}

// TestWindowFor: a hit's window reaches back to the day before its
// record's date, or for an undated follow-up to the day before it was
// made; other records are read in any window.
func TestWindowFor(t *testing.T) {
	made := time.Date(2019, 3, 5, 17, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		h    Hit
		want time.Time
	}{
		{"a session", Hit{Kind: HitSession, RecordID: NewID(made.AddDate(1, 0, 0)), Date: "2019-03-10"}, time.Date(2019, 3, 9, 0, 0, 0, 0, time.UTC)},
		{"an undated follow-up", Hit{Kind: HitFollowUp, RecordID: NewID(made)}, time.Date(2019, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"a goal", Hit{Kind: HitGoal, RecordID: NewID(made)}, time.Time{}},
	} {
		w := WindowFor(c.h, 60)
		if w.Sessions != 60 || !w.Since.Equal(c.want) {
			t.Errorf("%s: %+v, want since %v", c.name, w, c.want)
		}
	}
}
