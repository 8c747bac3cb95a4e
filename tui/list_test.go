package tui

import (
	"fmt"
	"strings"
	"testing"

	"mentorlog/model"
)

// The window of a list keeps the cursor's row whole, and, when rows go
// from below it (a delete), takes back rows above rather than leave blank
// lines under the last one.
func TestRowListWindow(t *testing.T) {
	rows := func(n int) func(int, bool) []string {
		return func(i int, sel bool) []string {
			mark := " "
			if sel {
				mark = ">"
			}
			if i%3 == 2 {
				return []string{fmt.Sprintf("%s%d", mark, i), "  more"} // a row of two lines
			}
			return []string{fmt.Sprintf("%s%d", mark, i)}
		}
	}
	var l rowList
	l.setHeight(5)
	l.setRows(20, rows(20))
	l.selectRow(19)
	if v := l.view(); !strings.Contains(v, ">19") || strings.Count(v, "\n") != 4 {
		t.Fatalf("at the end:\n%s", v)
	}
	// The last 10 rows deleted: the cursor on the new last row, the window
	// full of the rows above it.
	l.setRows(10, rows(10))
	v := l.view()
	lines := strings.Split(v, "\n")
	if len(lines) != 5 || lines[len(lines)-1] != ">9" {
		t.Fatalf("after a delete below, %d lines:\n%s", len(lines), v)
	}
	// Shorter than the window: every row from the first.
	l.setRows(3, rows(3))
	if v := l.view(); !strings.HasPrefix(v, " 0\n 1\n>2") {
		t.Fatalf("three rows:\n%s", v)
	}
	// Moving up past the window's top scrolls to the cursor.
	l.setRows(20, rows(20))
	l.selectRow(19)
	l.selectRow(3)
	if v := l.view(); !strings.HasPrefix(v, ">3\n") {
		t.Fatalf("up to row 3:\n%s", v)
	}
}

// A roadmap opened from a search hit on its last topic shows the topics
// above it too (it was made before its size was known, and showed the
// hit's row alone).
func TestRoadmapFromAHitShowsTheRowsAbove(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	d.open(hitScreen(d.deps(), f, model.Hit{Kind: model.HitRoadmap, RelID: f.Rel.ID, RecordID: idN(22), Field: "topic"}))
	d.wantView("Career paths in compilers", "Giving feedback to seniors", "Writing a talk proposal")
}
