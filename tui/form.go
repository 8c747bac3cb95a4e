package tui

// Form: the editor every screen that edits a record uses.
//
// Build a form from fields. A field's key is the field name the model's
// Validate reports, so that SetErrors can put each error next to its field:
//
//	f := newForm(d,
//		lineField("title", "Title", g.Title),
//		textField("specific", "Specific", g.Specific).withHint("what exactly will be different"),
//		listField("problem.parts", "Parts", p.Parts),
//		choiceField("status", "Status", []string{"open", "achieved", "dropped"}, string(g.Status)),
//		dateField("due", "Due", g.Due),
//	)
//
// Field kinds:
//   - lineField: one line of text (bubbles textinput).
//   - textField: long text (a textarea with no line limit); ctrl+e opens it
//     in $VISUAL/$EDITOR.
//   - listField: a list of short texts, one per line; ctrl+e works too.
//   - choiceField: one of fixed values, cycled with ←/→ or space (letters
//     change nothing: a name typed on a choice by mistake must not pick
//     another value);
//     withLabels gives the values names for people.
//   - marksField: any of fixed values: ←/→ move, space marks or unmarks,
//     and a value that is one digit is marked with that digit's key.
//   - dateField: a date typed as 2026-11-23, today, tomorrow, +3d, +2w, -1d
//     or left empty (model.ParseDate).
//   - infoField: read-only lines computed by a function (not focusable).
//   - linkField: summary lines, and enter runs open() (e.g. pushes the
//     screen that edits a list of stories).
//
// Modifiers return the field: withHint(text), withPlaceholder(text),
// withLabels(names) (choices).
//
// Using a form inside a screen (the screen is Capturing while it shows one):
//
//	cmd := f.Focus()            // focus the first field; returns the blink command
//	act, cmd := f.Update(msg)   // act: formSave on ctrl+s, formCancel on esc, else formNone
//	f.SetSize(w, h); s := f.View()
//	f.Value(key) string; f.List(key) []string; f.Choice(key) string
//	f.Date(key) (time.Time, error); f.Int(key) (int, error)   // errors are *model.FieldError
//	f.SetErrors(err) bool       // place a Validate error (FieldError or Problems); false for nil
//	f.Dirty() bool; f.MarkSaved()
//	f.ShortHelp(), f.FullHelp() // its keys, for the footer
//	f.Field(key) *field         // e.g. f.Field("chosen").setChoices(values, labels)
//
// Keys: tab / shift+tab next and previous field (enter, ↑ and ↓ too on
// one-line fields), ctrl+s save, esc cancel, ctrl+e external editor on long
// fields, ←/→ on choices, enter on links. Everything else goes to the
// focused input; Save and Cancel do no I/O, the screen decides.
//
// The editor around a form is usually a formScreen (form_screen.go):
// newFormScreen(d, title, intro, f, save) handles saving in a command,
// the saved message and going back.

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// formAction is what the user asked of a form with a key.
type formAction int

const (
	formNone   formAction = iota
	formSave              // ctrl+s
	formCancel            // esc
)

// Values from the journal are cleaned (model.Sanitize) as fields are made:
// a form never sends control characters or escape sequences to the
// terminal, and saving it stores the cleaned text.

// form is a column of fields with one focused.
type form struct {
	d      deps
	fields []*field
	focus  int
	keys   formKeys
	topErr string // errors that belong to no field
	// readOnly forms show a closed relationship: look, never type.
	readOnly bool
	// reading: no field takes keys until tab or enter starts editing, on
	// the field shown focused (a search hit's) or, with none, the first.
	reading bool

	width, height int
	offset        int // first line shown
	labelW        int
}

type formKeys struct {
	Next, Prev, Save, Cancel, Editor, Choose, Open, Mark, MarkMove key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:     bind("next field", "tab"),
		Prev:     bind("previous field", "shift+tab"),
		Save:     keySave("save"),
		Cancel:   keyCancel("cancel"),
		Editor:   keyEditor(),
		Choose:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")),
		Open:     keyOpen("open"),
		Mark:     bind("mark / unmark (or its digit)", "space"),
		MarkMove: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "move")),
	}
}

func newForm(d deps, fields ...*field) *form {
	f := &form{d: d, fields: fields, keys: newFormKeys(), width: 60, height: 20}
	for _, fl := range fields {
		if fl.long() {
			fl.area = newBigText(d.styles)
			fl.area.ta.Placeholder = fl.placeholder
			fl.area.SetValue(fl.initial)
			fl.initial = fl.area.Value()
		}
		if fl.kind == kindLine || fl.kind == kindDate {
			in := d.styles.input("", fl.placeholder, 0)
			if fl.secret {
				in.EchoMode = textinput.EchoPassword
			}
			in.SetValue(fl.initial)
			fl.in, fl.initial = &in, in.Value()
			f.labelW = max(f.labelW, cells().StringWidth(fl.label))
		}
		if fl.kind == kindChoice || fl.kind == kindMarks {
			f.labelW = max(f.labelW, cells().StringWidth(fl.label))
		}
	}
	f.labelW = min(f.labelW, 26)
	f.focus = -1
	for i, fl := range fields {
		if fl.focusable() {
			f.focus = i
			break
		}
	}
	f.updateKeys()
	return f
}

// Field returns the field with key, or nil.
func (f *form) Field(key string) *field {
	for _, fl := range f.fields {
		if fl.key == key {
			return fl
		}
	}
	return nil
}

func (f *form) Value(key string) string {
	if fl := f.Field(key); fl != nil {
		return fl.value()
	}
	return ""
}

// List returns a list field's non-empty lines, trimmed.
func (f *form) List(key string) []string { return model.SplitList(f.Value(key)) }

func (f *form) Choice(key string) string { return f.Value(key) }

// Date parses a date field relative to today.
func (f *form) Date(key string) (time.Time, error) {
	fl := f.Field(key)
	if fl == nil {
		return time.Time{}, nil
	}
	t, err := model.ParseDate(fl.value(), f.d.today())
	if err != nil {
		return time.Time{}, &model.FieldError{Field: key, Reason: err.Error()}
	}
	return t, nil
}

// Int parses a whole number; empty is 0.
func (f *form) Int(key string) (int, error) {
	s := strings.TrimSpace(f.Value(key))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &model.FieldError{Field: key, Reason: "write a whole number, such as 14"}
	}
	return n, nil
}

// SetValue replaces a field's value (it does not change what Dirty compares with).
func (f *form) SetValue(key, v string) {
	fl := f.Field(key)
	if fl == nil {
		return
	}
	switch fl.kind {
	case kindLine, kindDate:
		fl.in.SetValue(v)
	case kindText, kindList:
		fl.area.SetValue(v)
	case kindChoice:
		fl.selectValue(v)
	case kindMarks:
		fl.setMarks(v)
	}
	fl.blockOK = false
}

// Focus focuses the current field and returns its blink command. A line
// focused already keeps its cursor where it is (on a search hit's match).
func (f *form) Focus() tea.Cmd {
	if f.focus < 0 || f.reading {
		return nil
	}
	if in := f.fields[f.focus].in; in != nil && in.Focused() {
		return in.Focus()
	}
	return f.focusField(f.focus)
}

func (f *form) focusField(i int) tea.Cmd {
	if f.focus >= 0 && f.focus < len(f.fields) {
		old := f.fields[f.focus]
		if old.in != nil {
			old.in.Blur()
		}
		if old.area != nil {
			old.area.Blur()
		}
		old.blockOK = false
	}
	f.focus = i
	f.reading = false
	fl := f.fields[i]
	fl.blockOK = false
	fl.fresh = fl.kind == kindDate && fl.in.Value() != ""
	f.updateKeys()
	switch fl.kind {
	case kindLine, kindDate:
		fl.in.CursorEnd()
		return fl.in.Focus()
	case kindText, kindList:
		f.sizeArea(fl)
		return fl.area.Focus()
	}
	return nil
}

// draftFields is what the fields hold that differs from what was loaded,
// by field key: the form's draft.
func (f *form) draftFields() map[string]string {
	out := map[string]string{}
	for _, fl := range f.fields {
		switch {
		case fl.kind == kindInfo, fl.kind == kindLink, fl.secret:
			continue // a passphrase never goes to disk as a draft
		}
		if v := fl.value(); v != fl.initial {
			out[fl.key] = v
		}
	}
	return out
}

// restoreDraft puts a draft's values back into the fields it names.
func (f *form) restoreDraft(fields map[string]string) {
	if f.readOnly {
		return
	}
	for k, v := range fields {
		f.SetValue(k, model.Sanitize(v))
	}
	// The cursor at the end of the first field put back: typing goes on
	// there, not in the form's first field.
	for i, fl := range f.fields {
		if _, ok := fields[fl.key]; ok && fl.focusable() {
			f.focusField(i)
			fl.fresh = false // typed before: edited, not replaced
			break
		}
	}
}

// setLabel renames a field (the relationship form names the sides after
// the owner's role).
func (f *form) setLabel(key, label string) {
	if fl := f.Field(key); fl != nil && fl.label != label {
		fl.label, fl.blockOK = label, false
	}
}

// focusHit focuses the field that holds a search hit's record path
// ("trust.mentor.common_ground"), with the cursor on the match in a long
// text; it reports whether there is one.
func (f *form) focusHit(h model.Hit) (tea.Cmd, bool) {
	i := f.fieldForRecord(h.Field)
	if i < 0 || !f.fields[i].focusable() {
		return nil, false
	}
	cmd := f.focusField(i)
	if a := f.fields[i].area; a != nil {
		a.aim(h.Row, h.Col)
	}
	if in := f.fields[i].in; in != nil && h.Row == 0 {
		in.SetCursor(h.Col) // a line: at the match, not at its end
	}
	return cmd, true
}

// unfocus leaves no field focused: the form is read until tab or enter
// starts editing it, so that a key meant as a command (an ended session
// opened again to be read) is not typed into a field.
func (f *form) unfocus() {
	f.read()
	f.focus = -1
	f.updateKeys()
}

// read keeps the focused field in view (a search hit's, at its match) but
// takes no keys in it until tab or enter: an ended session opened from a
// hit is read first, as one opened from its list (a newcomer's ? went into
// its notes).
func (f *form) read() {
	if fl := f.focused(); fl != nil {
		if fl.in != nil {
			fl.in.Blur()
		}
		if fl.area != nil {
			fl.area.Blur()
		}
	}
	f.reading = true
	f.updateKeys()
}

// move focuses the next (step 1) or previous (-1) focusable field; from
// none (unfocus), the first or the last.
func (f *form) move(step int) tea.Cmd {
	n := len(f.fields)
	if n == 0 {
		return nil
	}
	from := f.focus
	if from < 0 {
		from = n - 1 // the first is next
		if step < 0 {
			from = 0 // the last is previous
		}
	}
	for i, j := 1, from; i <= n; i++ {
		j = (j + step + n) % n
		if f.fields[j].focusable() {
			return f.focusField(j)
		}
	}
	return nil
}

func (f *form) focused() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

// propose sets the value of field key as a proposal, not an edit: it
// alone saves nothing (a new session paged through to its last step and
// left keeps nothing), and saving what it belongs to records it.
func (f *form) propose(key, v string) {
	f.SetValue(key, v)
	if fl := f.Field(key); fl != nil {
		fl.initial = fl.value()
	}
}

// typing reports whether the focused field takes text (a line, a date, a
// text or a list), so that every key goes to it: on a choice, marks or a
// link, and in a read-only form, q, ? and / do what they do everywhere.
func (f *form) typing() bool {
	fl := f.focused()
	if f.readOnly || f.reading || fl == nil {
		return false
	}
	switch fl.kind {
	case kindLine, kindDate, kindText, kindList:
		return true
	}
	return false
}

// lookKey moves through a read-only form.
func (f *form) lookKey(msg tea.KeyPressMsg) (formAction, tea.Cmd) {
	k := f.keys
	fl := f.focused()
	switch {
	case key.Matches(msg, k.Cancel):
		return formCancel, nil
	case key.Matches(msg, k.Next), msg.String() == "down":
		return formNone, f.move(1)
	case key.Matches(msg, k.Prev), msg.String() == "up":
		return formNone, f.move(-1)
	case msg.String() == "enter" && fl != nil && fl.kind == kindLink && fl.open != nil:
		return formNone, fl.open()
	case msg.String() == "enter":
		return formNone, f.move(1)
	}
	return formNone, nil
}

func (f *form) updateKeys() {
	fl := f.focused()
	f.keys.Save.SetEnabled(!f.readOnly)
	f.keys.Editor.SetEnabled(fl != nil && fl.long() && !f.readOnly)
	f.keys.Choose.SetEnabled(fl != nil && fl.kind == kindChoice && !f.readOnly)
	f.keys.Mark.SetEnabled(fl != nil && fl.kind == kindMarks && !f.readOnly)
	f.keys.MarkMove.SetEnabled(f.keys.Mark.Enabled())
	f.keys.Open.SetEnabled(fl != nil && fl.kind == kindLink)
	many := 0
	for _, x := range f.fields {
		if x.focusable() {
			many++
		}
	}
	f.keys.Next.SetEnabled(many > 1)
	f.keys.Prev.SetEnabled(many > 1)
	f.keys.Next.SetHelp("tab", "next field")
	if (fl == nil || f.reading) && !f.readOnly && many > 0 {
		f.keys.Next.SetEnabled(true)
		f.keys.Next.SetHelp("tab/enter", "edit")
	}
}

// Update handles a message for the form.
func (f *form) Update(msg tea.Msg) (formAction, tea.Cmd) {
	switch msg := msg.(type) {
	case editorDoneMsg:
		if msg.owner != f || msg.field < 0 || msg.field >= len(f.fields) {
			return formNone, nil
		}
		fl := f.fields[msg.field]
		if msg.err != nil {
			f.topErr = msg.err.Error()
			return formNone, nil
		}
		if fl.area != nil {
			fl.area.SetValue(msg.text)
			fl.err = ""
			fl.blockOK = false
		}
		return formNone, nil
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	fl := f.focused()
	if fl == nil {
		return formNone, nil
	}
	var cmd tea.Cmd
	switch fl.kind {
	case kindLine, kindDate:
		typedOver(fl.in, &fl.fresh, msg) // a paste
		before := fl.in.Value()
		*fl.in, cmd = fl.in.Update(msg)
		if fl.in.Value() != before {
			fl.err = ""
		}
	case kindText, kindList:
		cmd = fl.area.Update(msg)
	}
	return formNone, cmd
}

// setReadOnly makes the form one to look at: its fields can be visited
// and its lists opened, nothing can be typed or saved.
func (f *form) setReadOnly() {
	f.readOnly = true
	f.topErr = errReadOnlyText
	f.keys.Cancel.SetHelp("esc", "back")
	f.updateKeys()
}

func (f *form) key(msg tea.KeyPressMsg) (formAction, tea.Cmd) {
	if f.readOnly {
		return f.lookKey(msg)
	}
	k := f.keys
	switch {
	case key.Matches(msg, k.Save):
		return formSave, nil
	case key.Matches(msg, k.Cancel):
		return formCancel, nil
	case f.reading:
		if !key.Matches(msg, k.Next, k.Prev) && msg.String() != "enter" {
			return formNone, nil // read so far: nothing is typed
		}
		f.reading = false
		if f.focus < 0 && key.Matches(msg, k.Prev) {
			return formNone, f.move(-1) // from the last field
		}
		if f.focus < 0 {
			return formNone, f.move(1) // from the first field
		}
		return formNone, f.focusField(f.focus) // where it was read
	case key.Matches(msg, k.Next):
		return formNone, f.move(1)
	case key.Matches(msg, k.Prev):
		return formNone, f.move(-1)
	}
	fl := f.focused()
	s := msg.String()
	if fl == nil { // no field to focus (being read, the form is f.reading)
		return formNone, nil
	}
	var cmd tea.Cmd
	switch fl.kind {
	case kindLine, kindDate:
		switch s {
		case "enter", "down":
			return formNone, f.move(1)
		case "up":
			return formNone, f.move(-1)
		}
		before := fl.in.Value()
		typedOver(fl.in, &fl.fresh, msg)
		*fl.in, cmd = fl.in.Update(msg)
		if fl.in.Value() != before {
			fl.err = ""
		}
	case kindChoice:
		switch s {
		case "left":
			if n := len(fl.values); n > 0 {
				fl.sel = (fl.sel + n - 1) % n
				fl.err = ""
			}
		case "right", "space":
			if n := len(fl.values); n > 0 {
				fl.sel = (fl.sel + 1) % n
				fl.err = ""
			}
		case "enter", "down":
			return formNone, f.move(1)
		case "up":
			return formNone, f.move(-1)
		}
	case kindMarks:
		n := len(fl.values)
		switch {
		case s == "left":
			if n > 0 {
				fl.sel, fl.blockOK = (fl.sel+n-1)%n, false
			}
		case s == "right":
			if n > 0 {
				fl.sel, fl.blockOK = (fl.sel+1)%n, false
			}
		case key.Matches(msg, k.Mark):
			fl.toggle(fl.sel)
		case s == "enter" || s == "down":
			return formNone, f.move(1)
		case s == "up":
			return formNone, f.move(-1)
		default:
			for i, v := range fl.values {
				if v == s {
					fl.toggle(i)
				}
			}
		}
	case kindLink:
		switch s {
		case "enter":
			if fl.open != nil {
				return formNone, fl.open()
			}
		case "down":
			return formNone, f.move(1)
		case "up":
			return formNone, f.move(-1)
		}
	case kindText, kindList:
		if key.Matches(msg, k.Editor) {
			owner, idx, text := f, f.focus, fl.area.Value()
			return formNone, editInEditor(f.d.j, text, fl.label, func(s string, err error) tea.Msg {
				return editorDoneMsg{owner: owner, field: idx, text: s, err: err}
			})
		}
		if fl.err != "" {
			fl.err = ""
		}
		cmd = fl.area.Update(msg)
		f.sizeArea(fl)
	}
	return formNone, cmd
}

// typedOver handles the first key or paste in a date field just focused
// with a date in it (fresh): a character typed or a paste replaces the
// date, any other key edits it from then on. For every date input: the
// forms', the follow-up entry's and the follow-ups list's re-date.
func typedOver(in *textinput.Model, fresh *bool, msg tea.Msg) {
	if !*fresh {
		return
	}
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if m.Text != "" {
			in.SetValue("")
		}
	case tea.PasteMsg:
		in.SetValue("")
	default:
		return // a blink: still fresh
	}
	*fresh = false
}

// freshView draws a fresh date selected, as what typing replaces, with the
// cursor after it.
func freshView(st *Styles, v string) string { return st.Replaced.Render(v) + cursorMark }

// Dirty reports whether any field differs from its value at the start or
// at the last MarkSaved.
func (f *form) Dirty() bool {
	for _, fl := range f.fields {
		switch fl.kind {
		case kindInfo, kindLink:
			continue
		case kindList:
			if model.JoinList(model.SplitList(fl.value())) != model.JoinList(model.SplitList(fl.initial)) {
				return true
			}
		default:
			if fl.value() != fl.initial {
				return true
			}
		}
	}
	return false
}

// rebase takes the values of fresh, a form of the same record made from
// it as stored now (saved meanwhile by another screen, over this one): a
// field not edited here shows the stored value; an edited one keeps what
// is typed. The stored values become what Dirty compares with, so a save
// from here writes only what was typed here over the other screen's save
// (a goal form left under a search hit wrote its old title back over the
// one saved from the hit).
func (f *form) rebase(fresh *form) {
	for i, fl := range f.fields {
		if i >= len(fresh.fields) || fresh.fields[i].key != fl.key || fl.kind == kindInfo || fl.kind == kindLink {
			continue
		}
		stored := fresh.fields[i].initial
		if fl.value() == fl.initial && fl.value() != stored {
			f.SetValue(fl.key, stored) // the cursor of an unchanged field stays
		}
		fl.initial = stored
	}
}

// MarkSaved makes the current values the ones Dirty compares with.
func (f *form) MarkSaved() { f.MarkSavedAt(f.Snapshot()) }

// Snapshot is the fields' values now, for MarkSavedAt once they are saved.
func (f *form) Snapshot() []string {
	vals := make([]string, len(f.fields))
	for i, fl := range f.fields {
		vals[i] = fl.value()
	}
	return vals
}

// MarkSavedAt makes vals, the values a write held (Snapshot when it
// began), the ones Dirty compares with: what was typed while it was in
// flight stays unsaved.
func (f *form) MarkSavedAt(vals []string) {
	for i, fl := range f.fields {
		if i < len(vals) {
			fl.initial = vals[i]
		}
		fl.err = ""
		fl.blockOK = false
	}
	f.topErr = ""
}

// SetErrors shows a validation error next to its fields. It returns false
// when err is nil. Errors no field claims are shown above the fields.
func (f *form) SetErrors(err error) bool {
	for _, fl := range f.fields {
		if fl.err != "" {
			fl.err = ""
			fl.blockOK = false
		}
	}
	f.topErr = ""
	if err == nil {
		return false
	}
	var ps model.Problems
	var fe *model.FieldError
	switch {
	case errors.As(err, &ps):
	case errors.As(err, &fe):
		ps = model.Problems{fe}
	default:
		f.topErr = err.Error()
		return true
	}
	var rest []string
	first := -1
	for _, p := range ps {
		i := f.fieldFor(p.Field)
		if i < 0 {
			rest = append(rest, p.Error())
			continue
		}
		fl := f.fields[i]
		msg := p.Reason
		if sub := strings.TrimPrefix(p.Field, fl.key); sub != "" && sub != p.Field {
			msg = strings.TrimPrefix(sub, ".") + ": " + msg
		}
		if fl.err != "" {
			fl.err += "; " + msg
		} else {
			fl.err = msg
		}
		fl.blockOK = false
		if first < 0 {
			first = i
		}
	}
	f.topErr = strings.Join(rest, "; ")
	if first >= 0 && f.fields[first].focusable() && first != f.focus {
		f.focusField(first)
	}
	return true
}

// fieldForRecord is fieldFor a record's path (trust.mentor.common_ground,
// of a search hit or a conflict): the form's keys have spaces for its
// underscores.
func (f *form) fieldForRecord(path string) int {
	return f.fieldFor(strings.ReplaceAll(path, "_", " "))
}

// fieldFor finds the field an error path belongs to: the same key, or the
// longest key followed by "." or "[" in the path.
func (f *form) fieldFor(path string) int {
	best, bestLen := -1, -1
	for i, fl := range f.fields {
		k := fl.key
		if k == "" {
			continue
		}
		if path == k || strings.HasPrefix(path, k+".") || strings.HasPrefix(path, k+"[") {
			if len(k) > bestLen {
				best, bestLen = i, len(k)
			}
		}
	}
	return best
}
