package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// followUpEntry is the one-line editor for a new follow-up: its text, its
// owner (mentor or mentee) and its due date. tab moves between the three,
// ←/→ or space switch the owner, enter adds it, esc cancels.
type followUpEntry struct {
	text  textinput.Model
	due   textinput.Model
	owner model.Role
	focus int // 0 text, 1 owner, 2 due
	err   string
	// dueFresh: the due date was just tabbed to, and the first character
	// typed replaces it (as a form's date field, field.fresh).
	dueFresh bool
}

func newFollowUpEntry(st *Styles, owner model.Role, due time.Time) followUpEntry {
	t := st.input("", "what will be done", model.MaxShort*4)
	d := st.input("", "+1w or a date", 20)
	d.SetWidth(14)
	d.SetValue(model.FormatDate(due))
	if !owner.ValidParty() {
		owner = model.RoleMentee
	}
	e := followUpEntry{text: t, due: d, owner: owner}
	return e
}

// draft is what the entry holds as typed, for a draft: its text, owner
// and due date.
func (e *followUpEntry) draft() (text, owner, due string) {
	return e.text.Value(), string(e.owner), e.due.Value()
}

// restore puts a draft's text, owner and due date back (an owner that is
// not one of the pair leaves the one there).
func (e *followUpEntry) restore(text, owner, due string) {
	e.text.SetValue(model.SanitizeLine(text))
	if r := model.Role(owner); r.ValidParty() {
		e.owner = r
	}
	e.due.SetValue(model.SanitizeLine(due))
}

// start focuses the text field.
func (e *followUpEntry) start() tea.Cmd {
	e.focus = 0
	e.due.Blur()
	return e.text.Focus()
}

func (e *followUpEntry) blank() bool { return strings.TrimSpace(e.text.Value()) == "" }

// followUpEntryDone says what the user did with the entry.
type entryResult int

const (
	entryEditing entryResult = iota
	entryAdd
	entryCancel
)

// update handles a message; it returns what the user asked for.
func (e *followUpEntry) update(msg tea.Msg) (entryResult, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var c1, c2 tea.Cmd
		e.text, c1 = e.text.Update(msg)
		if e.focus == 2 {
			typedOver(&e.due, &e.dueFresh, msg) // a paste
		}
		e.due, c2 = e.due.Update(msg)
		return entryEditing, tea.Batch(c1, c2)
	}
	switch k.String() {
	case "esc":
		return entryCancel, nil
	case "enter":
		return entryAdd, nil
	case "tab", "shift+tab":
		step := 1
		if k.String() == "shift+tab" {
			step = 2
		}
		e.focus = (e.focus + step) % 3
		e.text.Blur()
		e.due.Blur()
		e.dueFresh = e.focus == 2 && e.due.Value() != ""
		switch e.focus {
		case 0:
			return entryEditing, e.text.Focus()
		case 2:
			return entryEditing, e.due.Focus()
		}
		return entryEditing, nil
	}
	var cmd tea.Cmd
	switch e.focus {
	case 0:
		e.text, cmd = e.text.Update(msg)
	case 1:
		switch k.String() {
		case "left", "right", "space":
			if e.owner == model.RoleMentor {
				e.owner = model.RoleMentee
			} else {
				e.owner = model.RoleMentor
			}
		case "m":
			e.owner = model.RoleMentor
		case "e":
			e.owner = model.RoleMentee
		}
	case 2:
		typedOver(&e.due, &e.dueFresh, k)
		e.due, cmd = e.due.Update(msg)
	}
	e.err = ""
	return entryEditing, cmd
}

// build makes the follow-up, or sets err and returns false.
func (e *followUpEntry) build(relID, sessionID model.ID, now time.Time) (model.FollowUp, bool) {
	due, err := model.ParseDate(e.due.Value(), now)
	if err != nil {
		e.err = "due: " + err.Error()
		return model.FollowUp{}, false
	}
	f := model.FollowUp{
		ID: model.NewID(now), RelID: relID, SessionID: sessionID,
		Text: strings.TrimSpace(e.text.Value()), Owner: e.owner, Due: due,
		Status: model.FollowUpOpen, Created: now.UTC(), Updated: now.UTC(),
	}
	if err := f.Validate(); err != nil {
		e.err = err.Error()
		return model.FollowUp{}, false
	}
	return f, true
}

// clear empties the text for the next follow-up, the cursor back in it,
// keeping owner and date. The entry stays open: its placeholder says so,
// as a newcomer pressed n for the next one and typed it.
func (e *followUpEntry) clear() tea.Cmd {
	e.text.SetValue("")
	e.text.Placeholder = "added: type the next one, or esc when done"
	e.err = ""
	return e.start()
}

func (e *followUpEntry) view(st *Styles, rel model.Relationship, width int) string {
	label := func(i int, s string) string {
		if e.focus == i {
			return st.FocusLabel.Render(s)
		}
		return st.Label.Render(s)
	}
	e.text.SetWidth(max(10, width-13))
	leave := "esc cancel"
	if e.blank() {
		leave = "esc done" // nothing typed: esc only closes the entry
	}
	owner := partyName(rel, e.owner)
	if e.focus == 1 {
		owner = st.Selected.Render("‹ " + owner + " ›")
	}
	dueView := inputView(e.due)
	if e.focus == 2 && e.dueFresh {
		dueView = freshView(st, e.due.Value())
	}
	lines := []string{
		label(0, "Follow-up: ") + inputView(e.text),
		label(1, "Owner:     ") + owner + "   " + label(2, "Due: ") + dueView,
		st.Muted.Render(cut("tab next field · ←/→ switch owner · enter add · "+leave, width)),
	}
	if e.err != "" {
		lines = append(lines, st.Error.Render(cut(e.err, width)))
	}
	return strings.Join(lines, "\n")
}
