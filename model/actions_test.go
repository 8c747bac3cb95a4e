package model

import (
	"testing"
	"time"
)

func TestSessionEffects(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	at := day.Add(10 * time.Hour)
	done := FollowUp{ID: "f1", Status: FollowUpOpen}
	dropped := FollowUp{ID: "f2", Status: FollowUpOpen}
	carried := FollowUp{ID: "f3", Status: FollowUpDone, DoneAt: day.AddDate(0, 0, -7)}
	already := FollowUp{ID: "f4", Status: FollowUpDone, DoneAt: day.AddDate(0, 0, -7)}
	x := Session{ID: "s1", Date: day, RoadmapID: "r1", Reviewed: []FollowUpReview{
		{FollowUpID: "f1", Outcome: OutcomeDone},
		{FollowUpID: "f2", Outcome: OutcomeDropped},
		{FollowUpID: "f3", Outcome: OutcomeCarried},
		{FollowUpID: "f4", Outcome: OutcomeDone},
		{FollowUpID: "gone", Outcome: OutcomeDone},
	}}
	roadmap := []RoadmapItem{
		{ID: "r1", Status: TopicPlanned},
		{ID: "r0", Status: TopicHeld, SessionID: "s1"}, // this session's old topic
		{ID: "r2", Status: TopicHeld, SessionID: "other"},
	}
	// f3 was marked done in an earlier save of this session, and is
	// carried over now: opened again.
	earlier := Session{ID: "s1", Date: day, Reviewed: []FollowUpReview{{FollowUpID: "f3", Outcome: OutcomeDone}}}
	fus, items := SessionEffects(x, earlier, nil, []FollowUp{done, dropped, carried, already}, roadmap, at)
	got := map[ID]FollowUp{}
	for _, f := range fus {
		got[f.ID] = f
	}
	if len(fus) != 3 {
		t.Fatalf("%d follow-ups changed, want 3 (the one done already stays): %+v", len(fus), fus)
	}
	if f := got["f1"]; f.Status != FollowUpDone || !f.DoneAt.Equal(day) || !f.Updated.Equal(at) {
		t.Errorf("done: %+v", f)
	}
	if f := got["f2"]; f.Status != FollowUpDropped || !f.DoneAt.IsZero() {
		t.Errorf("dropped: %+v", f)
	}
	if f := got["f3"]; f.Status != FollowUpOpen || !f.DoneAt.IsZero() {
		t.Errorf("carried over: %+v", f)
	}
	if len(items) != 0 {
		t.Errorf("a running session holds no topic: %+v", items)
	}
	// Saved again with the same reviews, the session changes nothing: a
	// follow-up it carried over, closed since elsewhere, stays closed;
	// one whose outcome changed in this save follows it.
	prev := x
	closed := FollowUp{ID: "f3", Status: FollowUpDone, DoneAt: day}
	again := x
	again.Reviewed = append([]FollowUpReview(nil), x.Reviewed...)
	again.Reviewed[1].Outcome = OutcomeDone // f2: dropped, now done
	fus, _ = SessionEffects(again, prev, nil, []FollowUp{done, dropped, closed, already}, roadmap, at)
	if len(fus) != 1 || fus[0].ID != "f2" || fus[0].Status != FollowUpDone {
		t.Errorf("saved again, f2's outcome changed: %+v", fus)
	}
	// A review marked again in this save is applied though its outcome is
	// the stored one: f3, carried over and closed elsewhere, is opened
	// again when the pair presses "carried over" on it.
	fus, _ = SessionEffects(again, prev, []ID{"f3"}, []FollowUp{done, dropped, closed, already}, roadmap, at)
	if len(fus) != 2 || fus[0].ID != "f2" || fus[1].ID != "f3" || fus[1].Status != FollowUpOpen || !fus[1].DoneAt.IsZero() {
		t.Errorf("f3 marked again: %+v", fus)
	}
	// A new session (nothing stored) proposes open follow-ups as carried
	// over: one closed since it began stays closed.
	fresh := Session{ID: "s9", Date: day, Reviewed: []FollowUpReview{{FollowUpID: "f3", Outcome: OutcomeCarried}, {FollowUpID: "f1", Outcome: OutcomeDone}}}
	fus, _ = SessionEffects(fresh, Session{}, nil, []FollowUp{closed, done}, roadmap, at)
	if len(fus) != 1 || fus[0].ID != "f1" || fus[0].Status != FollowUpDone {
		t.Errorf("a new session: %+v", fus)
	}
	// Dated back after the review was saved, the session takes the day
	// of the follow-up it marked done along; one done on another day, or
	// closed elsewhere, keeps its day.
	backdated := again
	backdated.Date = day.AddDate(0, 0, -5)
	doneHere := FollowUp{ID: "f1", Status: FollowUpDone, DoneAt: day}
	doneBefore := FollowUp{ID: "f4", Status: FollowUpDone, DoneAt: day.AddDate(0, 0, -7)}
	fus, _ = SessionEffects(backdated, again, nil, []FollowUp{doneHere, doneBefore}, roadmap, at)
	if len(fus) != 1 || fus[0].ID != "f1" || !fus[0].DoneAt.Equal(backdated.Date) {
		t.Errorf("dated back: %+v", fus)
	}
	x.Ended = true
	_, items = SessionEffects(x, Session{}, nil, nil, roadmap, at)
	if len(items) != 2 || items[0].ID != "r1" || items[0].Status != TopicHeld || items[0].SessionID != "s1" ||
		items[1].ID != "r0" || items[1].Status != TopicPlanned || items[1].SessionID != "" {
		t.Errorf("ended: %+v", items)
	}
}

func TestCloseReopen(t *testing.T) {
	r := Relationship{Status: StatusActive}
	var p Plan
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	Close(&r, &p, Closure{Accomplishments: "the talk"}, at)
	if Editable(r) != ErrClosed || !p.Closure.ClosedAt.Equal(at) || p.Closure.Accomplishments != "the talk" {
		t.Fatalf("closed: %+v %+v", r, p.Closure)
	}
	Reopen(&r, &p)
	if Editable(r) != nil || !p.Closure.ClosedAt.IsZero() || p.Closure.Accomplishments != "the talk" {
		t.Fatalf("reopened: %+v %+v", r, p.Closure)
	}
}

func TestSameName(t *testing.T) {
	for _, c := range []struct {
		typed, name string
		want        bool
	}{
		{"Ada Lovelace", "Ada Lovelace", true},
		{"  ada   LOVELACE ", "Ada Lovelace", true},
		{"Ada", "Ada Lovelace", false},
		{"Grace Hopper", "Ada Lovelace", false},
		{"", "Ada", false},
		{"jose  nino", "José Niño", true},
		{"Lukasz", "Łukasz", true},
		{"Josef", "José", false},
	} {
		if got := SameName(c.typed, c.name); got != c.want {
			t.Errorf("SameName(%q, %q) = %v", c.typed, c.name, got)
		}
	}
}

func TestHitWhere(t *testing.T) {
	for _, c := range []struct {
		h           Hit
		part, field string
	}{
		{Hit{Kind: HitPlan, Layer: LayerTrust, Field: "trust.mentor.common_ground"}, "Layer 1 " + LayerTrust.Info().Short, "mentor's common ground"},
		{Hit{Kind: HitPlan, Layer: LayerTrust, Field: "trust.stories[0].lesson"}, "Layer 1 " + LayerTrust.Info().Short, "story 1 · the lesson"},
		{Hit{Kind: HitPlan, Layer: LayerFoundation, Field: "foundation.rules.where"}, "Agreement", "rules · where"},
		{Hit{Kind: HitPlan, Layer: LayerProblem, Field: "problem.statement"}, "Layer 2 " + LayerProblem.Info().Short, "in one sentence"},
		{Hit{Kind: HitPlan, Layer: -1, Field: "closure.next"}, "Closure", "what comes next"},
		{Hit{Kind: HitSession, Field: "reflection.next_steps"}, "Session", "reflection · next steps"},
		{Hit{Kind: HitGoal, Field: "measure"}, "Goal", "measure and target"},
		{Hit{Kind: HitGoal, Field: "progress[1].note"}, "Goal", "progress 2 · note"},
		{Hit{Kind: HitRelationship, Field: "private_notes"}, "Relationship", "private notes"},
	} {
		part, field := c.h.Where()
		if part != c.part || field != c.field {
			t.Errorf("%+v: %q, %q; want %q, %q", c.h, part, field, c.part, c.field)
		}
	}
}

func TestMeetingLateBoundaries(t *testing.T) {
	today := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	rel := Relationship{Status: StatusActive, CadenceDays: 14, Started: today.AddDate(0, 0, -21)}
	for _, c := range []struct {
		name string
		s    Summary
		want int
	}{
		{"no meeting yet, started three weeks ago", Summary{Rel: rel}, 0},
		{"due today", Summary{Rel: rel, LastSession: today.AddDate(0, 0, -14)}, 0},
		{"one day late", Summary{Rel: rel, LastSession: today.AddDate(0, 0, -15)}, 1},
		{"agreed date today", Summary{Rel: rel, LastSession: today.AddDate(0, 0, -3), NextMeeting: today}, 0},
		{"agreed date yesterday", Summary{Rel: rel, LastSession: today.AddDate(0, 0, -3), NextMeeting: today.AddDate(0, 0, -1)}, 1},
	} {
		if got := MeetingLateDays(c.s, today); got != c.want {
			t.Errorf("%s: %d days late, want %d", c.name, got, c.want)
		}
	}
	fu := FollowUp{Status: FollowUpOpen, Due: today}
	if fu.IsOverdue(today) || !fu.IsOverdue(today.AddDate(0, 0, 1)) {
		t.Error("a follow-up due today is not overdue; due yesterday it is")
	}
}

func TestOptionChangedKeepsTheChoice(t *testing.T) {
	c := Commitment{Options: []Option{{Title: "Read a book"}, {Title: "Shadow a lead"}}, Chosen: "Shadow a lead"}
	c.OptionChanged("Read a book", "Read two books")
	if c.Chosen != "Shadow a lead" {
		t.Fatalf("renaming another option changed the choice: %q", c.Chosen)
	}
	c.OptionChanged("Shadow a lead", "Shadow a staff engineer")
	if c.Chosen != "Shadow a staff engineer" {
		t.Fatalf("the chosen option renamed: %q", c.Chosen)
	}
	c.OptionChanged("Shadow a staff engineer", "")
	if c.Chosen != "" {
		t.Fatalf("the chosen option removed: %q", c.Chosen)
	}
}

// A pair that has not met yet is due its first meeting today, not "in
// -46 days", and not late.
func TestDueFirstMeeting(t *testing.T) {
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	r := Relationship{ID: "r1", MenteeName: "Solo", Status: StatusActive, CadenceDays: 14, Started: today.AddDate(0, 0, -60)}
	items := Due(today, []Summary{{Rel: r}}, nil, 7)
	if len(items) != 1 || items[0].Kind != DueFirst || items[0].Days != 0 || items[0].Overdue {
		t.Fatalf("due %+v", items)
	}
}

// A session started and left empty is no meeting: it moves neither the
// last nor the next meeting.
func TestAbandonedSessionIsNotTheLastMeeting(t *testing.T) {
	held := Session{ID: "s1", Date: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Ended: true,
		NextMeeting: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)}
	left := Session{ID: "s2", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Topic: "the proposed topic",
		Reviewed: []FollowUpReview{{FollowUpID: "f1", Outcome: OutcomeCarried}}}
	noted := left
	noted.Notes = "we met and talked"
	if left.Held() || !held.Held() || !noted.Held() {
		t.Fatalf("held: %v %v %v", held.Held(), left.Held(), noted.Held())
	}
	f := Full{Sessions: []Session{held, left}}
	if last, ok := f.LastSession(); !ok || last.ID != "s1" {
		t.Fatalf("last session %+v", last)
	}
	f.Sessions[1] = noted
	if last, _ := f.LastSession(); last.ID != "s2" {
		t.Fatal("a session with notes, not finished, is the last meeting")
	}
}

func TestUpcomingMeeting(t *testing.T) {
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	r := Relationship{Status: StatusActive, CadenceDays: 14}
	r.Started = today.AddDate(0, 0, -60)
	if got := UpcomingMeeting(Summary{Rel: r}, today); !got.Equal(today) {
		t.Errorf("never met, started long ago: %v, want today", got)
	}
	r.Started = today.AddDate(0, 0, -3)
	if got := UpcomingMeeting(Summary{Rel: r}, today); !got.Equal(today.AddDate(0, 0, 11)) {
		t.Errorf("never met, started 3 days ago: %v", got)
	}
	met := Summary{Rel: r, LastSession: today.AddDate(0, 0, -20)}
	if got := UpcomingMeeting(met, today); !got.Equal(today.AddDate(0, 0, -6)) {
		t.Errorf("met and late: %v, want the date it was due", got)
	}
	met.Rel.Status = StatusClosed
	if got := UpcomingMeeting(met, today); !got.IsZero() {
		t.Errorf("closed: %v, want no meeting", got)
	}
}

// ReviewGone opens what a deleted session's review closed, and nothing
// else: not one it carried over, not one done on another day, not one
// opened again since.
func TestReviewGone(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	x := Session{ID: "s1", Date: day, Reviewed: []FollowUpReview{
		{FollowUpID: "done", Outcome: OutcomeDone}, {FollowUpID: "dropped", Outcome: OutcomeDropped},
		{FollowUpID: "carried", Outcome: OutcomeCarried}, {FollowUpID: "later", Outcome: OutcomeDone},
		{FollowUpID: "reopened", Outcome: OutcomeDone}}}
	for _, c := range []struct {
		fu   FollowUp
		want bool
	}{
		{FollowUp{ID: "done", Status: FollowUpDone, DoneAt: day.Add(15 * time.Hour)}, true},
		{FollowUp{ID: "dropped", Status: FollowUpDropped, DoneAt: day.AddDate(0, 0, 2)}, true},
		{FollowUp{ID: "carried", Status: FollowUpOpen}, false},
		{FollowUp{ID: "later", Status: FollowUpDone, DoneAt: day.AddDate(0, 0, 1)}, false}, // done the day after: not by the review
		{FollowUp{ID: "reopened", Status: FollowUpOpen}, false},
		{FollowUp{ID: "other", Status: FollowUpDone, DoneAt: day}, false}, // not reviewed
	} {
		fu := c.fu
		if got := ReviewGone(&fu, x); got != c.want || got && (fu.Status != FollowUpOpen || !fu.DoneAt.IsZero()) {
			t.Errorf("%s: changed %v (%+v), want %v", c.fu.ID, got, fu, c.want)
		}
	}
}
