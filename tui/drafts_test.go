package tui

import (
	"context"
	"strings"
	"testing"

	"mentorlog/model"
)

// draftOf reads what the journal keeps for a screen.
func draftOf(t *testing.T, j *testJournal, s screen) (model.Draft, bool) {
	t.Helper()
	d, found, err := j.Store.LoadDraft(context.Background(), s.(drafter).draftKey())
	if err != nil {
		t.Fatal(err)
	}
	return d, found
}

// Typing pauses: the draft is kept. The app ends without saving: the
// draft is put back when the same screen opens, and saving drops it.
func TestDraftKeptAndPutBack(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.wantTop("3 Meaning")
	dr.focusKey("meaning.team") // the second field: the put back comes back to it
	dr.typeText("Evenings back")
	editor := dr.top()
	if _, found := draftOf(t, j, editor); found {
		t.Fatal("a draft was written before typing paused")
	}
	dr.send(draftTickMsg{seq: dr.m.draftSeq - 1}) // an older pause: typing went on
	if _, found := draftOf(t, j, editor); found {
		t.Fatal("a stale pause wrote a draft")
	}
	dr.send(draftTickMsg{seq: dr.m.draftSeq})
	d, found := draftOf(t, j, editor)
	if !found || !strings.Contains(strings.Join(mapValues(d.Fields), "|"), "Evenings back") {
		t.Fatalf("draft after the pause: %+v", d)
	}
	dr.typeText(" for good")
	// ctrl+c twice: the app ends, keeping what was typed since.
	dr.press("ctrl+c", "ctrl+c")
	if !dr.quit {
		t.Fatal("ctrl+c twice did not quit")
	}
	d, _ = draftOf(t, j, editor)
	if !strings.Contains(strings.Join(mapValues(d.Fields), "|"), "Evenings back for good") {
		t.Fatalf("the quit did not keep the last typing: %+v", d)
	}
	if p := j.get(t, coreID(1)).Plan; strings.Contains(p.Meaning.Person+p.Meaning.Team, "Evenings") {
		t.Fatal("the draft was saved as the record")
	}

	// The next run puts it back on the same screen, asking nothing (a
	// question there took the screen's keys, and its n threw the text
	// away).
	dr = newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.wantView("Put back what you typed here on", "and did not save: ctrl+s saves it.", "Evenings back for good")
	if !dr.top().Dirty() {
		t.Fatal("the restored text is not shown as unsaved")
	}
	if fl := dr.top().(*formScreen).form.focused(); fl == nil || fl.key != "meaning.team" {
		t.Fatalf("put back with the cursor on %+v, want the field typed in", fl)
	}
	dr.press("ctrl+s")
	if p := j.get(t, coreID(1)).Plan; !strings.Contains(p.Meaning.Person+p.Meaning.Team, "Evenings back for good") {
		t.Fatalf("the restored text was not saved: %+v", p.Meaning)
	}
	if _, found := draftOf(t, j, editor); found {
		t.Fatal("the draft stayed after the save")
	}
}

// A draft put back is given up as any unsaved edit is: on purpose, and
// then it is gone; the first key after it does not throw it away.
func TestDraftPutBackThenDiscarded(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.typeText("first try")
	dr.send(shutdownMsg{}) // a signal: drafts kept, the app ends
	if !dr.quit {
		t.Fatal("the app did not end at the signal")
	}
	editor := dr.top()
	if _, found := draftOf(t, j, editor); !found {
		t.Fatal("the signal did not keep the draft")
	}
	dr = newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.wantView("Put back what you typed here on", "first try")
	dr.press("esc")
	dr.wantView("Discard unsaved changes? y/n")
	dr.press("y")
	if _, found := draftOf(t, j, editor); found {
		t.Fatal("a draft given up was kept")
	}
	dr.press("3")
	if strings.Contains(dr.view(), "first try") {
		t.Fatal("a draft given up was put back")
	}
	// Typed, then left with esc and discarded: no draft either.
	dr.typeText("second try")
	dr.send(draftTickMsg{seq: dr.m.draftSeq})
	dr.press("esc")
	dr.wantView("Discard unsaved changes? y/n")
	dr.press("y")
	if _, found := draftOf(t, j, editor); found {
		t.Fatal("a discarded edit left a draft")
	}
}

// A session's typing is kept too, and put back when the session
// opens again.
func TestDraftOfANewSession(t *testing.T) {
	f := loopSample()
	f.FollowUps = nil // nothing to review
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := startSession(d.deps(), f)
	d.open(s)
	d.keys("pgdown", "pgdown")
	if s.step != stepNotes {
		t.Fatalf("step %d, want notes", s.step)
	}
	d.typeText("we talked about estimates")
	d.press("ctrl+c", "ctrl+c")
	if !d.quit {
		t.Fatal("did not quit")
	}
	// Nothing was typed before the steps were turned: the session was not
	// saved, and stays no "in progress" session; what was typed after is
	// the new session's draft.
	stored := j.get(t, f.Rel.ID)
	if len(stored.Sessions) != len(f.Sessions) {
		t.Fatalf("%d sessions stored, want %d: a session opened and left is kept", len(stored.Sessions), len(f.Sessions))
	}
	d = drive(t, j, 100, 30)
	s2 := startSession(d.deps(), stored)
	d.open(s2)
	// Put back on the step it was typed on (it opened on the first).
	d.wantView("Put back what you typed here on", "we talked about estimates")
	if s2.step != stepNotes {
		t.Fatalf("put back on step %d, want the notes (%d)", s2.step, stepNotes)
	}
	d.keys("ctrl+s")
	found := false
	for _, y := range j.get(t, f.Rel.ID).Sessions {
		found = found || strings.Contains(y.Notes+y.Agenda, "estimates")
	}
	if !found {
		t.Fatal("the restored notes were not saved")
	}

	// A session reopened opens on its notes; what was typed in its
	// reflection comes back there, and the step is the reflection's.
	stored = j.get(t, f.Rel.ID)
	x := stored.Sessions[0]
	s3 := newSessionFlow(d.deps(), stored, x)
	d.open(s3)
	d.keys("pgdown")
	if s3.step != stepReflect {
		t.Fatalf("step %d after pgdown from the notes, want the reflection", s3.step)
	}
	d.typeText("what went well: the estimates")
	d.press("ctrl+c", "ctrl+c")
	d = drive(t, j, 100, 30)
	s4 := newSessionFlow(d.deps(), j.get(t, f.Rel.ID), x)
	d.open(s4)
	d.wantView("what went well: the estimates")
	if s4.step != stepReflect {
		t.Fatalf("put back on step %d, want the reflection (%d)", s4.step, stepReflect)
	}
}

// A new session whose steps are turned and left without anything typed
// or chosen leaves nothing behind: no session "in progress", no next
// meeting moved. Once something is typed, turning a step saves it.
func TestNewSessionLeftAsOpenedIsNotKept(t *testing.T) {
	f := loopSample()
	f.FollowUps = nil
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	for _, keys := range [][]string{
		{"pgdown", "pgdown", "pgup", "esc"},
		{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "esc"}, // to the last step: its layers are proposed
		{"esc"},
	} {
		s := startSession(d.deps(), j.get(t, f.Rel.ID))
		d.open(s)
		d.keys(keys...)
	}
	if n := len(j.get(t, f.Rel.ID).Sessions); n != len(f.Sessions) {
		t.Fatalf("%d sessions after three left as opened, want %d", n, len(f.Sessions))
	}
	s := startSession(d.deps(), j.get(t, f.Rel.ID))
	d.open(s)
	d.keys("pgdown", "pgdown")
	d.typeText("a note")
	d.keys("pgdown")
	if n := len(j.get(t, f.Rel.ID).Sessions); n != len(f.Sessions)+1 {
		t.Fatalf("%d sessions after one with a note, want %d", n, len(f.Sessions)+1)
	}
	d.typeText("Another line")
	d.keys("esc") // saved and left: in progress, and the status says how to go on
	if st := d.status(); !d.left() || !strings.Contains(st, "in progress") {
		t.Fatalf("left %v, status %q after esc on a session in progress", d.left(), st)
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// The one-line entries keep their drafts too: a follow-up half typed on
// the follow-ups screen, a health check half rated.
func TestDraftsOfEntries(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	fs := newFollowUpsScreen(d.deps(), f)
	d.open(fs)
	d.keys("n")
	d.typeText("Call the program chair")
	d, fs = reopenFollowUps(t, d, j, f.Rel.ID)
	d.wantView("Put back what you typed here on", "and did not save: enter saves it.")
	if fs.mode != fuNew || fs.entry.text.Value() != "Call the program chair" {
		t.Fatalf("follow-up entry after the draft: mode %d, %q", fs.mode, fs.entry.text.Value())
	}
	d.keys("enter")
	found := false
	for _, x := range j.get(t, f.Rel.ID).FollowUps {
		found = found || x.Text == "Call the program chair"
	}
	if !found {
		t.Fatal("the restored follow-up was not added")
	}

	// A session's follow-up half typed comes back with its owner and due
	// date too (it came back with the defaults).
	d = drive(t, j, 100, 30)
	ss := startSession(d.deps(), j.get(t, f.Rel.ID))
	d.open(ss)
	for ss.step != stepFollowUps {
		d.keys("pgdown")
	}
	d.keys("n")
	d.typeText("Ask Ingrid for context")
	d.keys("tab", "right", "tab")
	for range 12 {
		d.keys("backspace")
	}
	d.typeText("2026-03-20")
	_, owner, due := ss.entry.draft()
	if owner != string(model.RoleMentor) || due != "2026-03-20" {
		t.Fatalf("the entry before the quit: owner %s, due %q", owner, due)
	}
	d.press("ctrl+c", "ctrl+c")
	d = drive(t, j, 100, 30)
	ss = startSession(d.deps(), j.get(t, f.Rel.ID))
	d.open(ss)
	if text, owner, due := ss.entry.draft(); !ss.adding || text != "Ask Ingrid for context" || owner != string(model.RoleMentor) || due != "2026-03-20" {
		t.Fatalf("the session's follow-up put back: adding %v, %q, owner %s, due %q", ss.adding, text, owner, due)
	}

	d = drive(t, j, 100, 30)
	hs := newHealthScreen(d.deps(), f)
	d.open(hs)
	d.keys("M", "4", "5")
	d.send(shutdownMsg{})
	d = drive(t, j, 100, 30)
	hs = newHealthScreen(d.deps(), f)
	d.open(hs)
	if !hs.rating || hs.party != model.RoleMentee || hs.values[model.Qualities[0]] != 4 || hs.values[model.Qualities[1]] != 5 {
		t.Fatalf("health check after the draft: %v %s %v", hs.rating, hs.party, hs.values)
	}
	// Back on the row it was left on: the next digit rates the third
	// quality, not the first again.
	if hs.row != 2 {
		t.Fatalf("health check put back on row %d, want 2", hs.row)
	}
	d.keys("k", "j", "3")
	if hs.values[model.Qualities[0]] != 4 || hs.values[model.Qualities[2]] != 3 {
		t.Fatalf("after k, j, 3: %v", hs.values)
	}
}

// A screen that saves and stays open (the follow-ups list) drops the draft
// kept while it was typed in: a search hit that opens the same screen again
// on top must not offer the old text back over the saved one. The same
// for a draft put back from an earlier run and then saved.
func TestDraftDroppedWhenItsScreenSaves(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	fs := newFollowUpsScreen(d.deps(), f)
	d.open(fs)
	d.keys("e", "ctrl+u")
	d.typeText("The new text")
	d.send(draftTickMsg{seq: d.m.draftSeq})
	if _, found := draftOf(t, j, fs); !found {
		t.Fatal("no draft kept while the text was typed")
	}
	d.keys("enter")
	if x, _ := fs.selected(); x.Text != "The new text" {
		t.Fatalf("follow-up after enter: %q", x.Text)
	}
	if _, found := draftOf(t, j, fs); found {
		t.Fatal("the saved text's draft is still kept: it would be put back over what was saved")
	}
	again := newFollowUpsScreen(d.deps(), j.get(t, f.Rel.ID))
	d.open(again)
	if v := d.view(); strings.Contains(v, "Put back what you typed") {
		t.Fatalf("the same screen opened again offers old text back:\n%s", v)
	}

	// Put back from an earlier run, then saved: dropped too.
	d.keys("n")
	d.typeText("Half typed")
	d, fs = reopenFollowUps(t, d, j, f.Rel.ID)
	d.keys("enter")
	if _, found := draftOf(t, j, fs); found {
		t.Fatal("a draft put back and saved is still kept")
	}
}

// reopenFollowUps ends the app of d (what was typed is kept as a draft)
// and opens the follow-ups list of relationship id in a new one.
func reopenFollowUps(t *testing.T, d *driver, j *testJournal, id model.ID) (*driver, *followUpsScreen) {
	t.Helper()
	d.send(shutdownMsg{})
	d = drive(t, j, 100, 30)
	fs := newFollowUpsScreen(d.deps(), j.get(t, id))
	d.open(fs)
	return d, fs
}

// A list whose new-entry form has a draft kept says so, until it is put
// back and saved: a newcomer's new story, typed when the terminal closed,
// looked lost, as the list said "No stories yet" until n.
func TestListSaysItsNewEntryDraftIsKept(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	// restart ends the app at a signal and opens list again in a new one.
	restart := func(list func(deps, model.Full) screen) {
		d.send(shutdownMsg{})
		d = drive(t, j, 100, 30)
		d.open(list(d.deps(), j.get(t, f.Rel.ID)))
	}
	d.open(newStoriesScreen(d.deps(), f))
	d.keys("n")
	d.typeText("The demo that crashed")
	restart(newStoriesScreen)
	d.wantView("A story you were typing is kept, not saved: n puts it back.")
	d.keys("n")
	d.wantView("Put back what you typed here on", "The demo that crashed")
	d.keys("ctrl+s")
	if strings.Contains(d.view(), "you were typing is kept") {
		t.Fatalf("after the save the list still says a draft is kept:\n%s", d.view())
	}
	// Goals say the same of theirs, and a date typed in part comes back to
	// be typed on, not replaced as a date proposed would be.
	d.open(newGoalsScreen(d.deps(), j.get(t, f.Rel.ID)))
	if strings.Contains(d.view(), "you were typing is kept") {
		t.Fatalf("goals with no draft kept:\n%s", d.view())
	}
	d.keys("n")
	d.focusKey("due")
	d.typeText("2026-09-1")
	restart(func(d deps, f model.Full) screen { return newGoalsScreen(d, f) })
	d.wantView("A goal you were typing is kept, not saved: n puts it back.")
	d.keys("n")
	d.typeText("5")
	if got := d.top().(*formScreen).form.Value("due"); got != "2026-09-15" {
		t.Fatalf("a date put back, then 5 typed: %q", got)
	}
	// The sessions list says it of a new session typed in and not saved.
	d.keys("esc", "y")
	d.open(newSessionsScreen(d.deps(), j.get(t, f.Rel.ID)))
	d.keys("n", "pgdown", "tab")
	d.typeText("50")
	restart(func(d deps, f model.Full) screen { return newSessionsScreen(d, f) })
	d.wantView("A session you were typing is kept, not saved: n puts it back.")
}
