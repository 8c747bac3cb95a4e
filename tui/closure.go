package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 50, Key: "c", Title: "Closure", Open: func(d deps, f model.Full) screen {
		return newClosureScreen(d, f)
	}})
}

// closureScreen walks a pair through ending the relationship well:
// celebrating what was accomplished, evaluating each goal's outcome, and
// saying what the relationship becomes next. Finishing closes the
// relationship, which is then read-only until it is reopened here.
type closureScreen struct {
	d         deps
	full      model.Full
	keys      closureKeys
	row       int
	editing   bool
	ta        *bigText
	text      closureText
	dirty     bool
	saving    bool
	again     bool
	againTo   model.RelStatus // with again: the status the next write sets
	againNote string
	req       uint64 // the read under way
	err       string
	offset    int
	width     int
	height    int
}

// closureText is what is typed: accomplishments, one outcome per goal, next.
type closureText struct {
	accomplishments string
	outcomes        map[model.ID]string
	next            string
}

type closureKeys struct {
	lk                                      listKeys
	Edit, Stop, Save, Editor, Close, Reopen key.Binding
}

func newClosureKeys() closureKeys {
	return closureKeys{
		lk:     newListKeys(),
		Edit:   keyOpen("write"),
		Stop:   keyCancel("done writing"),
		Save:   keySave("save"),
		Editor: keyEditor(),
		Close:  bind("close the relationship", "C"),
		Reopen: bind("reopen", "R"),
	}
}

func newClosureScreen(d deps, f model.Full) *closureScreen {
	s := &closureScreen{d: d, keys: newClosureKeys(), ta: newBigText(d.styles), width: 80, height: 20}
	s.setFull(f)
	return s
}

func (s *closureScreen) setFull(f model.Full) {
	s.full = f
	c := f.Plan.Closure
	s.text = closureText{accomplishments: c.Accomplishments, next: c.Next, outcomes: map[model.ID]string{}}
	for _, e := range c.Evaluations {
		s.text.outcomes[e.GoalID] = e.Outcome
	}
	s.row = min(s.row, len(s.rowList())-1)
}

func (s *closureScreen) Init() tea.Cmd      { return nil }
func (s *closureScreen) Title() string      { return "Closure" }
func (s *closureScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *closureScreen) Capturing() bool    { return s.editing }
func (s *closureScreen) Dirty() bool {
	return s.dirty || s.saving || (s.editing && s.ta.Value() != s.value(s.cur()))
}
func (s *closureScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.ta.SetSize(max(20, w-4), min(10, max(3, (h-8)/2)))
}

// A closure row: the accomplishments, a goal's outcome, next, or the
// button that closes.
type closureRow struct {
	kind int // 0 accomplishments, 1 outcome, 2 next, 3 close
	goal model.Goal
}

func (s *closureScreen) rowList() []closureRow {
	out := []closureRow{{kind: 0}}
	for _, g := range s.full.Goals {
		out = append(out, closureRow{kind: 1, goal: g})
	}
	out = append(out, closureRow{kind: 2})
	if !readOnly(s.full) {
		out = append(out, closureRow{kind: 3})
	}
	return out
}

func (s *closureScreen) cur() closureRow {
	rs := s.rowList()
	return rs[min(max(0, s.row), len(rs)-1)]
}

func (s *closureScreen) value(r closureRow) string {
	switch r.kind {
	case 0:
		return s.text.accomplishments
	case 1:
		return s.text.outcomes[r.goal.ID]
	case 2:
		return s.text.next
	}
	return ""
}

func (s *closureScreen) setValue(r closureRow, v string) {
	switch r.kind {
	case 0:
		s.text.accomplishments = v
	case 1:
		s.text.outcomes[r.goal.ID] = v
	case 2:
		s.text.next = v
	}
}

// closure builds the plan's closure from what was typed.
func (s *closureScreen) closure() model.Closure {
	c := s.full.Plan.Closure
	c.Accomplishments = strings.TrimSpace(s.text.accomplishments)
	c.Next = strings.TrimSpace(s.text.next)
	c.Evaluations = nil
	for _, g := range s.full.Goals {
		if o := strings.TrimSpace(s.text.outcomes[g.ID]); o != "" {
			c.Evaluations = append(c.Evaluations, model.GoalEvaluation{GoalID: g.ID, Outcome: o})
		}
	}
	return c
}

// closeNote and reopenNote are said when the relationship closes and
// reopens.
const (
	closeNote  = "The relationship is closed. Well done, both of you."
	reopenNote = "Reopened: the relationship can be edited again"
)

// save writes the closure to the relationship as stored, in one
// transaction; to closes or reopens the relationship with it (model.Close,
// model.Reopen), "" keeps its status.
func (s *closureScreen) save(to model.RelStatus, note string) tea.Cmd {
	if s.saving {
		// Once the write in flight is done, this one follows: a close or
		// a reopen asked meanwhile is kept, never dropped.
		s.again = true
		if to != "" {
			s.againTo, s.againNote = to, note
		}
		return nil
	}
	c := s.closure()
	s.saving = true
	j, id, at := s.d.j, s.full.Rel.ID, s.d.now()
	return write(s, note, func(ctx context.Context) error {
		_, _, err := j.UpdateRelationship(ctx, id, func(r *model.Relationship, p *model.Plan) error {
			switch to {
			case model.StatusActive:
				model.Reopen(r, p)
				return nil
			case model.StatusClosed:
				if err := model.Editable(*r); err != nil {
					return err
				}
				model.Close(r, p, c, at)
			default:
				if err := model.Editable(*r); err != nil {
					return err
				}
				c.ClosedAt = p.Closure.ClosedAt
				p.Closure = c
			}
			return p.Validate()
		})
		return err
	})
}

func (s *closureScreen) reload() tea.Cmd {
	s.req = newReqID()
	return loadFull(s.d.j, s.full.Rel.ID, windowOf(s.full), s, s.req)
}

func (s *closureScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		if s.dirty || s.editing {
			return s, nil
		}
		return s, s.reload()
	case fullLoadedMsg:
		if msg.req != s.req {
			return s, nil
		}
		if msg.err != nil {
			return s, fail(msg.err)
		}
		edits := s.text
		s.setFull(msg.full)
		if s.editing || s.dirty {
			s.text = edits
		}
		return s, nil
	case writtenMsg:
		s.saving = false
		if msg.err != nil {
			s.err = "not saved: " + model.SanitizeLine(msg.err.Error())
			s.again, s.againTo, s.againNote = false, "", ""
			return s, fail(msg.err)
		}
		if s.again {
			to, note := s.againTo, s.againNote
			s.again, s.againTo, s.againNote = false, "", ""
			return s, s.save(to, note)
		}
		s.dirty = false
		s.err = ""
		cmds := []tea.Cmd{s.reload()}
		if msg.note != "" {
			cmds = append(cmds, status(msg.note))
		}
		return s, tea.Batch(cmds...)
	case editorDoneMsg:
		if msg.owner != s {
			return s, nil
		}
		if msg.err != nil {
			return s, fail(msg.err)
		}
		rs := s.rowList()
		if msg.field >= 0 && msg.field < len(rs) {
			s.setValue(rs[msg.field], msg.text)
			s.dirty = true
			return s, s.save("", "")
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.updateKey(msg)
	}
	if s.editing {
		return s, s.ta.Update(msg)
	}
	return s, nil
}

func (s *closureScreen) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.editing {
		switch {
		case key.Matches(msg, k.Stop):
			return s.commit()
		case key.Matches(msg, k.Save):
			return s.commit()
		case key.Matches(msg, k.Editor):
			cmd := s.commit()
			return tea.Batch(cmd, s.openEditor())
		case msg.String() == "tab" || msg.String() == "shift+tab":
			cmd := s.commit()
			if msg.String() == "tab" {
				s.row = min(s.row+1, len(s.rowList())-1)
			} else {
				s.row = max(0, s.row-1)
			}
			if s.cur().kind != 3 {
				return tea.Batch(cmd, s.startEditing())
			}
			return cmd
		}
		return s.ta.Update(msg)
	}
	if r, ok := k.lk.move(msg, s.row, len(s.rowList()), max(1, s.height/4)); ok {
		s.row = r
		return nil
	}
	if readOnly(s.full) {
		if key.Matches(msg, k.Reopen) {
			return s.d.ask("Reopen the relationship so it can be edited again?", func() tea.Cmd {
				return s.save(model.StatusActive, reopenNote)
			})
		}
		if key.Matches(msg, k.Edit, k.Close, k.Editor) {
			s.err = errReadOnlyText
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Save):
		s.dirty = true
		return s.save("", "Saved")
	case key.Matches(msg, k.Close), key.Matches(msg, k.Edit) && s.cur().kind == 3:
		return s.d.ask("Close the relationship now? It becomes read-only until reopened."+s.stillOpen(), func() tea.Cmd {
			return s.save(model.StatusClosed, closeNote)
		})
	case key.Matches(msg, k.Editor) && s.cur().kind != 3:
		return s.openEditor()
	case key.Matches(msg, k.Edit):
		return s.startEditing()
	}
	return nil
}

// stillOpen says, before a close, what stays open: the follow-ups the
// pair has not closed leave the due list with the relationship.
func (s *closureScreen) stillOpen() string {
	if n := model.Summarize(s.full).OpenFollowUps; n > 0 {
		return " Still open, and out of the due list once closed: " + model.Plural(n, "follow-up") + "."
	}
	return ""
}

func (s *closureScreen) startEditing() tea.Cmd {
	s.editing = true
	s.err = ""
	s.ta.SetValue(s.value(s.cur()))
	return s.ta.Focus()
}

func (s *closureScreen) commit() tea.Cmd {
	s.editing = false
	s.ta.Blur()
	v := s.ta.Value()
	r := s.cur()
	if v == s.value(r) {
		return nil
	}
	s.setValue(r, v)
	s.dirty = true
	return s.save("", "")
}

func (s *closureScreen) openEditor() tea.Cmd {
	row := s.row
	return editInEditor(s.d.j, s.value(s.cur()), "closure", func(text string, err error) tea.Msg {
		return editorDoneMsg{owner: s, field: row, text: text, err: err}
	})
}

func (s *closureScreen) View() string {
	st := s.d.styles
	w := max(40, s.width)
	f := s.full
	var head []string
	title := "Closing the relationship with " + model.SanitizeLine(f.Rel.Other())
	if readOnly(f) {
		title = "Closed relationship with " + model.SanitizeLine(f.Rel.Other())
	}
	head = append(head, st.Title.Render(cut(title, w)))
	switch {
	case s.err != "":
		head = append(head, st.Error.Render(cut(s.err, w)))
	case readOnly(f):
		when := ""
		if !f.Plan.Closure.ClosedAt.IsZero() {
			when = " on " + model.FormatDate(f.Plan.Closure.ClosedAt)
		}
		head = appendWrapped(head, st.Warn, "Closed"+when+". Read-only, still searchable and exportable. R reopens it.", w)
	default:
		head = appendWrapped(head, st.Muted, "Celebrate, evaluate each goal, say what comes next, then close. Saved as you go; what is written here starts the ending (the journey's last stage).", w)
	}
	head = append(head, "")

	var body []string
	var fs, fe int
	achieved := 0
	for _, g := range f.Goals {
		if g.Status == model.GoalAchieved {
			achieved++
		}
	}
	section := func(t string) {
		if len(body) > 0 {
			body = append(body, "")
		}
		body = append(body, st.Subtitle.Render(cut(t, w)))
	}
	rows := s.rowList()
	for i, r := range rows {
		cur := i == s.row
		mark := "  "
		if cur {
			mark = st.Selected.Render("▸") + " "
		}
		switch r.kind {
		case 0:
			section(fmt.Sprintf("1 Celebrate — %d of %d goals achieved", achieved, len(f.Goals)))
			for _, g := range f.Goals {
				if g.Status == model.GoalAchieved {
					body = append(body, "  "+st.Good.Render("✓ ")+one(g.Title, w-4))
				}
			}
			if achieved == 0 {
				body = append(body, st.Muted.Render("  no goal marked achieved"))
			}
		case 1:
			if i == 1 {
				section("2 Evaluate — the outcome of each goal")
			}
		case 2:
			if len(f.Goals) == 0 {
				section("2 Evaluate — no goals to evaluate")
			}
			section("3 What comes next — what the relationship becomes")
		case 3:
			body = append(body, "")
		}
		start := len(body)
		switch r.kind {
		case 0:
			body = append(body, s.textRow(mark, "What you accomplished together", r, cur, w)...)
		case 1:
			body = append(body, s.textRow(mark, goalLine(st, r.goal, w-4), r, cur, w)...)
		case 2:
			body = append(body, s.textRow(mark, "Next", r, cur, w)...)
		case 3:
			body = append(body, mark+st.Accent.Render("[ Close the relationship ]")+st.Muted.Render("  enter or C"))
		}
		if cur {
			fs, fe = start, len(body)
		}
	}
	bh := max(1, s.height-len(head))
	if fs < s.offset {
		s.offset = fs
	}
	if fe > s.offset+bh {
		s.offset = fe - bh
	}
	s.offset = max(0, min(s.offset, len(body)-bh))
	end := min(len(body), s.offset+bh)
	return strings.Join(append(head, body[s.offset:end]...), "\n")
}

func (s *closureScreen) textRow(mark, label string, r closureRow, cur bool, w int) []string {
	st := s.d.styles
	if cur {
		label = st.FocusLabel.Render(label)
	} else {
		label = st.Label.Render(label)
	}
	out := []string{mark + label}
	if cur && s.editing {
		for _, l := range strings.Split(s.ta.View(), "\n") {
			out = append(out, "  "+l)
		}
		return append(out, "  "+st.Muted.Render(cut("esc done · tab next · ctrl+e $EDITOR", w-2)))
	}
	lines := wrapText(s.value(r), w-4)
	if len(lines) == 0 {
		return append(out, "  "+st.Muted.Render("not written yet"))
	}
	for i, l := range lines {
		if i == 4 && !cur {
			out = append(out, "  "+st.Muted.Render(fmt.Sprintf("… %d more lines", len(lines)-4)))
			break
		}
		out = append(out, "  "+l)
	}
	return out
}

func (s *closureScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.editing:
		return []key.Binding{k.Stop, k.Editor}
	case readOnly(s.full):
		return []key.Binding{k.lk.Up, k.lk.Down, k.Reopen}
	}
	return []key.Binding{k.lk.Up, k.lk.Down, k.Edit, k.Close}
}

func (s *closureScreen) FullHelp() [][]key.Binding {
	k := s.keys
	switch {
	case s.editing:
		return [][]key.Binding{{k.Stop, k.Save, k.Editor}}
	case readOnly(s.full):
		return [][]key.Binding{k.lk.bindings(), {k.Reopen}}
	}
	return [][]key.Binding{k.lk.bindings(), {k.Edit, k.Save, k.Editor, k.Close}}
}

// The closure's draft: the three texts as typed, the one being written
// included.
func (s *closureScreen) draftKey() string {
	if readOnly(s.full) {
		return ""
	}
	return "closure/" + string(s.full.Rel.ID)
}

func (s *closureScreen) draftFields() map[string]string {
	t := s.text
	t.outcomes = map[model.ID]string{}
	for k, v := range s.text.outcomes {
		t.outcomes[k] = v
	}
	if s.editing {
		switch r := s.cur(); r.kind {
		case 0:
			t.accomplishments = s.ta.Value()
		case 1:
			t.outcomes[r.goal.ID] = s.ta.Value()
		case 2:
			t.next = s.ta.Value()
		}
	}
	out := map[string]string{"accomplishments": t.accomplishments, "next": t.next}
	for id, v := range t.outcomes {
		out["outcome/"+string(id)] = v
	}
	return out
}

func (s *closureScreen) restoreDraft(fields map[string]string) {
	for k, v := range fields {
		v = model.Sanitize(v)
		switch {
		case k == "accomplishments":
			s.text.accomplishments = v
		case k == "next":
			s.text.next = v
		case strings.HasPrefix(k, "outcome/"):
			s.text.outcomes[model.ID(strings.TrimPrefix(k, "outcome/"))] = v
		}
	}
	s.dirty = true
}
