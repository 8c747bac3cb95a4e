package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// longHistory is loopSample with 150 daily sessions, the oldest with a
// phrase of its own in its notes: more than two pages of history.
func longHistory() model.Full { return historyOf(150) }

// historyOf is loopSample with n daily sessions, the oldest with a phrase
// of its own in its notes.
func historyOf(n int) model.Full {
	f := loopSample()
	f.Sessions = manySessions(f.Rel.ID, n)
	f.Sessions[n-1].Notes = "the zanzibar plan"
	f.FollowUps, f.Roadmap = nil, nil // they point at the sessions replaced
	return f
}

// openSessions opens the sessions list of f, in a journal of its own,
// read as the app first reads it.
func openSessions(t *testing.T, f model.Full) (*testJournal, *driver, *sessionsScreen) {
	t.Helper()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(s)
	return j, d, s
}

// keysUntil presses k until done, and fails the test if a hundred
// presses do not get there.
func keysUntil(t *testing.T, d *driver, k string, done func() bool) {
	t.Helper()
	for range 100 {
		if done() {
			return
		}
		d.keys(k)
	}
	if !done() {
		t.Fatalf("a hundred presses of %s did not get there", k)
	}
}

// window reads f's relationship as the app first does.
func window(t *testing.T, j Journal, id model.ID) model.Full {
	t.Helper()
	f, err := j.LoadWindow(context.Background(), id, windowOf(model.Full{}))
	if err != nil {
		t.Fatal(err)
	}
	if !f.History.More || len(f.Sessions) != historyPage {
		t.Fatalf("the first read holds %d sessions, more %v", len(f.Sessions), f.History.More)
	}
	return f
}

// TestSessionsReadAPageAtATime: the sessions screen of a long
// relationship (400 sessions) holds the newest page, counts the whole, and
// reads each older page once, as the cursor comes within half a page of
// it: moving down reads them one by one; end, on a list just opened, reads
// the oldest alone. A page not read yet says so; what the pages show is
// the history in order.
func TestSessionsReadAPageAtATime(t *testing.T) {
	f := historyOf(400)
	j, d, s := openSessions(t, f)
	d.wantView("400 sessions", "1 of 400")
	if n := j.called("SessionsAt"); n != 0 {
		t.Fatalf("opening the list read %d pages more", n)
	}
	// A page not read yet says so, as tall as a session's block.
	if b := s.block(100); len(b) != len(s.block(0)) || !strings.Contains(b[0], "reading") {
		t.Errorf("a session not read yet shows %q", b)
	}
	d.keys("end")
	if n := j.called("SessionsAt"); n != 1 {
		t.Fatalf("end read %d pages, want the oldest alone", n)
	}
	if x, ok := s.selected(); s.list.cursor != 399 || !ok || x.ID != f.Sessions[399].ID {
		t.Fatalf("end: cursor %d on %s", s.list.cursor, x.ID)
	}
	d.wantView(model.FormatDate(f.Sessions[399].Date), "400 of 400")
	if !s.full.History.More || len(s.full.Sessions) != historyPage {
		t.Errorf("end read the relationship again: %d sessions, more %v", len(s.full.Sessions), s.full.History.More)
	}

	d.keys("home")
	keysUntil(t, d, "j", func() bool { return s.list.cursor == historyPage/2-1 })
	if n := j.called("SessionsAt"); n != 1 {
		t.Fatalf("more than half a page short of the second page, %d were read", n-1)
	}
	d.keys("j")
	if n := j.called("SessionsAt"); n != 2 {
		t.Fatalf("half a page short of the second page, %d were read", n-1)
	}
	d.keys("pgdown", "pgdown")
	keysUntil(t, d, "j", func() bool { return s.list.cursor == historyPage+historyPage/2-1 })
	if n := j.called("SessionsAt"); n != 2 {
		t.Fatalf("moving down to %d read %d pages, want 1", s.list.cursor, n-1)
	}
	for i := range 2 * historyPage {
		if x, ok := s.at(i); !ok || x.ID != f.Sessions[i].ID {
			t.Fatalf("session %d: read %v, %s, want %s: the pages are not the history, newest first", i, ok, x.ID, f.Sessions[i].ID)
		}
	}
	// A save reads the newest page again, and the pages near the cursor.
	d.keys("end")
	before := j.called("SessionsAt")
	d.send(reloadMsg{})
	if x, ok := s.selected(); s.list.cursor != 399 || !ok || x.ID != f.Sessions[399].ID || j.called("SessionsAt") != before+1 {
		t.Errorf("after a reload the cursor is at %d on %s, with %d pages read", s.list.cursor, x.ID, j.called("SessionsAt")-before)
	}
	// Opening the oldest reads the history back to it.
	d.keys("enter")
	fl, ok := d.top().(*sessionFlow)
	if !ok || fl.sess.ID != f.Sessions[399].ID {
		t.Fatalf("enter on the oldest opened %T", d.top())
	}
	d.wantView("zanzibar plan")
}

// TestSessionsOpenWithTheOneBefore: a session opened from the list shows
// what the last one before it said, the oldest of the first page too,
// whose one before was not read with the relationship.
func TestSessionsOpenWithTheOneBefore(t *testing.T) {
	f := longHistory()
	_, d, s := openSessions(t, f)
	for _, at := range []int{10, historyPage - 1, historyPage} {
		d.keys("home")
		keysUntil(t, d, "j", func() bool { return s.list.cursor == at })
		d.keys("enter")
		fl, ok := d.top().(*sessionFlow)
		if !ok || fl.sess.ID != f.Sessions[at].ID {
			t.Fatalf("enter on session %d opened %T", at, d.top())
		}
		want := at + 1
		for !f.Sessions[want].Ended {
			want++
		}
		if fl.last == nil || fl.last.ID != f.Sessions[want].ID {
			t.Errorf("session %d opened with the one before it %v, want session %d", at, fl.last, want)
		}
		d.keys("esc")
		if d.top() != s {
			t.Fatalf("esc from the session went to %T", d.top())
		}
	}
}

// TestSessionsPagesInOneOrder: a list whose first read ends within a page
// (a search hit's window holds 77 sessions), with sessions of one instant made in the other
// order of their ids across the pages' edges, shows each session once, in
// the order of the whole history.
func TestSessionsPagesInOneOrder(t *testing.T) {
	f := longHistory()
	for _, i := range []int{59, 74, 119} { // the session after each edge: same instant, made earlier, id later
		x := f.Sessions[i+1]
		x.Date, x.Created = f.Sessions[i].Date, f.Sessions[i].Created.Add(-time.Hour)
		x.ID = model.NewID(f.Sessions[i].Date.Add(time.Minute))
		f.Sessions[i+1] = x
	}
	j := newJournal(t, loopNow, f)
	whole := j.get(t, f.Rel.ID)
	w := model.WindowBack(whole.Sessions[74].Date, historyPage)
	w.Since = whole.Sessions[74].Date // and the one before: 77, with the one of the same instant
	first, err := j.LoadWindow(context.Background(), f.Rel.ID, w)
	if err != nil || first.History.Read <= historyPage || first.History.Read%historyPage == 0 {
		t.Fatalf("the first read holds %d sessions (%v)", first.History.Read, err)
	}
	d := drive(t, j, 100, 30)
	s := newSessionsScreen(d.deps(), first)
	d.open(s)
	var seen []model.ID
	for i := range 150 {
		if s.list.cursor != i {
			t.Fatalf("the cursor is at %d, want %d", s.list.cursor, i)
		}
		x, ok := s.selected()
		if !ok {
			t.Fatalf("session %d is not read with the cursor on it", i)
		}
		seen = append(seen, x.ID)
		d.keys("j")
	}
	for i, x := range whole.Sessions {
		if seen[i] != x.ID {
			t.Fatalf("position %d shows %s, the history has %s there", i, seen[i], x.ID)
		}
	}
}

// TestLongHistoryCountsTheWhole: what is read in part is counted whole
// where counts are shown: the relationship's screen, and the journey,
// which reads the whole history for its heat map.
func TestLongHistoryCountsTheWhole(t *testing.T) {
	f := longHistory()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 110, 40)
	rs := newRelationshipScreen(d.deps(), f.Rel.ID)
	d.open(rs)
	if !rs.full.History.More {
		t.Fatal("the relationship screen read the whole history")
	}
	d.wantView("150 sessions")
	// The stage is of every meeting, as the journey (whole) says it.
	stage := model.StandingOf(rs.full, loopNow)
	js := newJourneyScreen(d.deps(), rs.full)
	d.open(js)
	if js.full.History.More || len(js.full.Sessions) != 150 {
		t.Fatalf("the journey holds %d sessions, more %v", len(js.full.Sessions), js.full.History.More)
	}
	if whole := model.StandingOf(js.full, loopNow); whole.Reason != stage.Reason || whole.Stage != stage.Stage {
		t.Errorf("the stage of a window %q (%v), of the whole %q (%v)", stage.Reason, stage.Stage, whole.Reason, whole.Stage)
	}
	bs := newBriefScreen(d.deps(), rs.full)
	d.open(bs)
	if bs.full.History.More || len(bs.full.Sessions) != 150 {
		t.Fatalf("the brief holds %d sessions, more %v", len(bs.full.Sessions), bs.full.History.More)
	}
}

// TestSearchHitBeyondTheFirstPage: a hit in a session older than the
// first page opens that session.
func TestSearchHitBeyondTheFirstPage(t *testing.T) {
	f := longHistory()
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("zanzibar")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) != 1 {
		t.Fatalf("hits: %+v", s.hits)
	}
	d.keys("enter")
	fl, ok := d.top().(*sessionFlow)
	if !ok {
		t.Fatalf("the hit opened %T", d.top())
	}
	if fl.sess.ID != f.Sessions[149].ID {
		t.Errorf("the hit opened the session of %s, want %s", model.FormatDate(fl.sess.Date), model.FormatDate(f.Sessions[149].Date))
	}
	d.wantView("zanzibar plan")
}

// TestWindowKeepsWhatTheCursorIsOn: in a long relationship, a follow-up
// marked done whose due date is older than the window stays under the
// cursor (x again reopens that one, not another), and a session moved
// back in time stays under the sessions list's cursor.
func TestWindowKeepsWhatTheCursorIsOn(t *testing.T) {
	f := longHistory()
	old := model.FollowUp{ID: idN(900), RelID: f.Rel.ID, Text: "Write the old report", Owner: model.RoleMentee,
		Due: f.Sessions[140].Date, Status: model.FollowUpOpen, Created: f.Sessions[140].Date, Updated: f.Sessions[140].Date}
	f.FollowUps = []model.FollowUp{old}
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	fs := newFollowUpsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(fs)
	fs.selectID(old.ID)
	d.keys("x")
	if x, ok := fs.selected(); !ok || x.ID != old.ID || x.Status != model.FollowUpDone {
		t.Fatalf("after x the cursor is on %+v, want %s done", x, old.ID)
	}
	d.keys("x")
	if x, ok := fs.selected(); !ok || x.ID != old.ID || x.Status != model.FollowUpOpen {
		t.Fatalf("x again: the cursor is on %+v, want %s reopened", x, old.ID)
	}
	d.keys("esc")

	ss := newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(ss)
	d.keys("j")
	moved, _ := ss.selected()
	moved.Date = f.Sessions[149].Date.AddDate(0, 0, -1) // before every other
	if _, _, err := j.RecordSession(context.Background(), model.SessionChange{Session: moved}); err != nil {
		t.Fatal(err)
	}
	d.send(reloadMsg{})
	if x, ok := ss.selected(); !ok || x.ID != moved.ID || ss.list.cursor != 149 {
		t.Fatalf("a session moved back in time left the cursor at %d on %+v", ss.list.cursor, x)
	}
	d.wantView(model.FormatDate(moved.Date))
	// Reading again while on it reads the newest, its page and the one
	// within half a page of it, no more.
	before := j.called("SessionsAt")
	for range 3 {
		d.send(reloadMsg{})
	}
	if x, ok := ss.selected(); j.called("SessionsAt") != before+6 || !ok || x.ID != moved.ID {
		t.Errorf("three reloads on a session moved back read %d pages and left the cursor on %s", j.called("SessionsAt")-before, x.ID)
	}
}

// TestSessionsPagesAfterChanges: deleting a session read with an older
// page leaves the cursor where it was, on the next older one; a session
// added by another program since the list was read is seen when a page
// counts it, and the list is read again.
func TestSessionsPagesAfterChanges(t *testing.T) {
	f := longHistory()
	j, d, s := openSessions(t, f)
	d.keys("end")
	for range 10 {
		d.keys("k")
	}
	x, _ := s.selected()
	if x.ID != f.Sessions[139].ID {
		t.Fatalf("the cursor is on %s, want session 139", x.ID)
	}
	d.keys("d", "y")
	if got := j.get(t, f.Rel.ID); len(got.Sessions) != 149 {
		t.Fatalf("%d sessions after a delete", len(got.Sessions))
	}
	if y, ok := s.selected(); s.list.cursor != 139 || !ok || y.ID != f.Sessions[140].ID {
		t.Errorf("after the delete the cursor is at %d on %s, want the next older, %s", s.list.cursor, y.ID, f.Sessions[140].ID)
	}
	d.wantView("149 sessions", "140 of 149")

	// Another program adds a session once the list is open: the next
	// page read counts 150.
	d.keys("esc")
	s = newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(s)
	added := model.Session{ID: idN(7000), RelID: f.Rel.ID, Date: loopNow.AddDate(0, 0, -1), Topic: "added elsewhere", Ended: true, Created: loopNow, Updated: loopNow}
	if _, _, err := j.Store.RecordSession(context.Background(), model.SessionChange{Session: added}); err != nil {
		t.Fatal(err)
	}
	d.keys("end")
	d.wantView("150 sessions")
	if _, ok := s.selected(); s.total != 150 || s.head[0].ID != added.ID || !ok {
		t.Errorf("after the list is read again it counts %d, the newest is %s, and the cursor at %d is on a session read: %v", s.total, s.head[0].ID, s.list.cursor, ok)
	}
}

// TestSessionsPagesOfAnOlderRead: a page asked for before the relationship
// was read again is dropped; a page that counts otherwise than the read
// has the relationship read again, once, and then its count is taken: a
// journal whose summary and sessions disagree never reads in a loop.
func TestSessionsPagesOfAnOlderRead(t *testing.T) {
	f := longHistory()
	j, d, s := openSessions(t, f)
	old := s.req
	d.send(reloadMsg{})
	if s.req == old {
		t.Fatal("a reload kept the request id")
	}
	loads := j.called("LoadWindow")
	d.send(sessionsPageMsg{s: s, req: old, ask: model.Page{From: historyPage, N: historyPage},
		page: model.SessionPage{From: historyPage, Total: 999, Sessions: f.Sessions[:historyPage]}})
	if s.total != 150 || s.pages[historyPage] != nil || j.called("LoadWindow") != loads {
		t.Fatalf("a page of an older read was taken: %d sessions, %d reads", s.total, j.called("LoadWindow")-loads)
	}

	j.skew = 1 // every page now counts 151
	d.keys("end")
	if got := j.called("LoadWindow") - loads; got != 1 {
		t.Errorf("pages that count otherwise read the relationship %d times, want once", got)
	}
	if x, ok := s.selected(); s.total != 151 || !ok || x.ID != f.Sessions[149].ID {
		t.Errorf("after the count was taken: %d sessions, the cursor at %d on %s", s.total, s.list.cursor, x.ID)
	}
}

// TestSessionsNewOneLeftUnsaved: a session started from the list and left
// unsaved is not looked for again: the cursor then stays where the user
// puts it, through reloads.
func TestSessionsNewOneLeftUnsaved(t *testing.T) {
	f := longHistory()
	_, d, s := openSessions(t, f)
	d.keys("n")
	if strings.Contains(d.view(), "Start another one?") {
		d.keys("y") // the history has a session still in progress
	}
	if _, ok := d.top().(*sessionFlow); !ok {
		t.Fatalf("n opened %T", d.top())
	}
	d.keys("esc")
	if _, ok := d.top().(*sessionFlow); ok {
		d.keys("y") // discard it
	}
	if d.top() != s || s.selectID != "" {
		t.Fatalf("back on %T, looking for %q", d.top(), s.selectID)
	}
	d.keys("j", "j")
	for range 2 {
		d.send(reloadMsg{})
	}
	if x, ok := s.selected(); s.list.cursor != 2 || !ok || x.ID != f.Sessions[2].ID {
		t.Errorf("after two reloads the cursor is at %d on %s, want 2", s.list.cursor, x.ID)
	}
}

// TestSessionsKeysTypedAhead: enter pressed right after end, before the
// oldest page has come, opens the oldest session once it has; d pressed
// right after a delete is confirmed, before the list is read back, asks
// about the session that took the deleted one's place.
func TestSessionsKeysTypedAhead(t *testing.T) {
	f := historyOf(400)
	j, d, s := openSessions(t, f)
	press := func(k string) tea.Cmd { // a key, what it asks for left to run later
		nm, cmd := d.m.Update(keyMsg(k))
		d.m = nm.(Model)
		return cmd
	}
	cmd := press("end")
	if _, ok := s.selected(); ok {
		t.Fatal("the oldest page was read before its command ran")
	}
	d.run(tea.Batch(cmd, press("enter")))
	if fl, ok := d.top().(*sessionFlow); !ok || fl.sess.ID != f.Sessions[399].ID {
		t.Fatalf("enter typed ahead of the oldest page opened %T", d.top())
	}
	d.keys("esc")

	d.keys("k", "d")
	d.wantView("Delete the session of " + model.FormatDate(f.Sessions[398].Date))
	cmd = press("y")
	d.run(tea.Batch(cmd, press("d")))
	d.wantView("Delete the session of " + model.FormatDate(f.Sessions[399].Date))
	d.keys("y")
	if got := j.get(t, f.Rel.ID); len(got.Sessions) != 398 {
		t.Errorf("%d sessions after two deletes typed ahead, want 398", len(got.Sessions))
	}
	// d y d y in one burst deletes two.
	d.keys("home")
	var cmds []tea.Cmd
	for _, k := range []string{"d", "y", "d", "y"} {
		cmds = append(cmds, press(k))
	}
	d.run(tea.Batch(cmds...))
	got := j.get(t, f.Rel.ID)
	if len(got.Sessions) != 396 || got.Sessions[0].ID != f.Sessions[2].ID {
		t.Errorf("d y d y typed at once left %d sessions, the newest %s; want 396, from %s", len(got.Sessions), got.Sessions[0].ID, f.Sessions[2].ID)
	}
}

// TestSessionsAfterAFailedRead: when the relationship cannot be read
// again, the list stays as it was and takes keys; when a page cannot be
// read, its sessions say so, the error is shown, it is not asked for in a
// loop, and keys typed then act on nothing later.
func TestSessionsAfterAFailedRead(t *testing.T) {
	f := historyOf(400)
	j, d, s := openSessions(t, f)
	j.failOn = "LoadWindow"
	d.send(reloadMsg{})
	d.wantView("disk full (test)")
	j.failOn = ""
	d.keys("enter")
	if fl, ok := d.top().(*sessionFlow); !ok || fl.sess.ID != f.Sessions[0].ID {
		t.Fatalf("enter after a failed read opened %T", d.top())
	}
	d.keys("esc")

	j.failOn = "SessionsAt"
	asked := j.called("SessionsAt")
	d.keys("end")
	d.wantView("could not be read: esc and open the list again", "disk full (test)")
	d.keys("enter")
	if got := j.called("SessionsAt") - asked; got != 1 {
		t.Errorf("a page that fails was asked for %d times", got)
	}
	if d.top() != s {
		t.Fatalf("enter on a session not read opened %T", d.top())
	}
	j.failOn = ""
	d.keys("home", "j", "enter")
	if fl, ok := d.top().(*sessionFlow); !ok || fl.sess.ID != f.Sessions[1].ID {
		t.Fatalf("enter on the second session opened %T", d.top())
	}
}

// TestSessionsEmptySaysItWhole: with no sessions, the list says how to
// start one in whole sentences, wrapped to the width, not cut.
func TestSessionsEmptySaysItWhole(t *testing.T) {
	f := loopSample()
	f.Sessions, f.FollowUps, f.Roadmap = nil, nil, nil
	d := drive(t, newJournal(t, loopNow, f), 60, 20)
	s := newSessionsScreen(d.deps(), f)
	d.open(s)
	d.wantView("No sessions yet. Press n to start one", "and take notes.")
}

// TestEmptyListsSayItWhole: the hint of an empty list is wrapped to the
// width on every list, not cut mid-word (the goals' at 60 columns).
func TestEmptyListsSayItWhole(t *testing.T) {
	d := drive(t, newJournal(t, loopNow), 60, 20)
	f := loopSample()
	f.Goals = nil
	d.open(newGoalsScreen(d.deps(), f))
	d.wantView("No goals yet.", "Time-bound.")
}
