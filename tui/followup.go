package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 30, Key: "f", Title: "Follow-ups", Open: func(d deps, f model.Full) screen {
		return newFollowUpsScreen(d, f)
	}})
}

// followUpsScreen lists a relationship's follow-ups grouped by owner,
// overdue first (model.SortFollowUps, the order the dashboard and
// `mentorlog due` use too).
type followUpsScreen struct {
	d       deps
	full    model.Full
	keys    followUpKeys
	items   []model.FollowUp // mentor's then mentee's, each sorted
	rowOf   []int            // row of each item
	rows    []string         // rendered rows (headings and items), without the cursor mark
	isHead  []bool
	cursor  int
	offset  int
	width   int
	height  int
	pending uint64 // the load or save we wait for

	mode  fuMode
	input textinput.Model // edit text / change date
	entry followUpEntry   // new follow-up
	err   string
}

type fuMode int

const (
	fuBrowse fuMode = iota
	fuNew
	fuText
	fuDate
)

type followUpKeys struct {
	Up, Down, Top, Bottom, Done, Drop, Date, New, Edit, Owner key.Binding
}

func newFollowUpKeys() followUpKeys {
	return followUpKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		Bottom: key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Done:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "done / reopen")),
		Drop:   key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "drop / reopen")),
		Date:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "change due date")),
		New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new follow-up")),
		Edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit text")),
		Owner:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "switch owner")),
	}
}

func newFollowUpsScreen(d deps, f model.Full) *followUpsScreen {
	in := textinput.New()
	in.CharLimit = model.MaxShort * 4
	s := &followUpsScreen{d: d, full: f, keys: newFollowUpKeys(), input: in, width: 80, height: 20}
	s.setFull(f)
	return s
}

func (s *followUpsScreen) Init() tea.Cmd { return nil }

func (s *followUpsScreen) Title() string {
	return "Follow-ups with " + one(s.full.Rel.Other(), 40)
}

func (s *followUpsScreen) Capturing() bool    { return s.mode != fuBrowse }
func (s *followUpsScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *followUpsScreen) Dirty() bool {
	return s.mode == fuNew && !s.entry.blank() || s.mode == fuText || s.mode == fuDate
}

func (s *followUpsScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.scroll()
}

func (s *followUpsScreen) setFull(f model.Full) {
	s.full = f
	var sel model.ID
	if s.cursor < len(s.items) {
		sel = s.items[s.cursor].ID
	}
	s.items = s.items[:0]
	for _, party := range model.Parties {
		var g []model.FollowUp
		for _, x := range f.FollowUps {
			if x.Owner == party {
				g = append(g, x)
			}
		}
		model.SortFollowUps(g, s.d.today())
		s.items = append(s.items, g...)
	}
	s.cursor = 0
	for i, x := range s.items {
		if x.ID == sel {
			s.cursor = i
		}
	}
	s.build()
	s.scroll()
}

// selectID puts the cursor on a follow-up.
func (s *followUpsScreen) selectID(id model.ID) {
	for i, x := range s.items {
		if x.ID == id {
			s.cursor = i
		}
	}
	s.scroll()
}

// dueText says when an open follow-up is due, relative to today.
func dueText(st *Styles, f model.FollowUp, today time.Time) string {
	if f.Status != model.FollowUpOpen {
		if f.Status == model.FollowUpDone && !f.DoneAt.IsZero() {
			return st.Good.Render("done " + model.FormatDate(f.DoneAt))
		}
		return st.Muted.Render(string(f.Status))
	}
	if f.Due.IsZero() {
		return st.Muted.Render("no date")
	}
	d := model.DaysBetween(today, f.Due)
	switch {
	case d < 0:
		return st.Bad.Render(fmt.Sprintf("overdue %dd (%s)", -d, model.FormatDate(f.Due)))
	case d == 0:
		return st.Warn.Render("due today")
	case d == 1:
		return st.Warn.Render("due tomorrow")
	}
	return st.Text.Render(fmt.Sprintf("due %s (in %dd)", model.FormatDate(f.Due), d))
}

func followUpMark(f model.FollowUp) string {
	switch f.Status {
	case model.FollowUpDone:
		return "✓"
	case model.FollowUpDropped:
		return "✗"
	}
	return "○"
}

func (s *followUpsScreen) build() {
	st := s.d.styles
	today := s.d.today()
	w := max(30, s.width)
	s.rows = s.rows[:0]
	s.isHead = s.isHead[:0]
	s.rowOf = make([]int, len(s.items))
	for gi, party := range model.Parties {
		open, over := 0, 0
		for _, x := range s.items {
			if x.Owner == party && x.Status == model.FollowUpOpen {
				open++
				if x.IsOverdue(today) {
					over++
				}
			}
		}
		if gi > 0 {
			s.rows = append(s.rows, "")
			s.isHead = append(s.isHead, true)
		}
		head := fmt.Sprintf("%s · %d open", partyName(s.full.Rel, party), open)
		if over > 0 {
			head += fmt.Sprintf(", %d overdue", over)
		}
		s.rows = append(s.rows, st.Subtitle.Render(cut(head, w)))
		s.isHead = append(s.isHead, true)
		has := false
		for i, x := range s.items {
			if x.Owner != party {
				continue
			}
			has = true
			s.rowOf[i] = len(s.rows)
			due := dueText(st, x, today)
			room := w - 4 - ansi.StringWidth(due) - 2
			text := one(x.Text, max(8, room))
			ts := st.Text
			if x.Status != model.FollowUpOpen {
				ts = st.Muted
			}
			s.rows = append(s.rows, followUpMark(x)+" "+ts.Render(padRight(text, max(8, room)))+"  "+due)
			s.isHead = append(s.isHead, false)
		}
		if !has {
			s.rows = append(s.rows, st.Muted.Render("  nothing yet"))
			s.isHead = append(s.isHead, true)
		}
	}
}

// followUpsHead is the number of lines above the list.
const followUpsHead = 2

func (s *followUpsScreen) listHeight() int {
	h := s.height - followUpsHead
	if s.mode == fuNew {
		h -= 5
	} else if s.mode != fuBrowse {
		h -= 2
	}
	return max(1, h)
}

func (s *followUpsScreen) scroll() {
	if len(s.items) == 0 {
		s.offset = 0
		return
	}
	s.cursor = min(max(0, s.cursor), len(s.items)-1)
	row := s.rowOf[s.cursor]
	if row > 0 && s.isHead[row-1] && row-1 < s.offset {
		s.offset = row - 1
	}
	s.offset = scrollTo(row, s.offset, s.listHeight(), len(s.rows))
}

func (s *followUpsScreen) selected() (model.FollowUp, bool) {
	if s.cursor < 0 || s.cursor >= len(s.items) {
		return model.FollowUp{}, false
	}
	return s.items[s.cursor], true
}

func (s *followUpsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
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
		s.scroll()
		return s, nil
	case loopSavedMsg:
		if msg.req != s.pending {
			return s, nil
		}
		s.pending = nextReq()
		cmds := []tea.Cmd{loadLoopFull(s.d.j, s.full.Rel.ID, s.pending)}
		if msg.err != nil {
			cmds = append(cmds, fail(msg.err))
		} else if msg.note != "" {
			cmds = append(cmds, status(msg.note))
		}
		return s, tea.Batch(cmds...)
	case tea.KeyMsg:
		switch s.mode {
		case fuNew:
			return s, s.updateNew(msg)
		case fuText, fuDate:
			return s, s.updateInput(msg)
		}
		return s, s.updateBrowse(msg)
	}
	switch s.mode {
	case fuNew:
		_, cmd := s.entry.update(msg)
		return s, cmd
	case fuText, fuDate:
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *followUpsScreen) updateBrowse(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.cursor--
		s.scroll()
		return nil
	case key.Matches(msg, k.Down):
		s.cursor++
		s.scroll()
		return nil
	case key.Matches(msg, k.Top):
		s.cursor = 0
		s.scroll()
		return nil
	case key.Matches(msg, k.Bottom):
		s.cursor = len(s.items) - 1
		s.scroll()
		return nil
	}
	edits := []key.Binding{k.Done, k.Drop, k.Date, k.New, k.Edit, k.Owner}
	isEdit := false
	for _, b := range edits {
		if key.Matches(msg, b) {
			isEdit = true
		}
	}
	if !isEdit {
		return nil
	}
	if readOnly(s.full) {
		return status(errReadOnlyText)
	}
	if key.Matches(msg, k.New) {
		owner := model.RoleMentee
		if x, ok := s.selected(); ok {
			owner = x.Owner
		}
		s.entry = newFollowUpEntry(owner, time.Time{})
		s.mode = fuNew
		s.scroll()
		return s.entry.start()
	}
	x, ok := s.selected()
	if !ok {
		return nil
	}
	now := s.d.now()
	switch {
	case key.Matches(msg, k.Done):
		if x.Status == model.FollowUpDone {
			x.Status, x.DoneAt = model.FollowUpOpen, time.Time{}
			return s.save(x, "Reopened")
		}
		x.Status, x.DoneAt = model.FollowUpDone, model.Day(now)
		return s.save(x, "Marked done")
	case key.Matches(msg, k.Drop):
		if x.Status == model.FollowUpDropped {
			x.Status = model.FollowUpOpen
			return s.save(x, "Reopened")
		}
		x.Status, x.DoneAt = model.FollowUpDropped, time.Time{}
		return s.save(x, "Dropped")
	case key.Matches(msg, k.Owner):
		if x.Owner == model.RoleMentor {
			x.Owner = model.RoleMentee
		} else {
			x.Owner = model.RoleMentor
		}
		return s.save(x, "Owner is now "+partyName(s.full.Rel, x.Owner))
	case key.Matches(msg, k.Edit):
		s.mode = fuText
		s.input.Prompt = "Text: "
		s.input.Placeholder = ""
		s.input.SetValue(x.Text)
		s.input.CursorEnd()
	case key.Matches(msg, k.Date):
		s.mode = fuDate
		s.input.Prompt = "Due date: "
		s.input.Placeholder = "YYYY-MM-DD, +3d, +1w, tomorrow; empty for none"
		s.input.SetValue(model.FormatDate(x.Due))
		s.input.CursorEnd()
	}
	s.err = ""
	s.scroll()
	return s.input.Focus()
}

// save validates and writes one follow-up, then reloads.
func (s *followUpsScreen) save(x model.FollowUp, note string) tea.Cmd {
	x.Updated = s.d.now().UTC()
	if err := x.Validate(); err != nil {
		s.err = err.Error()
		return nil
	}
	// Show the change at once; the reload after the save confirms it.
	for i := range s.full.FollowUps {
		if s.full.FollowUps[i].ID == x.ID {
			s.full.FollowUps[i] = x
		}
	}
	s.setFull(s.full)
	s.pending = nextReq()
	j := s.d.j
	return loopSave(s.pending, note, func(ctx context.Context) error { return j.SaveFollowUp(ctx, x) })
}

func (s *followUpsScreen) updateInput(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.mode = fuBrowse
		s.input.Blur()
		s.err = ""
		return nil
	case "enter":
		x, ok := s.selected()
		if !ok {
			s.mode = fuBrowse
			return nil
		}
		if s.mode == fuText {
			x.Text = strings.TrimSpace(s.input.Value())
		} else {
			d, err := model.ParseDate(s.input.Value(), s.d.now())
			if err != nil {
				s.err = err.Error()
				return nil
			}
			x.Due = d
		}
		if err := x.Validate(); err != nil {
			s.err = err.Error()
			return nil
		}
		s.mode = fuBrowse
		s.input.Blur()
		return s.save(x, "Saved")
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	s.err = ""
	return cmd
}

func (s *followUpsScreen) updateNew(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.entry.update(msg)
	switch res {
	case entryCancel:
		s.mode = fuBrowse
		s.scroll()
		return nil
	case entryAdd:
		x, ok := s.entry.build(s.full.Rel.ID, "", s.d.now())
		if !ok {
			return nil
		}
		s.full.FollowUps = append(s.full.FollowUps, x)
		s.setFull(s.full)
		s.selectID(x.ID)
		s.entry.clear()
		s.pending = nextReq()
		j := s.d.j
		return loopSave(s.pending, "Added: "+one(x.Text, 40), func(ctx context.Context) error { return j.SaveFollowUp(ctx, x) })
	}
	return cmd
}

func (s *followUpsScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	today := s.d.today()
	open, over := 0, 0
	for _, x := range s.items {
		if x.Status == model.FollowUpOpen {
			open++
			if x.IsOverdue(today) {
				over++
			}
		}
	}
	sum := fmt.Sprintf("%d open", open)
	if over > 0 {
		sum += ", " + st.Bad.Render(fmt.Sprintf("%d overdue", over))
	}
	if readOnly(s.full) {
		sum += st.Warn.Render("  · closed: read-only")
	}
	b.WriteString(st.Title.Render("Follow-ups") + "  " + st.Muted.Render(cut(sum, s.width)))
	b.WriteString("\n\n")
	lines := make([]string, 0, s.listHeight())
	end := min(len(s.rows), s.offset+s.listHeight())
	curRow := -1
	if len(s.items) > 0 {
		curRow = s.rowOf[s.cursor]
	}
	for r := s.offset; r < end; r++ {
		switch {
		case s.isHead[r]:
			lines = append(lines, s.rows[r])
		case r == curRow && s.mode == fuBrowse:
			lines = append(lines, st.Selected.Render("▸")+" "+s.rows[r])
		default:
			lines = append(lines, "  "+s.rows[r])
		}
	}
	b.WriteString(strings.Join(lines, "\n"))
	switch s.mode {
	case fuNew:
		b.WriteString("\n\n" + s.entry.view(st, s.full.Rel, s.width))
	case fuText, fuDate:
		s.input.Width = max(10, s.width-14)
		b.WriteString("\n\n" + s.input.View())
		hint := "enter save · esc cancel"
		if s.err != "" {
			hint = st.Error.Render(cut(s.err, s.width))
		} else {
			hint = st.Muted.Render(hint)
		}
		b.WriteString("\n" + hint)
	default:
		if s.err != "" {
			b.WriteString("\n" + st.Error.Render(cut(s.err, s.width)))
		}
	}
	return b.String()
}

func (s *followUpsScreen) ShortHelp() []key.Binding {
	if s.mode != fuBrowse {
		return nil
	}
	k := s.keys
	if readOnly(s.full) {
		return []key.Binding{k.Up, k.Down}
	}
	return []key.Binding{k.Done, k.Date, k.Drop, k.New, k.Edit}
}

func (s *followUpsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.mode != fuBrowse {
		return nil
	}
	if readOnly(s.full) {
		return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}}
	}
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Done, k.Drop, k.Date, k.New, k.Edit, k.Owner}}
}
