package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// journeyFull is a relationship started on 2026-01-05 with nothing in it.
func journeyFull() Full {
	r := validRel()
	return Full{Rel: r, Plan: Plan{RelID: r.ID}}
}

func heldSession(date string, layers ...Layer) Session {
	return Session{ID: newID(), Date: day(date), Ended: true, Layers: layers, Created: day(date)}
}

func TestDeriveStageCoversEveryStage(t *testing.T) {
	today := day("2026-03-01") // two months after the start
	cases := []struct {
		name   string
		edit   func(f *Full)
		today  time.Time
		want   Stage
		reason string
	}{
		{"nothing yet", func(f *Full) {}, today, StageIntroduction, "you have not met yet"},
		{"met, nothing written", func(f *Full) {
			f.Sessions = []Session{heldSession("2026-01-10"), heldSession("2026-01-24")}
		}, today, StageIntroduction, "2 meetings, and no agreement"},
		{"a session started and left empty is no meeting", func(f *Full) {
			f.Sessions = []Session{{ID: newID(), Date: day("2026-01-10")}}
		}, today, StageIntroduction, "you have not met yet"},
		{"agreement a quarter written", func(f *Full) {
			fd := &f.Plan.Foundation
			fd.SharedValues, fd.KeyGoals, fd.Expectations = []string{"honesty"}, []string{"lead"}, "weekly"
		}, today, StageFoundation, "being written, 30% filled in"},
		{"agreement one field short of a quarter", func(f *Full) {
			fd := &f.Plan.Foundation
			fd.SharedValues, fd.KeyGoals = []string{"honesty"}, []string{"lead"}
		}, today, StageIntroduction, "you have not met yet"},
		{"agreement signed by both", func(f *Full) {
			fd := Foundation{SharedValues: []string{"honesty"}}
			fd, _ = fd.Sign(RoleMentor, "Grace Hopper", t0)
			fd, _ = fd.Sign(RoleMentee, "Ada Byron", t0)
			f.Plan.Foundation = fd
		}, today, StageFoundation, "signed by both"},
		{"agreement changed since both signed", func(f *Full) {
			fd := Foundation{SharedValues: []string{"honesty"}}
			fd, _ = fd.Sign(RoleMentor, "Grace Hopper", t0)
			fd, _ = fd.Sign(RoleMentee, "Ada Byron", t0)
			fd.Expectations = "weekly"
			f.Plan.Foundation = fd
		}, today, StageFoundation, "changed since it was signed: read it together and sign again"},
		{"problem stated", func(f *Full) { f.Plan.Problem.Statement = "public speaking" }, today, StageOrientation, "problem or skill is stated"},
		{"a goal set", func(f *Full) { f.Goals = []Goal{{Title: "Give a talk"}} }, today, StageOrientation, "a goal is set: “Give a talk”"},
		{"an option chosen", func(f *Full) { f.Plan.Commitment.Chosen = "Meetup talk" }, today, StageCollaboration, "option “Meetup talk” is chosen"},
		{"progress on a goal", func(f *Full) {
			f.Goals = []Goal{{Title: "Give a talk", Progress: []ProgressEntry{{Date: day("2026-02-01"), Note: "outline"}}}}
		}, today, StageCollaboration, "progress is recorded"},
		{"obstacles with ways past them", func(f *Full) {
			f.Plan.Commitment.Options = []Option{{Title: "Meetup", Obstacles: "stage fright", Overcome: "rehearse"}}
		}, today, StageProblemSolving, "option “Meetup” has its obstacles"},
		{"obstacles without a way past them are not yet problem solving", func(f *Full) {
			f.Plan.Commitment.Options = []Option{{Title: "Meetup", Obstacles: "stage fright"}}
		}, today, StageIntroduction, ""},
		{"a review with a correction", func(f *Full) {
			f.Plan.Review.Reviews = []ReviewEntry{{WhatHappened: "slipped", Correction: "smaller steps"}}
		}, today, StageProblemSolving, "course correction"},
		{"six months, six meetings, meaning written", func(f *Full) {
			for i := range 6 {
				f.Sessions = append(f.Sessions, heldSession(FormatDate(day("2026-01-10").AddDate(0, 0, 14*i))))
			}
			f.Plan.Meaning = Meaning{Person: "confidence", Team: "better demos"}
		}, day("2026-07-05"), StagePersonal, "6 months and 6 meetings in"},
		{"one day short of six months", func(f *Full) {
			for i := range 6 {
				f.Sessions = append(f.Sessions, heldSession(FormatDate(day("2026-01-10").AddDate(0, 0, 14*i))))
			}
			f.Plan.Meaning = Meaning{Person: "confidence", Team: "better demos"}
		}, day("2026-07-04"), StageIntroduction, ""},
		{"nine months in, a goal achieved", func(f *Full) { f.Goals = []Goal{{Title: "Give a talk", Status: GoalAchieved}} }, day("2026-10-05"), StageProfessional, "9 months in and goal “Give a talk” is achieved"},
		{"a goal achieved a day short of nine months", func(f *Full) { f.Goals = []Goal{{Title: "Give a talk", Status: GoalAchieved}} }, day("2026-10-04"), StageOrientation, "a goal is set"},
		{"a year in with reviews", func(f *Full) {
			f.Plan.Review = Review{CheckInWhen: "monthly", Measures: []string{"talks given"}}
		}, day("2027-01-05"), StageProfessional, "12 months in"},
		{"21 months and six meetings in", func(f *Full) {
			for i := range 6 {
				f.Sessions = append(f.Sessions, heldSession(FormatDate(day("2026-01-10").AddDate(0, 2*i, 0))))
			}
		}, day("2027-10-05"), StageTransition, "21 months since the start"},
		{"21 months in with five meetings is not a handover", func(f *Full) {
			for i := range 5 {
				f.Sessions = append(f.Sessions, heldSession(FormatDate(day("2026-01-10").AddDate(0, 2*i, 0))))
			}
		}, day("2027-10-05"), StageIntroduction, "5 meetings"},
		{"closure started", func(f *Full) { f.Plan.Closure.Accomplishments = "two talks" }, today, StageTransition, "closure has been started"},
		{"closed", func(f *Full) { f.Rel.Status = StatusClosed }, today, StageTransition, "is closed"},
	}
	seen := map[Stage]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := journeyFull()
			c.edit(&f)
			got, why := DeriveStage(f, c.today)
			if got != c.want {
				t.Fatalf("stage %s (%s), want %s", got.Label(), why, c.want.Label())
			}
			if !strings.Contains(why, c.reason) {
				t.Fatalf("reason %q, want it to say %q", why, c.reason)
			}
			seen[got] = true
		})
	}
	for _, s := range Stages {
		if !seen[s.Stage] {
			t.Errorf("no case reaches stage %s", s.Stage.Label())
		}
	}
}

func TestStagesMapOntoStepsAndPhasesInOrder(t *testing.T) {
	if len(Stages) != 8 || len(Steps) != 4 || len(Phases) != 3 {
		t.Fatalf("%d stages, %d steps, %d phases", len(Stages), len(Steps), len(Phases))
	}
	want := map[Stage][2]int{ // stage -> step, phase
		StageIntroduction: {1, 1}, StageFoundation: {2, 2}, StageOrientation: {3, 2}, StageCollaboration: {3, 3},
		StageProblemSolving: {3, 3}, StagePersonal: {3, 3}, StageProfessional: {3, 3}, StageTransition: {4, 3},
	}
	for i, s := range Stages {
		if s.Stage != Stage(i+1) {
			t.Fatalf("Stages[%d] is %d", i, s.Stage)
		}
		if w := want[s.Stage]; int(s.Step) != w[0] || int(s.Phase) != w[1] {
			t.Errorf("%s: step %d phase %d, want %v", s.Name, s.Step, s.Phase, w)
		}
		if len(s.Layers) == 0 || len(s.Topics) < 3 {
			t.Errorf("%s has %d layers and %d topics", s.Name, len(s.Layers), len(s.Topics))
		}
		for _, tp := range s.Topics {
			if l, ok := TopicLayer(tp.Text); !ok || l != tp.Layer {
				t.Errorf("TopicLayer(%q) = %d %v", tp.Text, l, ok)
			}
		}
	}
	if Stage(0).Valid() || Stage(9).Valid() || !StageTransition.Valid() {
		t.Fatal("Stage.Valid")
	}
}

func TestStandingByHand(t *testing.T) {
	f := journeyFull()
	f.Goals = []Goal{{Title: "Give a talk"}}
	s := StandingOf(f, day("2026-03-01"))
	if s.ByHand || s.Stage != StageOrientation || s.Why() != s.Reason {
		t.Fatalf("derived standing %+v", s)
	}
	if got := s.Line(); got != "Stage 3 Orientation · step 3 Developing the mentee · phase 2 Setting direction" {
		t.Fatalf("line %q", got)
	}
	f.Rel.Stage = StageCollaboration
	s = StandingOf(f, day("2026-03-01"))
	if !s.ByHand || s.Stage != StageCollaboration || s.Derived != StageOrientation {
		t.Fatalf("by hand %+v", s)
	}
	if !strings.Contains(s.Why(), "set by hand; the journal suggests 3 Orientation") {
		t.Fatalf("why %q", s.Why())
	}
	f.Rel.Stage = StageOrientation
	if w := StandingOf(f, day("2026-03-01")).Why(); !strings.HasPrefix(w, "set by hand; the journal agrees") {
		t.Fatalf("why %q", w)
	}
}

func TestSuggestTopics(t *testing.T) {
	got := SuggestTopics(StageIntroduction, LayerSupport, 5)
	if len(got) != 5 {
		t.Fatalf("%d topics", len(got))
	}
	for i, tp := range Stages[0].Topics {
		if got[i] != tp {
			t.Fatalf("topic %d is %+v, want the stage's own %+v", i, got[i], tp)
		}
	}
	if got[3].Layer != LayerSupport || got[4].Layer != LayerSupport {
		t.Fatalf("then the layer's: %+v", got[3:])
	}
	if n := len(SuggestTopics(StageTransition, LayerReview, 100)); n < 5 {
		t.Fatalf("%d review topics", n)
	}
}

func TestProposeLayers(t *testing.T) {
	f := journeyFull()
	f.Rel.Layer = LayerMeaning
	goalDone := Goal{ID: NewID(t0.Add(time.Minute)), Title: "Talk", Specific: "a", Measure: "b", Achievable: "c", Relevant: "d", Due: day("2026-06-01")}
	goalVague := Goal{ID: NewID(t0.Add(2 * time.Minute)), Title: "Grow"}
	f.Goals = []Goal{goalDone, goalVague}
	f.Roadmap = []RoadmapItem{
		{ID: NewID(t0.Add(3 * time.Minute)), Topic: "Talk prep", GoalID: goalDone.ID},
		{ID: NewID(t0.Add(4 * time.Minute)), Topic: "Growth", GoalID: goalVague.ID},
	}
	x := Session{Date: day("2026-03-10"), Created: day("2026-03-10").Add(9 * time.Hour)}
	cases := []struct {
		name string
		edit func(x *Session, f *Full)
		want []Layer
	}{
		{"nothing says: the current layer", func(x *Session, f *Full) {}, []Layer{LayerMeaning}},
		{"topic words", func(x *Session, f *Full) { x.Topic = "Options and obstacles for the promotion" }, []Layer{LayerCommitment}},
		{"two layers in a topic", func(x *Session, f *Full) { x.Topic = "Feedback on the support you need" }, []Layer{LayerSupport, LayerReview}},
		{"a suggested topic is its own layer", func(x *Session, f *Full) { x.Topic = Stages[1].Topics[1].Text }, []Layer{LayerFoundation}},
		{"a goal with its SMART parts: acting on it", func(x *Session, f *Full) { x.RoadmapID = f.Roadmap[0].ID }, []Layer{LayerCommitment}},
		{"a goal missing SMART parts: defining it", func(x *Session, f *Full) { x.RoadmapID = f.Roadmap[1].ID }, []Layer{LayerProblem}},
		{"a layer edited that day", func(x *Session, f *Full) {
			f.Plan.LayerEdited = map[Layer]time.Time{LayerTrust: day("2026-03-10").Add(15 * time.Hour), LayerSupport: day("2026-03-09")}
		}, []Layer{LayerTrust}},
		{"the last moment of the day counts, the next day does not", func(x *Session, f *Full) {
			f.Plan.LayerEdited = map[Layer]time.Time{LayerTrust: day("2026-03-11").Add(-time.Nanosecond), LayerSupport: day("2026-03-11")}
		}, []Layer{LayerTrust}},
		{"a session entered later is not credited with the edits since its day", func(x *Session, f *Full) {
			x.Created = day("2026-03-20").Add(9 * time.Hour)
			f.Plan.LayerEdited = map[Layer]time.Time{LayerFoundation: day("2026-03-20").Add(10 * time.Hour)}
		}, []Layer{LayerMeaning}},
		{"a session started the evening before its day: edits since then", func(x *Session, f *Full) {
			x.Created = day("2026-03-09").Add(20 * time.Hour)
			f.Plan.LayerEdited = map[Layer]time.Time{LayerSupport: day("2026-03-09").Add(21 * time.Hour), LayerTrust: day("2026-03-09")}
		}, []Layer{LayerSupport}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			xx, ff := x, f
			ff.Plan.LayerEdited = nil
			c.edit(&xx, &ff)
			if got := ProposeLayers(xx, ff); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestStampEdits(t *testing.T) {
	old := Plan{Problem: Problem{Statement: "a"}}
	at := t0.Add(time.Hour)
	p := old
	p.Meaning.Person = "b"
	p.Foundation.SharedValues = []string{"c"}
	p.StampEdits(old, at)
	if len(p.LayerEdited) != 2 || !p.LayerEdited[LayerMeaning].Equal(at) || !p.LayerEdited[LayerFoundation].Equal(at) {
		t.Fatalf("stamps %v", p.LayerEdited)
	}
	// An unchanged save keeps the earlier stamps.
	q := p
	q.StampEdits(p, at.Add(time.Hour))
	if !reflect.DeepEqual(q.LayerEdited, p.LayerEdited) {
		t.Fatalf("unchanged save moved stamps: %v", q.LayerEdited)
	}
	// An import carrying stamps keeps the newer of the two.
	r := p
	r.LayerEdited = map[Layer]time.Time{LayerMeaning: at.Add(-time.Hour), LayerReview: at.Add(time.Minute)}
	r.StampEdits(p, at.Add(2*time.Hour))
	if !r.LayerEdited[LayerMeaning].Equal(at) || !r.LayerEdited[LayerReview].Equal(at.Add(time.Minute)) {
		t.Fatalf("merged stamps %v", r.LayerEdited)
	}
}

func TestSessionLayersValidate(t *testing.T) {
	x := Session{ID: newID(), RelID: newID(), Date: day("2026-03-10")}
	x.Layers = []Layer{1, 3}
	wantErr(t, x.Validate(), "")
	x.Layers = []Layer{1, 7}
	wantErr(t, x.Validate(), "layers|holds 7")
	x.Layers = []Layer{2, 2}
	wantErr(t, x.Validate(), "layers|twice")
	r := validRel()
	r.Stage = 9
	wantErr(t, r.Validate(), "stage|it is 9")
	r.Stage = StageTransition
	wantErr(t, r.Validate(), "")
}

func TestRecentLayersAndHeat(t *testing.T) {
	var ss []Session
	for i := range 10 {
		ss = append(ss, heldSession(FormatDate(day("2026-01-05").AddDate(0, 0, 7*i)), LayerTrust))
	}
	ss[9].Layers = []Layer{LayerProblem, LayerTrust}
	ss[8].Layers = nil                                                                           // not recorded
	ss = append(ss, Session{ID: newID(), Date: day("2026-04-01"), Layers: []Layer{LayerReview}}) // not held
	counts, marked := RecentLayers(heldNewestFirst(ss))
	if marked != 7 || counts[LayerTrust] != 7 || counts[LayerProblem] != 1 || counts[LayerReview] != 0 {
		t.Fatalf("recent %v marked %d", counts, marked)
	}
	f := Full{Sessions: ss}
	if s := Summarize(f); s.Recent != counts || s.RecentMarked != marked {
		t.Fatalf("Summarize recent %v %d", s.Recent, s.RecentMarked)
	}
	h := LayerHeat(ss, day("2026-01-05"), day("2026-04-30"))
	if len(h.Months) != 4 || h.Marked != 9 || h.Unmarked != 1 {
		t.Fatalf("heat months %d marked %d unmarked %d", len(h.Months), h.Marked, h.Unmarked)
	}
	// January has 4 sessions (5, 12, 19, 26), February 4, March 2 (one unmarked).
	if want := []int{4, 4, 1, 0}; !reflect.DeepEqual(h.Counts[LayerTrust], want) {
		t.Fatalf("trust by month %v, want %v", h.Counts[LayerTrust], want)
	}
	if want := []int{0, 0, 1, 0}; !reflect.DeepEqual(h.Counts[LayerProblem], want) {
		t.Fatalf("problem by month %v", h.Counts[LayerProblem])
	}
}

func TestNeglectedLayer(t *testing.T) {
	f := journeyFull()
	f.Rel.Layer = LayerTrust
	f.Sessions = []Session{heldSession("2026-01-10", 1), heldSession("2026-01-24", 2), heldSession("2026-02-07", 4)}
	// Layer 3 was skipped, but it is only said once the first recorded
	// meeting is NeglectAfterDays behind.
	if _, ok := NeglectedLayer(f, day("2026-01-10").AddDate(0, 0, NeglectAfterDays-1)); ok {
		t.Fatal("neglect reported too early")
	}
	n, ok := NeglectedLayer(f, day("2026-01-10").AddDate(0, 0, NeglectAfterDays))
	if !ok || n.Layer != LayerMeaning || !n.Last.IsZero() {
		t.Fatalf("skipped layer: %+v %v", n, ok)
	}
	if got := n.Say(day("2026-05-01")); got != "Layer 3 (Meaning and impact) has not been worked on in any meeting since 2026-01-10." {
		t.Fatalf("say %q", got)
	}
	// Worked on once, long ago.
	f.Sessions = append(f.Sessions, heldSession("2026-02-21", 3), heldSession("2026-05-01", 2, 3, 4), heldSession("2026-05-10", 4))
	n, ok = NeglectedLayer(f, day("2026-05-22"))
	if !ok || n.Layer != LayerTrust || !n.Last.Equal(day("2026-01-10")) {
		t.Fatalf("left longest: %+v %v", n, ok)
	}
	if got := n.Say(day("2026-05-22")); !strings.Contains(got, "last worked on 2026-01-10, 132 days ago") {
		t.Fatalf("say %q", got)
	}
	// Fewer than three meetings recorded: nothing to tell from.
	f.Sessions = f.Sessions[:2]
	if _, ok := NeglectedLayer(f, day("2027-01-01")); ok {
		t.Fatal("neglect from two recorded meetings")
	}
}

func TestNudges(t *testing.T) {
	today := day("2026-11-23")
	r := validRel() // cadence 14
	base := Summary{Rel: r, Sessions: 2, Goals: 1, HasProblem: true, LastSession: day("2026-11-09"), LastHealth: day("2026-11-01"), SinceHealth: 1}
	kinds := func(s Summary, on time.Time) []string {
		var out []string
		for _, it := range Nudges(s, on) {
			out = append(out, string(it.Kind))
		}
		return out
	}
	if got := kinds(base, today); got != nil {
		t.Fatalf("nothing to nudge, got %v", got)
	}
	// Quiet: twice the cadence after the last session is the last day that is not.
	quiet := day("2026-11-09").AddDate(0, 0, 28)
	if got := kinds(base, quiet); got != nil {
		t.Fatalf("on the day twice the cadence runs out: %v", got)
	}
	if got := kinds(base, quiet.AddDate(0, 0, 1)); !reflect.DeepEqual(got, []string{"quiet"}) {
		t.Fatalf("a day later: %v", got)
	}
	// A later meeting agreed at the last session: quiet only a cadence after it.
	agreed := base
	agreed.NextMeeting = day("2026-11-09").AddDate(0, 0, 42)
	if got := kinds(agreed, quiet.AddDate(0, 0, 1)); got != nil {
		t.Fatalf("before the agreed meeting: %v", got)
	}
	if got := kinds(agreed, agreed.NextMeeting.AddDate(0, 0, 14)); got != nil {
		t.Fatalf("a cadence after the agreed meeting: %v", got)
	}
	if got := kinds(agreed, agreed.NextMeeting.AddDate(0, 0, 15)); !reflect.DeepEqual(got, []string{"quiet"}) {
		t.Fatalf("a day later: %v", got)
	}
	noCadence := base
	noCadence.Rel.CadenceDays = 0
	if got := kinds(noCadence, quiet.AddDate(0, 1, 0)); got != nil {
		t.Fatalf("no cadence agreed: %v", got)
	}
	// Health: due at HealthEverySessions sessions since the last check.
	h := base
	h.SinceHealth = HealthEverySessions - 1
	if got := kinds(h, today); got != nil {
		t.Fatalf("one session short of a health check: %v", got)
	}
	h.SinceHealth = HealthEverySessions
	items := Nudges(h, today)
	if len(items) != 1 || items[0].Kind != DueHealth || items[0].Days != 0 || items[0].Overdue ||
		items[0].Text != "health check due: 4 sessions since the last one on 2026-11-01" {
		t.Fatalf("health: %+v", items)
	}
	h.LastHealth = time.Time{}
	if it := Nudges(h, today); it[0].Text != "health check due: none yet, after 4 sessions" {
		t.Fatalf("first health check: %q", it[0].Text)
	}
	// Stuck and the agreement.
	s := base
	s.Sessions, s.Goals, s.HasProblem, s.SignedChanged = StuckAfterSessions, 0, false, true
	if got := kinds(s, today); !reflect.DeepEqual(got, []string{"stuck", "agreement"}) {
		t.Fatalf("stuck and agreement: %v", got)
	}
	s.Sessions = StuckAfterSessions - 1
	if got := kinds(s, today); !reflect.DeepEqual(got, []string{"agreement"}) {
		t.Fatalf("one session short of stuck: %v", got)
	}
	// Paused, closed and archived pairs are not nudged.
	for _, edit := range []func(*Summary){
		func(s *Summary) { s.Rel.Status = StatusPaused },
		func(s *Summary) { s.Rel.Status = StatusClosed },
		func(s *Summary) { s.Rel.Archived = true },
	} {
		x := s
		edit(&x)
		if got := kinds(x, today); got != nil {
			t.Fatalf("inactive pair nudged: %v", got)
		}
	}
}

func TestDueFirstMeetingAndKinds(t *testing.T) {
	today := day("2026-11-23")
	r := validRel()
	r.Started = day("2026-11-01")
	items := Due(today, []Summary{{Rel: r}}, nil, 7)
	if len(items) != 1 || items[0].Kind != DueFirst || !items[0].Kind.Meeting() || items[0].Days != 0 {
		t.Fatalf("first meeting: %+v", items)
	}
	ks, err := ParseDueKinds("health, Quiet,")
	if err != nil || len(ks) != 2 || !ks[DueHealth] || !ks[DueQuiet] {
		t.Fatalf("ParseDueKinds: %v %v", ks, err)
	}
	all, _ := ParseDueKinds("")
	if len(all) != len(DueKinds) {
		t.Fatalf("every kind: %v", all)
	}
	if _, err := ParseDueKinds("health,holiday"); err == nil || !strings.Contains(err.Error(), `"holiday" is not a kind: use follow-up, meeting, first-meeting`) {
		t.Fatalf("bad kind: %v", err)
	}
}

func TestSummarizeHealthAndSignatures(t *testing.T) {
	f := journeyFull()
	f.Sessions = []Session{heldSession("2026-02-01"), heldSession("2026-03-01"), heldSession("2026-03-02")}
	f.Health = []HealthCheck{{Date: day("2026-03-01")}, {Date: day("2026-01-20")}}
	s := Summarize(f)
	if !s.LastHealth.Equal(day("2026-03-01")) || s.SinceHealth != 1 {
		t.Fatalf("health %v %d", s.LastHealth, s.SinceHealth)
	}
	fd, _ := Foundation{SharedValues: []string{"a"}}.Sign(RoleMentor, "Grace Hopper", t0)
	f.Plan.Foundation = fd
	if Summarize(f).SignedChanged {
		t.Fatal("signed text unchanged")
	}
	f.Plan.Foundation.SharedValues = []string{"b"}
	if !Summarize(f).SignedChanged {
		t.Fatal("changed since signed")
	}
	f.Roadmap = []RoadmapItem{{Topic: "later", Position: 2, Status: TopicPlanned}, {Topic: "held", Position: 0, Status: TopicHeld}, {Topic: "next", Position: 1, Status: TopicPlanned}}
	if got := Summarize(f).NextTopic; got != "next" {
		t.Fatalf("next topic %q", got)
	}
}

func TestSuggestTopicsForSkipsWhatThePairHas(t *testing.T) {
	f := journeyFull()
	first := SuggestTopicsFor(f, "", day("2026-03-01"), 3)
	if len(first) != 3 || first[0].Text != Stages[0].Topics[0].Text {
		t.Fatalf("suggestions %+v", first)
	}
	f.Sessions = []Session{{ID: "s1", Topic: first[0].Text}}
	f.Roadmap = []RoadmapItem{{Topic: strings.ToUpper(first[1].Text), Status: TopicPlanned}}
	got := SuggestTopicsFor(f, "", day("2026-03-01"), 3)
	for _, tp := range got {
		if tp.Text == first[0].Text || tp.Text == first[1].Text {
			t.Fatalf("offered %q again", tp.Text)
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d suggestions", len(got))
	}
	// During session s1, its own topic stays on offer.
	during := SuggestTopicsFor(f, "s1", day("2026-03-01"), 3)
	if len(during) != 3 || during[0].Text != first[0].Text {
		t.Fatalf("during s1: %+v", during)
	}
}

func TestHeldOn(t *testing.T) {
	f := journeyFull()
	x := heldSession("2026-02-03")
	f.Sessions = []Session{x}
	held := RoadmapItem{Status: TopicHeld, SessionID: x.ID, Date: day("2026-02-20")}
	if d, ok := f.HeldOn(held); !ok || !d.Equal(day("2026-02-03")) {
		t.Fatalf("held on %v %v", d, ok)
	}
	if _, ok := f.HeldOn(RoadmapItem{Status: TopicPlanned, SessionID: x.ID}); ok {
		t.Fatal("a planned topic was held")
	}
}
