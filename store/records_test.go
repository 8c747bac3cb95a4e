package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

func TestRoundTripEveryEntity(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada Byron")
	if !r.ID.Valid() || r.Created.IsZero() || !r.Updated.Equal(r.Created) {
		t.Fatalf("CreateRelationship did not set id and times: %+v", r)
	}
	got, err := s.GetRelationship(ctx, r.ID)
	mustNil(t, err)
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("relationship round trip:\n got %+v\nwant %+v", got, r)
	}

	g := goal(r.ID, "Speak at a conference")
	mustNil(t, s.SaveGoal(ctx, g))
	se := session(r.ID, "2026-02-10", "notes")
	mustNil(t, s.SaveSession(ctx, se))
	item := model.RoadmapItem{ID: newID(), RelID: r.ID, Position: 0, Topic: "Negotiation", GoalID: g.ID, Status: model.TopicHeld, SessionID: se.ID}
	mustNil(t, s.SaveRoadmapItem(ctx, item))
	fu := followUp(r.ID, se.ID, "Send the abstract", "2026-02-20")
	mustNil(t, s.SaveFollowUp(ctx, fu))
	h := model.HealthCheck{ID: newID(), RelID: r.ID, Date: date("2026-02-11"), Party: model.RoleMentee,
		Ratings: map[model.Quality]int{model.QListening: 5}, Comment: "good"}
	mustNil(t, s.SaveHealthCheck(ctx, h))
	p := model.Plan{RelID: r.ID}
	p.Problem.Statement = "Afraid of public speaking"
	p.Foundation.SharedValues = []string{"honesty"}
	p.Foundation.Rules.Frequency = "every two weeks"
	p.Foundation, err = p.Foundation.Sign(model.RoleMentor, "Grace Hopper", t0)
	mustNil(t, err)
	mustNil(t, s.SavePlan(ctx, p))

	f, err := s.LoadFull(ctx, r.ID)
	mustNil(t, err)
	// The store sets Created (when zero) and Updated; compare the rest.
	g.Created, g.Updated = f.Goals[0].Created, f.Goals[0].Updated
	se.Created, se.Updated = f.Sessions[0].Created, f.Sessions[0].Updated
	item.Created, item.Updated = f.Roadmap[0].Created, f.Roadmap[0].Updated
	fu.Created, fu.Updated = f.FollowUps[0].Created, f.FollowUps[0].Updated
	h.Created = f.Health[0].Created
	p.Updated = f.Plan.Updated
	// The store stamps the layers that changed: here the foundation and layer 2.
	if len(f.Plan.LayerEdited) != 2 || !f.Plan.LayerEdited[model.LayerFoundation].Equal(p.Updated) || !f.Plan.LayerEdited[model.LayerProblem].Equal(p.Updated) {
		t.Errorf("layer stamps %v", f.Plan.LayerEdited)
	}
	p.LayerEdited = f.Plan.LayerEdited
	for name, pair := range map[string][2]any{
		"goal": {f.Goals[0], g}, "session": {f.Sessions[0], se}, "roadmap": {f.Roadmap[0], item},
		"follow-up": {f.FollowUps[0], fu}, "health": {f.Health[0], h}, "plan": {f.Plan, p},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s round trip:\n got %+v\nwant %+v", name, pair[0], pair[1])
		}
	}
	if g.Created.IsZero() || g.Updated.IsZero() || h.Created.IsZero() {
		t.Error("Created/Updated not set")
	}

	// An update keeps Created and moves Updated.
	before := f.Goals[0]
	upd := before
	upd.Created = time.Time{}
	upd.Title = "Speak at two conferences"
	mustNil(t, s.SaveGoal(ctx, upd))
	f, _ = s.LoadFull(ctx, r.ID)
	if !f.Goals[0].Created.Equal(before.Created) || !f.Goals[0].Updated.After(before.Updated) || f.Goals[0].Title != upd.Title {
		t.Errorf("update: created %v (was %v), updated %v (was %v)", f.Goals[0].Created, before.Created, f.Goals[0].Updated, before.Updated)
	}
	mustNil(t, s.Check())
}

func TestSaveChecksLinksAndValidation(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	other := newRel(t, s, "Bob")
	g := goal(r.ID, "")
	if err := s.SaveGoal(ctx, g); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("goal without title: %v, want a validation error", err)
	}
	g = goal(newID(), "x")
	if err := s.SaveGoal(ctx, g); !errors.Is(err, ErrNotFound) {
		t.Errorf("goal of a missing relationship: %v, want ErrNotFound", err)
	}
	og := goal(other.ID, "other's goal")
	mustNil(t, s.SaveGoal(ctx, og))
	item := model.RoadmapItem{ID: newID(), RelID: r.ID, Topic: "t", Status: model.TopicPlanned, GoalID: og.ID}
	if err := s.SaveRoadmapItem(ctx, item); !errors.Is(err, ErrNotFound) {
		t.Errorf("roadmap item linked to another relationship's goal: %v, want ErrNotFound", err)
	}
	fu := followUp(r.ID, newID(), "x", "")
	if err := s.SaveFollowUp(ctx, fu); !errors.Is(err, ErrNotFound) {
		t.Errorf("follow-up of a missing session: %v, want ErrNotFound", err)
	}
	// An id cannot change kind or relationship.
	og2 := og
	og2.RelID = r.ID
	if err := s.SaveGoal(ctx, og2); err == nil {
		t.Error("moving a goal to another relationship was accepted")
	}
	se := session(r.ID, "2026-01-10", "n")
	se.ID = og.ID
	if err := s.SaveSession(ctx, se); err == nil {
		t.Error("a session reusing a goal's id was accepted")
	}
	if err := s.DeleteGoal(ctx, newID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting a missing goal: %v", err)
	}
	if err := s.DeleteSession(ctx, og.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting a goal as a session: %v", err)
	}
	if _, err := s.LoadFull(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadFull of a bad id: %v", err)
	}
	if after := bucketCounts(t, s); after["goals"] != 1 || after["sessions"] != 0 || after["roadmap"] != 0 || after["followups"] != 0 {
		t.Errorf("refused saves left records: %v", after)
	}
	mustNil(t, s.Check())
}

func TestIndexesFollowUpdatesAndDeletes(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	open, err := s.OpenFollowUps(ctx)
	mustNil(t, err)
	if len(open) != 2 || open[0].Text != "Send the abstract" && open[0].Text != "Send the talk abstract" {
		t.Fatalf("open follow-ups: %+v", open)
	}
	if !open[1].Due.IsZero() {
		t.Errorf("undated follow-up should come last: %+v", open)
	}
	// Closing a follow-up takes it out of the open index.
	fu := open[0]
	fu.Status = model.FollowUpDone
	mustNil(t, s.SaveFollowUp(ctx, fu))
	open, _ = s.OpenFollowUps(ctx)
	if len(open) != 1 || open[0].ID == fu.ID {
		t.Fatalf("after closing: %+v", open)
	}
	full, _ := s.LoadFull(ctx, f.Rel.ID)
	for _, x := range full.FollowUps {
		if x.ID == fu.ID && x.DoneAt.IsZero() {
			t.Error("closing did not set DoneAt")
		}
	}
	// Reopening puts it back; changing its due date moves its key.
	fu.Status = model.FollowUpOpen
	fu.Due = date("2026-05-01")
	mustNil(t, s.SaveFollowUp(ctx, fu))
	if open, _ = s.OpenFollowUps(ctx); len(open) != 2 {
		t.Fatalf("after reopening: %d open", len(open))
	}
	mustNil(t, s.Check())

	// A session's date change moves it; order stays newest first.
	s2 := session(f.Rel.ID, "2026-03-01", "later")
	mustNil(t, s.SaveSession(ctx, s2))
	full, _ = s.LoadFull(ctx, f.Rel.ID)
	if full.Sessions[0].ID != s2.ID {
		t.Fatalf("newest session first: got %s", full.Sessions[0].Date)
	}
	old := full.Sessions[1]
	old.Date = date("2026-04-01")
	old.NextMeeting = date("2026-04-15")
	mustNil(t, s.SaveSession(ctx, old))
	full, _ = s.LoadFull(ctx, f.Rel.ID)
	if full.Sessions[0].ID != old.ID || len(full.Sessions) != 2 {
		t.Fatalf("after moving the date: %v", describe(full))
	}
	if c := bucketCounts(t, s); c["sessions"] != 2 {
		t.Errorf("sessions bucket has %d keys, want 2 (old key left behind?)", c["sessions"])
	}
	sums, _ := s.ListSummaries(ctx)
	if !sums[0].LastSession.Equal(old.Date) || !sums[0].NextMeeting.Equal(old.NextMeeting) || sums[0].Sessions != 2 {
		t.Errorf("summary after the move: %+v", sums[0])
	}
	mustNil(t, s.Check())

	// Reordering the roadmap moves keys too.
	a := model.RoadmapItem{ID: newID(), RelID: f.Rel.ID, Position: 1, Topic: "A", Status: model.TopicPlanned}
	b := model.RoadmapItem{ID: newID(), RelID: f.Rel.ID, Position: 2, Topic: "B", Status: model.TopicPlanned}
	mustNil(t, s.SaveRoadmapItem(ctx, a))
	mustNil(t, s.SaveRoadmapItem(ctx, b))
	mustNil(t, s.ReorderRoadmap(ctx, f.Rel.ID, []model.ID{b.ID, a.ID}))
	full, _ = s.LoadFull(ctx, f.Rel.ID)
	if full.Roadmap[0].ID != b.ID || full.Roadmap[1].ID != a.ID || full.Roadmap[2].ID != f.Roadmap[0].ID || full.Roadmap[2].Position != 2 {
		t.Errorf("reorder: %+v", full.Roadmap)
	}
	mustNil(t, s.Check())

	// Deleting linked records clears the links, so the journal stays exportable.
	mustNil(t, s.DeleteGoal(ctx, f.Goals[0].ID))
	mustNil(t, s.DeleteSession(ctx, full.Sessions[1].ID))
	mustNil(t, s.DeleteRoadmapItem(ctx, f.Roadmap[0].ID))
	full, _ = s.LoadFull(ctx, f.Rel.ID)
	if err := full.Validate(); err != nil {
		t.Fatalf("after deletes the relationship no longer validates: %v", err)
	}
	if len(full.Plan.Closure.Evaluations) != 0 {
		t.Error("closure evaluation of a deleted goal kept")
	}
	mustNil(t, s.DeleteFollowUp(ctx, fu.ID))
	mustNil(t, s.DeleteHealthCheck(ctx, f.Health[0].ID))
	mustNil(t, s.Check())
	open, _ = s.OpenFollowUps(ctx)
	if len(open) != 1 {
		t.Errorf("open after delete: %d", len(open))
	}
}

func TestEraseRemovesEverything(t *testing.T) {
	s := openTemp(t)
	empty := bucketCounts(t, s)
	a := fill(t, s, "Ada")
	withA := bucketCounts(t, s)
	b := fill(t, s, "Bob")
	mustNil(t, s.Erase(ctx, b.Rel.ID))
	if got := bucketCounts(t, s); !reflect.DeepEqual(got, withA) {
		t.Fatalf("after erasing Bob:\n got %v\nwant %v", got, withA)
	}
	mustNil(t, s.Erase(ctx, a.Rel.ID))
	empty["meta"] += 2 // the journal's id and clock, made by its first write, stay
	if got := bucketCounts(t, s); !reflect.DeepEqual(got, empty) {
		t.Fatalf("after erasing both:\n got %v\nwant %v", got, empty)
	}
	if err := s.Erase(ctx, a.Rel.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second erase: %v", err)
	}
	mustNil(t, s.Check())
}

// TestSummariesMatchSummarize runs random operations and compares every
// stored summary with model.Summarize over LoadFull.
func TestSummariesMatchSummarize(t *testing.T) {
	s := openTemp(t)
	r := rand.New(rand.NewPCG(1, 2))
	var rels []model.ID
	for i := 0; i < 3; i++ {
		rels = append(rels, newRel(t, s, []string{"Ada", "Bob", "Cy"}[i]).ID)
	}
	type rec struct {
		rel model.ID
		id  model.ID
	}
	var goals, sessions, fus, checks, items []rec
	pick := func(xs []rec) (rec, int) {
		i := r.IntN(len(xs))
		return xs[i], i
	}
	days := []string{"2026-01-10", "2026-01-17", "2026-01-17", "2026-02-01", "2026-02-14"}
	// Some sessions carry a time of day in another time zone, as an import
	// may: the day they fall on is their own (model.Day).
	zones := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -12*3600), time.FixedZone("india", 5*3600+1800)}
	for step := 0; step < 300; step++ {
		rel := rels[r.IntN(len(rels))]
		switch op := r.IntN(14); {
		case op == 0:
			g := goal(rel, "goal")
			g.Status = model.GoalStatuses[r.IntN(3)]
			mustNil(t, s.SaveGoal(ctx, g))
			goals = append(goals, rec{rel, g.ID})
		case op == 1 && len(goals) > 0:
			x, i := pick(goals)
			full, _ := s.LoadFull(ctx, x.rel)
			for _, g := range full.Goals {
				if g.ID == x.id {
					if r.IntN(2) == 0 {
						g.Status = model.GoalStatuses[r.IntN(3)]
						mustNil(t, s.SaveGoal(ctx, g))
					} else {
						mustNil(t, s.DeleteGoal(ctx, g.ID))
						goals = append(goals[:i], goals[i+1:]...)
					}
				}
			}
		case op <= 4:
			se := session(rel, days[r.IntN(len(days))], "n")
			if r.IntN(3) == 0 {
				se.NextMeeting = time.Time{}
			}
			if z := zones[r.IntN(len(zones))]; z != time.UTC {
				y, m, dd := se.Date.Date()
				se.Date = time.Date(y, m, dd, r.IntN(24), 0, 0, 0, z)
			}
			if r.IntN(5) == 0 {
				se.Agenda, se.Notes, se.Recap, se.PrivateNotes = "", "", "", ""
				se.Reflection, se.Ended = model.Reflection{}, false // started, not held
			}
			if r.IntN(4) > 0 {
				se.Layers = model.SetLayers([]model.Layer{model.Layer(r.IntN(7)), model.Layer(r.IntN(7))})
			}
			mustNil(t, s.SaveSession(ctx, se))
			sessions = append(sessions, rec{rel, se.ID})
		case op == 5 && len(sessions) > 0:
			x, i := pick(sessions)
			if r.IntN(2) == 0 {
				mustNil(t, s.DeleteSession(ctx, x.id))
				sessions = append(sessions[:i], sessions[i+1:]...)
			} else {
				full, _ := s.LoadFull(ctx, x.rel)
				for _, se := range full.Sessions {
					if se.ID == x.id {
						se.Date = date(days[r.IntN(len(days))])
						se.NextMeeting = se.Date.AddDate(0, 0, r.IntN(30))
						mustNil(t, s.SaveSession(ctx, se))
					}
				}
			}
		case op <= 7:
			due := ""
			if r.IntN(4) > 0 {
				due = days[r.IntN(len(days))]
			}
			f := followUp(rel, "", "call", due)
			mustNil(t, s.SaveFollowUp(ctx, f))
			fus = append(fus, rec{rel, f.ID})
		case op == 8 && len(fus) > 0:
			x, i := pick(fus)
			full, _ := s.LoadFull(ctx, x.rel)
			for _, f := range full.FollowUps {
				if f.ID != x.id {
					continue
				}
				switch r.IntN(3) {
				case 0:
					f.Status = model.FollowUpStatuses[r.IntN(3)]
					mustNil(t, s.SaveFollowUp(ctx, f))
				case 1:
					f.Due = date(days[r.IntN(len(days))])
					mustNil(t, s.SaveFollowUp(ctx, f))
				default:
					mustNil(t, s.DeleteFollowUp(ctx, f.ID))
					fus = append(fus[:i], fus[i+1:]...)
				}
			}
		case op == 9:
			full, _ := s.LoadFull(ctx, rel)
			p := full.Plan
			if r.IntN(2) == 0 {
				p.Problem.Statement = "a problem"
			} else {
				p.Problem.Statement = ""
			}
			p.Meaning.Person = "fuel"
			if r.IntN(2) == 0 {
				var err error
				if len(p.Foundation.SharedValues) == 0 {
					p.Foundation.SharedValues = []string{"value"}
				}
				p.Foundation, err = p.Foundation.Sign(model.Parties[r.IntN(2)], "Someone", t0)
				mustNil(t, err)
			} else {
				p.Foundation.SharedValues = []string{fmt.Sprint("value ", r.IntN(3))}
			}
			mustNil(t, s.SavePlan(ctx, p))
			cad := r.IntN(30)
			_, _, err := s.UpdateRelationship(ctx, full.Rel.ID, func(rr *model.Relationship, _ *model.Plan) error {
				rr.CadenceDays = cad
				return nil
			})
			mustNil(t, err)
		case op == 10:
			h := model.HealthCheck{ID: newID(), RelID: rel, Date: date(days[r.IntN(len(days))]), Party: model.RoleMentee,
				Ratings: map[model.Quality]int{model.QListening: 4}}
			mustNil(t, s.SaveHealthCheck(ctx, h))
			checks = append(checks, rec{rel, h.ID})
		case op == 11 && len(checks) > 0:
			x, i := pick(checks)
			mustNil(t, s.DeleteHealthCheck(ctx, x.id))
			checks = append(checks[:i], checks[i+1:]...)
		case op == 12:
			it := model.RoadmapItem{ID: newID(), RelID: rel, Position: r.IntN(5), Topic: fmt.Sprint("topic ", r.IntN(100)),
				Status: []model.TopicStatus{model.TopicPlanned, model.TopicHeld, model.TopicSkipped}[r.IntN(3)]}
			mustNil(t, s.SaveRoadmapItem(ctx, it))
			items = append(items, rec{rel, it.ID})
		case op == 13 && len(items) > 0:
			x, i := pick(items)
			mustNil(t, s.DeleteRoadmapItem(ctx, x.id))
			items = append(items[:i], items[i+1:]...)
		}
		if step%25 == 0 || step == 299 {
			sums, err := s.ListSummaries(ctx)
			mustNil(t, err)
			if len(sums) != len(rels) {
				t.Fatalf("%d summaries", len(sums))
			}
			for _, got := range sums {
				full, err := s.LoadFull(ctx, got.Rel.ID)
				mustNil(t, err)
				if want := model.Summarize(full); !reflect.DeepEqual(got, want) {
					t.Fatalf("step %d: summary of %s\n got %+v\nwant %+v", step, got.Rel.MenteeName, got, want)
				}
			}
		}
	}
	mustNil(t, s.Check())
}

func TestDueUsesOpenIndex(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	items, err := s.Due(ctx, date("2026-02-22"), 7)
	mustNil(t, err)
	want := model.Due(date("2026-02-22"), []model.Summary{model.Summarize(f)}, f.FollowUps, 7)
	if !reflect.DeepEqual(items, want) {
		t.Fatalf("Due:\n got %+v\nwant %+v", items, want)
	}
	var overdue bool
	for _, it := range items {
		if it.Kind == model.DueFollowUp && it.Overdue {
			overdue = true
		}
	}
	if !overdue {
		t.Errorf("the follow-up due 2026-02-20 is not overdue on 2026-02-22: %+v", items)
	}
}

// TestSessionHeadReadsWhatAFullDecodeReads compares sessionHead with a
// whole decode, for sessions stored in model.Session's field order and in
// the order of earlier builds (texts before next meeting, layers and
// ended), and checks that the head of the current order comes before the
// texts, where sessionHead stops.
func TestSessionHeadReadsWhatAFullDecodeReads(t *testing.T) {
	type earlier struct { // model.Session's field order before the head moved up
		ID           model.ID               `json:"id"`
		RelID        model.ID               `json:"rel_id"`
		Date         time.Time              `json:"date"`
		Minutes      int                    `json:"minutes"`
		Topic        string                 `json:"topic"`
		RoadmapID    model.ID               `json:"roadmap_id,omitempty"`
		Agenda       string                 `json:"agenda"`
		Notes        string                 `json:"notes"`
		Recap        string                 `json:"recap"`
		PrivateNotes string                 `json:"private_notes"`
		Reviewed     []model.FollowUpReview `json:"reviewed"`
		Reflection   model.Reflection       `json:"reflection"`
		NextMeeting  time.Time              `json:"next_meeting"`
		Layers       []model.Layer          `json:"layers,omitempty"`
		Ended        bool                   `json:"ended"`
		Created      time.Time              `json:"created"`
		Updated      time.Time              `json:"updated"`
	}
	east := time.FixedZone("east", 5*3600)
	base := model.Session{ID: model.NewID(time.Now()), RelID: model.NewID(time.Now()), Date: time.Date(2026, 3, 2, 9, 30, 0, 0, east),
		NextMeeting: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), Topic: "feedback", Notes: `notes with "quotes", "ended": true and \ escapes`}
	var cases []model.Session
	for _, ended := range []bool{true, false} {
		for _, layers := range [][]model.Layer{nil, {model.LayerTrust, model.LayerReview}} {
			for _, notes := range []string{base.Notes, ""} {
				x := base
				x.Ended, x.Layers, x.Notes = ended, layers, notes
				cases = append(cases, x)
			}
		}
	}
	for i, x := range cases {
		now, err := encode(x)
		mustNil(t, err)
		old, err := encode(earlier{ID: x.ID, RelID: x.RelID, Date: x.Date, Minutes: x.Minutes, Topic: x.Topic, RoadmapID: x.RoadmapID,
			Agenda: x.Agenda, Notes: x.Notes, Recap: x.Recap, PrivateNotes: x.PrivateNotes, Reviewed: x.Reviewed, Reflection: x.Reflection,
			NextMeeting: x.NextMeeting, Layers: x.Layers, Ended: x.Ended, Created: x.Created, Updated: x.Updated})
		mustNil(t, err)
		for _, p := range [][]byte{now, old} {
			var whole model.Session
			mustNil(t, decodeJSON(p, &whole))
			head, err := sessionHead(p)
			mustNil(t, err)
			if !head.Date.Equal(whole.Date) || head.Date.Location().String() != whole.Date.Location().String() ||
				!head.NextMeeting.Equal(whole.NextMeeting) || head.Ended != whole.Ended ||
				!reflect.DeepEqual(head.Layers, whole.Layers) || head.Held() != whole.Held() {
				t.Errorf("case %d: head %+v\nwhole %+v\nof %s", i, head, whole, p)
			}
		}
		s := string(now)
		if x.Ended && x.Layers != nil {
			if !(strings.Index(s, `"layers"`) < strings.Index(s, `"ended"`) && strings.Index(s, `"ended"`) < strings.Index(s, `"next_meeting"`) &&
				strings.Index(s, `"next_meeting"`) < strings.Index(s, `"agenda"`)) {
				t.Errorf("a session's head does not come before its texts in %s", s)
			}
		}
	}
	if _, err := sessionHead([]byte(`{"date": 3`)); !errors.Is(err, ErrDamaged) {
		t.Errorf("a damaged session: %v", err)
	}
}

// Of two sessions held at the same instant, the summary's last session is
// the one whose id sorts last (model.NewestFirst), whatever their Created
// say and in both orders of saving: the summary, the relationship's last
// session and the order of every list agree.
func TestSummaryLastOfTwoSessionsAtOneInstant(t *testing.T) {
	for _, laterFirst := range []bool{true, false} {
		s := openTemp(t)
		r := newRel(t, s, "Ada")
		a, b := session(r.ID, "2026-03-02", "a"), session(r.ID, "2026-03-02", "b")
		a.ID, b.ID = model.NewID(t0), model.NewID(t0.Add(time.Hour))  // b's id sorts last
		a.Created, b.Created = t0.Add(2*time.Hour), t0.Add(time.Hour) // though a says it was made later
		a.NextMeeting, b.NextMeeting = date("2026-03-20"), date("2026-03-10")
		order := []model.Session{a, b}
		if !laterFirst {
			order = []model.Session{b, a}
		}
		for _, x := range order {
			mustNil(t, s.SaveSession(ctx, x))
		}
		sums, err := s.ListSummaries(ctx)
		mustNil(t, err)
		if got := sums[0].NextMeeting; !got.Equal(b.NextMeeting) {
			t.Errorf("saved a first %v: next meeting %s, want that of the session whose id sorts last, %s", laterFirst, got, b.NextMeeting)
		}
		// The summary, the relationship and its lists agree.
		f, err := s.LoadFull(ctx, r.ID)
		mustNil(t, err)
		last, _ := f.LastSession()
		if f.Sessions[0].ID != b.ID || last.ID != b.ID {
			t.Errorf("the newest session read is %s, the last one %s; want %s", f.Sessions[0].ID, last.ID, b.ID)
		}
	}
}
