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
// its topic and reflection answers. A long history is read a page at a
// time where the cursor is (model.Page): the newest with the relationship,
// the others as the cursor comes within half a page of them, so end goes
// to the oldest reading only the oldest. It renders only the sessions in
// view and caches each one's lines until the data or the width changes:
// opening, scrolling and end cost the same with fifty sessions or five
// thousand.
type sessionsScreen struct {
	partState
	head     []model.Session         // the sessions read with the relationship, newest first: positions 0 on
	pages    map[int][]model.Session // pages read beyond them: page p holds the sessions from position p*historyPage
	asked    map[int]bool            // pages asked for, not come yet
	total    int                     // sessions in all
	gen      uint64                  // pages asked for before the last build are of an older read
	around   model.ID                // put the cursor on this session when its page comes
	recount  bool                    // a page counted other than the relationship's read: read again once
	lk       listKeys
	keys     sessionsKeys
	list     rowList
	blocks   map[int][]string // rendered lines per position, of sessions read
	selectID model.ID         // put the cursor on this session at the next build (one just started)
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

// build lists the sessions read with the relationship, and keeps the
// cursor on the session it was on: where it is among them, or, further
// back, where its page says it is (readNear asks for it); the cursor
// stays where it was until then, and there if the session is gone.
func (s *sessionsScreen) build() {
	sel := s.around
	if x, ok := s.selected(); ok {
		sel = x.ID
	}
	if s.selectID != "" {
		sel = s.selectID
	}
	f := s.full
	head := slices.Clone(f.Sessions)
	slices.SortStableFunc(head, model.NewestFirst)
	s.total = len(head)
	if f.History.More {
		head = head[:min(len(head), f.History.Read)] // the newest, not those a window kept: their page has them
		s.total = max(len(head), model.Summarize(f).Sessions)
	}
	s.head = head
	s.pages, s.asked, s.blocks = map[int][]model.Session{}, map[int]bool{}, map[int][]string{}
	s.gen++
	s.around = ""
	if i := slices.IndexFunc(head, func(x model.Session) bool { return x.ID == sel }); i >= 0 {
		s.list.cursor = i
		s.selectID = ""
	} else if f.History.More {
		s.around = sel
	}
	s.list.setRows(s.total, s.row)
	s.updateKeys()
}

// at is the session at position i (0 is the newest), if it is read.
func (s *sessionsScreen) at(i int) (model.Session, bool) {
	if i < 0 || i >= s.total {
		return model.Session{}, false
	}
	if i < len(s.head) {
		return s.head[i], true
	}
	if pg := s.pages[i/historyPage]; i%historyPage < len(pg) {
		return pg[i%historyPage], true
	}
	return model.Session{}, false
}

// sessionsPageMsg carries a page of sessions read for the sessions screen.
type sessionsPageMsg struct {
	s      *sessionsScreen
	gen    uint64
	around model.ID
	page   model.SessionPage
	err    error
}

func (m sessionsPageMsg) to() screen { return m.s }

// readNear asks for the pages not read within half a page of the cursor,
// so that keys held down rarely wait for one, and for the page of the
// session the cursor is to go to (around).
func (s *sessionsScreen) readNear() tea.Cmd {
	if !s.full.History.More {
		return nil
	}
	var cmds []tea.Cmd
	ask := func(p model.Page) {
		j, id, gen, me := s.d.j, s.full.Rel.ID, s.gen, s
		cmds = append(cmds, func() tea.Msg {
			pg, err := j.SessionsAt(context.Background(), id, p)
			return sessionsPageMsg{s: me, gen: gen, around: p.Around, page: pg, err: err}
		})
	}
	c := s.list.cursor
	if s.around != "" && !s.asked[-1] {
		s.asked[-1] = true // the one page asked for by its session, not its place
		ask(model.Page{From: c - c%historyPage, N: historyPage, Around: s.around})
		return tea.Batch(cmds...)
	}
	lo, hi := max(len(s.head), c-historyPage/2), min(s.total-1, c+historyPage/2)
	for p := lo / historyPage; lo <= hi && p <= hi/historyPage; p++ {
		if s.pages[p] == nil && !s.asked[p] {
			s.asked[p] = true
			ask(model.Page{From: p * historyPage, N: historyPage})
		}
	}
	return tea.Batch(cmds...)
}

// takePage puts a page read in its place, and the cursor on the session
// it was asked around. A page that counts the sessions otherwise than the
// relationship read says the journal changed since: it is read again.
func (s *sessionsScreen) takePage(m sessionsPageMsg) tea.Cmd {
	if m.gen != s.gen {
		return nil
	}
	p := m.page.From / historyPage
	delete(s.asked, p)
	if m.around != "" {
		delete(s.asked, -1)
	}
	if m.err != nil {
		s.around = ""
		return fail(m.err)
	}
	if m.page.Total != s.total {
		if !s.recount {
			s.recount = true
			s.gen++ // the pages under way are of the old count
			return s.reload(s)
		}
		s.total = m.page.Total
		s.list.setRows(s.total, s.row)
	}
	s.recount = false
	s.pages[p] = m.page.Sessions
	if m.around != "" && m.around == s.around {
		s.around = ""
		if i := slices.IndexFunc(m.page.Sessions, func(x model.Session) bool { return x.ID == m.around }); i >= 0 {
			s.list.selectRow(m.page.From + i)
			if s.selectID == m.around {
				s.selectID = ""
			}
		}
	}
	s.updateKeys()
	return nil
}

func (s *sessionsScreen) updateKeys() {
	writable := !readOnly(s.full)
	_, has := s.selected()
	s.keys.Open.SetEnabled(has)
	s.keys.New.SetEnabled(writable)
	s.keys.Delete.SetEnabled(has && writable)
	s.lk.setEnabled(s.total > 1)
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
		s.blocks = map[int][]string{}
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

// block renders the session at position i (cached), or, while its page
// is read, a block of its height that says so.
func (s *sessionsScreen) block(i int) []string {
	if b := s.blocks[i]; b != nil {
		return b
	}
	st := s.d.styles
	x, ok := s.at(i)
	if !ok {
		return []string{st.Muted.Render("reading…"), "", "", "", ""}
	}
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

func (s *sessionsScreen) selected() (model.Session, bool) { return s.at(s.list.cursor) }

// Update answers as every part screen does, and then reads the pages the
// cursor has come near.
func (s *sessionsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionsPageMsg:
		return s, tea.Batch(s.takePage(msg), s.readNear())
	case sessionOpenMsg:
		return s, s.opened(msg)
	}
	cmd := s.update(s, msg)
	return s, tea.Batch(cmd, s.readNear())
}

func (s *sessionsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.list.move(s.lk, msg) {
		return nil // Update reads the pages the cursor came near
	}
	k := s.keys
	x, has := s.selected()
	switch {
	case key.Matches(msg, k.Open) && has:
		return s.open(x)
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

// sessionOpenMsg carries a session of the sessions list older than what
// was read with the relationship, read again with the history back to it
// (a session shows what the one before it said).
type sessionOpenMsg struct {
	s    *sessionsScreen
	id   model.ID
	full model.Full
	err  error
}

func (m sessionOpenMsg) to() screen { return m.s }

// open opens session x: at once if it was read with the relationship, or
// once the history back to it is.
func (s *sessionsScreen) open(x model.Session) tea.Cmd {
	if slices.ContainsFunc(s.full.Sessions, func(y model.Session) bool { return y.ID == x.ID }) {
		return s.d.push(newSessionFlow(s.d, s.full, x))
	}
	j, w, me := s.d.j, model.WindowBack(x.Date, historyPage), s
	return func() tea.Msg {
		f, err := j.LoadWindow(context.Background(), x.RelID, w)
		return sessionOpenMsg{s: me, id: x.ID, full: f, err: err}
	}
}

func (s *sessionsScreen) opened(m sessionOpenMsg) tea.Cmd {
	if m.err != nil {
		return fail(m.err)
	}
	i := slices.IndexFunc(m.full.Sessions, func(y model.Session) bool { return y.ID == m.id })
	if i < 0 {
		return tea.Batch(status("That session is no longer in the journal."), s.reload(s))
	}
	return s.d.push(newSessionFlow(s.d, m.full, m.full.Sessions[i]))
}

func (s *sessionsScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	n := s.total
	sum := model.Plural(n, "session")
	if !s.full.History.More { // all read: how many ended is known
		held := 0
		for _, x := range s.head {
			if x.Ended {
				held++
			}
		}
		sum += fmt.Sprintf(", %d ended", held)
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
