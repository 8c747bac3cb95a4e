package tui

import (
	"testing"

	"mentorlog/model"
)

func TestGoalsListAndSMART(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 120, 40)
	dr.press("enter", "g")
	dr.wantView("2 goals, 2 open, 1 stalled", "Chair three planning meetings", "SMART 3/5, missing achievable, relevant",
		"Write a team charter  stalled", "1 progress entry, last 2026-11-10")

	// A new goal: the note says which SMART parts are missing as you type.
	dr.press("n")
	dr.wantTop("New goal")
	dr.typeText("Give a talk")
	dr.wantView("SMART 0/5, missing specific, measurable, achievable, relevant, time-bound")
	dr.focusKey("measure")
	dr.typeText("one 20-minute talk")
	dr.focusKey("relevant")
	dr.wantView("why it matters (layer 3 has: less evening work)") // the meaning is the hint
	dr.typeText("visibility")
	dr.focusKey("due")
	dr.typeText("+4w")
	dr.wantView("SMART 3/5, missing specific, achievable")
	dr.press("ctrl+s")
	dr.wantTop("Goals")
	dr.wantView("Give a talk", "due 2026-12-21", "Goal saved.")
	var g model.Goal
	for _, x := range j.get(t, coreID(1)).Goals {
		if x.Title == "Give a talk" {
			g = x
		}
	}
	if g.ID == "" || g.Measure != "one 20-minute talk" || !g.Due.Equal(day(2026, 12, 21)) || g.Status != model.GoalOpen {
		t.Fatalf("goal %+v", g)
	}
}

func TestGoalEditKeepsProgressAndStatus(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "g", "e")
	dr.wantTop("Goal: Chair three planning meetings")
	dr.focusKey("status")
	dr.press("right") // achieved
	dr.press("ctrl+s")
	g := j.get(t, coreID(1)).Goals[0]
	if g.Status != model.GoalAchieved || len(g.Progress) != 1 {
		t.Fatalf("goal %+v", g)
	}
	dr.wantView("✓ Chair three planning meetings")
}

func TestGoalProgressEntries(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "g", "enter")
	dr.wantTop("Progress: Chair three planning meetings")
	dr.wantView("2026-11-10  1 of 3 — went well", "Measure and target: 3 meetings")
	// An entry needs a value or a note.
	dr.press("n")
	dr.press("ctrl+s")
	dr.wantView("needs a value or a note")
	dr.focusKey("value")
	dr.typeText("2 of 3")
	dr.press("ctrl+s")
	dr.wantTop("Progress: Chair three planning meetings")
	dr.wantView("2026-11-23  2 of 3", "Progress saved.")
	if p := j.get(t, coreID(1)).Goals[0].Progress; len(p) != 2 || p[1].Value != "2 of 3" || !p[1].Date.Equal(day(2026, 11, 23)) {
		t.Fatalf("progress %+v", p)
	}
	// Newest first: the cursor is on the new entry; delete it.
	dr.press("d", "y")
	if p := j.get(t, coreID(1)).Goals[0].Progress; len(p) != 1 || p[0].Value != "1 of 3" {
		t.Fatalf("after delete %+v", p)
	}
}

func TestGoalDelete(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "g", "down", "d")
	dr.wantView(`Delete the goal "Write a team charter"`)
	dr.press("y")
	if gs := j.get(t, coreID(1)).Goals; len(gs) != 1 || gs[0].Title != "Chair three planning meetings" {
		t.Fatalf("goals %+v", gs)
	}
}
