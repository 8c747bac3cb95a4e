package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func TestAppSizesNeverPanic(t *testing.T) {
	j := newJournal(t, coreNow, coreSample(), coreOther())
	sizes := [][2]int{{0, 0}, {1, 1}, {20, 5}, {59, 16}, {60, 15}, {60, 16}, {80, 24}, {120, 40}, {400, 200}, {2, 100}, {100, 2}}
	// Every screen of the core, at every size.
	open := [][]string{
		{},
		{"enter"},
		{"enter", "0"},
		{"enter", "1"},
		{"enter", "4"},
		{"enter", "g"},
		{"enter", "r"},
		{"n"},
	}
	for _, keys := range open {
		dr := newCoreDriver(t, j, 80, 24)
		dr.press(keys...)
		for _, sz := range sizes {
			dr.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := dr.view()
			if sz[0] < minWidth || sz[1] < minHeight {
				if sz[0] > 0 && sz[1] > 0 && !strings.Contains(strings.ReplaceAll(v, "\n", ""), "t") {
					t.Fatalf("%v: too-small view is %q", sz, v)
				}
			}
			for i, l := range strings.Split(v, "\n") {
				if w := cells().StringWidth(l); sz[0] > 0 && w > max(sz[0], 0) {
					t.Fatalf("keys %v at %v: line %d is %d wide: %q", keys, sz, i, w, l)
				}
			}
			if n := strings.Count(v, "\n") + 1; sz[1] > 0 && n > sz[1] {
				t.Fatalf("keys %v at %v: %d lines", keys, sz, n)
			}
		}
	}
}

func TestAppTooSmallRecovers(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 40, 10)
	dr.wantView("terminal too small", "60x16")
	dr.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	dr.wantView("Ada Lovelace", "1 relationship")
	if strings.Contains(dr.view(), "too small") {
		t.Fatal("still too small at 80x24")
	}
}

func TestAppQuitAndBack(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 80, 24)
	dr.press("enter")
	dr.wantTop("Ada Lovelace")
	dr.press("3") // meaning editor
	dr.wantTop("3 Meaning")
	dr.typeText("q?j") // typed into the field, not quit or help
	if dr.quit {
		t.Fatal("q quit while typing")
	}
	if !dr.top().Dirty() {
		t.Fatal("editor not dirty after typing")
	}
	// esc asks before dropping the edits; n keeps them.
	dr.press("esc")
	dr.wantView("Discard unsaved changes? y/n")
	dr.press("n")
	dr.wantTop("3 Meaning")
	// ctrl+c with unsaved edits warns first, the second quits.
	dr.press("ctrl+c")
	if dr.quit {
		t.Fatal("first ctrl+c quit with unsaved edits")
	}
	dr.wantView("press ctrl+c again")
	// Any other key stays, and is not typed.
	before := dr.top().(*formScreen).form.focused().value()
	dr.press("n")
	if dr.quit || dr.top().(*formScreen).form.focused().value() != before || strings.Contains(dr.view(), "ctrl+c again") {
		t.Fatalf("the key after the warning: quit %v, field %q, want %q", dr.quit, dr.top().(*formScreen).form.focused().value(), before)
	}
	dr.press("ctrl+c")
	dr.wantView("press ctrl+c again")        // armed again, not quit
	dr.send(tea.PasteMsg{Content: "pasted"}) // a paste answers it too, and is not typed
	if dr.quit || dr.top().(*formScreen).form.focused().value() != before || strings.Contains(dr.view(), "ctrl+c again") {
		t.Fatalf("a paste after the warning: quit %v, field %q", dr.quit, dr.top().(*formScreen).form.focused().value())
	}
	dr.press("ctrl+c")
	dr.wantView("press ctrl+c again")
	dr.press("ctrl+c")
	if !dr.quit {
		t.Fatal("second ctrl+c did not quit")
	}
}

func TestAppBackDiscardsAfterYes(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 80, 24)
	dr.press("enter", "3")
	dr.typeText("x")
	dr.press("esc", "y")
	dr.wantTop("Ada Lovelace")
	// q on a clean screen quits at once.
	dr.press("q")
	if !dr.quit {
		t.Fatal("q did not quit")
	}
}

func TestAppQuitAsksWhenAnyScreenDirty(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 80, 24)
	dr.press("enter", "1") // trust editor
	dr.typeText("notes")
	// Open the stories list on top: the editor below keeps its draft.
	for dr.top().(*formScreen).form.focused().kind != kindLink {
		dr.press("tab")
	}
	dr.press("enter")
	dr.wantTop("Stories")
	dr.press("q")
	if dr.quit {
		t.Fatal("quit without asking while an editor below is dirty")
	}
	dr.wantView("Quit? What you typed and did not save is kept and put back next time. y/n")
	dr.press("n")
	dr.press("esc")
	dr.wantTop("1 Trust")
	if !dr.top().Dirty() {
		t.Fatal("draft lost on the way back")
	}
}

func TestAppHelpToggleAndSearchMissing(t *testing.T) {
	old := newSearchScreen
	newSearchScreen = nil
	defer func() { newSearchScreen = old }()
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 100, 30)
	dr.press("enter")
	short := dr.view()
	dr.press("?")
	full := dr.view()
	if !strings.Contains(full, "quit now") || strings.Contains(short, "quit now") {
		t.Fatalf("? did not toggle the full help:\n%s", full)
	}
	dr.press("?")
	dr.press("/")
	dr.wantView("search is not available")
	dr.press("j") // any key clears the error
	if strings.Contains(dr.view(), "search is not available") {
		t.Fatal("error not cleared by a key")
	}
}

func TestAppSearchOpensScoped(t *testing.T) {
	var got model.ID = "unset"
	old := newSearchScreen
	newSearchScreen = func(d deps, relID model.ID) screen {
		got = relID
		return newDashboard(d) // any screen will do
	}
	defer func() { newSearchScreen = old }()
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 100, 30)
	dr.press("enter", "/")
	if got != coreID(1) {
		t.Fatalf("search scoped to %q, want the relationship", got)
	}
}

func TestAppStaleAndForeignResultsDropped(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 80, 24)
	dash := dr.top().(*dashboard)
	// A result of an older request changes nothing.
	dr.send(dashLoadedMsg{s: dash, req: dash.req - 1, sums: nil})
	dr.wantView("Ada Lovelace")
	// A result for a screen that is gone is dropped.
	dr.press("enter")
	rel := dr.top().(*relationshipScreen)
	dr.press("esc")
	dr.send(fullLoadedMsg{s: rel, req: rel.req, err: errTest})
	dr.wantTop("Relationships")
	dr.wantView("Ada Lovelace")
}

func TestAppErrorsInPlainWords(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter")
	j.failOn = "UpdateRelationship"
	dr.press("down", "down", "down", "L") // make layer 3 current: the write fails
	dr.wantView("disk full (test)")
}

// Keys that reach the app in one read act as typed: a run of j moves as
// many rows off a text field, and is text in one; esc then a letter (one
// read: alt+letter to the terminal) leaves, then acts on the screen below.
// The terminal's bytes are decoded by Bubble Tea into one key a character
// (TestE2EBurst sends them through tmux); this test sends those keys.
func TestBurstsActAsTyped(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, people(5, "Person", 100)...), 100, 30)
	dash := dr.top().(*dashboard)
	dr.typeText("jjj")
	if dash.list.cursor != 3 {
		t.Fatalf("jjj in one read moved to row %d, want 3", dash.list.cursor)
	}
	dr.press("enter", "3")
	dr.typeText("jjj")
	if !strings.Contains(dr.view(), "jjj") {
		t.Fatal("a run of letters in a text field is not typed")
	}
	dr.press("ctrl+s")
	dr.wantTop("Person 3")
	dr.press("3")
	dr.press("alt+1") // esc, 1
	dr.wantTop("1 Trust")
}

// A save that fails says so and keeps what was typed; nothing of the
// action is in the journal.
func TestFailedSessionSaveSaysSo(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := startSession(d.deps(), f)
	d.open(s)
	j.failOn = "RecordSession"
	d.keys("x") // review: done, saved at once
	d.wantView("not saved: RecordSession: disk full (test)")
	if got := j.get(t, f.Rel.ID); len(got.Sessions) != len(f.Sessions) || findFU(t, got, idN(40)).Status != model.FollowUpOpen {
		t.Fatalf("a failed save changed the journal: %d sessions", len(got.Sessions))
	}
	if s.reviews[0].Outcome != model.OutcomeDone || !s.Dirty() {
		t.Fatal("the failed save lost what was chosen")
	}
	j.failOn = ""
	d.keys("ctrl+s")
	if findFU(t, j.get(t, f.Rel.ID), idN(40)).Status != model.FollowUpDone {
		t.Fatal("the save after the failure did not land")
	}
}

// A paste is text for the focused field, never keys: on the dashboard it
// runs nothing (a word says where pasting works); in the name filter it
// filters.
func TestPasteOnlyIntoFields(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, people(3, "Person", 100)...), 100, 30)
	dash := dr.top().(*dashboard)
	dr.send(tea.PasteMsg{Content: "jjq"}) // as keys: down, down, quit
	if dash.list.cursor != 0 || dr.m.quitting || len(dr.m.stack) != 1 {
		t.Fatalf("a paste ran as keys: cursor %d, quitting %v", dash.list.cursor, dr.m.quitting)
	}
	if !strings.Contains(dr.status(), "Paste into a text field") {
		t.Fatalf("status %q", dr.status())
	}
	dr.press("F")
	dr.send(tea.PasteMsg{Content: "Person 2"})
	if got := dash.filter.Value(); got != "Person 2" {
		t.Fatalf("filter %q", got)
	}
	if v := dr.view(); strings.Contains(v, "Person 1") || !strings.Contains(v, "Person 2") {
		t.Fatalf("the pasted filter did not filter:\n%s", v)
	}
}

// A long error is wrapped onto two lines, so that what to do, at its end,
// is seen at 80 columns.
func TestLongErrorShowsWhatToDo(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 80, 24)
	dr.m.setStatus("Could not read this relationship: the journal is damaged: a stored session is not as it was written; restore the journal from a backup", true)
	dr.m.layout()
	dr.wantView("restore the journal from a backup")
}

// A long journal file name keeps its end in the header, where two
// journals' names differ.
func TestHeaderKeepsTheEndOfALongFileName(t *testing.T) {
	for _, name := range []string{"my-mentoring-journal-for-work.db", "हिंदी-मेंटरिंग-जर्नल-घर-के-लिए.db"} {
		// 20 cells, or 19 where a two-cell cluster could not be split.
		if got := oneEnd(name, 20); cells().StringWidth(got) > 20 || cells().StringWidth(got) < 19 || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, ".db") {
			t.Errorf("oneEnd(%q, 20) = %q (%d cells)", name, got, cells().StringWidth(got))
		}
	}
	if got := oneEnd("short.db", 20); got != "short.db" {
		t.Errorf("a short name changed: %q", got)
	}
}

// TestQuitAndHelpOffTextFields: on a form's choice field and a health
// check's rating rows nothing is typed, so q and ? do what they do
// everywhere (q asks first, as there are edits), while in a text field
// they are typed.
func TestQuitAndHelpOffTextFields(t *testing.T) {
	f := loopSample()
	dr := drive(t, newJournal(t, loopNow, f), 100, 30)
	dr.open(newGoalForm(dr.deps(), f, nil))
	dr.typeText("q?")
	form := dr.top().(*formScreen).form
	if got := form.focused().value(); got != "q?" {
		t.Fatalf("typed in the title: %q", got)
	}
	for form.focused().kind != kindChoice {
		dr.press("tab")
	}
	// A name typed on the choice by mistake picks nothing.
	sel := form.focused().sel
	dr.typeText("hello")
	if form.focused().sel != sel {
		t.Fatal("letters typed on a choice changed it")
	}
	dr.press("?")
	if !dr.m.help.ShowAll {
		t.Fatal("? on the status did not open the full help")
	}
	dr.press("esc") // closes the help first, though the form has esc of its own
	if dr.m.help.ShowAll || dr.m.ask != askNothing || dr.left() {
		t.Fatal("esc with the full help open did not just close it")
	}
	dr.press("q")
	if dr.quit {
		t.Fatal("q quit without asking, with a title typed")
	}
	dr.wantView("Quit? What you typed and did not save is kept")
	dr.press("n", "esc")
	dr.wantView("Discard") // esc still leaves through the form, which asks

	dr = drive(t, newJournal(t, loopNow, f), 100, 30)
	dr.open(newHealthScreen(dr.deps(), f))
	dr.press("m", "4") // the mentor rates the first quality
	dr.press("?")
	if !dr.m.help.ShowAll {
		t.Fatal("? on a rating row did not open the full help")
	}
	dr.press("?")
	for range model.Qualities {
		dr.press("down")
	}
	dr.typeText("q?")
	if got := dr.top().(*healthScreen).comment.Value(); got != "q?" {
		t.Fatalf("typed in the comment: %q", got)
	}
}
