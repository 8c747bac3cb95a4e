package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

// findFU returns a follow-up of a relationship by id.
func findFU(t *testing.T, f model.Full, id model.ID) model.FollowUp {
	t.Helper()
	for _, x := range f.FollowUps {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("follow-up %s not found", id)
	return model.FollowUp{}
}

func TestFollowUpsActions(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 80, 24)
	s := newFollowUpsScreen(d.deps(), f)
	d.open(s)
	v := s.View()
	// Grouped by owner, overdue first.
	iMentor := strings.Index(v, "Ada Lovelace (mentor)")
	iMentee := strings.Index(v, "Grace Hopper (mentee)")
	if iMentor < 0 || iMentee < 0 || iMentor > iMentee {
		t.Fatalf("owners not grouped mentor then mentee:\n%s", v)
	}
	if !strings.Contains(v, "overdue 9d") {
		t.Errorf("overdue follow-up not marked:\n%s", v)
	}
	// Select the mentee's overdue follow-up and mark it done.
	s.selectID(idN(40))
	d.keys("x")
	if got := findFU(t, j.get(t, f.Rel.ID), idN(40)); got.Status != model.FollowUpDone || !got.DoneAt.Equal(model.Day(loopNow)) {
		t.Fatalf("x: status %s done %v", got.Status, got.DoneAt)
	}
	// Change a due date.
	s.selectID(idN(41))
	d.keys("t")
	if !s.Capturing() {
		t.Fatal("t does not open the date field")
	}
	if x, _ := s.selected(); !strings.Contains(d.view(), "▸ "+followUpMark(x)) {
		t.Fatalf("the follow-up being re-dated is not marked:\n%s", d.view())
	}
	d.typeText("+2w") // typed over the date it had
	d.keys("enter")
	if got := findFU(t, j.get(t, f.Rel.ID), idN(41)); !got.Due.Equal(day(2026, 3, 24)) {
		t.Fatalf("t: due %v, want 2026-03-24", got.Due)
	}
	// A bad date is refused with a message and changes nothing.
	s.selectID(idN(41))
	d.keys("t")
	s.input.SetValue("someday")
	d.keys("enter")
	if s.err == "" || !s.Capturing() {
		t.Fatal("a bad date was not refused")
	}
	d.keys("esc") // the typed date would be lost: asked first
	d.wantView("Discard your change? y/n")
	d.keys("y")
	if got := findFU(t, j.get(t, f.Rel.ID), idN(41)); !got.Due.Equal(day(2026, 3, 24)) {
		t.Fatal("a refused date changed the follow-up")
	}
	// Drop it.
	d.keys("X")
	if got := findFU(t, j.get(t, f.Rel.ID), idN(41)); got.Status != model.FollowUpDropped {
		t.Fatalf("X: status %s", got.Status)
	}
	// Edit text.
	s.selectID(idN(40))
	d.keys("e")
	s.input.SetValue("Send the abstract, v2")
	d.keys("enter")
	if got := findFU(t, j.get(t, f.Rel.ID), idN(40)); got.Text != "Send the abstract, v2" {
		t.Fatalf("e: text %q", got.Text)
	}
	// New follow-up for the mentor, due tomorrow.
	d.keys("n")
	d.typeText("Book the room")
	d.keys("tab", "left", "tab")
	d.typeText("tomorrow")
	d.keys("enter", "esc")
	var added model.FollowUp
	for _, x := range j.get(t, f.Rel.ID).FollowUps {
		if x.Text == "Book the room" {
			added = x
		}
	}
	if added.ID == "" || added.Owner != model.RoleMentor || !added.Due.Equal(day(2026, 3, 11)) || added.Status != model.FollowUpOpen {
		t.Fatalf("n: added %+v", added)
	}
}

func TestFollowUpsReadOnlyWhenClosed(t *testing.T) {
	f := loopSample()
	f.Rel.Status = model.StatusClosed
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 80, 24)
	s := newFollowUpsScreen(d.deps(), f)
	d.open(s)
	d.keys("x", "n", "t")
	if j.writes() != 0 || s.Capturing() {
		t.Fatalf("a closed relationship was edited: %d writes", j.writes())
	}
	if !strings.Contains(d.status(), "read-only") {
		t.Fatalf("no read-only message: %q", d.status())
	}
}

// TestFollowUpsDrawsOnlyWhatIsInView: a relationship with 10,000
// follow-ups draws the lines of those on screen, and End draws those at
// the end, not every one on the way; the counts in the headings still
// count them all.
func TestFollowUpsDrawsOnlyWhatIsInView(t *testing.T) {
	f := loopSample()
	f.FollowUps = nil
	for i := range 10000 {
		due := loopNow.AddDate(0, 0, i%400-200)
		status := model.FollowUpDone
		if i%100 == 0 {
			status = model.FollowUpOpen
		}
		f.FollowUps = append(f.FollowUps, model.FollowUp{ID: model.NewID(due.Add(time.Duration(i))), RelID: f.Rel.ID,
			Text: fmt.Sprintf("Follow-up number %d", i), Owner: model.Parties[i%2], Due: due, Status: status})
	}
	s := newFollowUpsScreen(loopDeps(newJournal(t, loopNow, loopSample())), f)
	s.SetSize(100, 30)
	v := s.View()
	drawn := func() int {
		n := 0
		for _, l := range s.lines {
			if l != "" {
				n++
			}
		}
		return n
	}
	if n := drawn(); n == 0 || n > 30 {
		t.Errorf("%d lines drawn for a window of 30", n)
	}
	if !strings.Contains(v, "(mentor) · 100 open, 50 overdue") {
		t.Errorf("the heading does not count every open follow-up:\n%s", v)
	}
	s.Update(keyMsg("end"))
	v = s.View()
	if n := drawn(); n > 60 {
		t.Errorf("%d lines drawn after End", n)
	}
	if last := s.items[len(s.items)-1]; !strings.Contains(v, last.Text) {
		t.Errorf("End does not show the last follow-up %q:\n%s", last.Text, v)
	}
}
