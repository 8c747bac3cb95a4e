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
// to the oldest reading only the oldest page or two. It renders only the
// sessions in view and caches each one's lines until the data or the
// width changes: opening, scrolling and end cost the same with fifty
// sessions or five thousand.
type sessionsScreen struct {
	partState
	head  []model.Session         // the sessions read with the relationship, newest first: positions 0 on
	pages map[int][]model.Session // pages read beyond them, by the position they start at (model.PageStart)
	asked map[int]bool            // pages asked for, by position: true while on their way, false once failed (not asked again until the next read)
	total int                     // sessions in all
	// around is the session the cursor is to go to, beyond the head: its
	// page is asked for by it (model.Page.Around), and no other page
	// until it comes. A key that moves the cursor forgets it.
	around      model.ID
	aroundAsked bool
	recount     bool // a page counted otherwise than the read it came after: read again, once
	lk          listKeys
	keys        sessionsKeys
	list        rowList
	blocks      map[int][]string // rendered lines per position, of sessions read
	selectID    model.ID         // put the cursor on this session at the next build (one just started)
	width       int
	height      int
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
	s := &sessionsScreen{partState: partState{d: d, full: f, newDraft: newSessionDraft(f.Rel.ID), newNoun: "session"}, keys: newSessionsKeys(), lk: newListKeys(), width: 80, height: 20}
	s.build()
	return s
}

// build lists the sessions read with the relationship, and keeps the
// cursor on the session it was on (or the one just started): where it is
// among them, or, further back, where its page says it is (around); the
// cursor stays where it was until then, and there if the session is gone.
// On the oldest, it stays on the oldest.
func (s *sessionsScreen) build() {
	want := s.around
	if want == "" {
		if x, ok := s.selected(); ok {
			want = x.ID
		}
	}
	if s.selectID != "" {
		want, s.selectID = s.selectID, "" // looked for once: a session left unsaved is not there
	}
	atEnd := s.total > 0 && s.list.cursor == s.total-1
	f := s.full
	head := slices.Clone(f.Sessions)
	slices.SortStableFunc(head, model.NewestFirst) // as the journal keeps them, and so its pages
	s.total = len(head)
	if f.History.More {
		head = head[:min(len(head), f.History.Read)] // the newest, not those a window kept: their page has them
		s.total = max(len(head), model.Summarize(f).Sessions)
	}
	s.head = head
	s.pages, s.asked, s.blocks = map[int][]model.Session{}, map[int]bool{}, map[int][]string{}
	s.around, s.aroundAsked = "", false
	if i := slices.IndexFunc(head, func(x model.Session) bool { return x.ID == want }); i >= 0 {
		s.list.cursor = i
	} else if atEnd {
		s.list.cursor = s.total - 1
	} else if f.History.More {
		s.around = want
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
	from := model.PageStart(i, historyPage)
	if pg := s.pages[from]; i-from < len(pg) {
		return pg[i-from], true
	}
	return model.Session{}, false
}

// sessionsPageMsg carries a page of sessions read for the sessions screen.
type sessionsPageMsg struct {
	s    *sessionsScreen
	req  uint64 // the read of the relationship the page was asked after
	ask  model.Page
	page model.SessionPage
	err  error
}

func (m sessionsPageMsg) to() screen { return m.s }

// readNear asks for the pages not read within half a page of the cursor,
// so that keys held down rarely wait for one, or, first, for the page of
// the session the cursor is to go to (around).
func (s *sessionsScreen) readNear() tea.Cmd {
	if !s.full.History.More || s.reading {
		return nil
	}
	var cmds []tea.Cmd
	ask := func(p model.Page) {
		j, id, req, me := s.d.j, s.full.Rel.ID, s.req, s
		cmds = append(cmds, func() tea.Msg {
			pg, err := j.SessionsAt(context.Background(), id, p)
			return sessionsPageMsg{s: me, req: req, ask: p, page: pg, err: err}
		})
	}
	c := s.list.cursor
	if s.around != "" {
		if !s.aroundAsked {
			s.aroundAsked = true
			ask(model.Page{From: model.PageStart(c, historyPage), N: historyPage, Around: s.around})
		}
		return tea.Batch(cmds...)
	}
	lo, hi := max(len(s.head), c-historyPage/2), min(s.total-1, c+historyPage/2)
	for from := model.PageStart(lo, historyPage); lo <= hi && from <= hi; from += historyPage {
		if _, asked := s.asked[from]; s.pages[from] == nil && !asked {
			s.asked[from] = true
			ask(model.Page{From: from, N: historyPage})
		}
	}
	return tea.Batch(cmds...)
}

// takePage puts a page read in its place, and the cursor on the session
// it was asked around. A page that counts the sessions otherwise than the
// read it came after says the journal changed since: it is read again,
// once; a page that fails is not asked for again until the next read.
func (s *sessionsScreen) takePage(m sessionsPageMsg) tea.Cmd {
	if m.req != s.req || s.reading {
		return nil // asked before the read under way or the last one
	}
	around := m.ask.Around
	if around != "" {
		s.aroundAsked = false
	}
	if m.err != nil {
		if around == s.around {
			s.around = ""
		}
		if around == "" {
			s.asked[m.ask.From] = false
		}
		return fail(m.err)
	}
	delete(s.asked, m.ask.From)
	if m.page.Total != s.total {
		if !s.recount {
			s.recount = true
			return s.reload(s)
		}
		s.total = m.page.Total
		s.list.setRows(s.total, s.row)
	}
	s.recount = false
	s.pages[m.page.From] = m.page.Sessions
	if around != "" && around == s.around {
		s.around = ""
		if i := slices.IndexFunc(m.page.Sessions, func(x model.Session) bool { return x.ID == around }); i >= 0 {
			s.list.selectRow(m.page.From + i)
		}
	}
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

func (s *sessionsScreen) Init() tea.Cmd { return s.lookNew(s) }
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

// sessionBlock is the number of lines of a session in the list (block):
// its date and topic, and the four reflection answers.
const sessionBlock = 5

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
		b := make([]string, sessionBlock)
		b[0] = st.Muted.Render("reading…")
		if onItsWay, asked := s.asked[model.PageStart(i, historyPage)]; asked && !onItsWay {
			b[0] = st.Muted.Render("could not be read: esc and open the list again to try again")
		}
		return b
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
	} { // sessionBlock lines in all
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
// cursor has come near: which keys apply depends on where it is.
func (s *sessionsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case sessionsPageMsg:
		cmd = s.takePage(msg)
	case openMsg:
		cmd = msg.push(s.d)
	default:
		cmd = s.update(s, msg)
	}
	cmd = tea.Batch(cmd, s.readNear())
	s.updateKeys()
	return s, cmd
}

// loading: keys wait in the root (loader) while the list is read again
// after a write, while a delete is written, while the cursor is yet to go
// to its session (around), and while the page of the session under the
// cursor is on its way, so that enter or d typed ahead act on the session
// they were typed for.
func (s *sessionsScreen) loading() bool {
	if s.busy || s.reading || s.aroundAsked { // the cursor is yet to go to its session
		return true
	}
	if _, ok := s.selected(); ok || s.total == 0 {
		return false
	}
	return s.asked[model.PageStart(s.list.cursor, historyPage)]
}

func (s *sessionsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.list.move(s.lk, msg) {
		s.around = "" // the user moved: where the cursor was to go is forgotten
		return nil    // Update reads the pages the cursor came near
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
		start := func() tea.Cmd {
			fl := startSession(s.d, s.full)
			s.selectID = fl.sess.ID
			return s.d.push(fl)
		}
		// A meeting is one session: one still in progress is asked about
		// (the newest ones are the window's).
		for _, y := range s.head {
			if !y.Ended {
				return s.d.ask("The session of "+model.FormatDate(y.Date)+" is still in progress (enter on it goes on with it). Start another one?", start)
			}
		}
		return start()
	case key.Matches(msg, k.Delete) && has:
		if readOnly(s.full) {
			return status(errReadOnlyText)
		}
		what := model.FormatDate(x.Date)
		if t := strings.TrimSpace(x.Topic); t != "" {
			what += " (" + one(t, 40) + ")"
		}
		q := "Delete the session of " + what + "? Its follow-ups stay."
		for _, r := range s.full.Roadmap {
			if model.SessionGone(&r, x.ID) { // on a copy: what the delete will do
				q += " Its roadmap topic is planned again."
				break
			}
		}
		reopened := 0
		for _, fu := range s.full.FollowUps {
			if model.ReviewGone(&fu, x) { // on a copy too
				reopened++
			}
		}
		if reopened > 0 {
			q += " What its review closed is open again: " + model.Plural(reopened, "follow-up") + "."
		}
		return s.d.ask(q, func() tea.Cmd {
			if s.busy {
				return nil
			}
			s.busy = true
			j := s.d.j
			return write(s, "Session of "+model.FormatDate(x.Date)+" deleted",
				func(ctx context.Context) error { return j.DeleteSession(ctx, x.ID) })
		})
	}
	return nil
}

// open opens session x: at once if what was read with the relationship
// holds it and the one before it (a session shows what the one before it
// said), else once the history back to it is read.
func (s *sessionsScreen) open(x model.Session) tea.Cmd {
	if i := slices.IndexFunc(s.head, func(y model.Session) bool { return y.ID == x.ID }); i >= 0 && (i < len(s.head)-1 || !s.full.History.More) {
		return s.d.push(newSessionFlow(s.d, s.full, x))
	}
	d := s.d
	return readToOpen(d, s, x.RelID, model.WindowBack(x.Date, historyPage), "the session of "+model.FormatDate(x.Date),
		func(f model.Full) screen { return sessionFlowOf(d, f, x.ID) })
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
			b.WriteString(st.Muted.Render(sentence("No sessions. The relationship is closed: reopen it to hold one.", s.width)))
		} else {
			b.WriteString(st.Muted.Render(sentence("No sessions yet. Press n to start one: you will review the open follow-ups, pick a topic, and take notes.", s.width)))
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
