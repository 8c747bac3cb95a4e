package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"mentorlog/model"
	"mentorlog/store"
)

// Interaction flows through a real bubbletea program over a real journal
// file in t.TempDir(). The timeouts bound liveness on a loaded CI machine,
// not speed.

func openTestStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{Now: coreClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func coreStart(t *testing.T, j Journal) *teatest.TestModel {
	t.Helper()
	m := New(j, Options{Now: coreClock, Path: "journal.db"})
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
}

func coreWait(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	waitOutput(t, tm, 10*time.Second, want)
}

func coreQuit(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
}

func TestFlowCreateRelationship(t *testing.T) {
	st := openTestStore(t)
	tm := coreStart(t, st)
	coreWait(t, tm, "Press n to add your first relationship")
	key1(tm, "n")
	coreWait(t, tm, "New relationship")
	tm.Type("Grace Hopper")
	key1(tm, "tab")
	tm.Type("Alan Kay")
	key1(tm, "ctrl+s")
	coreWait(t, tm, "Relationship added")
	fm := coreQuit(t, tm)
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

func seedStore(t *testing.T, st *store.Store) model.Relationship {
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
	st := openTestStore(t)
	r := seedStore(t, st)
	tm := coreStart(t, st)
	coreWait(t, tm, "Ada Lovelace")
	key1(tm, "enter")
	coreWait(t, tm, "Layers")
	key1(tm, "3")
	coreWait(t, tm, "For the mentee")
	tm.Type("She wants her evenings back")
	key1(tm, "tab")
	tm.Type("Fewer meetings without decisions")
	key1(tm, "ctrl+s")
	coreWait(t, tm, "Meaning and impact saved")
	fm := coreQuit(t, tm)
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
	st := openTestStore(t)
	r := seedStore(t, st)
	tm := coreStart(t, st)
	coreWait(t, tm, "Ada Lovelace")
	key1(tm, "enter")
	coreWait(t, tm, "Layers")
	key1(tm, "g")
	coreWait(t, tm, "No goals yet")
	key1(tm, "n")
	coreWait(t, tm, "New goal")
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
	coreWait(t, tm, "Goal saved")
	// Record progress on it.
	key1(tm, "enter")
	coreWait(t, tm, "No progress yet")
	key1(tm, "n")
	coreWait(t, tm, "New progress entry")
	key1(tm, "tab")
	tm.Type("outline done")
	key1(tm, "ctrl+s")
	coreWait(t, tm, "Progress saved")
	coreQuit(t, tm)
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
