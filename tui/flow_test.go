package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"mentorlog/model"
)

// Interaction flows through a real bubbletea program over a real journal
// file in t.TempDir(). The timeouts bound liveness on a loaded CI machine,
// not speed.

// app is the app running in a teatest program. The screen is read from
// the app's own frames, taken on the program's goroutine as each message
// arrives: Bubble Tea writes only the cells that change, so its bytes do
// not hold the text whole (the tmux tests read a real terminal).
type app struct {
	*teatest.TestModel
	mu    sync.Mutex
	frame string
}

// framePoll asks the program for its latest frame.
type framePoll struct{}

// appStart runs the app on j in a teatest program, its clock at now.
func appStart(t *testing.T, j Journal, now time.Time, w, h int) *app {
	t.Helper()
	m := New(j, Options{Now: func() time.Time { return now }, Path: "journal.db"})
	a := &app{}
	keep := func(m tea.Model, msg tea.Msg) tea.Msg {
		if mm, ok := m.(Model); ok {
			f := mm.View().Content
			a.mu.Lock()
			a.frame = f
			a.mu.Unlock()
		}
		return msg
	}
	a.TestModel = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h), teatest.WithProgramOptions(tea.WithFilter(keep)))
	return a
}

// waitText waits until the app's frame shows every one of wants.
func waitText(t *testing.T, tm *app, wants ...string) {
	t.Helper()
	const wait, every = 10 * time.Second, 20 * time.Millisecond
	for start := time.Now(); ; time.Sleep(every) {
		tm.Send(framePoll{}) // the filter sees the model as the messages before it left it
		tm.mu.Lock()
		frame := tm.frame
		tm.mu.Unlock()
		missing := ""
		for _, w := range wants {
			if !strings.Contains(frame, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Since(start) > wait {
			t.Fatalf("after %s the screen lacks %q:\n%s", wait, missing, frame)
		}
	}
}

// key1 sends each key (named as in keyMsg) to the app.
func key1(tm *app, ks ...string) {
	for _, k := range ks {
		tm.Send(keyMsg(k))
	}
}

// appQuit ends the program with ctrl+c and returns its last model.
func appQuit(t *testing.T, tm *app) Model {
	t.Helper()
	tm.Send(keyMsg("ctrl+c"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
}

func TestFlowCreateRelationship(t *testing.T) {
	st := newJournal(t, coreNow)
	tm := appStart(t, st, coreNow, 100, 30)
	waitText(t, tm, "Press n to add your first relationship")
	key1(tm, "n")
	waitText(t, tm, "New relationship")
	tm.Type("Grace Hopper")
	key1(tm, "tab")
	tm.Type("Alan Kay")
	key1(tm, "ctrl+s")
	waitText(t, tm, "Relationship added")
	fm := appQuit(t, tm)
	if got := fm.Screens(); len(got) != 1 || got[0] != "Relationships" {
		t.Fatalf("screens %v", got)
	}
	sums, err := st.ListSummaries(context.Background())
	if err != nil || len(sums) != 1 {
		t.Fatalf("summaries %v %v", sums, err)
	}
	r := sums[0].Rel
	if r.MentorName != "Grace Hopper" || r.MenteeName != "Alan Kay" || r.OwnerRole != model.RoleMentor ||
		r.CadenceDays != 14 || !r.Started.Equal(day(2026, 11, 23)) {
		t.Fatalf("relationship %+v", r)
	}
}

func seedStore(t *testing.T, st Journal) model.Relationship {
	t.Helper()
	r := model.Relationship{ID: model.NewID(coreNow), MentorName: "Grace Hopper", MenteeName: "Ada Lovelace",
		OwnerRole: model.RoleMentor, Started: day(2026, 11, 1), Status: model.StatusActive, CadenceDays: 14,
		Created: coreNow, Updated: coreNow}
	r, err := st.CreateRelationship(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFlowFillLayer(t *testing.T) {
	st := newJournal(t, coreNow)
	r := seedStore(t, st)
	tm := appStart(t, st, coreNow, 100, 30)
	waitText(t, tm, "Ada Lovelace")
	key1(tm, "enter")
	waitText(t, tm, "Layers")
	key1(tm, "3")
	waitText(t, tm, "For the mentee")
	tm.Type("She wants her evenings back")
	key1(tm, "tab")
	tm.Type("Fewer meetings without decisions")
	key1(tm, "ctrl+s")
	waitText(t, tm, "Meaning and impact saved")
	fm := appQuit(t, tm)
	if got := fm.Screens(); len(got) != 2 {
		t.Fatalf("screens %v", got)
	}
	f, err := st.LoadFull(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Plan.Meaning.Person != "She wants her evenings back" || f.Plan.Meaning.Team != "Fewer meetings without decisions" {
		t.Fatalf("meaning %+v", f.Plan.Meaning)
	}
}

func TestFlowGoal(t *testing.T) {
	st := newJournal(t, coreNow)
	r := seedStore(t, st)
	tm := appStart(t, st, coreNow, 100, 30)
	waitText(t, tm, "Ada Lovelace")
	key1(tm, "enter")
	waitText(t, tm, "Layers")
	key1(tm, "g")
	waitText(t, tm, "No goals yet")
	key1(tm, "n")
	waitText(t, tm, "New goal")
	tm.Type("Give a conference talk")
	key1(tm, "tab")
	tm.Type("A 20-minute talk at the local meetup")
	key1(tm, "tab")
	tm.Type("One talk, with slides")
	for i := 0; i < 3; i++ {
		key1(tm, "tab")
	}
	tm.Type("2027-03-01")
	key1(tm, "ctrl+s")
	waitText(t, tm, "Goal saved")
	// Record progress on it.
	key1(tm, "enter")
	waitText(t, tm, "No progress yet")
	key1(tm, "n")
	waitText(t, tm, "New progress entry")
	key1(tm, "tab")
	tm.Type("outline done")
	key1(tm, "ctrl+s")
	waitText(t, tm, "Progress saved")
	appQuit(t, tm)
	f, err := st.LoadFull(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Goals) != 1 {
		t.Fatalf("%d goals", len(f.Goals))
	}
	g := f.Goals[0]
	if g.Title != "Give a conference talk" || g.Measure != "One talk, with slides" || !g.Due.Equal(day(2027, 3, 1)) ||
		len(g.Progress) != 1 || g.Progress[0].Value != "outline done" {
		t.Fatalf("goal %+v", g)
	}
	if miss := g.MissingSMART(); strings.Join(smartNames(miss), ",") != "achievable,relevant" {
		t.Fatalf("missing %v", miss)
	}
}

func smartNames(ps []model.SMARTPart) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// A whole session, from the sessions list to the reflection and back.
func TestFlowWholeSession(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	tm := appStart(t, j, loopNow, 100, 32)
	waitText(t, tm, "Grace Hopper")
	key1(tm, "enter", "s")
	waitText(t, tm, "2 sessions, 2 ended")
	key1(tm, "n")
	waitText(t, tm, "Open follow-ups from earlier meetings")
	key1(tm, "x", "o", "pgdown")
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
	waitText(t, tm, "ends the session")
	key1(tm, "ctrl+f") // to Finish, then end
	waitText(t, tm, "▸ Finish")
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
