package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 20, Key: "s", Title: "Sessions", Open: func(d deps, f model.Full) screen {
		return newSessionsScreen(d, f)
	}})
}

// sessionsScreen lists a relationship's sessions, newest first, each with
// its topic and reflection answers. It renders only the sessions in view
// and caches each session's lines until the data or the width changes, so
// scrolling costs the same with ten sessions or ten thousand.
type sessionsScreen struct {
	partState
	sessions []model.Session // newest first
	lk       listKeys
	keys     sessionsKeys
	list     rowList
	blocks   [][]string // rendered lines per session; nil until first shown
	selectID model.ID   // put the cursor on this session at the next build (one just started)
	toEnd    bool       // put the cursor on the oldest session once the whole history is read (end)
	width    int
	height   int
}

type sessionsKeys struct {
	Open, New, Delete key.Binding
}

func newSessionsKeys() sessionsKeys {
	return sessionsKeys{
		Open:   keyOpen("open, edit"),
		New:    keyNew("start a session"),
		Delete: keyDelete("delete"),
	}
}

func newSessionsScreen(d deps, f model.Full) *sessionsScreen {
	s := &sessionsScreen{partState: partState{d: d, full: f}, keys: newSessionsKeys(), lk: newListKeys(), width: 80, height: 20}
	s.build()
	return s
}

// build orders the sessions newest first, keeping the cursor on the
// session it was on.
func (s *sessionsScreen) build() {
	var sel model.ID
	if x, ok := s.selected(); ok {
		sel = x.ID
	}
	if s.selectID != "" {
		sel = s.selectID
	}
	f := s.full
	ss := make([]model.Session, len(f.Sessions))
	copy(ss, f.Sessions)
	slices.SortStableFunc(ss, model.NewestFirst)
	s.sessions = ss
	s.blocks = make([][]string, len(ss))
	s.list.cursor = 0
	for i, x := range ss {
		if x.ID == sel {
			s.list.cursor = i
			s.selectID = ""
		}
	}
	if s.toEnd && !f.History.More {
		s.list.cursor = len(ss) - 1
	}
	s.toEnd = false // end is done, or another read came in its place
	s.list.setRows(len(ss), s.row)
	s.updateKeys()
}

func (s *sessionsScreen) updateKeys() {
	writable := !readOnly(s.full)
	_, has := s.selected()
	s.keys.Open.SetEnabled(has)
	s.keys.New.SetEnabled(writable)
	s.keys.Delete.SetEnabled(has && writable)
	s.lk.setEnabled(len(s.sessions) > 1)
}

func (s *sessionsScreen) Init() tea.Cmd { return nil }
func (s *sessionsScreen) Title() string {
	return "Sessions with " + one(s.full.Rel.Other(), 40)
}
func (s *sessionsScreen) Capturing() bool    { return false }
func (s *sessionsScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *sessionsScreen) Dirty() bool        { return false }

func (s *sessionsScreen) SetSize(w, h int) {
	if w != s.width {
		s.blocks = make([][]string, len(s.sessions))
	}
	s.width, s.height = w, h
	s.list.setHeight(max(1, h-sessionsHead))
}

// sessionsHead is the number of lines above the list.
const sessionsHead = 2

// row is session i's lines in the list: its block, marked when selected,
// and a blank line after it.
func (s *sessionsScreen) row(i int, selected bool) []string {
	b := s.block(i)
	out := make([]string, 0, len(b)+1)
	for li, line := range b {
		switch {
		case li == 0 && selected:
			line = s.d.styles.Selected.Render("▸") + " " + line
		default:
			line = "  " + line
		}
		out = append(out, line)
	}
	return append(out, "")
}

// block renders one session (cached).
func (s *sessionsScreen) block(i int) []string {
	if b := s.blocks[i]; b != nil {
		return b
	}
	st := s.d.styles
	x := s.sessions[i]
	w := max(30, s.width-2)
	topic := x.Topic
	if strings.TrimSpace(topic) == "" {
		topic = "(no topic)"
	}
	state := st.Good.Render("ended")
	if !x.Ended {
		state = st.Warn.Render("in progress")
	}
	meta := ""
	if x.Minutes > 0 {
		meta = fmt.Sprintf("%d min · ", x.Minutes)
	}
	date := model.FormatDate(x.Date)
	// The topic takes what the date, the length and the state leave: room
	// for "in progress", the longer state, so that the states line up.
	room := w - len(date) - 2 - 2 - len(meta) - len("in progress")
	head := st.Accent.Render(date) + "  " + st.Text.Render(padRight(one(topic, max(8, room)), max(8, room))) + "  " + st.Muted.Render(meta) + state
	lines := []string{head}
	rf := x.Reflection
	for _, q := range []struct{ label, v string }{
		{"Useful", rf.Useful}, {"Next steps", rf.NextSteps}, {"Before next", rf.BeforeNext}, {"Change", rf.Change},
	} {
		lab := st.Label.Render(padRight(q.label+":", 13))
		if strings.TrimSpace(q.v) == "" {
			lines = append(lines, "  "+lab+st.Muted.Render("not answered"))
			continue
		}
		lines = append(lines, "  "+lab+st.Text.Render(one(q.v, w-15)))
	}
	s.blocks[i] = lines
	return lines
}

// keep keeps the session under the cursor in the window, moved back in
// time or not.
func (s *sessionsScreen) keep() []model.ID {
	var ids []model.ID
	if x, ok := s.selected(); ok {
		ids = append(ids, x.ID)
	}
	if s.selectID != "" { // one just started, dated back maybe
		ids = append(ids, s.selectID)
	}
	return ids
}

func (s *sessionsScreen) selected() (model.Session, bool) {
	c := s.list.cursor
	if c < 0 || c >= len(s.sessions) {
		return model.Session{}, false
	}
	return s.sessions[c], true
}

func (s *sessionsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	return s, s.update(s, msg)
}

func (s *sessionsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	// Older sessions are read a page at a time as the cursor comes near
	// the oldest read; end reads them all.
	if key.Matches(msg, s.lk.Bottom) && s.full.History.More {
		s.toEnd = true
		s.list.move(s.lk, msg)
		return s.all(s)
	}
	if s.list.move(s.lk, msg) {
		// Half a page of history ahead, so that keys held down rarely
		// wait for the next page at the oldest read.
		if s.list.cursor >= len(s.sessions)-historyPage/2 {
			return s.more(s)
		}
		return nil
	}
	k := s.keys
	x, has := s.selected()
	switch {
	case key.Matches(msg, k.Open) && has:
		return s.d.push(newSessionFlow(s.d, s.full, x))
	case key.Matches(msg, k.New):
		if readOnly(s.full) {
			return status(errReadOnlyText)
		}
		fl := startSession(s.d, s.full)
		s.selectID = fl.sess.ID
		return s.d.push(fl)
	case key.Matches(msg, k.Delete) && has:
		if readOnly(s.full) {
			return status(errReadOnlyText)
		}
		what := model.FormatDate(x.Date)
		if t := strings.TrimSpace(x.Topic); t != "" {
			what += " (" + one(t, 40) + ")"
		}
		return s.d.ask("Delete the session of "+what+"?", func() tea.Cmd {
			j := s.d.j
			return write(s, "Session of "+model.FormatDate(x.Date)+" deleted",
				func(ctx context.Context) error { return j.DeleteSession(ctx, x.ID) })
		})
	}
	return nil
}

func (s *sessionsScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	n := len(s.sessions)
	held := 0
	for i := range s.sessions {
		if s.sessions[i].Ended {
			held++
		}
	}
	sum := fmt.Sprintf("%s, %d ended", model.Plural(n, "session"), held)
	if s.full.History.More {
		// Only the newest are read: the count is of the whole, the rest
		// is read as the cursor goes down.
		n = max(n, model.Summarize(s.full).Sessions)
		sum = fmt.Sprintf("%s, the newest %d read", model.Plural(n, "session"), len(s.sessions))
	}
	if readOnly(s.full) {
		sum += " · closed: read-only"
	}
	if n > 0 {
		sum += fmt.Sprintf(" · %d of %d", s.list.cursor+1, n)
	}
	b.WriteString(st.Title.Render("Sessions") + "  " + st.Muted.Render(cut(sum, max(0, s.width-10))))
	b.WriteString("\n\n")
	if n == 0 {
		if readOnly(s.full) {
			b.WriteString(st.Muted.Render(cut("No sessions. The relationship is closed: reopen it to hold one.", s.width)))
		} else {
			b.WriteString(st.Muted.Render(cut("No sessions yet. Press n to start one: you will review the open follow-ups, pick a topic, and take notes.", s.width)))
		}
		return b.String()
	}
	b.WriteString(s.list.view())
	return b.String()
}

func (s *sessionsScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{s.lk.Up, s.lk.Down, k.Open, k.New, k.Delete}
}

func (s *sessionsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.lk.bindings(), {k.Open, k.New, k.Delete}}
}
