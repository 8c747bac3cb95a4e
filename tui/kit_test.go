package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
	"mentorlog/store"
)

// The one test kit of the package: the real journal in t.TempDir(),
// wrapped to count calls and to fail a method on demand, and one driver
// that runs the root model like the program does.

// testJournal is the real store, recording which methods were called.
type testJournal struct {
	*store.Store
	mu     sync.Mutex
	calls  []string
	failOn string // this method fails with errTest
	// skew is added to the count of sessions a page says (SessionsAt),
	// as if the journal counted otherwise than its summary.
	skew int
}

var errTest = errors.New("disk full (test)")

// newJournal opens a fresh journal whose clock stands at now, holding fs.
func newJournal(t testing.TB, now time.Time, fs ...model.Full) *testJournal {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := range fs {
		fs[i].Plan.RelID = fs[i].Rel.ID
	}
	if len(fs) > 0 {
		if _, err := st.Import(context.Background(), model.NewArchive(fs, now, false)); err != nil {
			t.Fatal(err)
		}
	}
	return &testJournal{Store: st}
}

func (j *testJournal) call(name string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.calls = append(j.calls, name)
	if j.failOn == name {
		return fmt.Errorf("%s: %w", name, errTest)
	}
	return nil
}

// called counts the calls of a method.
func (j *testJournal) called(name string) int {
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

// readCalls are the methods that only read, besides Load… and List….
var readCalls = map[string]bool{"Search": true, "Due": true, "OpenFollowUps": true, "SessionsAt": true, "Exchange": true}

// writes counts the calls that write.
func (j *testJournal) writes() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for _, c := range j.calls {
		if !strings.HasPrefix(c, "Load") && !strings.HasPrefix(c, "List") && !readCalls[c] {
			n++
		}
	}
	return n
}

// get reads a relationship as stored.
func (j *testJournal) get(t testing.TB, id model.ID) model.Full {
	t.Helper()
	f, err := j.Store.LoadFull(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (j *testJournal) Exchange(ctx context.Context, id model.ID) (model.Exchange, error) {
	if err := j.call("Exchange"); err != nil {
		return model.Exchange{}, err
	}
	return j.Store.Exchange(ctx, id)
}

func (j *testJournal) SessionsAt(ctx context.Context, id model.ID, p model.Page) (model.SessionPage, error) {
	if err := j.call("SessionsAt"); err != nil {
		return model.SessionPage{}, err
	}
	pg, err := j.Store.SessionsAt(ctx, id, p)
	pg.Total += j.skew
	return pg, err
}

func (j *testJournal) LoadWindow(ctx context.Context, id model.ID, w model.Window) (model.Full, error) {
	if err := j.call("LoadWindow"); err != nil {
		return model.Full{}, err
	}
	return j.Store.LoadWindow(ctx, id, w)
}

func (j *testJournal) ListSummaries(ctx context.Context) ([]model.Summary, error) {
	if err := j.call("ListSummaries"); err != nil {
		return nil, err
	}
	return j.Store.ListSummaries(ctx)
}

func (j *testJournal) LoadFull(ctx context.Context, id model.ID) (model.Full, error) {
	if err := j.call("LoadFull"); err != nil {
		return model.Full{}, err
	}
	return j.Store.LoadFull(ctx, id)
}

func (j *testJournal) CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	if err := j.call("CreateRelationship"); err != nil {
		return r, err
	}
	return j.Store.CreateRelationship(ctx, r)
}

func (j *testJournal) UpdateRelationship(ctx context.Context, id model.ID, fn func(r *model.Relationship, p *model.Plan) error) (model.Relationship, model.Plan, error) {
	if err := j.call("UpdateRelationship"); err != nil {
		return model.Relationship{}, model.Plan{}, err
	}
	return j.Store.UpdateRelationship(ctx, id, fn)
}

func (j *testJournal) Erase(ctx context.Context, id model.ID) error {
	if err := j.call("Erase"); err != nil {
		return err
	}
	return j.Store.Erase(ctx, id)
}

func (j *testJournal) UpdatePlan(ctx context.Context, relID model.ID, fn func(r model.Relationship, p *model.Plan) error) (model.Plan, error) {
	if err := j.call("UpdatePlan"); err != nil {
		return model.Plan{}, err
	}
	return j.Store.UpdatePlan(ctx, relID, fn)
}

func (j *testJournal) SaveGoal(ctx context.Context, g model.Goal) error {
	if err := j.call("SaveGoal"); err != nil {
		return err
	}
	return j.Store.SaveGoal(ctx, g)
}

func (j *testJournal) UpdateGoal(ctx context.Context, relID, goalID model.ID, fn func(r model.Relationship, g *model.Goal) error) (model.Goal, error) {
	if err := j.call("UpdateGoal"); err != nil {
		return model.Goal{}, err
	}
	return j.Store.UpdateGoal(ctx, relID, goalID, fn)
}

func (j *testJournal) DeleteGoal(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteGoal"); err != nil {
		return err
	}
	return j.Store.DeleteGoal(ctx, id)
}

func (j *testJournal) SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error {
	if err := j.call("SaveRoadmapItem"); err != nil {
		return err
	}
	return j.Store.SaveRoadmapItem(ctx, r)
}

func (j *testJournal) DeleteRoadmapItem(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteRoadmapItem"); err != nil {
		return err
	}
	return j.Store.DeleteRoadmapItem(ctx, id)
}

func (j *testJournal) ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error {
	if err := j.call("ReorderRoadmap"); err != nil {
		return err
	}
	return j.Store.ReorderRoadmap(ctx, relID, order)
}

func (j *testJournal) AddRoadmapTopics(ctx context.Context, relID model.ID, topics []string) ([]model.RoadmapItem, error) {
	if err := j.call("AddRoadmapTopics"); err != nil {
		return nil, err
	}
	return j.Store.AddRoadmapTopics(ctx, relID, topics)
}

func (j *testJournal) SaveTemplate(ctx context.Context, t model.AgendaTemplate) error {
	if err := j.call("SaveTemplate"); err != nil {
		return err
	}
	return j.Store.SaveTemplate(ctx, t)
}

func (j *testJournal) DeleteTemplate(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteTemplate"); err != nil {
		return err
	}
	return j.Store.DeleteTemplate(ctx, id)
}

func (j *testJournal) RecordSession(ctx context.Context, c model.SessionChange) (model.SessionChange, []model.RoadmapItem, error) {
	if err := j.call("RecordSession"); err != nil {
		return model.SessionChange{}, nil, err
	}
	return j.Store.RecordSession(ctx, c)
}

func (j *testJournal) DeleteSession(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteSession"); err != nil {
		return err
	}
	return j.Store.DeleteSession(ctx, id)
}

func (j *testJournal) SaveFollowUp(ctx context.Context, f model.FollowUp) error {
	if err := j.call("SaveFollowUp"); err != nil {
		return err
	}
	return j.Store.SaveFollowUp(ctx, f)
}

func (j *testJournal) DeleteFollowUp(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteFollowUp"); err != nil {
		return err
	}
	return j.Store.DeleteFollowUp(ctx, id)
}

func (j *testJournal) SaveHealthCheck(ctx context.Context, h model.HealthCheck) error {
	if err := j.call("SaveHealthCheck"); err != nil {
		return err
	}
	return j.Store.SaveHealthCheck(ctx, h)
}

func (j *testJournal) DeleteHealthCheck(ctx context.Context, id model.ID) error {
	if err := j.call("DeleteHealthCheck"); err != nil {
		return err
	}
	return j.Store.DeleteHealthCheck(ctx, id)
}

func (j *testJournal) Search(ctx context.Context, q string, opt model.SearchOptions) ([]model.Hit, error) {
	if err := j.call("Search"); err != nil {
		return nil, err
	}
	return j.Store.Search(ctx, q, opt)
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

// loopNow is the fixed clock of these tests.
var loopNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// privatePhrase is put in every private field; it must never show in pair
// view.
const privatePhrase = "ZEBRA-PRIVATE-42"

// idN makes a stable valid id.
func idN(n int) model.ID {
	const hex = "0123456789abcdef"
	b := []byte("0000000000000000000000000000000")
	s := make([]byte, 0, 32)
	s = append(s, b...)
	s = append(s, hex[n%16])
	if n >= 16 {
		s[30] = hex[(n/16)%16]
	}
	return model.ID(s)
}

// loopSample is a relationship with some of everything.
func loopSample() model.Full {
	rid := idN(1)
	created := day(2025, 9, 1)
	rel := model.Relationship{ID: rid, MentorName: "Ada Lovelace", MenteeName: "Grace Hopper", OwnerRole: model.RoleMentor,
		Started: day(2025, 9, 1), Status: model.StatusActive, CadenceDays: 14, Layer: model.LayerCommitment,
		PrivateNotes: "Owner notes " + privatePhrase, Created: created, Updated: created}
	plan := model.Plan{RelID: rid}
	plan.Foundation = model.Foundation{
		SharedValues: []string{"Honesty", "Curiosity"},
		KeyGoals:     []string{"Lead the compiler team"},
		Rules:        model.Rules{Frequency: "Every two weeks", Where: "The corner cafe", Confidentiality: "What we say stays here"},
		Expectations: "Come prepared with one question",
	}
	plan.Meaning = model.Meaning{Person: "Confidence to lead", Team: "A team that ships"}
	g1 := model.Goal{ID: idN(10), RelID: rid, Title: "Give three conference talks", Measure: "talks given, target 3",
		Relevant: "Visibility for the team", Due: day(2026, 9, 1), Status: model.GoalOpen, Created: created, Updated: created,
		Progress: []model.ProgressEntry{{Date: day(2025, 11, 2), Value: "1 of 3", Note: "first talk at the meetup"}}}
	g2 := model.Goal{ID: idN(11), RelID: rid, Title: "Ship the new parser", Status: model.GoalAchieved, Created: created, Updated: created,
		Progress: []model.ProgressEntry{{Date: day(2026, 1, 15), Note: "merged"}}}
	road := []model.RoadmapItem{
		{ID: idN(20), RelID: rid, Position: 0, Topic: "Career paths in compilers", Status: model.TopicHeld, SessionID: idN(30), Created: created, Updated: created},
		{ID: idN(21), RelID: rid, Position: 1, Topic: "Giving feedback to seniors", Status: model.TopicPlanned, Created: created, Updated: created},
		{ID: idN(22), RelID: rid, Position: 2, Topic: "Writing a talk proposal", GoalID: idN(10), Status: model.TopicPlanned, Created: created, Updated: created},
	}
	s1 := model.Session{ID: idN(30), RelID: rid, Date: day(2026, 2, 10), Minutes: 60, Topic: "Career paths in compilers", RoadmapID: idN(20),
		Notes: "Talked about the jump from IC to lead.", PrivateNotes: "Seemed tired " + privatePhrase, Ended: true,
		Reflection:  model.Reflection{Useful: "Hearing how Ada moved teams", NextSteps: "Draft a talk abstract"},
		NextMeeting: day(2026, 2, 24), Created: day(2026, 2, 10), Updated: day(2026, 2, 10)}
	s0 := model.Session{ID: idN(31), RelID: rid, Date: day(2026, 1, 27), Minutes: 45, Topic: "Getting started",
		Notes: "First meeting, backgrounds.", PrivateNotes: "First impression " + privatePhrase, Ended: true,
		Reflection: model.Reflection{Useful: "Common ground in teaching", NextSteps: "Pick a first goal", BeforeNext: "Read the parser RFC", Change: "Meet earlier in the day"},
		Created:    day(2026, 1, 27), Updated: day(2026, 1, 27)}
	fus := []model.FollowUp{
		{ID: idN(40), RelID: rid, SessionID: idN(30), Text: "Send the talk abstract draft", Owner: model.RoleMentee, Due: day(2026, 3, 1), Status: model.FollowUpOpen, Created: day(2026, 2, 10), Updated: day(2026, 2, 10)},
		{ID: idN(41), RelID: rid, SessionID: idN(30), Text: "Introduce Grace to the program chair", Owner: model.RoleMentor, Due: day(2026, 3, 20), Status: model.FollowUpOpen, Created: day(2026, 2, 10), Updated: day(2026, 2, 10)},
		{ID: idN(42), RelID: rid, SessionID: idN(31), Text: "Read the parser RFC", Owner: model.RoleMentee, Due: day(2026, 2, 5), Status: model.FollowUpDone, DoneAt: day(2026, 2, 4), Created: day(2026, 1, 27), Updated: day(2026, 2, 4)},
	}
	health := []model.HealthCheck{
		{ID: idN(50), RelID: rid, Date: day(2026, 1, 27), Party: model.RoleMentor, Ratings: map[model.Quality]int{model.QListening: 3, model.QRespect: 5, model.QPreparation: 2}, Created: day(2026, 1, 27)},
		{ID: idN(51), RelID: rid, Date: day(2026, 1, 27), Party: model.RoleMentee, Ratings: map[model.Quality]int{model.QListening: 4, model.QRespect: 5, model.QPreparation: 4}, Comment: "Good start", Created: day(2026, 1, 27)},
		{ID: idN(52), RelID: rid, Date: day(2026, 2, 10), Party: model.RoleMentor, Ratings: map[model.Quality]int{model.QListening: 4, model.QRespect: 5, model.QPreparation: 3}, Created: day(2026, 2, 10)},
	}
	return model.Full{Rel: rel, Plan: plan, Goals: []model.Goal{g1, g2}, Roadmap: road,
		Sessions: []model.Session{s1, s0}, FollowUps: fus, Health: health}
}

// loopOther is a second relationship, never reachable from pair view.
func loopOther() model.Full {
	rid := idN(2)
	rel := model.Relationship{ID: rid, MentorName: "Ada Lovelace", MenteeName: "Alan Turing", OwnerRole: model.RoleMentor,
		Started: day(2025, 6, 1), Status: model.StatusActive, CadenceDays: 7, Created: day(2025, 6, 1), Updated: day(2025, 6, 1),
		PrivateNotes: "Other " + privatePhrase}
	s := model.Session{ID: idN(60), RelID: rid, Date: day(2026, 3, 1), Topic: "Halting", Notes: "talk about the zebra crossing",
		PrivateNotes: "x " + privatePhrase, Ended: true, Created: day(2026, 3, 1), Updated: day(2026, 3, 1)}
	return model.Full{Rel: rel, Plan: model.Plan{RelID: rid}, Sessions: []model.Session{s}}
}

// ---- driving the root model

// driver runs the root model like the program would: every command is
// run and its message fed back, until nothing is left. Timers (status
// expiry, the search debounce, cursor blinks) are not run: a test that
// needs one delivers its message itself.
type driver struct {
	t      testing.TB
	m      Model
	quit   bool
	opened int // the stack's depth after open
}

// newDriver opens the app on j at w x h with the clock at now.
func newDriver(t testing.TB, j Journal, now time.Time, w, h int) *driver {
	t.Helper()
	m := New(j, Options{Now: func() time.Time { return now }, Path: "journal.db", Files: t.TempDir()})
	m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	dr := &driver{t: t, m: m}
	dr.send(tea.WindowSizeMsg{Width: w, Height: h})
	dr.run(m.Init())
	return dr
}

// newCoreDriver is newDriver at the core fixtures' clock.
func newCoreDriver(t testing.TB, j Journal, w, h int) *driver {
	t.Helper()
	return newDriver(t, j, coreNow, w, h)
}

// drive opens the app at the loop fixtures' clock.
func drive(t testing.TB, j Journal, w, h int) *driver {
	t.Helper()
	return newDriver(t, j, loopNow, w, h)
}

// open pushes s, built with dr.deps(), on top of the stack.
// openHit searches with / from the top screen, as typed, and opens the
// first hit.
func (dr *driver) openHit(query string) {
	dr.t.Helper()
	dr.press("/")
	s, ok := dr.top().(*searchScreen)
	if !ok {
		dr.t.Fatalf("/ opened %T", dr.top())
	}
	dr.typeText(query)
	dr.send(searchTickMsg{screen: s, seq: s.seq})
	dr.press("enter")
}

func (dr *driver) open(s screen) *driver {
	dr.t.Helper()
	dr.m.d.push(s)
	m, cmd := dr.m.settle(len(dr.m.stack)-1, nil)
	dr.m = m
	dr.opened = len(dr.m.stack)
	dr.run(cmd)
	return dr
}

// pushed lists the screens above the one open put on the stack.
func (dr *driver) pushed() []screen {
	if len(dr.m.stack) <= dr.opened {
		return nil
	}
	return dr.m.stack[dr.opened:]
}

// left reports whether the screen open put on the stack is gone.
func (dr *driver) left() bool { return len(dr.m.stack) < dr.opened }

// loopDeps are deps at the loop fixtures' clock, for tests of a screen's
// parts that need no app around them.
func loopDeps(j Journal) deps {
	return deps{j: j, styles: newStyles(), now: func() time.Time { return loopNow }, nav: &navigator{}}
}

// deps are the app's deps, for building screens in tests.
func (dr *driver) deps() deps { return dr.m.d }

func (dr *driver) send(msg tea.Msg) {
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

func (dr *driver) run(cmd tea.Cmd) {
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
	if isTimer(cmd) {
		return nil
	}
	msg := cmd()
	if strings.HasPrefix(fmt.Sprintf("%T", msg), "cursor.") {
		return nil // a cursor blink: an endless timer chain
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

// press sends keys by name (see keyMsg): "enter", "ctrl+s", "esc", "j".
func (dr *driver) press(keys ...string) {
	dr.t.Helper()
	for _, k := range keys {
		dr.send(keyMsg(k))
	}
}

// keys is press.
func (dr *driver) keys(keys ...string) { dr.press(keys...) }

// typeText types text one rune at a time.
func (dr *driver) typeText(s string) {
	dr.t.Helper()
	for _, k := range typeKeys(s) {
		dr.send(k)
	}
}

func (dr *driver) view() string { return dr.m.View().Content }

func (dr *driver) top() screen { return dr.m.top() }

// status is the status line's text.
func (dr *driver) status() string { return dr.m.status }

func (dr *driver) wantView(want ...string) {
	dr.t.Helper()
	v := dr.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			dr.t.Fatalf("view lacks %q:\n%s", w, v)
		}
	}
}

func (dr *driver) wantTop(title string) {
	dr.t.Helper()
	if got := dr.top().Title(); got != title {
		dr.t.Fatalf("top screen is %q, want %q (stack %v)", got, title, dr.m.Screens())
	}
}

// isTimer reports a command that waits on a clock (tea.Tick, tea.Every,
// a cursor blink): the driver does not run those.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "bubbletea/v2.Tick") || strings.Contains(name, "bubbletea/v2.Every") || strings.Contains(name, "BlinkCmd")
}

// heldSessions adds n ended sessions to f, the last on last, a week apart,
// the last of them setting next as the next meeting.
func heldSessions(f *model.Full, n int, last, next time.Time) {
	for i := 0; i < n; i++ {
		d := last.AddDate(0, 0, -7*(n-1-i))
		x := model.Session{ID: model.NewID(d.Add(time.Duration(i) * time.Minute)), RelID: f.Rel.ID, Date: d, Topic: "meeting",
			Ended: true, Created: d, Updated: d}
		if i == n-1 {
			x.NextMeeting = next
		}
		f.Sessions = append(f.Sessions, x)
	}
}

// people are n fresh relationships (coreOther) with the mentors "name 0",
// "name 1", …, their ids from coreID(base).
func people(n int, name string, base int) []model.Full {
	var fs []model.Full
	for i := 0; i < n; i++ {
		f := coreOther()
		f.Rel.ID = coreID(base + i)
		f.Rel.MentorName = fmt.Sprintf("%s %d", name, i)
		f.Plan.RelID = f.Rel.ID
		fs = append(fs, f)
	}
	return fs
}
