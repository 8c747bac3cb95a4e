package tui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mentorlog/model"
)

// coreFake is an in-memory Journal for the unit tests of the frame,
// dashboard, relationship, layers, goals and roadmap. It validates like the
// store and keeps deep copies, so screens cannot share memory with it.
type coreFake struct {
	mu     sync.Mutex
	rels   map[model.ID]model.Full
	extra  map[model.ID]model.Summary // summary fields the fake cannot compute (sessions)
	calls  []string
	failOn string // method name that fails
}

var errCoreFake = errors.New("disk full (test)")

func newCoreFake(fs ...model.Full) *coreFake {
	j := &coreFake{rels: map[model.ID]model.Full{}, extra: map[model.ID]model.Summary{}}
	for _, f := range fs {
		f.Plan.RelID = f.Rel.ID
		j.rels[f.Rel.ID] = deepCopy(f)
	}
	return j
}

func deepCopy[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func (j *coreFake) call(name string) error {
	j.calls = append(j.calls, name)
	if j.failOn == name {
		return fmt.Errorf("%s: %w", name, errCoreFake)
	}
	return nil
}

func (j *coreFake) called(name string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for _, c := range j.calls {
		if c == name {
			n++
		}
	}
	return n
}

func (j *coreFake) get(id model.ID) model.Full {
	j.mu.Lock()
	defer j.mu.Unlock()
	return deepCopy(j.rels[id])
}

func (j *coreFake) ListSummaries(ctx context.Context) ([]model.Summary, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("ListSummaries"); err != nil {
		return nil, err
	}
	var out []model.Summary
	for _, f := range j.rels {
		s := model.Summarize(f)
		if x, ok := j.extra[f.Rel.ID]; ok {
			s.Sessions, s.LastSession, s.NextMeeting = x.Sessions, x.LastSession, x.NextMeeting
		}
		out = append(out, s)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Rel.ID < out[b].Rel.ID })
	return out, nil
}

func (j *coreFake) LoadFull(ctx context.Context, id model.ID) (model.Full, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("LoadFull"); err != nil {
		return model.Full{}, err
	}
	f, ok := j.rels[id]
	if !ok {
		return model.Full{}, errors.New("no such relationship")
	}
	f = deepCopy(f)
	sort.SliceStable(f.Roadmap, func(a, b int) bool { return f.Roadmap[a].Position < f.Roadmap[b].Position })
	return f, nil
}

func (j *coreFake) CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("CreateRelationship"); err != nil {
		return r, err
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	j.rels[r.ID] = model.Full{Rel: r, Plan: model.Plan{RelID: r.ID}}
	return r, nil
}

func (j *coreFake) UpdateRelationship(ctx context.Context, r model.Relationship) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("UpdateRelationship"); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	f, ok := j.rels[r.ID]
	if !ok {
		return errors.New("no such relationship")
	}
	f.Rel = r
	j.rels[r.ID] = f
	return nil
}

func (j *coreFake) DeleteRelationship(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("DeleteRelationship"); err != nil {
		return err
	}
	delete(j.rels, id)
	return nil
}

func (j *coreFake) SavePlan(ctx context.Context, p model.Plan) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("SavePlan"); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	f := j.rels[p.RelID]
	f.Plan = deepCopy(p)
	j.rels[p.RelID] = f
	return nil
}

func (j *coreFake) SaveGoal(ctx context.Context, g model.Goal) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("SaveGoal"); err != nil {
		return err
	}
	if err := g.Validate(); err != nil {
		return err
	}
	f := j.rels[g.RelID]
	for i := range f.Goals {
		if f.Goals[i].ID == g.ID {
			f.Goals[i] = deepCopy(g)
			j.rels[g.RelID] = f
			return nil
		}
	}
	f.Goals = append(f.Goals, deepCopy(g))
	j.rels[g.RelID] = f
	return nil
}

func (j *coreFake) DeleteGoal(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("DeleteGoal"); err != nil {
		return err
	}
	for rid, f := range j.rels {
		for i := range f.Goals {
			if f.Goals[i].ID == id {
				f.Goals = append(f.Goals[:i], f.Goals[i+1:]...)
				j.rels[rid] = f
				return nil
			}
		}
	}
	return errors.New("no such goal")
}

func (j *coreFake) SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("SaveRoadmapItem"); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	f := j.rels[r.RelID]
	for i := range f.Roadmap {
		if f.Roadmap[i].ID == r.ID {
			f.Roadmap[i] = r
			j.rels[r.RelID] = f
			return nil
		}
	}
	f.Roadmap = append(f.Roadmap, r)
	j.rels[r.RelID] = f
	return nil
}

func (j *coreFake) DeleteRoadmapItem(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("DeleteRoadmapItem"); err != nil {
		return err
	}
	for rid, f := range j.rels {
		for i := range f.Roadmap {
			if f.Roadmap[i].ID == id {
				f.Roadmap = append(f.Roadmap[:i], f.Roadmap[i+1:]...)
				j.rels[rid] = f
				return nil
			}
		}
	}
	return errors.New("no such topic")
}

func (j *coreFake) ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.call("ReorderRoadmap"); err != nil {
		return err
	}
	f := j.rels[relID]
	pos := map[model.ID]int{}
	for i, id := range order {
		pos[id] = i
	}
	for i := range f.Roadmap {
		f.Roadmap[i].Position = pos[f.Roadmap[i].ID]
	}
	j.rels[relID] = f
	return nil
}

func (j *coreFake) locked(name string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.call(name)
}

func (j *coreFake) SaveSession(ctx context.Context, s model.Session) error {
	return j.locked("SaveSession")
}
func (j *coreFake) DeleteSession(ctx context.Context, id model.ID) error {
	return j.locked("DeleteSession")
}
func (j *coreFake) SaveFollowUp(ctx context.Context, f model.FollowUp) error {
	return j.locked("SaveFollowUp")
}
func (j *coreFake) DeleteFollowUp(ctx context.Context, id model.ID) error {
	return j.locked("DeleteFollowUp")
}
func (j *coreFake) SaveHealthCheck(ctx context.Context, h model.HealthCheck) error {
	return j.locked("SaveHealthCheck")
}
func (j *coreFake) DeleteHealthCheck(ctx context.Context, id model.ID) error {
	return j.locked("DeleteHealthCheck")
}
func (j *coreFake) OpenFollowUps(ctx context.Context) ([]model.FollowUp, error) { return nil, nil }
func (j *coreFake) Due(ctx context.Context, today time.Time, horizon int) ([]model.DueItem, error) {
	return nil, nil
}
func (j *coreFake) Search(ctx context.Context, q string, opt model.SearchOptions) ([]model.Hit, error) {
	return nil, nil
}

// ---- fixtures

var coreNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func coreClock() time.Time { return coreNow }

// coreID makes a valid, readable id: n in hex, padded.
func coreID(n int) model.ID { return model.ID(fmt.Sprintf("%032x", n+0xc0de0000)) }

// coreSample is a relationship well into the layers.
func coreSample() model.Full {
	id := coreID(1)
	r := model.Relationship{ID: id, MentorName: "Grace Hopper", MenteeName: "Ada Lovelace", OwnerRole: model.RoleMentor,
		Started: day(2026, 9, 1), Status: model.StatusActive, CadenceDays: 14, Layer: model.LayerProblem,
		Created: day(2026, 9, 1), Updated: day(2026, 9, 1)}
	p := model.Plan{RelID: id}
	p.Foundation.SharedValues = []string{"honesty", "curiosity"}
	p.Foundation.KeyGoals = []string{"lead a team of four"}
	p.Foundation.Rules.Frequency = "every two weeks"
	p.Foundation.MentorWants = "to practise coaching"
	p.Trust.Mentor.Background = "compilers"
	p.Trust.Stories = []model.Story{{Teller: "Grace", Kind: model.StoryFailure, Story: "The first bug report", Lesson: "write things down"}}
	p.Problem.Statement = "Run planning meetings that end with decisions"
	p.Problem.Parts = []string{"agenda", "timebox"}
	p.Meaning.Person = "less evening work"
	p.Commitment.Options = []model.Option{{Title: "Read a book", Pros: "cheap"}, {Title: "Shadow a lead", Cons: "time"}}
	p.Commitment.Chosen = "Shadow a lead"
	g := model.Goal{ID: coreID(10), RelID: id, Title: "Chair three planning meetings", Specific: "the team's sprint planning",
		Measure: "3 meetings", Due: day(2027, 1, 31), Status: model.GoalOpen, Created: day(2026, 10, 1),
		Progress: []model.ProgressEntry{{Date: day(2026, 11, 10), Value: "1 of 3", Note: "went well"}}}
	g2 := model.Goal{ID: coreID(11), RelID: id, Title: "Write a team charter", Status: model.GoalOpen, Created: day(2026, 9, 20)}
	rm := []model.RoadmapItem{
		{ID: coreID(20), RelID: id, Position: 0, Topic: "How to say no", Date: day(2026, 12, 1), Status: model.TopicPlanned},
		{ID: coreID(21), RelID: id, Position: 1, Topic: "Agenda templates", GoalID: coreID(10), Status: model.TopicPlanned},
		{ID: coreID(22), RelID: id, Position: 2, Topic: "Feedback", Status: model.TopicHeld},
	}
	return model.Full{Rel: r, Plan: p, Goals: []model.Goal{g, g2}, Roadmap: rm}
}

// coreOther is a fresh relationship where the owner is the mentee.
func coreOther() model.Full {
	id := coreID(2)
	r := model.Relationship{ID: id, MentorName: "Barbara Liskov", MenteeName: "Linus", OwnerRole: model.RoleMentee,
		Started: day(2026, 11, 1), Status: model.StatusActive, CadenceDays: 7, Layer: model.LayerFoundation,
		Created: day(2026, 11, 1), Updated: day(2026, 11, 1)}
	return model.Full{Rel: r, Plan: model.Plan{RelID: id}}
}

// ---- driving the root model

// coreDriver runs the root model like the program would: every command is
// run and its message fed back, until nothing is left. Timers (status
// expiry) are switched off; a command that blocks longer than a few
// seconds (another screen's blink) is dropped.
type coreDriver struct {
	t    testing.TB
	m    Model
	quit bool
}

func newCoreDriver(t testing.TB, j Journal, w, h int) *coreDriver {
	t.Helper()
	m := New(j, Options{Now: coreClock, Path: "journal.db"})
	m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	dr := &coreDriver{t: t, m: m}
	dr.send(tea.WindowSizeMsg{Width: w, Height: h})
	dr.run(m.Init())
	return dr
}

func (dr *coreDriver) send(msg tea.Msg) {
	dr.t.Helper()
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			dr.t.Fatal("messages never settle")
		}
		msg := queue[0]
		queue = queue[1:]
		if _, ok := msg.(tea.QuitMsg); ok {
			dr.quit = true
			continue
		}
		nm, cmd := dr.m.Update(msg)
		dr.m = nm.(Model)
		queue = append(queue, collect(cmd)...)
	}
}

func (dr *coreDriver) run(cmd tea.Cmd) {
	for _, msg := range collect(cmd) {
		dr.send(msg)
	}
}

// collect runs a command and returns its messages, batches and sequences
// flattened in order.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(3 * time.Second):
		return nil
	}
	if strings.HasPrefix(fmt.Sprintf("%T", msg), "cursor.") {
		return nil // a cursor blink: an endless timer chain, like status expiry
	}
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, collect(c)...)
		}
		return out
	}
	if seq, ok := sequenceOf(msg); ok {
		var out []tea.Msg
		for _, c := range seq {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// press sends keys by name: "enter", "ctrl+s", "esc", "tab", or runes.
func (dr *coreDriver) press(keys ...string) {
	dr.t.Helper()
	for _, k := range keys {
		dr.send(keyMsg(k))
	}
}

// typeText types text one rune at a time.
func (dr *coreDriver) typeText(s string) {
	dr.t.Helper()
	for _, r := range s {
		dr.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (dr *coreDriver) view() string { return dr.m.View() }

func (dr *coreDriver) top() screen { return dr.m.top() }

func (dr *coreDriver) wantView(want ...string) {
	dr.t.Helper()
	v := dr.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			dr.t.Fatalf("view lacks %q:\n%s", w, v)
		}
	}
}

func (dr *coreDriver) wantTop(title string) {
	dr.t.Helper()
	if got := dr.top().Title(); got != title {
		dr.t.Fatalf("top screen is %q, want %q (stack %v)", got, title, dr.m.Screens())
	}
}
