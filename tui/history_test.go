package tui

import (
	"context"
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
// relationship reads the newest page, counts the whole, reads the next
// page as the cursor comes near the end of what it holds, keeping the
// cursor on its session, and end reads the rest and goes to the oldest.
func TestSessionsReadAPageAtATime(t *testing.T) {
	f := longHistory()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newSessionsScreen(d.deps(), window(t, j, f.Rel.ID))
	d.open(s)
	d.wantView("150 sessions, the newest 60 read", "1 of 150")
	var at model.ID
	for range 20 {
		if len(s.sessions) > historyPage {
			break
		}
		at = s.sessions[s.list.cursor].ID
		d.keys("pgdown")
	}
	if len(s.sessions) != 2*historyPage {
		t.Fatalf("paging down to the end of the first page read %d sessions, want %d", len(s.sessions), 2*historyPage)
	}
	if got := s.sessions[s.list.cursor].ID; got == at {
		t.Error("the key that read the next page did not move the cursor")
	}
	for i, x := range s.sessions {
		if x.ID != f.Sessions[i].ID {
			t.Fatalf("session %d read is %s, want %s: the pages are not newest first", i, x.ID, f.Sessions[i].ID)
		}
	}
	d.keys("end")
	if len(s.sessions) != 150 || s.list.cursor != 149 || s.full.History.More {
		t.Fatalf("end: %d sessions, cursor %d, more %v", len(s.sessions), s.list.cursor, s.full.History.More)
	}
	d.wantView(model.FormatDate(f.Sessions[149].Date), "150 of 150")
	// A save reads again as much as is held.
	d.keys("home")
	s.Update(reloadMsg{})
	d.run(s.reload(s))
	if len(s.sessions) != 150 {
		t.Errorf("a reload after end read %d sessions", len(s.sessions))
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
	moved := ss.sessions[1]
	moved.Date = f.Sessions[149].Date.AddDate(0, 0, -1) // before every other
	if _, _, err := j.RecordSession(context.Background(), model.SessionChange{Session: moved}); err != nil {
		t.Fatal(err)
	}
	d.send(reloadMsg{})
	if x, ok := ss.selected(); !ok || x.ID != moved.ID {
		t.Fatalf("a session moved back in time left the cursor on %+v", x)
	}
	d.wantView(model.FormatDate(moved.Date))
	// Reading again while on it does not grow the window.
	n := len(ss.sessions)
	for range 3 {
		d.send(reloadMsg{})
	}
	if len(ss.sessions) != n || n != historyPage+1 {
		t.Errorf("reloads on a kept session read %d sessions, then %d; want %d", n, len(ss.sessions), historyPage+1)
	}
}
