package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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
	d       deps
	full    model.Full
	keys    sessionsKeys
	blocks  [][]string // rendered lines per session; nil until first shown
	cursor  int        // selected session
	offset  int        // first session shown
	width   int
	height  int
	pending uint64
	confirm bool // asking whether to delete the selected session
}

type sessionsKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, New, Delete, Yes, No key.Binding
}

func newSessionsKeys() sessionsKeys {
	return sessionsKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "newest")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "oldest")),
		Open:     key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter/e", "open, edit")),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "start a session")),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, delete")),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep it")),
	}
}

func newSessionsScreen(d deps, f model.Full) *sessionsScreen {
	s := &sessionsScreen{d: d, keys: newSessionsKeys(), width: 80, height: 20}
	s.setFull(f)
	return s
}

func (s *sessionsScreen) setFull(f model.Full) {
	var sel model.ID
	if s.cursor < len(s.full.Sessions) {
		sel = s.full.Sessions[s.cursor].ID
	}
	ss := make([]model.Session, len(f.Sessions))
	copy(ss, f.Sessions)
	sort.SliceStable(ss, func(i, j int) bool {
		if !ss[i].Date.Equal(ss[j].Date) {
			return ss[i].Date.After(ss[j].Date)
		}
		return ss[i].Created.After(ss[j].Created)
	})
	f.Sessions = ss
	s.full = f
	s.blocks = make([][]string, len(ss))
	s.cursor = 0
	for i, x := range ss {
		if x.ID == sel {
			s.cursor = i
		}
	}
	s.clamp()
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
		s.blocks = make([][]string, len(s.full.Sessions))
	}
	s.width, s.height = w, h
	s.clamp()
}

// sessionsHead is the number of lines above the list.
const sessionsHead = 2

func (s *sessionsScreen) listHeight() int { return max(1, s.height-sessionsHead) }

// block renders one session (cached).
func (s *sessionsScreen) block(i int) []string {
	if b := s.blocks[i]; b != nil {
		return b
	}
	st := s.d.styles
	x := s.full.Sessions[i]
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
	room := w - len(date) - 2 - len(meta) - 12
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

// clamp keeps the cursor in range and in view: it walks only the blocks
// between offset and cursor.
func (s *sessionsScreen) clamp() {
	n := len(s.full.Sessions)
	if n == 0 {
		s.cursor, s.offset = 0, 0
		return
	}
	s.cursor = min(max(0, s.cursor), n-1)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	h := s.listHeight()
	for s.offset < s.cursor {
		used := 0
		for i := s.offset; i <= s.cursor; i++ {
			used += len(s.block(i)) + 1
		}
		if used-1 <= h {
			break
		}
		s.offset++
	}
}

func (s *sessionsScreen) perPage() int { return max(1, s.listHeight()/6) }

func (s *sessionsScreen) selected() (model.Session, bool) {
	if s.cursor >= len(s.full.Sessions) {
		return model.Session{}, false
	}
	return s.full.Sessions[s.cursor], true
}

func (s *sessionsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		s.pending = nextReq()
		return s, loadLoopFull(s.d.j, s.full.Rel.ID, s.pending)
	case loopFullMsg:
		if msg.req != s.pending {
			return s, nil
		}
		if msg.err != nil {
			return s, fail(msg.err)
		}
		s.setFull(msg.full)
		return s, nil
	case loopSavedMsg:
		if msg.req != s.pending {
			return s, nil
		}
		s.pending = nextReq()
		cmd := loadLoopFull(s.d.j, s.full.Rel.ID, s.pending)
		if msg.err != nil {
			return s, tea.Batch(cmd, fail(msg.err))
		}
		return s, tea.Batch(cmd, status(msg.note))
	case tea.KeyMsg:
		k := s.keys
		if s.confirm {
			s.confirm = false
			if key.Matches(msg, k.Yes) {
				if x, ok := s.selected(); ok {
					s.pending = nextReq()
					j := s.d.j
					return s, loopSave(s.pending, "Session of "+model.FormatDate(x.Date)+" deleted",
						func(ctx context.Context) error { return j.DeleteSession(ctx, x.ID) })
				}
			}
			return s, status("Kept")
		}
		switch {
		case key.Matches(msg, k.Up):
			s.cursor--
		case key.Matches(msg, k.Down):
			s.cursor++
		case key.Matches(msg, k.PageUp):
			s.cursor -= s.perPage()
		case key.Matches(msg, k.PageDown):
			s.cursor += s.perPage()
		case key.Matches(msg, k.Top):
			s.cursor = 0
		case key.Matches(msg, k.Bottom):
			s.cursor = len(s.full.Sessions) - 1
		case key.Matches(msg, k.Open):
			if x, ok := s.selected(); ok {
				return s, push(newSessionFlow(s.d, s.full, x))
			}
		case key.Matches(msg, k.New):
			if readOnly(s.full) {
				return s, status(errReadOnlyText)
			}
			return s, push(startSession(s.d, s.full))
		case key.Matches(msg, k.Delete):
			if readOnly(s.full) {
				return s, status(errReadOnlyText)
			}
			if _, ok := s.selected(); ok {
				s.confirm = true
			}
		}
		s.clamp()
	}
	return s, nil
}

func (s *sessionsScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	n := len(s.full.Sessions)
	held := 0
	for i := range s.full.Sessions {
		if s.full.Sessions[i].Ended {
			held++
		}
	}
	sum := fmt.Sprintf("%s, %d ended", plural(n, "session"), held)
	if readOnly(s.full) {
		sum += " · closed: read-only"
	}
	if n > 0 {
		sum += fmt.Sprintf(" · %d of %d", s.cursor+1, n)
	}
	b.WriteString(st.Title.Render("Sessions") + "  " + st.Muted.Render(cut(sum, max(0, s.width-10))))
	b.WriteString("\n")
	if s.confirm {
		x, _ := s.selected()
		b.WriteString(st.Warn.Render(cut("Delete the session of "+model.FormatDate(x.Date)+"? y delete · n keep", s.width)))
	}
	b.WriteString("\n")
	if n == 0 {
		b.WriteString(st.Muted.Render(cut("No sessions yet. Press n to start one: you will review the open follow-ups, pick a topic, and take notes.", s.width)))
		return b.String()
	}
	h := s.listHeight()
	out := make([]string, 0, h)
	for i := s.offset; i < n && len(out) < h; i++ {
		if i > s.offset {
			out = append(out, "")
		}
		for li, line := range s.block(i) {
			if li == 0 {
				if i == s.cursor {
					line = st.Selected.Render("▸") + " " + line
				} else {
					line = "  " + line
				}
			} else {
				line = "  " + line
			}
			out = append(out, line)
		}
	}
	b.WriteString(strings.Join(fitLines(out, h), "\n"))
	return b.String()
}

func (s *sessionsScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.confirm {
		return []key.Binding{k.Yes, k.No}
	}
	if readOnly(s.full) {
		return []key.Binding{k.Up, k.Down, k.Open}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.New, k.Delete}
}

func (s *sessionsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.confirm {
		return [][]key.Binding{{k.Yes, k.No}}
	}
	nav := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	if readOnly(s.full) {
		return [][]key.Binding{nav, {k.Open}}
	}
	return [][]key.Binding{nav, {k.Open, k.New, k.Delete}}
}
