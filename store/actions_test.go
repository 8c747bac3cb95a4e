package store

import (
	"errors"
	"testing"

	"mentorlog/model"
)

var errInjected = errors.New("injected failure")

// TestActionsAllOrNothing fails each write of every user action in turn:
// the action reports the failure and the journal is exactly as before.
// Without the failure the action writes what it should, so the failures
// hit real writes.
func TestActionsAllOrNothing(t *testing.T) {
	type action struct {
		name   string
		writes int // at least this many record writes
		run    func(s *Store, f model.Full) error
		check  func(t *testing.T, s *Store, f model.Full)
	}
	actions := []action{
		{
			name: "end a session with its reviews, new follow-ups and topic", writes: 4,
			run: func(s *Store, f model.Full) error {
				x := model.Session{ID: newID(), RelID: f.Rel.ID, Date: date("2026-03-01"), Topic: f.Roadmap[0].Topic,
					RoadmapID: f.Roadmap[0].ID, Ended: true, NextMeeting: date("2026-03-15")}
				for i, fu := range f.FollowUps {
					out := model.OutcomeDone
					if i == 1 {
						out = model.OutcomeDropped
					}
					x.Reviewed = append(x.Reviewed, model.FollowUpReview{FollowUpID: fu.ID, Text: fu.Text, Outcome: out})
				}
				_, _, err := s.RecordSession(ctx, model.SessionChange{Session: x,
					FollowUps: []model.FollowUp{followUp(f.Rel.ID, x.ID, "Rehearse twice", "2026-03-10")}})
				return err
			},
			check: func(t *testing.T, s *Store, f model.Full) {
				g, err := s.LoadFull(ctx, f.Rel.ID)
				mustNil(t, err)
				done, dropped, open := 0, 0, 0
				for _, fu := range g.FollowUps {
					switch fu.Status {
					case model.FollowUpDone:
						done++
					case model.FollowUpDropped:
						dropped++
					default:
						open++
					}
				}
				if done != 1 || dropped != 1 || open != 1 || len(g.Sessions) != 2 {
					t.Errorf("after ending: %d done, %d dropped, %d open, %d sessions", done, dropped, open, len(g.Sessions))
				}
				for _, it := range g.Roadmap {
					if it.Status != model.TopicHeld {
						t.Errorf("roadmap item %q is %s, want held", it.Topic, it.Status)
					}
				}
			},
		},
		{
			name: "use an agenda template", writes: 3,
			run: func(s *Store, f model.Full) error {
				_, err := s.AddRoadmapTopics(ctx, f.Rel.ID, []string{"Options", "Obstacles", "A choice"})
				return err
			},
			check: func(t *testing.T, s *Store, f model.Full) {
				g, err := s.LoadFull(ctx, f.Rel.ID)
				mustNil(t, err)
				if len(g.Roadmap) != len(f.Roadmap)+3 {
					t.Errorf("%d roadmap items after the template, want %d", len(g.Roadmap), len(f.Roadmap)+3)
				}
			},
		},
		{
			name: "close with the closure record", writes: 2,
			run: func(s *Store, f model.Full) error {
				_, _, err := s.UpdateRelationship(ctx, f.Rel.ID, func(r *model.Relationship, p *model.Plan) error {
					model.Close(r, p, model.Closure{Accomplishments: "gave the talk"}, t0)
					return nil
				})
				return err
			},
			check: func(t *testing.T, s *Store, f model.Full) {
				g, err := s.LoadFull(ctx, f.Rel.ID)
				mustNil(t, err)
				if g.Rel.Status != model.StatusClosed || g.Plan.Closure.Accomplishments != "gave the talk" || g.Plan.Closure.ClosedAt.IsZero() {
					t.Errorf("after closing: %s, %+v", g.Rel.Status, g.Plan.Closure)
				}
			},
		},
		{
			name: "sign the agreement", writes: 1,
			run: func(s *Store, f model.Full) error {
				_, err := s.UpdatePlan(ctx, f.Rel.ID, func(r model.Relationship, p *model.Plan) error {
					if err := model.Editable(r); err != nil {
						return err
					}
					fnd, err := p.Foundation.Sign(model.RoleMentee, f.Rel.MenteeName, t0)
					p.Foundation = fnd
					return err
				})
				return err
			},
			check: func(t *testing.T, s *Store, f model.Full) {
				g, err := s.LoadFull(ctx, f.Rel.ID)
				mustNil(t, err)
				if n := len(g.Plan.Foundation.Signatures); n != 1 {
					t.Errorf("%d signatures, want 1", n)
				}
			},
		},
		{
			name: "delete a goal with its links", writes: 2,
			run: func(s *Store, f model.Full) error { return s.DeleteGoal(ctx, f.Goals[0].ID) },
			check: func(t *testing.T, s *Store, f model.Full) {
				g, err := s.LoadFull(ctx, f.Rel.ID)
				mustNil(t, err)
				if len(g.Goals) != 0 || len(g.Plan.Closure.Evaluations) != 0 || g.Roadmap[0].GoalID != "" {
					t.Errorf("after deleting the goal: %s, evaluations %v", describe(g), g.Plan.Closure.Evaluations)
				}
			},
		},
	}
	for _, a := range actions {
		t.Run(a.name, func(t *testing.T) {
			failed := 0
			for n := 1; ; n++ {
				s := openTemp(t)
				f := fill(t, s, "Ada")
				before := exportString(t, s)
				beforeSums, err := s.ListSummaries(ctx)
				mustNil(t, err)
				s.fault = func(i int) error {
					if i == n {
						return errInjected
					}
					return nil
				}
				err = a.run(s, f)
				s.fault = nil
				if err == nil {
					if failed < a.writes {
						t.Fatalf("the action wrote %d records, want at least %d", failed, a.writes)
					}
					a.check(t, s, f)
					if exportString(t, s) == before {
						t.Fatal("the action changed nothing")
					}
					return
				}
				failed++
				if !errors.Is(err, errInjected) {
					t.Fatalf("write %d: %v, want the injected failure", n, err)
				}
				if after := exportString(t, s); after != before {
					t.Fatalf("write %d failed but the journal changed", n)
				}
				afterSums, err := s.ListSummaries(ctx)
				mustNil(t, err)
				if len(afterSums) != len(beforeSums) || afterSums[0].OpenFollowUps != beforeSums[0].OpenFollowUps || afterSums[0].Sessions != beforeSums[0].Sessions {
					t.Fatalf("write %d failed but the summary changed: %+v", n, afterSums)
				}
			}
		})
	}
}

// TestRecordSessionRefusesClosed: a closed relationship takes no session.
func TestRecordSessionRefusesClosed(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	_, _, err := s.UpdateRelationship(ctx, f.Rel.ID, func(r *model.Relationship, p *model.Plan) error {
		model.Close(r, p, model.Closure{}, t0)
		return nil
	})
	mustNil(t, err)
	before := exportString(t, s)
	x := session(f.Rel.ID, "2026-03-01", "notes")
	if _, _, err := s.RecordSession(ctx, model.SessionChange{Session: x}); !errors.Is(err, model.ErrClosed) {
		t.Fatalf("session in a closed relationship: %v, want ErrClosed", err)
	}
	if exportString(t, s) != before {
		t.Fatal("the refused session changed the journal")
	}
	// Reopening clears the closing date and keeps the closure's text.
	r, p, err := s.UpdateRelationship(ctx, f.Rel.ID, func(r *model.Relationship, p *model.Plan) error {
		model.Reopen(r, p)
		return nil
	})
	mustNil(t, err)
	if r.Status != model.StatusActive || !p.Closure.ClosedAt.IsZero() {
		t.Errorf("reopened: %s, closed at %v", r.Status, p.Closure.ClosedAt)
	}
}

// The stored summary agrees: a new session left empty does not move the
// last or the next meeting.
func TestSummaryIgnoresAnEmptySession(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	before, err := s.ListSummaries(ctx)
	mustNil(t, err)
	x := model.Session{ID: newID(), RelID: f.Rel.ID, Date: date("2026-03-01"), Topic: f.Roadmap[0].Topic}
	mustNil(t, s.SaveSession(ctx, x))
	after, err := s.ListSummaries(ctx)
	mustNil(t, err)
	if !after[0].LastSession.Equal(before[0].LastSession) || !after[0].NextMeeting.Equal(before[0].NextMeeting) || after[0].Sessions != before[0].Sessions+1 {
		t.Fatalf("before %+v\nafter %+v", before[0], after[0])
	}
	g, err := s.LoadFull(ctx, f.Rel.ID)
	mustNil(t, err)
	if want := model.Summarize(g); !want.LastSession.Equal(after[0].LastSession) || !want.NextMeeting.Equal(after[0].NextMeeting) {
		t.Fatalf("store %+v, model %+v", after[0], want)
	}
}

// A session saved again with the reviews it had changes no follow-up: one
// it carried over and that was closed since, elsewhere, stays closed; a
// review changed in this save is applied.
func TestRecordSessionKeepsWhatWasClosedSince(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	fu := f.FollowUps[0]
	x := session(f.Rel.ID, "2026-03-01", "notes")
	x.Ended = false
	x.Reviewed = []model.FollowUpReview{{FollowUpID: fu.ID, Text: fu.Text, Outcome: model.OutcomeCarried}}
	_, _, err := s.RecordSession(ctx, model.SessionChange{Session: x})
	mustNil(t, err)
	closed := fu
	closed.Status, closed.DoneAt = model.FollowUpDone, date("2026-03-02")
	mustNil(t, s.SaveFollowUp(ctx, closed))
	x.Notes += ", and more"
	x.Ended = true
	_, _, err = s.RecordSession(ctx, model.SessionChange{Session: x})
	mustNil(t, err)
	status := func() model.FollowUpStatus {
		full, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		for _, y := range full.FollowUps {
			if y.ID == fu.ID {
				return y.Status
			}
		}
		t.Fatal("the follow-up is gone")
		return ""
	}
	if got := status(); got != model.FollowUpDone {
		t.Fatalf("the follow-up closed since is %s after the session was saved again", got)
	}
	x.Reviewed[0].Outcome = model.OutcomeDropped // changed now: applied
	_, _, err = s.RecordSession(ctx, model.SessionChange{Session: x})
	mustNil(t, err)
	if got := status(); got != model.FollowUpDropped {
		t.Fatalf("a review changed in this save: the follow-up is %s, want dropped", got)
	}
	// Opened again elsewhere, then marked dropped again in the session:
	// the pair's key applies, though the review's outcome is unchanged.
	mustNil(t, s.SaveFollowUp(ctx, fu))
	_, _, err = s.RecordSession(ctx, model.SessionChange{Session: x})
	mustNil(t, err)
	if got := status(); got != model.FollowUpOpen {
		t.Fatalf("saved again unmarked: the follow-up opened elsewhere is %s", got)
	}
	_, _, err = s.RecordSession(ctx, model.SessionChange{Session: x, Marked: []model.ID{fu.ID}})
	mustNil(t, err)
	if got := status(); got != model.FollowUpDropped {
		t.Fatalf("marked dropped again: the follow-up is %s, want dropped", got)
	}
}

// Deleting a session opens again what its review closed and is still closed
// so (model.ReviewGone), in the delete's transaction; a follow-up it only
// carried over, or closed elsewhere on another day, stays as it is.
func TestDeleteSessionOpensWhatItsReviewClosed(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	if len(f.FollowUps) == 0 {
		t.Fatal("the sample has no follow-up")
	}
	a := f.FollowUps[0]
	b := a
	b.ID, b.Text = model.NewID(date("2026-02-01")), "a second one"
	mustNil(t, s.SaveFollowUp(ctx, b))
	c := a
	c.ID, c.Text = model.NewID(date("2026-02-02")), "a third one"
	mustNil(t, s.SaveFollowUp(ctx, c))
	x := session(f.Rel.ID, "2026-03-01", "notes")
	x.Reviewed = []model.FollowUpReview{{FollowUpID: a.ID, Text: a.Text, Outcome: model.OutcomeDone},
		{FollowUpID: b.ID, Text: b.Text, Outcome: model.OutcomeCarried}, {FollowUpID: c.ID, Text: c.Text, Outcome: model.OutcomeCarried}}
	_, _, err := s.RecordSession(ctx, model.SessionChange{Session: x})
	mustNil(t, err)
	// b, carried over here, is closed elsewhere on another day: it stays so.
	b.Status, b.DoneAt = model.FollowUpDone, date("2026-03-05")
	mustNil(t, s.SaveFollowUp(ctx, b))
	status := func(id model.ID) model.FollowUpStatus {
		full, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		for _, y := range full.FollowUps {
			if y.ID == id {
				return y.Status
			}
		}
		t.Fatalf("follow-up %s gone", id)
		return ""
	}
	if status(a.ID) != model.FollowUpDone {
		t.Fatal("the review did not close the follow-up")
	}
	mustNil(t, s.DeleteSession(ctx, x.ID))
	if got, closed, open := status(a.ID), status(b.ID), status(c.ID); got != model.FollowUpOpen || closed != model.FollowUpDone || open != model.FollowUpOpen {
		t.Fatalf("after the delete: %s (want open again); closed elsewhere %s (want done); carried %s (want open)", got, closed, open)
	}
	mustNil(t, s.Check())
}
