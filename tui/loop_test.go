package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

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

// noSharedKeys fails when two enabled bindings of a help map share a key.
func noSharedKeys(t *testing.T, name string, full [][]key.Binding) {
	t.Helper()
	seen := map[string]string{}
	for _, col := range full {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup && prev != b.Help().Desc {
					t.Errorf("%s: key %q is bound to %q and %q", name, k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}

// --- search ---------------------------------------------------------------

func TestSearchDebounceDropsStale(t *testing.T) {
	j := newJournal(t, loopNow, loopSample(), loopOther())
	d := drive(t, j, 80, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("ta")
	if s.seq != 2 {
		t.Fatalf("seq = %d, want 2 (one per keystroke)", s.seq)
	}
	// The timer of the first keystroke fires late: no search runs.
	d.send(searchTickMsg{screen: s, seq: 1})
	if len(s.hits) != 0 || !s.searching {
		t.Fatalf("a stale tick ran a search: %d hits", len(s.hits))
	}
	// The newest timer runs the search.
	d.send(searchTickMsg{screen: s, seq: 2})
	if s.searching || len(s.hits) == 0 {
		t.Fatalf("search for %q did not run: searching=%v hits=%d", "ta", s.searching, len(s.hits))
	}
	got := len(s.hits)
	// A result of an older query arriving now is dropped.
	d.send(searchResultMsg{screen: s, seq: 1, query: "t", hits: []model.Hit{{RelID: idN(9), With: "Nobody", Line: "x"}}})
	if len(s.hits) != got {
		t.Fatalf("a stale result replaced the hits")
	}
	v := s.View()
	for _, want := range []string{"Grace Hopper", "Alan Turing", "matches in 2 relationships"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestSearchGroupsAndJumps(t *testing.T) {
	j := newJournal(t, loopNow, loopSample(), loopOther())
	d := drive(t, j, 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.typeText("abstract")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) == 0 {
		t.Fatal("no hits for abstract")
	}
	for i := 1; i < len(s.hits); i++ {
		if s.hits[i].RelID != s.hits[i-1].RelID {
			// A relationship's hits are together.
			for _, h := range s.hits[i:] {
				if h.RelID == s.hits[i-1].RelID {
					t.Fatal("hits of one relationship are not grouped")
				}
			}
		}
	}
	// Moving down and up keeps the cursor in range.
	d.keys("down", "down", "down", "up")
	if s.list.cursor < 0 || s.list.cursor >= len(s.hits) {
		t.Fatalf("cursor %d out of range", s.list.cursor)
	}
	// enter on a follow-up hit opens the follow-ups screen on top of the
	// results, the hit selected; esc comes back to the results.
	for i, h := range s.hits {
		if h.Kind == model.HitFollowUp {
			s.list.selectRow(i)
		}
	}
	d.keys("enter")
	if len(d.pushed()) != 1 {
		t.Fatalf("pushed %d screens, want the part of the hit", len(d.pushed()))
	}
	fs, ok := d.pushed()[0].(*followUpsScreen)
	if !ok {
		t.Fatalf("opened %T, want the follow-ups", d.pushed()[0])
	}
	if x, _ := fs.selected(); !strings.Contains(x.Text, "abstract") {
		t.Errorf("the follow-up of the hit is not selected: %q", x.Text)
	}
	d.keys("esc")
	if d.top() != screen(s) {
		t.Errorf("esc went to %q, want the results", d.top().Title())
	}
}

func TestSearchMarksTheMatch(t *testing.T) {
	st := loopDeps(nil).styles
	s := &searchScreen{d: loopDeps(nil)}
	h := model.Hit{Line: strings.Repeat("lead in ", 20) + "NEEDLE and after", Start: 160, End: 166}
	out := s.snippet(h, 40)
	if !strings.Contains(out, "NEEDLE") {
		t.Fatalf("the match is cut off: %q", out)
	}
	if got := ansi.StringWidth(out); got > 40 {
		t.Fatalf("snippet is %d cells wide, want at most 40", got)
	}
	_ = st
}

// --- follow-ups --------------------------------------------------------------

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
	s.input.SetValue("+2w")
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
	noSharedKeys(t, "follow-ups", s.FullHelp())
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

// --- sessions ------------------------------------------------------------------

func TestSessionsListNewestFirst(t *testing.T) {
	f := loopSample()
	d := drive(t, newJournal(t, loopNow, f), 80, 24)
	s := newSessionsScreen(d.deps(), f)
	d.open(s)
	v := s.View()
	a, b := strings.Index(v, "2026-02-10"), strings.Index(v, "2026-01-27")
	if a < 0 || b < 0 || a > b {
		t.Fatalf("not newest first:\n%s", v)
	}
	if !strings.Contains(v, "not answered") || !strings.Contains(v, "Hearing how Ada moved teams") {
		t.Fatalf("reflection answers missing:\n%s", v)
	}
	d.keys("j", "enter")
	if len(d.pushed()) != 1 {
		t.Fatal("enter did not open the session")
	}
	fl, ok := d.pushed()[0].(*sessionFlow)
	if !ok || fl.sess.ID != idN(31) {
		t.Fatalf("opened %T, want the older session", d.pushed()[0])
	}
	noSharedKeys(t, "sessions", s.FullHelp())
}

func TestSessionsScrollManyRendersOnlyVisible(t *testing.T) {
	f := loopSample()
	f.Sessions = manySessions(f.Rel.ID, 1000)
	f.FollowUps, f.Roadmap = nil, nil // they point at the sessions replaced
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newSessionsScreen(d.deps(), f)
	d.open(s)
	for i := 0; i < 50; i++ {
		d.keys("j")
	}
	_ = s.View()
	rendered := 0
	for _, b := range s.blocks {
		if b != nil {
			rendered++
		}
	}
	if s.list.cursor != 50 || rendered > 70 {
		t.Fatalf("cursor %d, %d of 1000 sessions rendered (want only those near the view)", s.list.cursor, rendered)
	}
	d.keys("G")
	if s.list.cursor != 999 {
		t.Fatalf("G: cursor %d", s.list.cursor)
	}
	if !strings.Contains(s.View(), "1000 of 1000") {
		t.Fatal("position not shown")
	}
}

func manySessions(rel model.ID, n int) []model.Session {
	out := make([]model.Session, n)
	for i := range out {
		dt := day(2026, 3, 1).AddDate(0, 0, -i)
		out[i] = model.Session{ID: model.NewID(dt), RelID: rel, Date: dt, Topic: "Topic number " + strings.Repeat("x", i%7),
			Notes: "notes", Ended: i%3 != 0, Reflection: model.Reflection{Useful: "useful bit", Change: "nothing"}, Created: dt, Updated: dt}
	}
	return out
}

// --- the session flow -------------------------------------------------------------

func TestSessionFlowWhole(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := startSession(d.deps(), f)
	d.open(s)

	// Step 1: the two open follow-ups, overdue first.
	if len(s.reviews) != 2 || s.reviews[0].FollowUpID != idN(40) {
		t.Fatalf("reviews = %+v", s.reviews)
	}
	d.keys("x") // the overdue abstract: done; cursor moves on
	d.keys("c") // the introduction: carried over
	d.keys("pgdown")
	if s.step != stepTopic {
		t.Fatalf("step %d, want topic", s.step)
	}
	// The session now exists, the reviewed follow-up is done.
	if got := findFU(t, j.get(t, f.Rel.ID), idN(40)); got.Status != model.FollowUpDone {
		t.Fatalf("reviewed follow-up status %s", got.Status)
	}
	// Step 2: the next planned topic is proposed.
	if got := s.forms[stepTopic].Choice(kTopic); got != string(idN(21)) {
		t.Fatalf("proposed topic %q, want the next planned one", got)
	}
	d.keys("pgdown")
	// Step 3: notes, typed in the form.
	d.typeText("We practised giving feedback.")
	d.keys("tab", "tab", "tab")
	d.typeText("Private " + privatePhrase)
	d.keys("pgdown")
	if s.step != stepReflect {
		t.Fatalf("step %d, want reflection", s.step)
	}
	stored := j.get(t, f.Rel.ID)
	var x model.Session
	for _, y := range stored.Sessions {
		if y.ID == s.sess.ID {
			x = y
		}
	}
	if x.Agenda != "We practised giving feedback." || !strings.Contains(x.PrivateNotes, privatePhrase) || x.Ended {
		t.Fatalf("notes not saved at the step change: %+v", x)
	}
	// Step 4: answer the first and third questions, skip the others.
	d.typeText("Role play")
	d.keys("tab", "tab")
	d.typeText("Ask two seniors for feedback")
	d.keys("pgdown")
	// Step 5: a follow-up for the mentee, due with the next meeting.
	d.keys("n")
	d.typeText("Ask two seniors")
	d.keys("enter", "esc")
	if len(s.mine) != 1 {
		t.Fatalf("follow-ups of the session: %d", len(s.mine))
	}
	d.keys("pgdown")
	if s.step != stepNext {
		t.Fatalf("step %d, want next meeting", s.step)
	}
	// Step 6: proposed from the 14-day cadence; finish.
	if got, _ := s.forms[stepNext].Date(kNext); !got.Equal(day(2026, 3, 24)) {
		t.Fatalf("proposed next meeting %v, want 2026-03-24", got)
	}
	d.keys("ctrl+f")
	if !d.left() {
		t.Fatalf("finishing did not go back (stack %v)", d.m.Screens())
	}
	stored = j.get(t, f.Rel.ID)
	for _, y := range stored.Sessions {
		if y.ID == s.sess.ID {
			x = y
		}
	}
	if !x.Ended || x.RoadmapID != idN(21) || x.Topic != "Giving feedback to seniors" || !x.NextMeeting.Equal(day(2026, 3, 24)) {
		t.Fatalf("ended session: %+v", x)
	}
	if x.Reflection.Useful != "Role play" || x.Reflection.NextSteps != "" || x.Reflection.BeforeNext != "Ask two seniors for feedback" {
		t.Fatalf("reflection: %+v", x.Reflection)
	}
	if len(x.Reviewed) != 2 || x.Reviewed[0].Outcome != model.OutcomeDone || x.Reviewed[1].Outcome != model.OutcomeCarried {
		t.Fatalf("reviewed: %+v", x.Reviewed)
	}
	for _, it := range stored.Roadmap {
		if it.ID == idN(21) && (it.Status != model.TopicHeld || it.SessionID != x.ID) {
			t.Fatalf("roadmap topic not marked held: %+v", it)
		}
	}
	var fu model.FollowUp
	for _, y := range stored.FollowUps {
		if y.SessionID == x.ID {
			fu = y
		}
	}
	if fu.Text != "Ask two seniors" || fu.Owner != model.RoleMentee || !fu.Due.Equal(day(2026, 3, 24)) {
		t.Fatalf("new follow-up: %+v", fu)
	}
	// Reopened later, skipped answers stay visibly unanswered.
	sl := newSessionsScreen(loopDeps(j), stored)
	sl.SetSize(100, 30)
	if v := sl.View(); !strings.Contains(v, "not answered") || !strings.Contains(v, "Role play") {
		t.Fatalf("sessions list after the flow:\n%s", v)
	}
}

func TestSessionFlowReopenEdit(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := newSessionFlow(d.deps(), f, f.Sessions[0])
	d.open(s)
	if s.step != stepNotes {
		t.Fatalf("reopened at step %d", s.step)
	}
	d.keys("tab")
	d.typeText(" Also: conferences.")
	d.keys("esc") // saves, then goes back
	if !d.left() {
		t.Fatal("esc did not go back after saving")
	}
	var x model.Session
	for _, y := range j.get(t, f.Rel.ID).Sessions {
		if y.ID == f.Sessions[0].ID {
			x = y
		}
	}
	if !strings.HasSuffix(x.Notes, "Also: conferences.") || !x.Ended {
		t.Fatalf("edit not saved: %+v", x)
	}
}

func TestSessionFlowBadDateStays(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	s := startSession(d.deps(), f)
	d.open(s)
	d.keys("pgdown") // to the topic; the session is saved
	n := j.writes()
	for i := 0; i < 10; i++ {
		d.keys("backspace")
	}
	d.typeText("31/12")
	d.keys("pgdown")
	if s.err == "" || !strings.Contains(s.View(), "not a date") {
		t.Fatalf("a bad date was accepted:\n%s", s.View())
	}
	if j.writes() != n {
		t.Fatalf("a refused session was written: %d writes", j.writes()-n)
	}
}

// --- health ------------------------------------------------------------------

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
	if false {
		t.Fatalf("stored ratings: %+v", h)
	}
	if s.rating {
		t.Fatal("still rating after saving")
	}
	if !strings.Contains(s.View(), "4 checks") {
		t.Fatal("the view did not reload the checks")
	}
	noSharedKeys(t, "health rating", [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.Lower, s.keys.Higher, s.keys.Set, s.keys.Clear, s.keys.Save, s.keys.Cancel}})
}

func TestHealthDue(t *testing.T) {
	f := loopSample()
	if healthDue(f) {
		t.Fatal("due with no session since the last check")
	}
	f.Sessions = append(manySessions(f.Rel.ID, 4), f.Sessions...)
	if !healthDue(f) {
		t.Fatal("not due after 4 sessions since the last check")
	}
	f.Rel.Status = model.StatusClosed
	if healthDue(f) {
		t.Fatal("due on a closed relationship")
	}
	if got := sparkline([]int{1, 2, 3, 4, 5, 0}, 10); got != "▁▃▄▆█·" {
		t.Fatalf("sparkline = %q", got)
	}
	if got := sparkline([]int{1, 2, 3, 4, 5}, 2); got != "▆█" {
		t.Fatalf("sparkline keeps the newest: %q", got)
	}
}

// --- pair view and signing ----------------------------------------------------

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
	noSharedKeys(t, "pair", s.FullHelp())
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

// --- closure -------------------------------------------------------------------

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
	d.keys("C", "n")
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
	noSharedKeys(t, "closure", s.FullHelp())
}

// --- brief and momentum -------------------------------------------------------

func TestMomentumLines(t *testing.T) {
	f := loopSample()
	f.Goals[0].Progress = nil
	f.Goals[0].Created = day(2025, 12, 1)
	got := strings.Join(momentumLines(loopDeps(nil), f), "\n")
	for _, want := range []string{"Meeting late by 14 days", "No progress on \"Give three conference talks\"", "Confidence to lead"} {
		if !strings.Contains(got, want) {
			t.Errorf("momentum lacks %q:\n%s", want, got)
		}
	}
	// A stuck pair gets topics.
	st := loopSample()
	st.Goals = nil
	st.Plan.Problem.Statement = ""
	st.Sessions = manySessions(st.Rel.ID, 3)
	got = strings.Join(momentumLines(loopDeps(nil), st), "\n")
	if !strings.Contains(got, model.GettingUnstuckTopics[0]) {
		t.Errorf("stuck pair without topics:\n%s", got)
	}
}
