package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mentorlog/model"

	tea "charm.land/bubbletea/v2"
)

// `/` from inside a relationship searches the whole journal; tab narrows
// the search to that relationship and back.
func TestSearchFromRelationshipCoversJournalAndTabNarrows(t *testing.T) {
	a, b := loopSample(), loopOther()
	j := newJournal(t, loopNow, a, b)
	d := drive(t, j, 100, 20)
	s := newSearch(d.deps(), a.Rel.ID)
	d.open(s)
	d.typeText("ta")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	rels := map[string]bool{}
	for _, h := range s.hits {
		rels[string(h.RelID)] = true
	}
	if len(rels) != 2 {
		t.Fatalf("whole-journal search found hits in %d relationships, want 2", len(rels))
	}
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) == 0 {
		t.Fatal("narrowed search found nothing")
	}
	for _, h := range s.hits {
		if h.RelID != a.Rel.ID {
			t.Fatalf("narrowed search returned a hit of %s", h.With)
		}
	}
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	rels = map[string]bool{}
	for _, h := range s.hits {
		rels[string(h.RelID)] = true
	}
	if len(rels) != 2 {
		t.Fatalf("tab again should widen to the journal, got %d relationships", len(rels))
	}
}

// In pair view tab never widens the search beyond the pair.
func TestSearchPairViewStaysNarrow(t *testing.T) {
	a, b := loopSample(), loopOther()
	d := drive(t, newJournal(t, loopNow, a, b), 100, 20)
	dp := d.deps()
	dp.pair = true
	s := newSearch(dp, a.Rel.ID)
	d.open(s)
	d.typeText("ta")
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	for _, h := range s.hits {
		if h.RelID != a.Rel.ID {
			t.Fatalf("pair-view search reached %s", h.With)
		}
	}
}

// A paste that spells a key name is text, not that key.
func TestSearchPasteIsText(t *testing.T) {
	d := drive(t, newJournal(t, loopNow, loopSample()), 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	seq := s.seq
	d.send(tea.PasteMsg{Content: "enter"})
	if got := s.input.Value(); got != "enter" {
		t.Fatalf("query = %q, want the typed word", got)
	}
	if s.seq == seq {
		t.Fatal("the pasted query was not searched for")
	}
	if len(d.pushed()) != 0 {
		t.Fatal("typed text opened a hit")
	}
}

func TestSearchDebounceDropsStale(t *testing.T) {
	j := newJournal(t, loopNow, loopSample(), loopOther())
	d := drive(t, j, 80, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("ta")
	if s.seq != 2 {
		t.Fatalf("seq = %d, want 2 (one per keystroke)", s.seq)
	}
	// The timer of the first keystroke fires late: no search runs.
	d.send(searchTickMsg{screen: s, seq: 1})
	if len(s.hits) != 0 || !s.searching {
		t.Fatalf("a stale tick ran a search: %d hits", len(s.hits))
	}
	// The newest timer runs the search.
	d.send(searchTickMsg{screen: s, seq: 2})
	if s.searching || len(s.hits) == 0 {
		t.Fatalf("search for %q did not run: searching=%v hits=%d", "ta", s.searching, len(s.hits))
	}
	got := len(s.hits)
	// A result of an older query arriving now is dropped.
	d.send(searchResultMsg{screen: s, seq: 1, query: "t", hits: []model.Hit{{RelID: idN(9), With: "Nobody", Line: "x"}}})
	if len(s.hits) != got {
		t.Fatalf("a stale result replaced the hits")
	}
	v := s.View()
	for _, want := range []string{"Grace Hopper", "Alan Turing", "matches in 2 relationships"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestSearchGroupsAndJumps(t *testing.T) {
	j := newJournal(t, loopNow, loopSample(), loopOther())
	d := drive(t, j, 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("abstract")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) == 0 {
		t.Fatal("no hits for abstract")
	}
	for i := 1; i < len(s.hits); i++ {
		if s.hits[i].RelID != s.hits[i-1].RelID {
			// A relationship's hits are together.
			for _, h := range s.hits[i:] {
				if h.RelID == s.hits[i-1].RelID {
					t.Fatal("hits of one relationship are not grouped")
				}
			}
		}
	}
	// Moving down and up keeps the cursor in range.
	d.keys("down", "down", "down", "up")
	if s.list.cursor < 0 || s.list.cursor >= len(s.hits) {
		t.Fatalf("cursor %d out of range", s.list.cursor)
	}
	// enter on a follow-up hit opens the follow-ups screen on top of the
	// results, the hit selected; esc comes back to the results.
	for i, h := range s.hits {
		if h.Kind == model.HitFollowUp {
			s.list.selectRow(i)
		}
	}
	d.keys("enter")
	if len(d.pushed()) != 1 {
		t.Fatalf("pushed %d screens, want the part of the hit", len(d.pushed()))
	}
	fs, ok := d.pushed()[0].(*followUpsScreen)
	if !ok {
		t.Fatalf("opened %T, want the follow-ups", d.pushed()[0])
	}
	if x, _ := fs.selected(); !strings.Contains(x.Text, "abstract") {
		t.Errorf("the follow-up of the hit is not selected: %q", x.Text)
	}
	d.keys("esc")
	if d.top() != screen(s) {
		t.Errorf("esc went to %q, want the results", d.top().Title())
	}
}

func TestSearchMarksTheMatch(t *testing.T) {
	st := loopDeps(nil).styles
	s := &searchScreen{d: loopDeps(nil)}
	h := model.Hit{Line: strings.Repeat("lead in ", 20) + "NEEDLE and after", Start: 160, End: 166}
	out := s.snippet(h, 40)
	if !strings.Contains(out, "NEEDLE") {
		t.Fatalf("the match is cut off: %q", out)
	}
	if got := cells().StringWidth(out); got > 40 {
		t.Fatalf("snippet is %d cells wide, want at most 40", got)
	}
	_ = st
}

// A hit opens its record with the cursor on the field that matched: a
// goal's form at its measure, a roadmap topic selected in the roadmap.
func TestSearchOpensTheField(t *testing.T) {
	j := newJournal(t, loopNow, loopSample())
	d := drive(t, j, 100, 30)
	s := newSearch(d.deps(), "")
	d.open(s)
	for q, want := range map[string]string{"target 3": "measure", "feedback to seniors": "", "owner notes " + privatePhrase: "private notes"} {
		s.input.SetValue("")
		d.typeText(q)
		d.send(searchTickMsg{screen: s, seq: s.seq})
		if len(s.hits) == 0 {
			t.Fatalf("no hit for %q", q)
		}
		d.keys("enter")
		switch top := d.top().(type) {
		case *formScreen:
			if fl := top.form.focused(); want == "" || fl == nil || fl.key != want {
				t.Fatalf("%q opened a form on %v, want %q", q, fl, want)
			}
		case *roadmapScreen:
			if want != "" || top.items[top.list.cursor].Topic != "Giving feedback to seniors" {
				t.Fatalf("%q: the roadmap opened on another topic", q)
			}
		default:
			t.Fatalf("%q opened %T", q, top)
		}
		d.keys("esc")
		if d.top() != screen(s) {
			t.Fatalf("esc from the hit of %q went to %s", q, d.top().Title())
		}
	}
}

// Back from a hit (esc pops with a reload), the query runs again: a hit
// edited away there is gone, and the cursor stays on its row.
func TestSearchRunsAgainWhenComingBack(t *testing.T) {
	f := loopSample()
	for i, text := range []string{"zebra crossing one", "zebra crossing two", "zebra crossing three"} {
		f.FollowUps = append(f.FollowUps, model.FollowUp{ID: model.NewID(loopNow.Add(time.Duration(i) * time.Second)),
			RelID: f.Rel.ID, Text: text, Status: model.FollowUpOpen, Owner: model.RoleMentee})
	}
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("zebra crossing")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) != 3 {
		t.Fatalf("%d hits for the three follow-ups", len(s.hits))
	}
	d.keys("down")
	edited := s.hits[0]
	full, err := j.LoadFull(context.Background(), f.Rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, fu := range full.FollowUps {
		if fu.ID == edited.RecordID {
			fu.Text = "giraffe walk"
			if err := j.SaveFollowUp(context.Background(), fu); err != nil {
				t.Fatal(err)
			}
		}
	}
	d.send(reloadMsg{})
	if len(s.hits) != 2 {
		t.Fatalf("after the edit and back: %d hits, want 2 (the edited one gone): %+v", len(s.hits), s.hits)
	}
	for _, h := range s.hits {
		if h.RecordID == edited.RecordID {
			t.Fatalf("the edited follow-up is still a hit: %+v", h)
		}
	}
	if s.list.cursor != 1 {
		t.Fatalf("cursor on row %d after the search ran again, want it to stay on row 1", s.list.cursor)
	}
}

// More hits than the screen lists: it says it shows the first ones.
func TestSearchSaysWhenThereAreMore(t *testing.T) {
	f := loopSample()
	for i := range searchShown + 1 {
		f.FollowUps = append(f.FollowUps, model.FollowUp{ID: model.NewID(loopNow.Add(time.Duration(i) * time.Second)),
			RelID: f.Rel.ID, Text: fmt.Sprintf("needle %d", i), Status: model.FollowUpOpen, Owner: model.RoleMentee})
	}
	d := drive(t, newJournal(t, loopNow, f), 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("needle")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) != searchShown {
		t.Fatalf("%d hits listed, want %d", len(s.hits), searchShown)
	}
	d.wantView(fmt.Sprintf("the first %d matches", searchShown))
	d.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	d.typeText("needle 49")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if v := d.view(); strings.Contains(v, "the first") || !strings.Contains(v, "11 matches") {
		t.Fatalf("a query with 11 hits (49, 490–499):\n%s", v)
	}
}

// A hit deep inside a long note opens with the cursor on its line and the
// line in view, not at the end of the note.
func TestSearchHitOpensAtItsLine(t *testing.T) {
	f := loopSample()
	lines := make([]string, 600)
	for i := range lines {
		lines[i] = fmt.Sprintf("zebra crossing number %d", i+1)
	}
	f.Sessions[0].Notes = strings.Join(lines, "\n")
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("crossing number 500")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) != 1 || s.hits[0].Row != 499 || s.hits[0].Col != len("zebra ") {
		t.Fatalf("hits: %+v", s.hits)
	}
	d.keys("enter")
	fl, ok := d.top().(*sessionFlow)
	if !ok {
		t.Fatalf("the hit opened %T", d.top())
	}
	area := fl.forms[fl.step].focused().area
	if row, col := area.Cursor(); row != 499 || col != len("zebra ") {
		t.Fatalf("cursor at line %d, column %d; want line 499, column %d", row, col, len("zebra "))
	}
	d.wantView("zebra crossing number 500")
	// The session ended: it is read first, at the match; ? is help, not
	// text, and tab starts editing there.
	before := fl.forms[fl.step].Value(kNotes)
	d.keys("?")
	d.wantView("tab/enter", "edit")
	d.keys("?", "tab")
	d.typeText("!")
	if got := fl.forms[fl.step].Value(kNotes); got == before || !strings.Contains(got, "zebra !crossing number 500") {
		t.Fatalf("typed after tab: %q", got[max(0, strings.Index(got, "number 499")):min(len(got), strings.Index(got, "number 501"))])
	}
	// Near the end of the note too, and on its last line, the line is in
	// view with the cursor on it (the box showed the top of its window,
	// the cursor out of sight).
	for _, n := range []int{590, 599, 600} {
		d.keys("esc", "esc") // the session (saved), the search
		d.open(newSearch(d.deps(), ""))
		s := d.top().(*searchScreen)
		d.typeText(fmt.Sprintf("crossing number %d", n))
		d.send(searchTickMsg{screen: s, seq: s.seq})
		d.keys("enter")
		fl := d.top().(*sessionFlow)
		area := fl.forms[fl.step].focused().area
		if row, _ := area.Cursor(); row != n-1 {
			t.Fatalf("hit on line %d: cursor on line %d", n, row+1)
		}
		d.wantView(fmt.Sprintf("zebra crossing number %d", n))
		d.keys("tab") // editing, the cursor at the match
		if c := area.ta.Cursor(); c == nil || c.Position.Y < 0 || c.Position.Y >= area.height {
			t.Errorf("hit on line %d: the cursor is out of the box (%+v)", n, c)
		}
	}
}

// TestSearchHitInAFreeTopic: a hit in a topic of the session's own opens
// the free topic field at the match, not the choice of planned topics.
func TestSearchHitInAFreeTopic(t *testing.T) {
	f := loopSample()
	f.Sessions[0].RoadmapID, f.Sessions[0].Topic = "", "Résumé and zanzibar review"
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("zanzibar")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	d.keys("enter")
	fl, ok := d.top().(*sessionFlow)
	if !ok {
		t.Fatalf("the hit opened %T", d.top())
	}
	fo := fl.forms[fl.step].focused()
	if fl.step != stepTopic || fo == nil || fo.key != kFree {
		t.Fatalf("the hit opened step %d on %+v", fl.step, fo)
	}
	// The cursor is on the match, not at the end of the line.
	if got, want := fo.in.Position(), len([]rune("Résumé and ")); got != want {
		t.Errorf("the cursor is at %d in the free topic, want %d", got, want)
	}
}

// TestSearchFieldEditsWithCtrlU: ctrl+u clears what is before the cursor
// in the search field, as in any text field, instead of moving the list.
func TestSearchFieldEditsWithCtrlU(t *testing.T) {
	d := drive(t, newJournal(t, loopNow, loopSample()), 100, 30)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("the")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) < 2 {
		t.Fatalf("%d hits: the list must have rows to move over", len(s.hits))
	}
	d.keys("ctrl+u")
	if v := s.input.Value(); v != "" {
		t.Fatalf("ctrl+u left %q in the search field", v)
	}
}

// A query that is only an accent is said to be one, not "no match": a
// search sets accents aside (mentorlog search says so too, with exit 2).
func TestSearchOfOnlyAnAccentSaysSo(t *testing.T) {
	d := drive(t, newJournal(t, loopNow, loopSample()), 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.send(tea.PasteMsg{Content: "\u0301"})
	d.wantView("A search sets accents aside: type a letter with it.")
	if strings.Contains(d.view(), "no match") {
		t.Fatalf("a lone accent is 'no match':\n%s", d.view())
	}
}
