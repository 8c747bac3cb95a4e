package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

func TestHealthRateAndTrend(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newHealthScreen(d.deps(), f)
	d.open(s)
	v := s.View()
	if !strings.Contains(v, "▄▆") {
		t.Fatalf("the mentor's listening trend (3, 4) is not drawn:\n%s", v)
	}
	d.keys("M") // the mentee rates
	// end and home go to the last quality and back to the first.
	d.keys("end")
	if s.row != len(model.Qualities)-1 {
		t.Fatalf("end: on row %d, want the last quality", s.row)
	}
	d.keys("home")
	if s.row != 0 {
		t.Fatalf("home: on row %d", s.row)
	}
	d.keys("4", "5", "5", "3", "right", "down", "0", "down", "down", "2")
	d.keys("ctrl+s")
	got := j.get(t, f.Rel.ID).Health
	if len(got) != 4 {
		t.Fatalf("checks stored: %d", len(got))
	}
	h := got[3]
	// 4 5 5 3 rate the first four and move on; → raises challenge from
	// unrated to 1; 0 leaves self-awareness unrated; 2 rates preparation.
	want := map[model.Quality]int{model.QArticulation: 4, model.QListening: 5, model.QRespect: 5, model.QGoalClarity: 3,
		model.QChallenge: 1, model.QPreparation: 2}
	if h.Party != model.RoleMentee || len(h.Ratings) != len(want) {
		t.Fatalf("stored ratings: %+v", h)
	}
	for q, v := range want {
		if h.Ratings[q] != v {
			t.Fatalf("stored ratings: %+v", h)
		}
	}
	if s.rating {
		t.Fatal("still rating after saving")
	}
	if !strings.Contains(s.View(), "4 checks") {
		t.Fatal("the view did not reload the checks")
	}
}

func TestHealthDue(t *testing.T) {
	f := loopSample()
	if _, due := healthDue(model.Summarize(f)); due {
		t.Fatal("due with no session since the last check")
	}
	f.Sessions = append(manySessions(f.Rel.ID, 4), f.Sessions...)
	if _, due := healthDue(model.Summarize(f)); !due {
		t.Fatal("not due after 4 sessions since the last check")
	}
	// The hint says how many sessions since the last check, or since
	// the start when there has been none.
	d := loopDeps(newJournal(t, loopNow, f))
	last := model.FormatDate(f.Health[len(f.Health)-1].Date)
	for _, checks := range []bool{true, false} {
		if !checks {
			f.Health = nil
		}
		want := "4 sessions since the last one on " + last
		if !checks {
			want = "none yet, after " + model.Plural(len(f.Sessions), "session")
		}
		if got := strings.Join(momentumLines(d, f), "\n") + strings.Join(healthLines(d.styles, f, model.Summarize(f), 200), "\n"); strings.Count(got, want) != 2 {
			t.Errorf("with checks %v, want %q twice in:\n%s", checks, want, got)
		}
	}
	f.Rel.Status = model.StatusClosed
	if _, due := healthDue(model.Summarize(f)); due {
		t.Fatal("due on a closed relationship")
	}
	if got := sparkline([]int{1, 2, 3, 4, 5, 0}, 10); got != "▁▃▄▆█·" {
		t.Fatalf("sparkline = %q", got)
	}
	if got := sparkline([]int{1, 2, 3, 4, 5}, 2); got != "▆█" {
		t.Fatalf("sparkline keeps the newest: %q", got)
	}
}

func TestPairSignBothAndStaleness(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 120, 40)
	s := newPairScreen(d.deps(), f)
	d.open(s)
	if !strings.Contains(s.View(), "has not signed") {
		t.Fatal("unsigned state not shown")
	}
	d.keys("m")
	d.typeText("Ada Lovelace")
	d.keys("enter")
	d.keys("M")
	d.keys("enter") // empty: refused
	if !s.signing || s.signer.err == "" {
		t.Fatal("an empty name was accepted")
	}
	d.typeText("Grace B. Hopper")
	d.keys("enter")
	// Not the mentee's name as the relationship has it: asked first.
	d.wantView(`"Grace B. Hopper" is not the mentee's name here (Grace Hopper). Sign with it anyway? y/n`)
	if n := len(j.get(t, f.Rel.ID).Plan.Foundation.Signatures); n != 1 {
		t.Fatalf("signed before the answer: %d signatures", n)
	}
	d.keys("y")
	fnd := j.get(t, f.Rel.ID).Plan.Foundation
	if !fnd.FullySigned() || len(fnd.Signatures) != 2 {
		t.Fatalf("not signed by both: %+v", fnd.Signatures)
	}
	if v := s.View(); !strings.Contains(v, `typed name: "Grace B. Hopper"`) || !strings.Contains(v, "Both of you signed") {
		t.Fatalf("signatures not shown:\n%s", v)
	}
	// The agreement changes: both see it, with what changed.
	p := j.get(t, f.Rel.ID).Plan
	p.Foundation.Expectations = "Come prepared with two questions"
	if err := j.SavePlan(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	d.send(reloadMsg{})
	v := s.View()
	if strings.Count(v, "the agreement changed since") != 2 {
		t.Fatalf("staleness not shown for both:\n%s", v)
	}
	if !strings.Contains(v, "+ Expectations: Come prepared with two questions") || !strings.Contains(v, "- Expectations: Come prepared with one question") {
		t.Fatalf("the change is not shown:\n%s", v)
	}
	// Signing again keeps every version.
	d.keys("m")
	d.typeText("Ada Lovelace")
	d.keys("enter")
	fnd = j.get(t, f.Rel.ID).Plan.Foundation
	if len(fnd.Signatures) != 3 || fnd.Signatures[0].Text == fnd.Signatures[2].Text {
		t.Fatalf("history not kept: %+v", fnd.Signatures)
	}
	if st, _ := fnd.SignStateOf(model.RoleMentor); st != model.Signed {
		t.Fatal("the mentor's new signature is not current")
	}
	if !strings.Contains(s.View(), "Every signature (3)") || !strings.Contains(s.View(), "(an earlier text)") {
		t.Fatalf("history not shown:\n%s", s.View())
	}
}

func TestPairPrivacy(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f, loopOther())
	d := drive(t, j, 120, 40)
	dp := d.deps()
	s := newPairScreen(dp, f)
	d.open(s)
	check := func(where, v string) {
		t.Helper()
		if strings.Contains(v, privatePhrase) {
			t.Fatalf("%s shows a private note:\n%s", where, v)
		}
		if strings.Contains(v, "Alan Turing") {
			t.Fatalf("%s shows another relationship:\n%s", where, v)
		}
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		s.SetSize(size[0], size[1])
		for i := 0; i < 40; i++ {
			check("pair view", s.View())
			d.keys("j")
		}
	}
	check("pair help", helpText(s))
	// Search from pair view: restricted to this relationship, no private field.
	d.keys("/")
	if len(d.pushed()) != 1 {
		t.Fatal("/ did not open the search")
	}
	ss := d.pushed()[0].(*searchScreen)
	sd := d
	for _, q := range []string{"zebra", "private", "ZEBRA-PRIVATE-42", "notes", "e"} {
		ss.input.SetValue("")
		sd.typeText(q)
		sd.send(searchTickMsg{screen: ss, seq: ss.seq})
		// The query itself is echoed (the user typed it); the results must
		// hold nothing private.
		res := strings.SplitN(ss.View(), "\n", 3)
		check("pair search for "+q, res[len(res)-1])
		for _, h := range ss.hits {
			if h.Private || h.RelID != f.Rel.ID {
				t.Fatalf("pair search returned %+v", h)
			}
		}
	}
	check("pair search help", helpText(ss))
	// The journal ignoring NoPrivate changes nothing: the screen filters too.
	leaky := &searchScreen{d: ss.d, relID: f.Rel.ID}
	kept := leaky.allowed([]model.Hit{{RelID: f.Rel.ID, Private: true, Line: privatePhrase}, {RelID: idN(2), Line: "x"}})
	if len(kept) != 0 {
		t.Fatalf("private or foreign hits kept: %+v", kept)
	}
	// Health and brief from pair view.
	d.keys("esc", "h")
	hs := d.pushed()[len(d.pushed())-1]
	hs.SetSize(120, 40)
	check("pair health", hs.View())
	check("pair health help", helpText(hs))
	b := newBriefScreen(dp, f)
	b.d.pair = true
	b.render()
	b.SetSize(120, 200)
	check("pair brief", b.View())
}

func helpText(s screen) string {
	var b strings.Builder
	for _, k := range s.ShortHelp() {
		b.WriteString(k.Help().Key + " " + k.Help().Desc + "\n")
	}
	for _, col := range s.FullHelp() {
		for _, k := range col {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "\n")
		}
	}
	return b.String()
}

func TestClosureWalkCloseAndReopen(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newClosureScreen(d.deps(), f)
	d.open(s)
	v := s.View()
	if !strings.Contains(v, "1 of 2 goals achieved") || !strings.Contains(v, "✓ Ship the new parser") {
		t.Fatalf("achievements not listed:\n%s", v)
	}
	d.keys("enter")
	d.typeText("A talk given and a parser shipped.")
	d.keys("tab")
	d.typeText("One talk of three; the rest next year.")
	d.keys("tab", "tab")
	d.typeText("Peers who meet each quarter.")
	d.keys("esc")
	c := j.get(t, f.Rel.ID).Plan.Closure
	if c.Accomplishments != "A talk given and a parser shipped." || c.Next != "Peers who meet each quarter." ||
		len(c.Evaluations) != 1 || c.Evaluations[0].GoalID != idN(10) {
		t.Fatalf("closure not saved: %+v", c)
	}
	open := 0
	for _, fu := range f.FollowUps {
		if fu.Status == model.FollowUpOpen {
			open++
		}
	}
	d.keys("C")
	d.wantView("Still open, and out of the due", fmt.Sprintf("list once closed: %d follow-ups.", open))
	d.keys("n")
	if j.get(t, f.Rel.ID).Rel.Status != model.StatusActive {
		t.Fatal("n closed it anyway")
	}
	d.keys("C", "y")
	got := j.get(t, f.Rel.ID)
	if got.Rel.Status != model.StatusClosed || !got.Plan.Closure.ClosedAt.Equal(loopNow) {
		t.Fatalf("not closed: %s %v", got.Rel.Status, got.Plan.Closure.ClosedAt)
	}
	if !readOnly(got) || !strings.Contains(s.View(), "Read-only") {
		t.Fatal("closed relationship is not read-only")
	}
	// Read-only: typing changes nothing.
	n := j.writes()
	d.keys("enter")
	d.typeText("more")
	if j.writes() != n || s.editing {
		t.Fatal("a closed relationship was edited")
	}
	d.keys("R", "y")
	if j.get(t, f.Rel.ID).Rel.Status != model.StatusActive {
		t.Fatal("R y did not reopen")
	}
}

// In a peer relationship pair view names people, not a mentor and a
// mentee.
func TestPairViewOfPeers(t *testing.T) {
	f := loopSample()
	f.Rel.OwnerRole = model.RolePeer
	d := drive(t, newJournal(t, loopNow, f), 120, 40)
	s := newPairScreen(d.deps(), f)
	d.open(s)
	v := d.view()
	if strings.Contains(v, "(mentor)") || strings.Contains(v, "(mentee)") || !strings.Contains(v, "m: Ada signs") {
		t.Fatalf("peer pair view:\n%s", v)
	}
	d.keys("M")
	d.wantView("Signing as Grace")
}

// A search hit opened from pair view that pair view does not show (a
// session's notes, a reflection older than the last two, a goal's SMART
// parts, a closed follow-up, layer 2) says so, instead of landing on a
// section without it; one it shows says nothing.
func TestPairViewSaysWhenAHitIsNotShown(t *testing.T) {
	f := loopSample()
	old := f.Sessions[len(f.Sessions)-1]
	old.ID, old.Date, old.NextMeeting, old.Ended = idN(99), old.Date.AddDate(0, -2, 0), time.Time{}, true
	old.Created, old.Updated = old.Date, old.Date
	f.Sessions = append(f.Sessions, old)
	d := drive(t, newJournal(t, loopNow, f), 120, 40)
	s := newPairScreen(d.deps(), f)
	d.open(s)
	shown := shownReflections(s.full)
	if len(shown) == 0 {
		t.Fatal("the sample has no ended session")
	}
	if len(s.full.Sessions) <= len(shown) {
		t.Fatal("every session is shown: the test needs an older one")
	}
	var older model.Session
	for _, x := range s.full.Sessions {
		if x.Ended && !slices.ContainsFunc(shown, func(y model.Session) bool { return y.ID == x.ID }) {
			older = x
		}
	}
	if older.ID == "" {
		t.Fatal("no ended session older than those shown")
	}
	var openFU, closedFU model.FollowUp
	for _, x := range s.full.FollowUps {
		if x.Status == model.FollowUpOpen {
			openFU = x
		} else {
			closedFU = x
		}
	}
	if openFU.ID == "" || closedFU.ID == "" || len(f.Goals) == 0 {
		t.Fatal("the sample needs an open and a closed follow-up and a goal")
	}
	for _, c := range []struct {
		hit   model.Hit
		shown bool
	}{
		{model.Hit{Kind: model.HitSession, RecordID: shown[0].ID, Field: "reflection.useful"}, true},
		{model.Hit{Kind: model.HitSession, RecordID: shown[0].ID, Field: "notes", Date: "2026-02-10"}, false},
		{model.Hit{Kind: model.HitSession, RecordID: older.ID, Field: "reflection.useful"}, false},
		{model.Hit{Kind: model.HitSession, RecordID: shown[0].ID, Field: "topic"}, true},
		{model.Hit{Kind: model.HitGoal, RecordID: f.Goals[0].ID, Field: "title"}, true},
		{model.Hit{Kind: model.HitGoal, RecordID: f.Goals[0].ID, Field: "specific"}, false},
		{model.Hit{Kind: model.HitFollowUp, RecordID: openFU.ID, Field: "text"}, true},
		{model.Hit{Kind: model.HitFollowUp, RecordID: closedFU.ID, Field: "text"}, false},
		{model.Hit{Kind: model.HitPlan, Layer: model.LayerFoundation, Field: "foundation.shared_values[0]"}, true},
		{model.Hit{Kind: model.HitPlan, Layer: model.LayerProblem, Field: "problem.statement"}, false},
		{model.Hit{Kind: model.HitHealth, Field: "comment"}, false},
	} {
		_, cmd := s.Update(pairJumpMsg{hit: c.hit})
		var said string
		if cmd != nil {
			if m, ok := cmd().(statusMsg); ok {
				said = string(m)
			}
		}
		if c.shown != (said == "") {
			t.Errorf("%s %s of %s: said %q", c.hit.Kind, c.hit.Field, c.hit.RecordID, said)
		}
		if !c.shown && !strings.Contains(said, "Pair view does not show that match") {
			t.Errorf("%s %s: said %q", c.hit.Kind, c.hit.Field, said)
		}
	}
}

// The close question counts the follow-ups still open: none, one, many.
func TestClosureQuestionCountsWhatStaysOpen(t *testing.T) {
	f := loopSample()
	var open []int
	for i, fu := range f.FollowUps {
		if fu.Status == model.FollowUpOpen {
			open = append(open, i)
		}
	}
	if len(open) < 2 {
		t.Fatalf("the sample has %d follow-ups open, want 2 or more", len(open))
	}
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	for n := len(open); n >= 0; n-- {
		g := f
		g.FollowUps = append([]model.FollowUp(nil), f.FollowUps...)
		for _, i := range open[n:] {
			g.FollowUps[i].Status = model.FollowUpDone
		}
		got := newClosureScreen(d.deps(), g).stillOpen()
		want := fmt.Sprintf(" Still open, and out of the due list once closed: %s.", model.Plural(n, "follow-up"))
		if n == 0 {
			want = ""
		}
		if got != want {
			t.Errorf("%d open: %q, want %q", n, got, want)
		}
	}
}

// j and k move between the qualities as in every list, and are letters in
// the comment; its footer says what its keys do there.
func TestHealthRatingJKAndTheComment(t *testing.T) {
	f := loopSample()
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newHealthScreen(d.deps(), f)
	d.open(s)
	d.keys("m", "j", "j", "k")
	if s.row != 1 {
		t.Fatalf("j, j, k: row %d", s.row)
	}
	for s.row < len(model.Qualities) {
		d.keys("down")
	}
	d.typeText("jk 5")
	if s.comment.Value() != "jk 5" || s.row != len(model.Qualities) {
		t.Fatalf("typed in the comment: %q, row %d", s.comment.Value(), s.row)
	}
	if v := d.view(); strings.Contains(v, "1-5 rate") {
		t.Fatalf("the comment's footer offers ratings:\n%s", v)
	}
}

// An empty agreement is not offered for signing: m says so at once,
// before a name is typed.
func TestPairEmptyAgreementIsNotSigned(t *testing.T) {
	f := loopSample()
	f.Plan.Foundation = model.Foundation{}
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newPairScreen(d.deps(), f)
	d.open(s)
	d.keys("m")
	if s.signing {
		t.Fatal("m on an empty agreement asked for a name")
	}
	d.wantView("nothing to sign yet: write the agreement first")
}
