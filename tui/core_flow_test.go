package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"mentorlog/model"
)

// Interaction flows through a real bubbletea program over a real journal
// file in t.TempDir(). The timeouts bound liveness on a loaded CI machine,
// not speed.

// appStart runs the app on j in a teatest program, its clock at now.
func appStart(t *testing.T, j Journal, now time.Time, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(j, Options{Now: func() time.Time { return now }, Path: "journal.db"})
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
}

// waitText waits until the output holds every one of wants (the output
// read while waiting is consumed).
func waitText(t *testing.T, tm *teatest.TestModel, wants ...string) {
	t.Helper()
	waitOutput(t, tm, 10*time.Second, wants...)
}

// appQuit ends the program with ctrl+c and returns its last model.
func appQuit(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
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
