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

// A goal's form left under a search, where the same goal was saved from a
// hit, shows what was saved there where nothing is typed, and its own
// save writes only what is typed in it: the title saved from the hit
// stays (it was written back as it was, a newcomer's finding).
func TestGoalFormUnderAHitKeepsWhatTheHitSaved(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	g := f.Goals[0]
	d.open(newGoalForm(d.deps(), f, &g))
	d.focusKey("specific")
	d.typeText("Three talks")
	d.focusKey("status") // a choice: / searches from it
	d.openHit("conference talks")
	if _, ok := d.top().(*formScreen); !ok {
		t.Fatalf("the hit opened %T", d.top())
	}
	d.focusKey("title")
	d.keys("end")
	d.typeText(" (SRE)")
	d.keys("ctrl+s", "esc") // saved from the hit; back through the search
	outer := d.top().(*formScreen)
	if got := outer.form.Value("title"); got != "Give three conference talks (SRE)" {
		t.Fatalf("the form below shows the title %q", got)
	}
	if got := outer.form.Value("specific"); got != "Three talks" {
		t.Fatalf("what was typed below: %q", got)
	}
	d.keys("ctrl+s")
	for _, y := range j.get(t, f.Rel.ID).Goals {
		if y.ID == g.ID && (y.Title != "Give three conference talks (SRE)" || y.Specific != "Three talks") {
			t.Fatalf("stored after both saves: %q, %q", y.Title, y.Specific)
		}
	}
}

// A hit in a progress note opens the goal's progress on that entry, not
// on the newest (a newcomer's second enter edited the wrong one).
func TestProgressHitOpensOnItsEntry(t *testing.T) {
	f := loopSample()
	g := &f.Goals[0]
	g.Progress = append(g.Progress, model.ProgressEntry{Date: day(2026, 2, 1), Value: "2 of 3", Note: "second talk"})
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	d.open(hitScreen(d.deps(), f, model.Hit{Kind: model.HitGoal, RelID: f.Rel.ID, RecordID: g.ID, Field: "progress[0].note"}))
	ps, ok := d.top().(*progressScreen)
	if !ok {
		t.Fatalf("the hit opened %T", d.top())
	}
	if ps.order[ps.list.cursor] != 0 {
		t.Fatalf("the cursor is on entry %d, want 0 (the one that matched; the newest is 1)", ps.order[ps.list.cursor])
	}
}
