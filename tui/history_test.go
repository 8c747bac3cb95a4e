package tui

import (
	"context"
	"strings"
	"testing"

	"mentorlog/model"
)

// longHistory is loopSample with 150 daily sessions, the oldest with a
// phrase of its own in its notes: more than two pages of history.
func longHistory() model.Full {
	f := loopSample()
	f.Sessions = manySessions(f.Rel.ID, 150)
	f.Sessions[149].Notes = "the zanzibar plan"
	f.FollowUps, f.Roadmap = nil, nil // they point at the sessions replaced
	return f
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
// relationship holds the newest page, counts the whole, and reads each
// older page once, as the cursor comes within half a page of it: paging
// down reads them one by one, end the oldest alone. A page being
// read says so, and what it shows is the history in order.
func TestSessionsReadAPageAtATime(t *testing.T) {
	f := longHistory()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(s)
	d.wantView("150 sessions", "1 of 150")
	if n := j.called("SessionsAt"); n != 0 {
		t.Fatalf("opening the list read %d pages more", n)
	}
	// A page not read yet says so, as long as a session's block.
	if b := s.block(100); len(b) != len(s.block(0)) || !strings.Contains(b[0], "reading") {
		t.Errorf("a session not read yet shows %q", b)
	}
	for s.list.cursor < historyPage/2-1 {
		d.keys("j")
	}
	if n := j.called("SessionsAt"); n != 0 {
		t.Fatalf("more than half a page short of the second page, %d were read", n)
	}
	d.keys("j")
	if n := j.called("SessionsAt"); n != 1 {
		t.Fatalf("half a page short of the second page, %d were read", n)
	}
	d.keys("pgdown", "pgdown")
	for s.list.cursor < historyPage+historyPage/2-1 {
		d.keys("j")
	}
	if n := j.called("SessionsAt"); n != 1 || s.list.cursor >= historyPage+historyPage/2 {
		t.Fatalf("paging down to %d read %d pages, want 1", s.list.cursor, n)
	}
	for i := range 2 * historyPage {
		if x, ok := s.at(i); !ok || x.ID != f.Sessions[i].ID {
			t.Fatalf("session %d: read %v, %s, want %s: the pages are not the history, newest first", i, ok, x.ID, f.Sessions[i].ID)
		}
	}
	d.keys("home", "end")
	if n := j.called("SessionsAt"); n != 2 {
		t.Fatalf("end read %d pages in all, want 2 (the second and the oldest)", n)
	}
	if x, ok := s.selected(); s.list.cursor != 149 || !ok || x.ID != f.Sessions[149].ID {
		t.Fatalf("end: cursor %d on %s", s.list.cursor, x.ID)
	}
	d.wantView(model.FormatDate(f.Sessions[149].Date), "150 of 150")
	if !s.full.History.More || len(s.full.Sessions) != historyPage {
		t.Errorf("end read the relationship again: %d sessions, more %v", len(s.full.Sessions), s.full.History.More)
	}
	// A save reads the newest page again, and the pages near the cursor.
	before := j.called("SessionsAt")
	d.send(reloadMsg{})
	if x, ok := s.selected(); s.list.cursor != 149 || !ok || x.ID != f.Sessions[149].ID || j.called("SessionsAt") != before+2 {
		t.Errorf("after a reload the cursor is at %d on %s, with %d pages read", s.list.cursor, x.ID, j.called("SessionsAt")-before)
	}
	// Opening the oldest reads the history back to it.
	d.keys("enter")
	fl, ok := d.top().(*sessionFlow)
	if !ok || fl.sess.ID != f.Sessions[149].ID {
		t.Fatalf("enter on the oldest opened %T", d.top())
	}
	d.wantView("zanzibar plan")
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
	// Reading again while on it does not grow the window.
	for range 3 {
		d.send(reloadMsg{})
	}
	if x, ok := ss.selected(); len(ss.full.Sessions) != historyPage || !ok || x.ID != moved.ID {
		t.Errorf("reloads on a session moved back read %d sessions and left the cursor on %s", len(ss.full.Sessions), x.ID)
	}
}

// TestSessionsPagesAfterChanges: deleting a session read with an older
// page leaves the cursor where it was, on the next older one; a session
// added by another program since the list was read is seen when a page
// counts it, and the list is read again.
func TestSessionsPagesAfterChanges(t *testing.T) {
	f := longHistory()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(s)
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
