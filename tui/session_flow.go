package tui

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// The steps of a session. The first three run the meeting; the last three
// end it.
const (
	stepReview = iota
	stepTopic
	stepNotes
	stepReflect
	stepFollowUps
	stepNext
	stepCount
)

var stepNames = [stepCount]string{"Review", "Topic", "Notes", "Reflection", "Follow-ups", "Next meeting"}

var stepHints = [stepCount]string{
	"Follow-ups open from earlier meetings: d done · c carried over · x dropped",
	"Today's topic: the next planned one, another from the roadmap, or a free topic.",
	"Agenda, notes and recap. Private notes are never shown in pair view.",
	"Answer what you can: an empty answer is skipped and shown as not answered.",
	"What will each of you do before the next meeting? n adds one.",
	"When do you meet next? Proposed from the agreed cadence; change it if needed.",
}

// Form field keys: the field names Session.Validate reports, so errors
// land next to their field.
const (
	kDate    = "date"
	kLength  = "length"
	kTopic   = "topic"
	kFree    = "free topic"
	kAgenda  = "agenda"
	kNotes   = "notes"
	kRecap   = "recap"
	kPrivate = "private notes"
	kNext    = "next meeting"
	kFinish  = "finish"
	freePick = "free"
)

// reflectionKeys are the Validate names of the four reflection answers.
var reflectionKeys = [4]string{"reflection.useful", "reflection.next steps", "reflection.before next", "reflection.change"}

// sessionFlow runs one session: it starts a new one or reopens one to read
// and edit it. Everything typed is saved when the step changes, with
// ctrl+s, and when leaving with esc, so nothing is lost.
//
// The review and follow-up steps are lists; the other steps are forms
// (form.go): tab moves between fields, ctrl+e opens a long field in
// $EDITOR.
type sessionFlow struct {
	d     deps
	full  model.Full
	sess  model.Session
	saved bool // the session exists in the journal
	keys  flowKeys

	step  int
	forms [stepCount]*form // nil for the list steps

	reviews []model.FollowUpReview
	rrow    int
	choices []model.RoadmapItem // planned topics (and the one this session holds)
	mine    []model.FollowUp    // follow-ups made in this session
	frow    int                 // cursor over mine (len(mine) = the "add" row)
	adding  bool
	entry   followUpEntry
	stored  map[model.ID]model.FollowUp

	// saving is true while a write is in flight; again asks for another
	// write when it finishes, so writes never overtake each other.
	saving  bool
	again   bool
	finish  bool // the write asked for ends the session
	leave   bool // go back when the write in flight is done
	pending uint64
	dirty   bool // list edits (review, follow-ups) not yet saved
	err     string

	width, height int
}

type flowKeys struct {
	Up, Down, NextStep, PrevStep, Save, Leave, Done, Carry, Drop, Add, Remove, Finish key.Binding
}

func newFlowKeys() flowKeys {
	return flowKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		NextStep: key.NewBinding(key.WithKeys("pgdown", "ctrl+n"), key.WithHelp("pgdn", "next step")),
		PrevStep: key.NewBinding(key.WithKeys("pgup", "ctrl+p"), key.WithHelp("pgup", "previous step")),
		Save:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "save and go back")),
		Done:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "done")),
		Carry:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "carry over")),
		Drop:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "drop")),
		Add:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "add a follow-up")),
		Remove:   key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "remove follow-up")),
		Finish:   key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "finish the session")),
	}
}

// startSession begins a new session dated today.
func startSession(d deps, f model.Full) *sessionFlow {
	now := d.now()
	x := model.Session{ID: model.NewID(now), RelID: f.Rel.ID, Date: d.today(), Created: now.UTC(), Updated: now.UTC()}
	// The next planned topic is proposed.
	if t, ok := f.NextTopic(); ok {
		x.RoadmapID, x.Topic = t.ID, t.Topic
	}
	s := newFlow(d, f, x, false)
	// The follow-ups still open from earlier meetings, to review.
	var open []model.FollowUp
	for _, fu := range f.FollowUps {
		if fu.Status == model.FollowUpOpen {
			open = append(open, fu)
		}
	}
	model.SortFollowUps(open, d.today())
	for _, fu := range open {
		s.reviews = append(s.reviews, model.FollowUpReview{FollowUpID: fu.ID, Text: fu.Text, Outcome: model.OutcomeCarried})
	}
	return s
}

// newSessionFlow reopens a session to read or edit it.
func newSessionFlow(d deps, f model.Full, x model.Session) *sessionFlow {
	s := newFlow(d, f, x, true)
	s.step = stepNotes
	return s
}

func newFlow(d deps, f model.Full, x model.Session, saved bool) *sessionFlow {
	s := &sessionFlow{d: d, full: f, sess: x, saved: saved, keys: newFlowKeys(),
		stored: map[model.ID]model.FollowUp{}, width: 80, height: 20}
	s.reviews = append([]model.FollowUpReview(nil), x.Reviewed...)
	for _, fu := range f.FollowUps {
		s.stored[fu.ID] = fu
		if fu.SessionID == x.ID {
			s.mine = append(s.mine, fu)
		}
	}
	items := append([]model.RoadmapItem(nil), f.Roadmap...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].Position < items[j].Position })
	for _, it := range items {
		if it.Status == model.TopicPlanned || (x.RoadmapID != "" && it.ID == x.RoadmapID) {
			s.choices = append(s.choices, it)
		}
	}

	// Topic step.
	values := []string{}
	labels := []string{}
	for i, it := range s.choices {
		values = append(values, string(it.ID))
		l := model.SanitizeLine(it.Topic)
		if i == 0 && it.Status == model.TopicPlanned {
			l = "next planned: " + l
		}
		labels = append(labels, l)
	}
	values = append(values, freePick)
	labels = append(labels, "a free topic")
	pick, free := freePick, x.Topic
	if x.RoadmapID != "" {
		pick, free = string(x.RoadmapID), ""
	}
	minutes := ""
	if x.Minutes > 0 {
		minutes = strconv.Itoa(x.Minutes)
	}
	s.forms[stepTopic] = newForm(d,
		dateField(kDate, "Date", x.Date),
		lineField(kLength, "Length (minutes)", minutes).withPlaceholder("e.g. 45"),
		choiceField(kTopic, "Topic", values, pick).withLabels(labels),
		lineField(kFree, "Free topic", free).withPlaceholder("what you talk about, if not a planned topic"),
	)

	// Notes step.
	s.forms[stepNotes] = newForm(d,
		textField(kAgenda, "Agenda", x.Agenda),
		textField(kNotes, "Notes", x.Notes),
		textField(kRecap, "Recap", x.Recap).withHint("a few lines to read before the next meeting"),
		textField(kPrivate, "Private notes", x.PrivateNotes).withHint("yours only: never shown in pair view or a shared export"),
	)

	// Reflection step.
	ans := x.Reflection.Answers()
	var rf []*field
	for i, q := range model.ReflectionQuestions {
		rf = append(rf, textField(reflectionKeys[i], q.Question, ans[i]).withPlaceholder("not answered — leave empty to skip"))
	}
	s.forms[stepReflect] = newForm(d, rf...)

	// Next meeting step.
	next := x.NextMeeting
	if next.IsZero() {
		next = model.ProposeNextMeeting(x.Date, f.Rel.CadenceDays)
	}
	hint := "proposed a week after the session"
	if f.Rel.CadenceDays > 0 {
		hint = fmt.Sprintf("proposed from the cadence: every %d days", f.Rel.CadenceDays)
	}
	s.forms[stepNext] = newForm(d,
		dateField(kNext, "Next meeting", next).withHint(hint),
		linkField(kFinish, "Finish", s.finishSummary, func() tea.Cmd { return s.save(true) }),
	)
	return s
}

// finishSummary is what finishing will record.
func (s *sessionFlow) finishSummary() []string {
	if s.sess.Ended {
		return []string{"enter saves the session (it ended already)"}
	}
	n := 0
	for _, r := range s.reviews {
		if r.Outcome != model.OutcomeCarried {
			n++
		}
	}
	return []string{fmt.Sprintf("enter ends the session: %s reviewed, %d new, the topic marked held", plural(n, "follow-up"), len(s.mine))}
}

func (s *sessionFlow) Init() tea.Cmd {
	if f := s.forms[s.step]; f != nil {
		return f.Focus()
	}
	return nil
}

func (s *sessionFlow) scopeRel() model.ID { return s.full.Rel.ID }

func (s *sessionFlow) Title() string {
	return "Session " + model.FormatDate(s.sess.Date)
}

// Capturing: the form steps take every key (they are text); the list
// steps only while a follow-up is being typed.
func (s *sessionFlow) Capturing() bool { return s.forms[s.step] != nil || s.adding }

func (s *sessionFlow) formsDirty() bool {
	for _, f := range s.forms {
		if f != nil && f.Dirty() {
			return true
		}
	}
	return false
}

func (s *sessionFlow) Dirty() bool {
	return s.dirty || s.saving || s.formsDirty() || (s.adding && !s.entry.blank())
}

// flowHead is the number of lines above a step's body.
const flowHead = 4

func (s *sessionFlow) SetSize(w, h int) {
	s.width, s.height = w, h
	for _, f := range s.forms {
		if f != nil {
			f.SetSize(w, max(3, h-flowHead))
		}
	}
}

// build makes the session from what was typed; it checks the fields.
func (s *sessionFlow) build(ending bool) (model.Session, error) {
	x := s.sess
	now := s.d.now()
	tf := s.forms[stepTopic]
	date, err := tf.Date(kDate)
	if err != nil {
		return x, err
	}
	if date.IsZero() {
		return x, &model.FieldError{Field: kDate, Reason: "required: the day of the meeting (today, or YYYY-MM-DD)"}
	}
	x.Date = date
	if x.Minutes, err = tf.Int(kLength); err != nil {
		return x, err
	}
	pick := tf.Choice(kTopic)
	x.RoadmapID, x.Topic = "", strings.TrimSpace(tf.Value(kFree))
	for _, it := range s.choices {
		if string(it.ID) == pick {
			x.RoadmapID, x.Topic = it.ID, it.Topic
		}
	}
	nf := s.forms[stepNotes]
	x.Agenda, x.Notes, x.Recap, x.PrivateNotes = nf.Value(kAgenda), nf.Value(kNotes), nf.Value(kRecap), nf.Value(kPrivate)
	rf := s.forms[stepReflect]
	x.Reflection = model.Reflection{
		Useful:     strings.TrimSpace(rf.Value(reflectionKeys[0])),
		NextSteps:  strings.TrimSpace(rf.Value(reflectionKeys[1])),
		BeforeNext: strings.TrimSpace(rf.Value(reflectionKeys[2])),
		Change:     strings.TrimSpace(rf.Value(reflectionKeys[3])),
	}
	x.Reviewed = append([]model.FollowUpReview(nil), s.reviews...)
	if ending || x.Ended {
		if x.NextMeeting, err = s.forms[stepNext].Date(kNext); err != nil {
			return x, err
		}
		x.Ended = true
	}
	x.Updated = now.UTC()
	return x, x.Validate()
}

// formFor is the step whose form has a field for an error path.
func (s *sessionFlow) formFor(err error) int {
	for _, p := range model.Prefixed("", err) {
		for i, f := range s.forms {
			if f != nil && f.fieldFor(p.Field) >= 0 {
				return i
			}
		}
	}
	return -1
}

// writes lists the follow-ups and roadmap items that must change with the
// session x.
func (s *sessionFlow) writes(x model.Session) ([]model.FollowUp, []model.RoadmapItem) {
	var fus []model.FollowUp
	for _, r := range s.reviews {
		fu, ok := s.stored[r.FollowUpID]
		if !ok {
			continue
		}
		want := fu
		switch r.Outcome {
		case model.OutcomeDone:
			want.Status = model.FollowUpDone
			if fu.Status != model.FollowUpDone {
				want.DoneAt = x.Date
			}
		case model.OutcomeDropped:
			want.Status, want.DoneAt = model.FollowUpDropped, time.Time{}
		default:
			want.Status, want.DoneAt = model.FollowUpOpen, time.Time{}
		}
		if want.Status != fu.Status || !want.DoneAt.Equal(fu.DoneAt) {
			want.Updated = x.Updated
			fus = append(fus, want)
		}
	}
	for _, fu := range s.mine {
		if old, ok := s.stored[fu.ID]; !ok || old != fu {
			fus = append(fus, fu)
		}
	}
	var items []model.RoadmapItem
	if x.Ended {
		for _, it := range s.full.Roadmap {
			switch {
			case it.ID == x.RoadmapID && (it.Status != model.TopicHeld || it.SessionID != x.ID):
				it.Status, it.SessionID, it.Updated = model.TopicHeld, x.ID, x.Updated
				items = append(items, it)
			case it.ID != x.RoadmapID && it.SessionID == x.ID && it.Status == model.TopicHeld:
				// This session moved to another topic: the old one is planned again.
				it.Status, it.SessionID, it.Updated = model.TopicPlanned, "", x.Updated
				items = append(items, it)
			}
		}
	}
	return fus, items
}

// flowSavedMsg reports a write of the session flow.
type flowSavedMsg struct {
	req   uint64
	sess  model.Session
	fus   []model.FollowUp
	items []model.RoadmapItem
	err   error
}

// save writes the session (and what changed with it) unless a write is
// already in flight, in which case it runs again when that one ends.
func (s *sessionFlow) save(ending bool) tea.Cmd {
	if readOnly(s.full) {
		s.err = errReadOnlyText
		return nil
	}
	x, err := s.build(ending)
	if err != nil {
		s.err = "not saved: " + model.SanitizeLine(err.Error())
		if i := s.formFor(err); i >= 0 {
			s.forms[i].SetErrors(err)
			if i != s.step {
				s.step = i
				return s.forms[i].Focus()
			}
		}
		return nil
	}
	s.err = ""
	if s.saving {
		s.again = true
		s.finish = s.finish || ending
		return nil
	}
	s.saving, s.finish = true, ending
	fus, items := s.writes(x)
	s.pending = nextReq()
	j, req := s.d.j, s.pending
	return func() tea.Msg {
		ctx := context.Background()
		msg := flowSavedMsg{req: req, sess: x, fus: fus, items: items}
		if msg.err = j.SaveSession(ctx, x); msg.err != nil {
			return msg
		}
		for _, fu := range fus {
			if msg.err = j.SaveFollowUp(ctx, fu); msg.err != nil {
				return msg
			}
		}
		for _, it := range items {
			if msg.err = j.SaveRoadmapItem(ctx, it); msg.err != nil {
				return msg
			}
		}
		return msg
	}
}

// flowRemovedMsg reports a follow-up removed from the session.
type flowRemovedMsg struct {
	id  model.ID
	err error
}

func (s *sessionFlow) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case flowSavedMsg:
		return s, s.saved1(msg)
	case flowRemovedMsg:
		if msg.err != nil {
			return s, fail(msg.err)
		}
		delete(s.stored, msg.id)
		return s, status("Follow-up removed")
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	if f := s.forms[s.step]; f != nil {
		_, cmd := f.Update(msg)
		return s, cmd
	}
	if s.adding {
		_, cmd := s.entry.update(msg)
		return s, cmd
	}
	return s, nil
}

// saved1 handles the end of a write.
func (s *sessionFlow) saved1(msg flowSavedMsg) tea.Cmd {
	if msg.req != s.pending {
		return nil
	}
	s.saving = false
	if msg.err != nil {
		s.err = "not saved: " + model.SanitizeLine(msg.err.Error())
		s.again, s.finish, s.leave = false, false, false
		return fail(msg.err)
	}
	s.saved = true
	for _, fu := range msg.fus {
		s.stored[fu.ID] = fu
	}
	for _, it := range msg.items {
		for i := range s.full.Roadmap {
			if s.full.Roadmap[i].ID == it.ID {
				s.full.Roadmap[i] = it
			}
		}
	}
	s.sess = msg.sess
	if s.again {
		s.again = false
		return s.save(s.finish)
	}
	s.dirty = false
	for _, f := range s.forms {
		if f != nil {
			f.MarkSaved()
		}
	}
	switch {
	case msg.sess.Ended && s.finish:
		s.finish = false
		note := "Session saved: " + plural(len(s.mine), "follow-up")
		if !msg.sess.NextMeeting.IsZero() {
			note += ", next meeting " + model.FormatDate(msg.sess.NextMeeting)
		}
		return tea.Batch(pop(true), status(note))
	case s.leave:
		return pop(true)
	}
	return nil
}

func (s *sessionFlow) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.adding {
		return s.updateAdding(msg)
	}
	switch {
	case key.Matches(msg, k.NextStep):
		return s.goStep(s.step + 1)
	case key.Matches(msg, k.PrevStep):
		return s.goStep(s.step - 1)
	case key.Matches(msg, k.Finish):
		return s.save(true)
	}
	if f := s.forms[s.step]; f != nil {
		act, cmd := f.Update(msg)
		switch act {
		case formSave:
			return tea.Batch(cmd, s.save(false), status("Saved"))
		case formCancel:
			return s.goBack()
		}
		if readOnly(s.full) {
			// Looking is fine; nothing is saved.
			return cmd
		}
		return cmd
	}
	// The list steps.
	switch {
	case key.Matches(msg, k.Save):
		s.dirty = true
		return s.save(false)
	case key.Matches(msg, k.Leave):
		return s.goBack()
	}
	if s.step == stepReview {
		return s.reviewKey(msg)
	}
	return s.followUpKey(msg)
}

// goBack saves what is not saved yet, then leaves.
func (s *sessionFlow) goBack() tea.Cmd {
	if readOnly(s.full) || (!s.Dirty() && s.saved) || (!s.saved && !s.Dirty() && s.step == stepReview) {
		return pop(s.saved)
	}
	cmd := s.save(false)
	if s.err != "" {
		return nil // a field is wrong: stay and show it
	}
	s.leave = true
	return cmd
}

func (s *sessionFlow) reviewKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.rrow = max(0, s.rrow-1)
	case key.Matches(msg, k.Down):
		s.rrow = min(len(s.reviews)-1, s.rrow+1)
	case key.Matches(msg, k.Done, k.Carry, k.Drop) || msg.String() == "enter" || msg.String() == " ":
		if readOnly(s.full) {
			s.err = errReadOnlyText
			return nil
		}
		if s.rrow >= len(s.reviews) {
			return nil
		}
		r := &s.reviews[s.rrow]
		switch {
		case key.Matches(msg, k.Done):
			r.Outcome = model.OutcomeDone
		case key.Matches(msg, k.Carry):
			r.Outcome = model.OutcomeCarried
		case key.Matches(msg, k.Drop):
			r.Outcome = model.OutcomeDropped
		default: // enter and space cycle
			switch r.Outcome {
			case model.OutcomeCarried:
				r.Outcome = model.OutcomeDone
			case model.OutcomeDone:
				r.Outcome = model.OutcomeDropped
			default:
				r.Outcome = model.OutcomeCarried
			}
		}
		s.dirty = true
		if msg.String() != "enter" && msg.String() != " " {
			s.rrow = min(len(s.reviews)-1, s.rrow+1)
		}
		// Saved at once: the session then exists, and leaving loses nothing.
		return s.save(false)
	}
	return nil
}

func (s *sessionFlow) followUpKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.frow = max(0, s.frow-1)
		return nil
	case key.Matches(msg, k.Down):
		s.frow = min(len(s.mine), s.frow+1)
		return nil
	}
	if readOnly(s.full) {
		if key.Matches(msg, k.Add, k.Remove) {
			s.err = errReadOnlyText
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Add), msg.String() == "enter" && s.frow == len(s.mine):
		return s.startAdding()
	case key.Matches(msg, k.Remove) && s.frow < len(s.mine):
		fu := s.mine[s.frow]
		s.mine = append(s.mine[:s.frow:s.frow], s.mine[s.frow+1:]...)
		if _, stored := s.stored[fu.ID]; !stored {
			return nil
		}
		j := s.d.j
		return func() tea.Msg {
			return flowRemovedMsg{id: fu.ID, err: j.DeleteFollowUp(context.Background(), fu.ID)}
		}
	}
	return nil
}

// goStep moves to another step, saving what was done so far.
func (s *sessionFlow) goStep(step int) tea.Cmd {
	if step < 0 || step >= stepCount || step == s.step || s.adding {
		return nil
	}
	s.step = step
	s.err = ""
	var cmds []tea.Cmd
	if f := s.forms[step]; f != nil {
		cmds = append(cmds, f.Focus())
	}
	if !readOnly(s.full) && (s.Dirty() || !s.saved) {
		cmds = append(cmds, s.save(false))
	}
	return tea.Batch(cmds...)
}

func (s *sessionFlow) startAdding() tea.Cmd {
	due, _ := s.forms[stepNext].Date(kNext)
	s.entry = newFollowUpEntry(model.RoleMentee, due)
	s.adding = true
	return s.entry.start()
}

func (s *sessionFlow) updateAdding(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.entry.update(msg)
	switch res {
	case entryCancel:
		s.adding = false
		return nil
	case entryAdd:
		if s.entry.blank() {
			s.adding = false
			return nil
		}
		fu, ok := s.entry.build(s.full.Rel.ID, s.sess.ID, s.d.now())
		if !ok {
			return nil
		}
		s.mine = append(s.mine, fu)
		s.entry.clear()
		s.frow = len(s.mine)
		s.dirty = true
		return s.save(false)
	}
	return cmd
}

func (s *sessionFlow) View() string {
	st := s.d.styles
	w := max(30, s.width)
	state := st.Warn.Render("in progress")
	if s.sess.Ended {
		state = st.Good.Render("ended")
	}
	saved := st.Muted.Render("saved")
	switch {
	case readOnly(s.full):
		saved = st.Warn.Render("closed: read-only")
	case s.saving:
		saved = st.Muted.Render("saving…")
	case !s.saved:
		saved = st.Muted.Render("new, not saved yet")
	case s.Dirty():
		saved = st.Warn.Render("changed")
	}
	tail := "  " + state + " · " + saved
	head := []string{st.Title.Render(cut("Session with "+model.SanitizeLine(s.full.Rel.Other())+" · "+model.FormatDate(s.sess.Date), max(10, w-ansi.StringWidth(tail)))) + tail}
	steps := make([]string, 0, stepCount)
	for i, n := range stepNames {
		label := fmt.Sprintf("%d %s", i+1, n)
		switch {
		case i == s.step:
			label = st.Selected.Render(label)
		default:
			label = st.Muted.Render(label)
		}
		steps = append(steps, label)
	}
	head = append(head, cut(strings.Join(steps, st.Muted.Render(" › ")), w))
	if s.err != "" {
		head = append(head, st.Error.Render(cut(s.err, w)))
	} else {
		head = append(head, st.Muted.Render(cut(stepHints[s.step], w)))
	}
	head = append(head, "")
	bh := max(1, s.height-flowHead)
	var body []string
	switch {
	case s.forms[s.step] != nil:
		body = strings.Split(s.forms[s.step].View(), "\n")
	case s.step == stepReview:
		body = s.reviewLines(w, bh)
	default:
		body = s.followUpLines(w, bh)
	}
	return strings.Join(append(head, fitLines(body, bh)...), "\n")
}

func (s *sessionFlow) reviewLines(w, h int) []string {
	st := s.d.styles
	if len(s.reviews) == 0 {
		return []string{st.Muted.Render(cut("No follow-ups were open: nothing to review. pgdn goes on to the topic.", w))}
	}
	off := scrollTo(s.rrow, 0, h, len(s.reviews))
	var out []string
	for i := off; i < len(s.reviews) && len(out) < h; i++ {
		rv := s.reviews[i]
		mark := "  "
		if i == s.rrow {
			mark = st.Selected.Render("▸") + " "
		}
		var choice string
		switch rv.Outcome {
		case model.OutcomeDone:
			choice = st.Good.Render("[done]")
		case model.OutcomeDropped:
			choice = st.Muted.Render("[dropped]")
		default:
			choice = st.Accent.Render("[carried over]")
		}
		choice = padRight(choice, 14)
		who, due := "", ""
		if fu, ok := s.stored[rv.FollowUpID]; ok {
			who = model.SanitizeLine(s.full.Rel.NameOf(fu.Owner)) + ": "
			if !fu.Due.IsZero() {
				due = "  " + dueText(st, model.FollowUp{Status: model.FollowUpOpen, Due: fu.Due}, s.d.today())
			}
		}
		room := max(10, w-2-ansi.StringWidth(choice)-2-ansi.StringWidth(due))
		out = append(out, mark+padRight(one(who+rv.Text, room), room)+due+"  "+choice)
	}
	return out
}

func (s *sessionFlow) followUpLines(w, h int) []string {
	st := s.d.styles
	var out []string
	if len(s.mine) == 0 && !s.adding {
		out = append(out, st.Muted.Render("No follow-ups from this session yet."), "")
	}
	for i, fu := range s.mine {
		mark := "  "
		if i == s.frow && !s.adding {
			mark = st.Selected.Render("▸") + " "
		}
		due := st.Muted.Render("  no date")
		if !fu.Due.IsZero() {
			due = st.Muted.Render("  due " + model.FormatDate(fu.Due))
		}
		out = append(out, mark+one(partyName(s.full.Rel, fu.Owner)+": "+fu.Text, max(10, w-20))+due)
	}
	if s.adding {
		out = append(out, "")
		out = append(out, strings.Split(s.entry.view(st, s.full.Rel, w), "\n")...)
	} else {
		mark := "  "
		if s.frow == len(s.mine) {
			mark = st.Selected.Render("▸") + " "
		}
		out = append(out, mark+st.Accent.Render("+ add a follow-up")+st.Muted.Render("  n or enter"))
	}
	if len(out) > h {
		out = out[len(out)-h:]
	}
	return out
}

func lipWidth(s string) int { return ansi.StringWidth(s) }

// loopEditedMsg brings back text edited in $EDITOR.
type loopEditedMsg struct {
	owner any // the screen that asked
	field int
	text  string
	err   error
}

func (s *sessionFlow) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.adding:
		return nil
	case s.forms[s.step] != nil:
		return append([]key.Binding{k.NextStep, k.PrevStep}, s.forms[s.step].ShortHelp()...)
	case readOnly(s.full):
		return []key.Binding{k.NextStep, k.PrevStep, k.Leave}
	case s.step == stepReview:
		return []key.Binding{k.Done, k.Carry, k.Drop, k.NextStep, k.Leave}
	}
	return []key.Binding{k.Add, k.Remove, k.NextStep, k.PrevStep, k.Finish}
}

func (s *sessionFlow) FullHelp() [][]key.Binding {
	k := s.keys
	steps := []key.Binding{k.NextStep, k.PrevStep, k.Finish}
	switch {
	case s.adding:
		return nil
	case s.forms[s.step] != nil:
		return append([][]key.Binding{steps}, s.forms[s.step].FullHelp()...)
	case readOnly(s.full):
		return [][]key.Binding{steps, {k.Up, k.Down, k.Leave}}
	case s.step == stepReview:
		return [][]key.Binding{steps, {k.Up, k.Down}, {k.Done, k.Carry, k.Drop, k.Save, k.Leave}}
	}
	return [][]key.Binding{steps, {k.Up, k.Down}, {k.Add, k.Remove, k.Save, k.Leave}}
}
