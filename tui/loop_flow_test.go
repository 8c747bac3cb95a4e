package tui

import (
	"strings"
	"testing"

	"mentorlog/model"
)

// A whole session, from the sessions list to the reflection and back.
func TestFlowWholeSession(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	tm := appStart(t, j, loopNow, 100, 32)
	waitText(t, tm, "Grace Hopper")
	key1(tm, "enter", "s")
	waitText(t, tm, "2 sessions, 2 ended")
	key1(tm, "n")
	waitText(t, tm, "Follow-ups open from earlier meetings")
	key1(tm, "x", "c", "pgdown")
	waitText(t, tm, "Today's topic")
	key1(tm, "pgdown")
	waitText(t, tm, "Private notes")
	tm.Type("Practised the feedback talk")
	key1(tm, "pgdown")
	waitText(t, tm, "What was useful in today")
	tm.Type("The role play")
	key1(tm, "tab")
	tm.Type("Write it down")
	key1(tm, "pgdown")
	waitText(t, tm, "add a follow-up")
	key1(tm, "n")
	tm.Type("Ask two seniors for feedback")
	key1(tm, "tab", "tab")
	waitText(t, tm, "Due:")
	key1(tm, "enter", "esc", "pgdown")
	waitText(t, tm, "enter ends the session")
	key1(tm, "ctrl+f")
	waitText(t, tm, "Session saved: 1 new follow-up, next meeting 2026-03-24", "3 sessions, 3 ended")
	appQuit(t, tm)

	got := j.get(t, f.Rel.ID)
	var x model.Session
	for _, s := range got.Sessions {
		if s.Date.Equal(day(2026, 3, 10)) {
			x = s
		}
	}
	if !x.Ended || x.Agenda != "Practised the feedback talk" || x.Reflection.Useful != "The role play" ||
		x.Reflection.NextSteps != "Write it down" || x.Reflection.Change != "" {
		t.Fatalf("stored session: %+v", x)
	}
	open := 0
	for _, fu := range got.FollowUps {
		if fu.SessionID == x.ID && fu.Text == "Ask two seniors for feedback" && fu.Status == model.FollowUpOpen {
			open++
		}
	}
	if open != 1 {
		t.Fatalf("the new follow-up is not stored: %+v", got.FollowUps)
	}
}

// Signing by both parties in pair view.
func TestFlowSignBoth(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	tm := appStart(t, j, loopNow, 120, 40)
	waitText(t, tm, "Grace Hopper")
	key1(tm, "enter", "p")
	waitText(t, tm, "PAIR VIEW")
	key1(tm, "m")
	waitText(t, tm, "Signing as the mentor")
	tm.Type("Ada Lovelace")
	key1(tm, "enter")
	waitText(t, tm, "Signed by Ada Lovelace as the mentor")
	key1(tm, "M")
	waitText(t, tm, "Signing as the mentee")
	tm.Type("Grace Hopper")
	key1(tm, "enter")
	waitText(t, tm, "Both of you signed this exact text")
	appQuit(t, tm)
	fnd := j.get(t, f.Rel.ID).Plan.Foundation
	if !fnd.FullySigned() || fnd.Signatures[0].Name != "Ada Lovelace" || fnd.Signatures[1].Name != "Grace Hopper" {
		t.Fatalf("signatures: %+v", fnd.Signatures)
	}
}

// Closing a relationship: celebrate, evaluate, next, close.
func TestFlowClose(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	tm := appStart(t, j, loopNow, 100, 32)
	waitText(t, tm, "Grace Hopper")
	key1(tm, "enter", "c")
	waitText(t, tm, "1 Celebrate")
	key1(tm, "enter")
	tm.Type("Two talks and a parser")
	key1(tm, "tab")
	tm.Type("Two of three talks")
	key1(tm, "tab")
	tm.Type("Shipped in January")
	key1(tm, "tab")
	tm.Type("We stay in touch as peers")
	key1(tm, "esc")
	waitText(t, tm, "We stay in touch as peers")
	key1(tm, "C")
	waitText(t, tm, "Close the relationship now?")
	key1(tm, "y")
	waitText(t, tm, "Closed relationship with Grace Hopper")
	appQuit(t, tm)
	got := j.get(t, f.Rel.ID)
	c := got.Plan.Closure
	if got.Rel.Status != model.StatusClosed || c.ClosedAt.IsZero() || len(c.Evaluations) != 2 ||
		!strings.Contains(c.Accomplishments, "parser") || c.Next != "We stay in touch as peers" {
		t.Fatalf("closure: %s %+v", got.Rel.Status, c)
	}
}
