package tui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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

// stepHints fit 80 columns: the hint is one line of the head (flowHead).
var stepHints = [stepCount]string{
	"Open follow-ups from earlier meetings: x done · o carried over · X dropped",
	"Today's topic: next planned, another from the roadmap, or a free topic.",
	"Agenda, notes and recap. Private notes are never shown in pair view.",
	"Answer what you can: an empty answer is skipped and shown as not answered.",
	"What will each of you do before the next meeting? n adds one, d removes one.",
	"Which layers did you work on? When do you meet next? Change any proposal.",
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
	kLayers  = "layers"
	kFinish  = "finish"
	freePick = "free"
	// suggestPick prefixes the choice of a topic suggested for the stage.
	suggestPick = "suggested:"
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
	// endedBefore: the session had ended when it was opened; finishing it
	// again saves it, and says no more.
	endedBefore bool
	keys        flowKeys

	step  int
	forms [stepCount]*form // nil for the list steps

	reviews []model.FollowUpReview
	rlist   rowList             // over reviews
	choices []model.RoadmapItem // planned topics (and the one this session holds)
	suggest []model.Topic       // topics for the stage, offered when none is planned
	// proposed is the layers last proposed for the session; the proposal
	// follows the topic until the pair changes the marks.
	proposed string
	// proposedNext is the next meeting last proposed (empty when the
	// session holds its own); it follows the session's date until the
	// pair changes it.
	proposedNext string
	mine         []model.FollowUp // follow-ups made in this session
	removed      []model.ID       // stored follow-ups of this session removed from it
	marked       []model.ID       // reviews set by a key since the last save (SessionChange.Marked)
	shownAgain   bool             // the read under way is of the screen shown again after writes on top of it
	flist        rowList          // over mine, and the "add" row after them
	adding       bool
	entry        followUpEntry
	stored       map[model.ID]model.FollowUp
	last         *model.Session // the last session before this one, for its reflection

	// saving is true while a write is in flight; again asks for another
	// write when it finishes, so writes never overtake each other.
	saving   bool
	again    bool
	finish   bool // the write asked for ends the session
	leave    bool // go back when the write in flight is done
	note     string
	inFlight model.Session
	sent     model.SessionChange // what the write in flight writes
	req      uint64              // the read under way
	dirty    bool                // list edits (review, follow-ups) not yet saved
	err      string

	width, height int
}

type flowKeys struct {
	lk                                                              listKeys
	NextStep, PrevStep, Save, Leave, Done, Carry, Drop, Add, Remove key.Binding
	Finish, Cycle                                                   key.Binding
}

func newFlowKeys() flowKeys {
	lk := newListKeys()
	// pgup and pgdn move between the steps here.
	lk.PageUp.SetEnabled(false)
	lk.PageDown.SetEnabled(false)
	return flowKeys{
		lk: lk,
		// A step is the flow's page: pgdn and pgup turn it, in a text
		// field too (ctrl+n and ctrl+p where a keyboard has no page keys;
		// see fieldOwns).
		NextStep: key.NewBinding(key.WithKeys("pgdown", "ctrl+n"), key.WithHelp("pgdn", "save, next step")),
		PrevStep: key.NewBinding(key.WithKeys("pgup", "ctrl+p"), key.WithHelp("pgup", "save, previous step")),
		Save:     keySave("save"),
		Leave:    keyCancel("save and go back"),
		Done:     bind("done", "x"),
		Carry:    keyCarry(),
		Drop:     bind("dropped", "X"),
		Cycle:    bind("cycle done/dropped/carried", "enter", "space"),
		Add:      keyNew("add a follow-up"),
		Remove:   keyDelete("remove the follow-up"),
		Finish:   bind("finish", "ctrl+f", "ctrl+enter"),
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
	s.setLists()
	return s
}

// keep keeps in the window the session and the follow-ups it reviews and
// made, whatever their dates (one it marks done falls out of it).
func (s *sessionFlow) keep() []model.ID {
	ids := []model.ID{s.sess.ID}
	for _, r := range s.reviews {
		ids = append(ids, r.FollowUpID)
	}
	for _, fu := range s.mine {
		ids = append(ids, fu.ID)
	}
	return ids
}

// lastBefore is the last ended session before x: what it said of itself,
// above all what to change, is in front of the pair during x.
func lastBefore(f model.Full, x model.Session) *model.Session {
	var last *model.Session
	for i := range f.Sessions {
		y := f.Sessions[i]
		if !y.Ended || y.ID == x.ID || y.Date.After(x.Date) {
			continue
		}
		if last == nil || model.NewestFirst(y, *last) < 0 {
			last = &y
		}
	}
	return last
}

// sessionFlowOf reopens session id of f, or is nil when f does not hold
// it (it is gone).
func sessionFlowOf(d deps, f model.Full, id model.ID) screen {
	for _, x := range f.Sessions {
		if x.ID == id {
			return newSessionFlow(d, f, x)
		}
	}
	return nil
}

// newSessionFlow reopens a session to read or edit it.
func newSessionFlow(d deps, f model.Full, x model.Session) *sessionFlow {
	s := newFlow(d, f, x, true)
	s.step = stepNotes
	if x.Ended {
		// An ended session is opened to be read: no field takes the keys
		// until tab or enter (a newcomer's f and ? landed in its agenda).
		for _, fm := range s.forms {
			if fm != nil {
				fm.unfocus()
			}
		}
	}
	return s
}

func newFlow(d deps, f model.Full, x model.Session, saved bool) *sessionFlow {
	s := &sessionFlow{d: d, full: f, sess: x, saved: saved, endedBefore: x.Ended, keys: newFlowKeys(),
		stored: map[model.ID]model.FollowUp{}, width: 80, height: 20}
	s.last = lastBefore(f, x)
	defer s.setLists()
	for _, fu := range f.FollowUps {
		s.stored[fu.ID] = fu
		if fu.SessionID == x.ID {
			s.mine = append(s.mine, fu)
		}
	}
	s.reviews = append([]model.FollowUpReview(nil), x.Reviewed...)
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
	if len(s.choices) == 0 && !x.Ended {
		// Nothing planned: topics that suit the stage and the layer (for
		// a session in progress opened again too).
		s.suggest = model.SuggestTopicsFor(f, x.ID, d.today(), 4)
		for i, t := range s.suggest {
			values = append(values, suggestPick+strconv.Itoa(i))
			labels = append(labels, "suggested: "+t.Text)
		}
	}
	values = append(values, freePick)
	labels = append(labels, "a free topic")
	pick, free := freePick, x.Topic
	if x.RoadmapID != "" {
		pick, free = string(x.RoadmapID), ""
	}
	for i, t := range s.suggest {
		if x.RoadmapID == "" && x.Topic == t.Text {
			pick, free = suggestPick+strconv.Itoa(i), "" // the suggestion it took
		}
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
		s.proposedNext = model.FormatDate(next)
	}
	hint := "proposed a week after the session"
	if f.Rel.CadenceDays > 0 {
		hint = fmt.Sprintf("proposed from the cadence: every %d days", f.Rel.CadenceDays)
	}
	layerValues, layerLabels := make([]string, len(model.Layers)), make([]string, len(model.Layers))
	for i, l := range model.Layers {
		layerValues[i], layerLabels[i] = strconv.Itoa(i), l.Layer.Label()
	}
	s.forms[stepNext] = newForm(d,
		marksField(kLayers, "Layers worked on", layerValues, layerLabels, layerValuesOf(x.Layers)).
			withHint("0–6 or space marks a layer; proposed from the topic, goal and edits"),
		dateField(kNext, "Next meeting", next).withHint(hint),
		linkField(kFinish, "Finish", s.finishSummary, s.end).withHint(finishHint(x.Ended)),
	)
	for _, fm := range s.forms {
		if fm == nil {
			continue
		}
		if readOnly(f) {
			fm.setReadOnly()
		} else {
			// Leaving a step's form keeps what was typed: esc saves here.
			fm.keys.Cancel.SetHelp("esc", "save and go back")
		}
	}
	return s
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

// Capturing: a form step takes every key on a field that takes text; the
// list steps only while a follow-up is being typed.
func (s *sessionFlow) Capturing() bool {
	if f := s.forms[s.step]; f != nil {
		return f.typing()
	}
	return s.adding
}

// ownsEsc: on a form step, and while a follow-up is being typed, esc is
// the step's own (it leaves the form or the typing).
func (s *sessionFlow) ownsEsc() bool { return s.forms[s.step] != nil || s.adding }

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

// reflection is the reflection as typed.
func (s *sessionFlow) reflection() model.Reflection {
	rf := s.forms[stepReflect]
	return model.Reflection{
		Useful:     strings.TrimSpace(rf.Value(reflectionKeys[0])),
		NextSteps:  strings.TrimSpace(rf.Value(reflectionKeys[1])),
		BeforeNext: strings.TrimSpace(rf.Value(reflectionKeys[2])),
		Change:     strings.TrimSpace(rf.Value(reflectionKeys[3])),
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
	free := strings.TrimSpace(tf.Value(kFree))
	x.RoadmapID, x.Topic = "", free
	// A free topic typed wins over the planned one offered, unless the
	// planned one was picked by hand: the pair talked about what they wrote.
	picked := false
	if fl := tf.Field(kTopic); fl != nil {
		picked = fl.value() != fl.initial
	}
	for _, it := range s.choices {
		if string(it.ID) == pick && (free == "" || picked) {
			x.RoadmapID, x.Topic = it.ID, it.Topic
		}
	}
	if i, err := strconv.Atoi(strings.TrimPrefix(pick, suggestPick)); err == nil && strings.HasPrefix(pick, suggestPick) && i < len(s.suggest) && x.Topic == "" {
		x.Topic = s.suggest[i].Text // a free topic typed wins over the suggestion
	}
	nf := s.forms[stepNotes]
	x.Agenda, x.Notes, x.Recap, x.PrivateNotes = nf.Value(kAgenda), nf.Value(kNotes), nf.Value(kRecap), nf.Value(kPrivate)
	x.Reflection = s.reflection()
	x.Reviewed = append([]model.FollowUpReview(nil), s.reviews...)
	x.Layers = nil
	for _, v := range strings.Split(s.forms[stepNext].Value(kLayers), ",") {
		if n, err := strconv.Atoi(v); err == nil {
			x.Layers = append(x.Layers, model.Layer(n))
		}
	}
	x.Layers = model.SetLayers(x.Layers)
	// In progress or ended, a session is not put in the future; one
	// stored there already (an import, an older mentorlog) is saved as it
	// is until it ends.
	if !x.Date.Equal(s.sess.Date) || ending || x.Ended {
		if err := x.CheckDate(s.d.today()); err != nil {
			return x, err
		}
	}
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

// change is what saving x writes: the session and the follow-ups made,
// edited or removed in it. What it implies for the reviewed follow-ups and
// the roadmap is the store's to apply (model.SessionEffects), in the same
// transaction.
func (s *sessionFlow) change(x model.Session) model.SessionChange {
	c := model.SessionChange{Session: x, Removed: slices.Clone(s.removed), Marked: slices.Clone(s.marked)}
	for _, fu := range s.mine {
		if old, ok := s.stored[fu.ID]; !ok || old != fu {
			c.FollowUps = append(c.FollowUps, fu)
		}
	}
	return c
}

// save writes the session (and what changed with it) unless a write is
// already in flight, in which case it runs again when that one ends. note
// is said when the write lands.
func (s *sessionFlow) save(ending bool, note string) tea.Cmd {
	if readOnly(s.full) {
		s.err = errReadOnlyText
		return nil
	}
	if ending {
		s.proposeNext() // finished before the last step: the proposals stand
		s.proposeLayers()
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
		if note != "" {
			s.note = note
		}
		return nil
	}
	s.saving, s.finish, s.note, s.inFlight = true, ending, note, x
	c := s.change(x)
	s.sent = c
	j := s.d.j
	return write(s, note, func(ctx context.Context) error {
		_, _, err := j.RecordSession(ctx, c)
		return err
	})
}

func (s *sessionFlow) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case writtenMsg:
		return s, s.written(msg)
	case fullLoadedMsg:
		if msg.req == s.req && msg.err == nil {
			s.refresh(msg.full)
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	case reloadMsg:
		// Shown again after a write on top of it (a hit opened from the
		// review): the follow-ups and roadmap as stored, what is typed
		// left alone (refresh).
		s.req, s.shownAgain = newReqID(), true
		return s, loadFull(s.d.j, s.full.Rel.ID, windowFor(s, s.full), s, s.req)
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

// refresh takes the stored follow-ups and roadmap after a save, leaving
// what is typed alone.
func (s *sessionFlow) refresh(f model.Full) {
	s.full.Roadmap, s.full.FollowUps = f.Roadmap, f.FollowUps
	s.stored = map[model.ID]model.FollowUp{}
	for _, fu := range f.FollowUps {
		s.stored[fu.ID] = fu
	}
	// The session saved meanwhile by another screen (a hit opened on top
	// of this one): what is not typed here shows it as stored, so a save
	// from here does not write the old text back (form.rebase). Only when
	// shown again: after its own save the session is as it wrote it.
	shownAgain := s.shownAgain
	s.shownAgain = false
	for _, y := range f.Sessions {
		if !shownAgain || y.ID != s.sess.ID || !s.saved || s.saving || y.Updated.Equal(s.sess.Updated) {
			continue
		}
		fresh := newFlow(s.d, f, y, true)
		for i, fm := range s.forms {
			if fm != nil && fresh.forms[i] != nil {
				fm.rebase(fresh.forms[i])
			}
		}
		if !s.dirty {
			s.reviews = append([]model.FollowUpReview(nil), y.Reviewed...)
			s.setLists()
		}
		s.sess = y
	}
}

// written handles the end of a write.
func (s *sessionFlow) written(msg writtenMsg) tea.Cmd {
	s.saving = false
	if msg.err != nil {
		s.err = "not saved: " + model.SanitizeLine(msg.err.Error())
		s.again, s.finish, s.leave = false, false, false
		return fail(msg.err)
	}
	var dropNew tea.Cmd
	if !s.saved {
		// Saved at last: its draft now goes under its own id.
		dropNew = dropDraft(s.d.j, newSessionDraft(s.full.Rel.ID))
	}
	s.saved = true
	s.sess = s.inFlight
	// Only what this write wrote is stored: a follow-up added or removed,
	// or a field typed in, while it was in flight is written by the next.
	for _, fu := range s.sent.FollowUps {
		s.stored[fu.ID] = fu
	}
	s.removed = slices.DeleteFunc(s.removed, func(id model.ID) bool { return slices.Contains(s.sent.Removed, id) })
	s.marked = slices.DeleteFunc(s.marked, func(id model.ID) bool { return slices.Contains(s.sent.Marked, id) })
	// What the marks did, until the reload brings the follow-ups back: the
	// row would say "now open" of one just marked done meanwhile.
	for _, r := range s.inFlight.Reviewed {
		if fu, ok := s.stored[r.FollowUpID]; ok && slices.Contains(s.sent.Marked, r.FollowUpID) {
			fu.Status = r.Outcome.Status()
			s.stored[r.FollowUpID] = fu
		}
	}
	if !s.again && s.changedInFlight() {
		s.again = true
	}
	s.req = newReqID()
	reload := tea.Batch(loadFull(s.d.j, s.full.Rel.ID, windowFor(s, s.full), s, s.req), dropNew)
	if s.again {
		s.again = false
		return tea.Batch(reload, s.save(s.finish, s.note))
	}
	s.dirty = false
	for _, f := range s.forms {
		if f != nil {
			f.MarkSaved()
		}
	}
	switch {
	case s.sess.Ended && s.finish:
		s.finish = false
		note := "Session saved: " + model.Plural(len(s.mine), "new follow-up")
		if !s.sess.NextMeeting.IsZero() {
			note += ", next meeting " + model.FormatDate(s.sess.NextMeeting)
		}
		if s.endedBefore {
			note = "Session saved." // its follow-ups are not new
		}
		return tea.Batch(s.d.pop(true), status(note))
	case s.leave:
		note := "Session saved."
		if !s.sess.Ended {
			note = "Session saved, in progress: open it again to go on with it."
		}
		return tea.Batch(s.d.pop(true), status(note))
	}
	if s.note != "" {
		return tea.Batch(reload, status(s.note))
	}
	return reload
}

// changedInFlight reports whether anything changed while the last write
// was in flight: a follow-up not written as it is now, one removed since,
// or a field whose text is not what was written.
func (s *sessionFlow) changedInFlight() bool {
	if len(s.removed) > 0 {
		return true
	}
	for _, fu := range s.mine {
		if old, ok := s.stored[fu.ID]; !ok || old != fu {
			return true
		}
	}
	x, err := s.build(s.inFlight.Ended)
	if err != nil {
		return true
	}
	x.Updated = s.inFlight.Updated
	return !reflect.DeepEqual(x, s.inFlight)
}

// fieldKeys are the step keys that are also a text field's own editing
// keys (next line, previous line, next character).
var fieldKeys = bind("the text field's own", "ctrl+n", "ctrl+p", "ctrl+f")

// fieldOwns reports whether a key goes to the focused text field rather
// than to the steps: ctrl+n, ctrl+p and ctrl+f do where the terminal tells
// keys apart, since there ctrl+enter finishes from a field and pgdn/pgup
// turn the step. Where it does not, they stay step keys, so that a
// keyboard with no page keys can still finish from a field.
func (s *sessionFlow) fieldOwns(msg tea.KeyPressMsg) bool {
	return s.d.keysApart() && s.Capturing() && key.Matches(msg, fieldKeys)
}

// finishKey is the key that finishes the session, its help naming the
// key that works in a text field of this terminal too.
func (s *sessionFlow) finishKey() key.Binding {
	f := s.keys.Finish
	f.SetEnabled(!readOnly(s.full))
	if s.endedBefore {
		f.SetHelp(f.Help().Key, "done") // it ended already: saves it, goes back
	}
	if s.d.keysApart() {
		f.SetHelp("ctrl+enter", f.Help().Desc)
	}
	return f
}

// finishHint is the Finish link's hint: it ends the session, or saves one
// that ended already.
func finishHint(ended bool) string {
	if ended {
		return "enter or ctrl+f saves it and goes back"
	}
	return "enter or ctrl+f ends the session"
}

func (s *sessionFlow) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case s.fieldOwns(msg):
		// The field's own key: below, the field gets it.
	case key.Matches(msg, k.NextStep):
		return s.leaveEntry(func() tea.Cmd { return s.goStep(s.step + 1) })
	case key.Matches(msg, k.PrevStep):
		return s.leaveEntry(func() tea.Cmd { return s.goStep(s.step - 1) })
	case key.Matches(msg, k.Finish):
		return s.leaveEntry(s.toFinish)
	}
	if s.adding {
		return s.updateAdding(msg)
	}
	if s.layerOnFinish(msg) {
		return nil
	}
	if f := s.forms[s.step]; f != nil {
		act, cmd := f.Update(msg)
		switch act {
		case formSave:
			return tea.Batch(cmd, s.save(false, "Saved"))
		case formCancel:
			return s.goBack()
		}
		return cmd
	}
	// The list steps.
	switch {
	case key.Matches(msg, k.Save):
		s.dirty = true
		return s.save(false, "Saved")
	case key.Matches(msg, k.Leave):
		return s.goBack()
	}
	if s.step == stepReview {
		return s.reviewKey(msg)
	}
	return s.followUpKey(msg)
}

// layerOnFinish marks a layer by its digit with the cursor on Finish, the
// row ctrl+f brings up under the layers: a newcomer's 0, 1 and 4 there did
// nothing, and the session ended with the proposal alone.
func (s *sessionFlow) layerOnFinish(msg tea.KeyPressMsg) bool {
	f := s.forms[stepNext]
	fl := f.focused()
	if s.step != stepNext || f.readOnly || f.reading || fl == nil || fl.key != kFinish {
		return false
	}
	layers := f.Field(kLayers)
	i := slices.Index(layers.values, msg.String())
	if i < 0 {
		return false
	}
	layers.toggle(i)
	return true
}

// toFinish is the finish key: it ends the session from Finish, and from
// anywhere else brings Finish up, with what ending will record. So the
// reflection, the follow-ups and the next meeting are in front of the pair
// before the session ends, and ctrl+f typed in a field as readline's
// "forward a character" ends nothing.
func (s *sessionFlow) toFinish() tea.Cmd {
	if readOnly(s.full) {
		s.err = errReadOnlyText // a closed relationship: nothing ends
		return nil
	}
	if s.endedBefore {
		if !s.Dirty() {
			return s.d.pop(s.saved) // nothing changed: nothing to write
		}
		return s.end() // nothing more to record: it saves, and goes back
	}
	f := s.forms[stepNext]
	i := f.fieldFor(kFinish)
	if s.step == stepNext && f.focus == i {
		return s.end()
	}
	cmd := s.goStep(stepNext)
	if s.step != stepNext {
		return cmd // a field is wrong: its step and error are on screen
	}
	return tea.Batch(cmd, f.focusField(i))
}

// end ends the session (or saves one that ended already), asking first
// when nothing is in it: ending one counts a meeting held, holds its
// topic and moves the next meeting.
func (s *sessionFlow) end() tea.Cmd {
	// Nothing in it: a new one as it opened, nothing typed or chosen (its
	// proposed topic and the follow-ups carried over are proposals, not
	// the pair's doing), or one saved without a topic, a text or a review.
	x, err := s.build(false)
	untouched := !s.saved && !s.Dirty() && len(s.mine) == 0
	if err == nil && !s.sess.Ended && (untouched || x.Blank() && len(s.mine) == 0) {
		return s.d.ask("End this session with nothing written in it? It counts as a meeting held, and the next meeting is set from it.",
			func() tea.Cmd { return s.save(true, "") })
	}
	return s.save(true, "")
}

// goBack saves what is not saved yet, then leaves. A new session with
// nothing written in it (no texts, follow-ups or reviews: a date or a topic
// at most) is not kept as an empty session in progress: leaving asks to
// discard it, as a form does. When a field is wrong, the error stays on
// screen and leaving asks to discard what changed since the last save.
func (s *sessionFlow) goBack() tea.Cmd {
	if readOnly(s.full) || !s.Dirty() {
		return s.d.pop(s.saved)
	}
	if s.blankNew() {
		return s.d.pop(false)
	}
	cmd := s.save(false, "")
	if s.err != "" {
		return tea.Batch(cmd, s.d.pop(s.saved))
	}
	s.leave = true
	return cmd
}

// blankNew reports whether the session is new and has nothing written in
// it (model.Session.Written: a date or a topic at most), which leaving
// does not keep.
func (s *sessionFlow) blankNew() bool {
	x, err := s.build(false)
	return err == nil && !s.saved && !s.saving && !x.Written() && len(s.mine) == 0 && !s.dirty
}

// backQuestion says what leaving loses, for a new session with nothing in
// it: the footer says esc saves, which it does once something is written.
func (s *sessionFlow) backQuestion() string {
	if s.blankNew() {
		return "Leave without keeping this session? Nothing is written in it yet."
	}
	return ""
}

// proposeLayers marks the layers the session seems to have worked on
// (model.ProposeLayers) while the session runs and the pair has not
// changed the marks since the last proposal.
func (s *sessionFlow) proposeLayers() {
	f := s.forms[stepNext]
	if s.sess.Ended || f.readOnly {
		return
	}
	if f.Value(kLayers) != s.proposed {
		return // the pair's own marks (none at all, too)
	}
	x, _ := s.build(false)
	s.proposed = strings.Join(layerValuesOf(model.ProposeLayers(x, s.full)), ",")
	f.propose(kLayers, s.proposed)
}

// proposeNext proposes the next meeting from the session's date as it is
// now (a session entered after the day it was held is dated back), while
// the pair has not changed the proposal. Like the layers, a proposal is
// not an edit.
func (s *sessionFlow) proposeNext() {
	f := s.forms[stepNext]
	if s.proposedNext == "" || f.readOnly || f.Value(kNext) != s.proposedNext {
		return
	}
	date, err := s.forms[stepTopic].Date(kDate)
	if err != nil || date.IsZero() {
		return
	}
	s.proposedNext = model.FormatDate(model.ProposeNextMeeting(date, s.full.Rel.CadenceDays))
	f.propose(kNext, s.proposedNext)
}

// layerValuesOf is layers as the marks field's values.
func layerValuesOf(ls []model.Layer) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strconv.Itoa(int(l))
	}
	return out
}

// show puts step on screen, its proposals brought up to date and its
// form focused.
func (s *sessionFlow) show(step int) tea.Cmd {
	s.step = step
	s.err = ""
	s.proposeNext()
	if step == stepNext {
		s.proposeLayers()
	}
	if f := s.forms[step]; f != nil {
		return f.Focus()
	}
	return nil
}

// goStep moves to another step, saving what was done so far.
func (s *sessionFlow) goStep(step int) tea.Cmd {
	if step < 0 || step >= stepCount || step == s.step {
		return nil
	}
	cmds := []tea.Cmd{s.show(step)}
	// A new session is saved once something is typed or chosen in it:
	// turning the steps of one left as it was opened keeps nothing, so it
	// never stays behind "in progress".
	if !readOnly(s.full) && s.Dirty() {
		cmds = append(cmds, s.save(false, ""))
	}
	return tea.Batch(cmds...)
}
