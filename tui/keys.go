package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// globalKeys are the keys the root handles whatever the screen.
type globalKeys struct {
	Help, Quit, Back, Search, ForceQuit key.Binding
	// TypingHelp shows every key while a text field has the keyboard
	// (there ? is typed).
	TypingHelp key.Binding
	// Yes and No answer the question in the status line.
	Yes, No key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Search:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		TypingHelp: key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "keys")),
		Yes:        key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
	}
}

// Movement keys shared by the list screens.
type listKeys struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
	}
}

// typingListKeys are the movement keys of a list under a text field (a
// filter, a search): letters are typed there, and ctrl+u and ctrl+d edit
// it as in any text field, so only the arrows and the page keys move.
func typingListKeys() listKeys {
	k := newListKeys()
	k.Up = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up"))
	k.Down = key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down"))
	k.PageUp = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up"))
	k.PageDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down"))
	return k
}

func (k listKeys) bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
}

// setEnabled turns every movement key on or off.
func (k *listKeys) setEnabled(on bool) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown} {
		b.SetEnabled(on)
	}
}

// move applies a movement key to a cursor over n rows with a page of page
// rows; ok is false when msg is no movement key.
func (k listKeys) move(msg tea.KeyPressMsg, cursor, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		cursor--
	case key.Matches(msg, k.Down):
		cursor++
	case key.Matches(msg, k.Top):
		cursor = 0
	case key.Matches(msg, k.Bottom):
		cursor = n - 1
	case key.Matches(msg, k.PageUp):
		cursor -= max(1, page-1)
	case key.Matches(msg, k.PageDown):
		cursor += max(1, page-1)
	default:
		return cursor, false
	}
	return min(max(0, cursor), max(0, n-1)), true
}

// flatten lists every enabled binding of a help.KeyMap-like pair.
func flatten(short []key.Binding, full [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range short {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	for _, col := range full {
		for _, b := range col {
			if b.Enabled() {
				out = append(out, b)
			}
		}
	}
	return out
}

// helpMap is a help.KeyMap built from lists.
type helpMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpMap) ShortHelp() []key.Binding  { return h.short }
func (h helpMap) FullHelp() [][]key.Binding { return h.full }

// The key vocabulary. A key means one thing on every screen; only the
// words of its help change with what it acts on. Screens build their key
// maps from these, never from key.NewBinding of their own.
//
//	↑/k ↓/j home end pgup pgdn   move (listKeys)
//	enter                   open the selected row; in a form, the next field
//	n                       new          e  edit          d  delete (asks first)
//	x                       done / reopen a follow-up     X  drop / reopen it
//	o                       still open: carry a follow-up over (session review)
//	t                       due date     w  who owns it
//	F                       filter the dashboard by name
//	P                       encrypt the journal with a passphrase (dashboard, a plain journal)
//	0-6 g r s f h c p v b   open a layer or a part (relationship screen only: its menu)
//	i                       write the relationship's calendar file (.ics)
//	u T                     use a template on a roadmap, keep a roadmap as one
//	m M                     the mentor, the mentee (signs, rates)
//	ctrl+s                  save         ctrl+e  open in $EDITOR
//	esc                     back / cancel (asks first when edits would be lost)
//	y n                     answer the question in the status line
//	? q / ctrl+c            keys, quit, search, quit now (globalKeys)
func bind(help string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
}

func keyOpen(help string) key.Binding   { return bind(help, "enter") }
func keyNew(help string) key.Binding    { return bind(help, "n") }
func keyEdit(help string) key.Binding   { return bind(help, "e") }
func keyDelete(help string) key.Binding { return bind(help, "d") }
func keyDone() key.Binding              { return bind("done / reopen", "x") }
func keyDrop() key.Binding              { return bind("drop / reopen", "X") }
func keyCarry() key.Binding             { return bind("still open: carry over", "o") }
func keyDue() key.Binding               { return bind("due date", "t") }
func keyOwner() key.Binding             { return bind("switch who owns it", "w") }
func keyMentor(help string) key.Binding { return bind(help, "m") }
func keyMentee(help string) key.Binding { return bind(help, "M") }
func keySave(help string) key.Binding   { return bind(help, "ctrl+s") }
func keyEditor() key.Binding            { return bind("open in $EDITOR", "ctrl+e") }
func keyCancel(help string) key.Binding { return bind(help, "esc") }
func keyPassphrase() key.Binding        { return bind("encrypt with a passphrase", "P") }

// crudKeys are the keys of a list of records.
type crudKeys struct {
	New, Edit, Delete key.Binding
}

func newCrudKeys() crudKeys {
	return crudKeys{
		New:    keyNew("new"),
		Edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e/enter", "edit")),
		Delete: keyDelete("delete"),
	}
}

// set enables the keys for a list with or without rows.
func (k *crudKeys) set(hasRows, writable bool) {
	k.New.SetEnabled(writable)
	k.Edit.SetEnabled(hasRows)
	k.Delete.SetEnabled(hasRows && writable)
}
