package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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
	partState
	keys   followUpKeys
	lk     listKeys
	items  []model.FollowUp // mentor's then mentee's, each sorted
	lines  []string         // each item's line, without the cursor mark
	pre    [][]string       // the group headings above an item
	post   [][]string       // the lines under the last item
	empty  []string         // the whole list when there is no follow-up
	list   rowList
	width  int
	height int
	toEnd  bool // put the cursor on the last follow-up once the whole history is read (end)

	mode  fuMode
	input textinput.Model // edit text / change date
	// inputFresh: the due date just put in input, which the first
	// character typed replaces (typedOver).
	inputFresh bool
	entry      followUpEntry // new follow-up
	err        string
}

type fuMode int

const (
	fuBrowse fuMode = iota
	fuNew
	fuText
	fuDate
)

type followUpKeys struct {
	Done, Drop, Date, New, Edit, Owner, Delete key.Binding
}

func newFollowUpKeys() followUpKeys {
	return followUpKeys{
		Done:   keyDone(),
		Drop:   keyDrop(),
		Date:   keyDue(),
		New:    keyNew("new follow-up"),
		Edit:   keyEdit("edit text"),
		Owner:  keyOwner(),
		Delete: keyDelete("delete"),
	}
}

func newFollowUpsScreen(d deps, f model.Full) *followUpsScreen {
	in := d.styles.input("", "", model.MaxShort*4)
	s := &followUpsScreen{partState: partState{d: d, full: f}, keys: newFollowUpKeys(), lk: newListKeys(), input: in, width: 80, height: 20}
	s.build()
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
		s.render()
	}
	s.height = h
	s.scroll()
}

// build groups the follow-ups by owner, each sorted, keeping the cursor
// on the follow-up it was on.
func (s *followUpsScreen) build() {
	f := s.full
	var sel model.ID
	if x, ok := s.selected(); ok {
		sel = x.ID
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
	// The follow-up the cursor was on, or, if it is gone, the one that
	// took its place.
	at := s.list.cursor
	s.render()
	s.list.cursor = min(at, max(0, len(s.items)-1))
	s.selectID(sel)
	if s.toEnd && !f.History.More {
		s.list.cursor = max(0, len(s.items)-1)
	}
	s.toEnd = false // end is done, or another read came in its place
	s.scroll()
}

// selectID puts the cursor on a follow-up.
func (s *followUpsScreen) selectID(id model.ID) {
	for i, x := range s.items {
		if x.ID == id {
			s.list.selectRow(i)
		}
	}
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
	if late := model.DaysLate(f.Due, today); late > 0 {
		return st.Bad.Render(fmt.Sprintf("overdue %dd (%s)", late, model.FormatDate(f.Due)))
	}
	d := model.DaysBetween(today, f.Due)
	switch {
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

// build renders each follow-up's line and the heading of each owner's
// group, which goes above the group's first follow-up (or, for an empty
// group, next to its neighbour).
func (s *followUpsScreen) render() {
	st := s.d.styles
	today := s.d.today()
	w := max(30, s.width)
	n := len(s.items)
	s.lines = make([]string, n)
	s.pre = make([][]string, n)
	s.post = make([][]string, n)
	s.empty = nil
	var carry []string // headings of empty groups waiting for a follow-up
	for gi, party := range model.Parties {
		open, over := 0, 0
		first := -1
		for i, x := range s.items {
			if x.Owner != party {
				continue
			}
			if first < 0 {
				first = i
			}
			if x.Status == model.FollowUpOpen {
				open++
				if x.IsOverdue(today) {
					over++
				}
			}
		}
		var head []string
		if gi > 0 {
			head = append(head, "")
		}
		h := fmt.Sprintf("%s · %d open", partyName(s.full.Rel, party), open)
		if over > 0 {
			h += fmt.Sprintf(", %d overdue", over)
		}
		head = append(head, st.Subtitle.Render(cut(h, w)))
		switch {
		case first >= 0:
			s.pre[first] = append(carry, head...)
			carry = nil
		default:
			head = append(head, st.Muted.Render("  nothing yet"))
			if n > 0 && s.items[n-1].Owner != party && gi > 0 {
				s.post[n-1] = append(s.post[n-1], head...)
			} else {
				carry = append(carry, head...)
			}
		}
	}
	if n == 0 {
		s.empty = carry
	}
	s.list.setRows(n, func(i int, selected bool) []string {
		mark := "  "
		if selected && s.mode != fuNew { // the one being edited, too
			mark = st.Selected.Render("▸") + " "
		}
		if s.lines[i] == "" { // drawn when first in view: a long history is not drawn whole
			s.lines[i] = s.line(s.items[i], w, today)
		}
		out := append(append([]string(nil), s.pre[i]...), mark+s.lines[i])
		return append(out, s.post[i]...)
	})
	s.updateKeys()
}

// line is a follow-up's line in the list, w cells wide.
func (s *followUpsScreen) line(x model.FollowUp, w int, today time.Time) string {
	st := s.d.styles
	due := dueText(st, x, today)
	room := w - 4 - cells().StringWidth(due) - 2
	text := one(x.Text, max(8, room))
	ts := st.Text
	if x.Status != model.FollowUpOpen {
		ts = st.Muted
	}
	return followUpMark(x) + " " + ts.Render(padRight(text, max(8, room))) + "  " + due
}

func (s *followUpsScreen) updateKeys() {
	_, has := s.selected()
	writable := !readOnly(s.full)
	k := &s.keys
	for _, b := range []*key.Binding{&k.Done, &k.Drop, &k.Date, &k.Edit, &k.Owner, &k.Delete} {
		b.SetEnabled(has && writable)
	}
	k.New.SetEnabled(writable)
	s.lk.setEnabled(len(s.items) > 1)
}

// followUpsHead is the number of lines above the list.
const followUpsHead = 2

func (s *followUpsScreen) listHeight() int {
	h := s.height - followUpsHead
	if s.mode == fuNew {
		h -= 6
	} else if s.mode != fuBrowse {
		h -= 2
	}
	return max(1, h)
}

func (s *followUpsScreen) scroll() { s.list.setHeight(s.listHeight()) }

// keep keeps the follow-up under the cursor in the window: one just
// marked done stays where it was, however old its date.
func (s *followUpsScreen) keep() []model.ID {
	if x, ok := s.selected(); ok {
		return []model.ID{x.ID}
	}
	return nil
}

func (s *followUpsScreen) selected() (model.FollowUp, bool) {
	c := s.list.cursor
	if c < 0 || c >= len(s.items) {
		return model.FollowUp{}, false
	}
	return s.items[c], true
}

func (s *followUpsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg, fullLoadedMsg, writtenMsg, tea.KeyPressMsg:
		return s, s.update(s, msg)
	}
	switch s.mode {
	case fuNew:
		_, cmd := s.entry.update(msg)
		return s, cmd
	case fuText, fuDate:
		var cmd tea.Cmd
		typedOver(&s.input, &s.inputFresh, msg) // a paste
		s.input, cmd = s.input.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *followUpsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	switch s.mode {
	case fuNew:
		return s.updateNew(msg)
	case fuText, fuDate:
		return s.updateInput(msg)
	}
	return s.updateBrowse(msg)
}

func (s *followUpsScreen) updateBrowse(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	// A long relationship is read with its follow-ups open and recent
	// (model.Window); end reads the older ones too.
	if key.Matches(msg, s.lk.Bottom) && s.full.History.More {
		s.toEnd = true
		s.list.move(s.lk, msg)
		return s.all(s)
	}
	if s.list.move(s.lk, msg) {
		return nil
	}
	if readOnly(s.full) {
		// The edit keys are off; pressing one says why.
		all := newFollowUpKeys()
		if key.Matches(msg, all.Done, all.Drop, all.Date, all.New, all.Edit, all.Owner, all.Delete) {
			return status(errReadOnlyText)
		}
		return nil
	}
	if key.Matches(msg, k.New) {
		owner := model.RoleMentee
		if x, ok := s.selected(); ok {
			owner = x.Owner
		}
		s.entry = newFollowUpEntry(s.d.styles, owner, time.Time{})
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
	case key.Matches(msg, k.Delete):
		return s.d.ask(fmt.Sprintf("Delete the follow-up %s?", model.Quote(one(x.Text, 40))), func() tea.Cmd {
			j := s.d.j
			return write(s, "Deleted the follow-up", func(ctx context.Context) error { return j.DeleteFollowUp(ctx, x.ID) })
		})
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
		s.inputFresh = false
	case key.Matches(msg, k.Date):
		s.mode = fuDate
		s.input.Prompt = "Due date: "
		s.input.Placeholder = "YYYY-MM-DD, +3d, +1w, tomorrow; empty for none"
		s.input.SetValue(model.FormatDate(x.Due))
		s.input.CursorEnd()
		s.inputFresh = !x.Due.IsZero()
	}
	s.err = ""
	s.scroll()
	return s.input.Focus()
}

// inputWas is what the input held when editing x began.
func (s *followUpsScreen) inputWas(x model.FollowUp) string {
	if s.mode == fuText {
		return x.Text
	}
	return model.FormatDate(x.Due)
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
	s.build()
	j := s.d.j
	return write(s, note, func(ctx context.Context) error { return j.SaveFollowUp(ctx, x) })
}

func (s *followUpsScreen) updateInput(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		leave := func() tea.Cmd {
			s.mode = fuBrowse
			s.input.Blur()
			s.err = ""
			return nil
		}
		if x, ok := s.selected(); ok && s.input.Value() != s.inputWas(x) {
			return s.d.ask("Discard your change?", leave)
		}
		return leave()
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
	typedOver(&s.input, &s.inputFresh, msg)
	s.input, cmd = s.input.Update(msg)
	s.err = ""
	return cmd
}

func (s *followUpsScreen) updateNew(msg tea.KeyPressMsg) tea.Cmd {
	res, cmd := s.entry.update(msg)
	switch res {
	case entryCancel:
		if !s.entry.blank() {
			return s.d.ask("Discard the follow-up you were typing?", func() tea.Cmd {
				s.mode = fuBrowse
				s.scroll()
				return nil
			})
		}
		s.mode = fuBrowse
		s.scroll()
		return nil
	case entryAdd:
		x, ok := s.entry.build(s.full.Rel.ID, "", s.d.now())
		if !ok {
			return nil
		}
		s.full.FollowUps = append(s.full.FollowUps, x)
		s.build()
		s.selectID(x.ID)
		focus := s.entry.clear()
		j := s.d.j
		return tea.Batch(focus, write(s, "Added: "+one(x.Text, 40), func(ctx context.Context) error { return j.SaveFollowUp(ctx, x) }))
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
	if s.full.History.More {
		sum += " · end reads the older ones"
	}
	if readOnly(s.full) {
		sum += st.Warn.Render("  · closed: read-only")
	}
	b.WriteString(st.Title.Render("Follow-ups") + "  " + st.Muted.Render(cut(sum, s.width)))
	b.WriteString("\n\n")
	if len(s.items) == 0 {
		b.WriteString(strings.Join(s.empty, "\n"))
	} else {
		b.WriteString(s.list.view())
	}
	switch s.mode {
	case fuNew:
		b.WriteString("\n\n" + s.entry.view(st, s.full.Rel, s.width))
	case fuText, fuDate:
		s.input.SetWidth(max(10, s.width-14))
		if s.inputFresh {
			b.WriteString("\n\n" + s.input.Prompt + freshView(st, s.input.Value()))
		} else {
			b.WriteString("\n\n" + inputView(s.input))
		}
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
	return []key.Binding{s.lk.Up, s.lk.Down, k.Done, k.Date, k.Drop, k.New, k.Edit}
}

func (s *followUpsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.mode != fuBrowse {
		return nil
	}
	return [][]key.Binding{s.lk.bindings(), {k.Done, k.Drop, k.Date, k.New, k.Edit, k.Owner, k.Delete}}
}

// The follow-ups screen's draft: a new follow-up half typed, or the text
// or date of one being changed.
func (s *followUpsScreen) draftKey() string {
	if readOnly(s.full) {
		return ""
	}
	return "followups/" + string(s.full.Rel.ID)
}

func (s *followUpsScreen) draftFields() map[string]string {
	switch s.mode {
	case fuNew:
		text, owner, due := s.entry.draft()
		return map[string]string{"new": text, "owner": owner, "due": due}
	case fuText, fuDate:
		x, ok := s.selected()
		if !ok {
			return nil
		}
		m := "text"
		if s.mode == fuDate {
			m = "date"
		}
		return map[string]string{"edit": string(x.ID), "mode": m, "value": s.input.Value()}
	}
	return nil
}

// saveKey: each field of the list saves with enter.
func (s *followUpsScreen) saveKey() string { return "enter" }

func (s *followUpsScreen) restoreDraft(fields map[string]string) {
	if t, ok := fields["new"]; ok {
		s.entry = newFollowUpEntry(s.d.styles, model.RoleMentee, time.Time{})
		s.entry.restore(t, fields["owner"], fields["due"])
		s.mode = fuNew
		s.entry.start()
		s.scroll()
		return
	}
	id := model.ID(fields["edit"])
	s.selectID(id)
	if x, ok := s.selected(); !ok || x.ID != id {
		return // the follow-up is gone
	}
	s.mode = fuText
	s.input.Prompt = "Text: "
	if fields["mode"] == "date" {
		s.mode = fuDate
		s.input.Prompt = "Due date: "
	}
	s.input.SetValue(model.SanitizeLine(fields["value"]))
	s.input.CursorEnd()
	s.inputFresh = false // typed before: edited, not replaced
	s.input.Focus()
	s.scroll()
}
