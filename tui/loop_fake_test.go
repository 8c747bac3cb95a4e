package tui

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mentorlog/model"
)

// loopFake is an in-memory Journal for the meeting-loop screens' tests.
type loopFake struct {
	mu     sync.Mutex
	rels   map[model.ID]*model.Full
	order  []model.ID
	writes []string // "SaveSession <id>", … in call order
	fail   error    // returned by the next write, then cleared
}

var errLoopNotFound = errors.New("not found")

func newLoopFake(fs ...model.Full) *loopFake {
	j := &loopFake{rels: map[model.ID]*model.Full{}}
	for _, f := range fs {
		f := f
		j.rels[f.Rel.ID] = &f
		j.order = append(j.order, f.Rel.ID)
	}
	return j
}

func (j *loopFake) write(what string, id model.ID) error {
	j.writes = append(j.writes, what+" "+string(id))
	if err := j.fail; err != nil {
		j.fail = nil
		return err
	}
	return nil
}

// full returns a copy of a relationship as stored.
func (j *loopFake) full(id model.ID) model.Full {
	j.mu.Lock()
	defer j.mu.Unlock()
	return cloneFull(*j.rels[id])
}

func cloneFull(f model.Full) model.Full {
	f.Goals = append([]model.Goal(nil), f.Goals...)
	f.Roadmap = append([]model.RoadmapItem(nil), f.Roadmap...)
	f.Sessions = append([]model.Session(nil), f.Sessions...)
	f.FollowUps = append([]model.FollowUp(nil), f.FollowUps...)
	f.Health = append([]model.HealthCheck(nil), f.Health...)
	f.Plan.Foundation.Signatures = append([]model.Signature(nil), f.Plan.Foundation.Signatures...)
	return f
}

func (j *loopFake) ListSummaries(ctx context.Context) ([]model.Summary, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []model.Summary
	for _, id := range j.order {
		out = append(out, model.Summarize(*j.rels[id]))
	}
	return out, nil
}

func (j *loopFake) LoadFull(ctx context.Context, id model.ID) (model.Full, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f, ok := j.rels[id]
	if !ok {
		return model.Full{}, errLoopNotFound
	}
	out := cloneFull(*f)
	sort.SliceStable(out.Sessions, func(a, b int) bool { return out.Sessions[a].Date.After(out.Sessions[b].Date) })
	return out, nil
}

func (j *loopFake) CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("CreateRelationship", r.ID); err != nil {
		return r, err
	}
	j.rels[r.ID] = &model.Full{Rel: r, Plan: model.Plan{RelID: r.ID}}
	j.order = append(j.order, r.ID)
	return r, nil
}

func (j *loopFake) UpdateRelationship(ctx context.Context, r model.Relationship) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("UpdateRelationship", r.ID); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	j.rels[r.ID].Rel = r
	return nil
}

func (j *loopFake) DeleteRelationship(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.rels, id)
	return j.write("DeleteRelationship", id)
}

func (j *loopFake) SavePlan(ctx context.Context, p model.Plan) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("SavePlan", p.RelID); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	j.rels[p.RelID].Plan = p
	return nil
}

func (j *loopFake) SaveGoal(ctx context.Context, g model.Goal) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	f := j.rels[g.RelID]
	for i := range f.Goals {
		if f.Goals[i].ID == g.ID {
			f.Goals[i] = g
			return j.write("SaveGoal", g.ID)
		}
	}
	f.Goals = append(f.Goals, g)
	return j.write("SaveGoal", g.ID)
}

func (j *loopFake) DeleteGoal(ctx context.Context, id model.ID) error { return nil }

func (j *loopFake) SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("SaveRoadmapItem", r.ID); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	f := j.rels[r.RelID]
	for i := range f.Roadmap {
		if f.Roadmap[i].ID == r.ID {
			f.Roadmap[i] = r
			return nil
		}
	}
	f.Roadmap = append(f.Roadmap, r)
	return nil
}

func (j *loopFake) DeleteRoadmapItem(ctx context.Context, id model.ID) error { return nil }
func (j *loopFake) ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error {
	return nil
}

func (j *loopFake) SaveSession(ctx context.Context, s model.Session) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("SaveSession", s.ID); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	f := j.rels[s.RelID]
	for i := range f.Sessions {
		if f.Sessions[i].ID == s.ID {
			f.Sessions[i] = s
			return nil
		}
	}
	f.Sessions = append(f.Sessions, s)
	return nil
}

func (j *loopFake) DeleteSession(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, f := range j.rels {
		for i := range f.Sessions {
			if f.Sessions[i].ID == id {
				f.Sessions = append(f.Sessions[:i], f.Sessions[i+1:]...)
				return j.write("DeleteSession", id)
			}
		}
	}
	return errLoopNotFound
}

func (j *loopFake) SaveFollowUp(ctx context.Context, x model.FollowUp) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("SaveFollowUp", x.ID); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	f := j.rels[x.RelID]
	if x.SessionID != "" {
		found := false
		for _, s := range f.Sessions {
			found = found || s.ID == x.SessionID
		}
		if !found {
			return errors.New("follow-up's session is not saved")
		}
	}
	for i := range f.FollowUps {
		if f.FollowUps[i].ID == x.ID {
			f.FollowUps[i] = x
			return nil
		}
	}
	f.FollowUps = append(f.FollowUps, x)
	return nil
}

func (j *loopFake) DeleteFollowUp(ctx context.Context, id model.ID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, f := range j.rels {
		for i := range f.FollowUps {
			if f.FollowUps[i].ID == id {
				f.FollowUps = append(f.FollowUps[:i], f.FollowUps[i+1:]...)
				return j.write("DeleteFollowUp", id)
			}
		}
	}
	return errLoopNotFound
}

func (j *loopFake) SaveHealthCheck(ctx context.Context, h model.HealthCheck) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write("SaveHealthCheck", h.ID); err != nil {
		return err
	}
	if err := h.Validate(); err != nil {
		return err
	}
	f := j.rels[h.RelID]
	f.Health = append(f.Health, h)
	return nil
}

func (j *loopFake) DeleteHealthCheck(ctx context.Context, id model.ID) error { return nil }

func (j *loopFake) OpenFollowUps(ctx context.Context) ([]model.FollowUp, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []model.FollowUp
	for _, id := range j.order {
		for _, x := range j.rels[id].FollowUps {
			if x.Status == model.FollowUpOpen {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func (j *loopFake) Due(ctx context.Context, today time.Time, horizon int) ([]model.DueItem, error) {
	sums, _ := j.ListSummaries(ctx)
	open, _ := j.OpenFollowUps(ctx)
	return model.Due(today, sums, open, horizon), nil
}

// Search is a plain scan; it honours RelID and NoPrivate like the store.
func (j *loopFake) Search(ctx context.Context, q string, opt model.SearchOptions) ([]model.Hit, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	q = strings.ToLower(strings.TrimSpace(q))
	var out []model.Hit
	if q == "" {
		return nil, nil
	}
	for _, id := range j.order {
		f := j.rels[id]
		if opt.RelID != "" && id != opt.RelID {
			continue
		}
		add := func(kind model.HitKind, rec model.ID, field, date, text string, private bool) {
			if private && opt.NoPrivate {
				return
			}
			for _, line := range strings.Split(text, "\n") {
				i := strings.Index(strings.ToLower(line), q)
				if i < 0 {
					continue
				}
				out = append(out, model.Hit{RelID: id, With: f.Rel.Other(), Kind: kind, RecordID: rec, Field: field,
					Date: date, Line: model.SanitizeLine(line), Start: i, End: i + len(q), Private: private})
			}
		}
		add(model.HitRelationship, id, "private notes", "", f.Rel.PrivateNotes, true)
		add(model.HitPlan, id, "foundation.expectations", "", f.Plan.Foundation.Expectations, false)
		add(model.HitPlan, id, "meaning.person", "", f.Plan.Meaning.Person, false)
		for _, g := range f.Goals {
			add(model.HitGoal, g.ID, "title", model.FormatDate(g.Due), g.Title, false)
		}
		for _, s := range f.Sessions {
			d := model.FormatDate(s.Date)
			add(model.HitSession, s.ID, "notes", d, s.Notes, false)
			add(model.HitSession, s.ID, "private notes", d, s.PrivateNotes, true)
			add(model.HitSession, s.ID, "reflection.useful", d, s.Reflection.Useful, false)
		}
		for _, x := range f.FollowUps {
			add(model.HitFollowUp, x.ID, "text", model.FormatDate(x.Due), x.Text, false)
		}
	}
	return out, nil
}

// Test data ---------------------------------------------------------------

// loopNow is the fixed clock of these tests.
var loopNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

func loopDeps(j Journal) deps {
	return deps{j: j, styles: newStyles(), now: func() time.Time { return loopNow }}
}

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

// Driving screens ----------------------------------------------------------

// loopDriver runs a screen like the app would: commands run at once,
// their messages come back; push, pop and status are recorded.
type loopDriver struct {
	t      testing.TB
	s      screen
	pushed []screen
	popped int
	status []string
	errs   []error
}

func drive(t testing.TB, s screen, w, h int) *loopDriver {
	s.SetSize(w, h)
	d := &loopDriver{t: t, s: s}
	d.run(s.Init())
	return d
}

// send delivers a message and runs what follows.
func (d *loopDriver) send(msg tea.Msg) {
	d.t.Helper()
	ns, cmd := d.s.Update(msg)
	d.s = ns
	d.run(cmd)
}

// keys types each key (named as in keyMsg; plain text as one rune each).
func (d *loopDriver) keys(ks ...string) {
	d.t.Helper()
	for _, k := range ks {
		d.send(keyMsg(k))
	}
}

// typeText sends each rune of s as a key.
func (d *loopDriver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// run executes a command tree synchronously, skipping timers (blink,
// debounce): tests deliver those messages themselves.
func (d *loopDriver) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil {
		return
	}
	msg := runCmdNoWait(cmd)
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c)
		}
	case sequenceMsgs:
		for _, c := range m {
			d.run(c)
		}
	case pushMsg:
		d.pushed = append(d.pushed, m.s)
	case popMsg:
		d.popped++
	case statusMsg:
		d.status = append(d.status, string(m))
	case errMsg:
		d.errs = append(d.errs, m.err)
	default:
		d.send(msg)
	}
}

// sequenceMsgs is what tea.Sequence's unexported message holds.
type sequenceMsgs []tea.Cmd

// runCmdNoWait runs cmd unless it is a timer (a cursor blink or a
// tea.Tick such as the search debounce): tests deliver timer messages
// themselves.
func runCmdNoWait(cmd tea.Cmd) tea.Msg {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	if strings.Contains(name, "bubbletea.Tick") || strings.Contains(name, "BlinkCmd") || strings.Contains(name, "bubbletea.Every") {
		return nil
	}
	return normalizeSeq(cmd())
}

// normalizeSeq turns tea.Sequence's message into sequenceMsgs.
func normalizeSeq(msg tea.Msg) tea.Msg {
	if msg == nil {
		return nil
	}
	if _, ok := msg.(tea.BatchMsg); ok {
		return msg
	}
	if seq, ok := sequenceOf(msg); ok {
		return sequenceMsgs(seq)
	}
	return msg
}
