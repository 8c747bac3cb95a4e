package tui

import (
	"sort"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// screen is one page of the app. The root model keeps a stack of them.
type screen interface {
	Init() tea.Cmd
	// Update returns the screen itself (or a replacement) and a command.
	Update(tea.Msg) (screen, tea.Cmd)
	View() string
	// SetSize gives the content area, the app's frame already subtracted.
	SetSize(width, height int)
	help.KeyMap
	// Title is the breadcrumb of the screen.
	Title() string
	// Capturing is true while a text field has focus: then every key but
	// ctrl+c goes to the screen, so q, ? and j are typed as text.
	Capturing() bool
	// Dirty is true while the screen holds edits not yet saved; leaving or
	// quitting asks first.
	Dirty() bool
}

// deps is what every screen shares. It is passed by value; the pointers in
// it are shared.
type deps struct {
	j      Journal
	styles *Styles
	now    func() time.Time
	// pair is true in pair view: two people at one screen. Private notes
	// and other relationships are never shown then.
	pair bool
	nav  *navigator
	kb   *keyboard // what the terminal's keyboard reports; nil: nothing yet
	// files is the folder for the files a user asks for (Options.Files).
	files string
}

// keyboard is what the terminal said of its keys.
type keyboard struct {
	// apart: the terminal tells keys apart (Kitty's keyboard protocol:
	// ctrl+enter is not enter, alt+f is not esc then f).
	apart bool
}

// keysApart reports whether the terminal tells keys apart.
func (d deps) keysApart() bool { return d.kb != nil && d.kb.apart }

// today is the current day in UTC.
func (d deps) today() time.Time { return model.Day(d.now()) }

// navigator holds what screens ask of the root while they handle a
// message: going to another screen, going back, a yes/no question. The
// root carries it out as soon as the screen returns, inside the same
// Update, so the next key already reaches the screen the user now sees
// (a key typed right after esc never lands in the screen being left).
type navigator struct {
	ops []navOp
	q   *question
}

type navOp struct {
	s      screen // push s; nil pops the top screen
	reload bool   // with a pop: the screen below reads its data again
}

// question is a yes/no question of a screen, asked in the status line
// next to the footer that lists its answers.
type question struct {
	text string
	yes  func() tea.Cmd
	no   func() tea.Cmd // optional
}

// push puts s on top of the stack. It returns nil so that screens can
// write `return s, s.d.push(x)`.
func (d deps) push(s screen) tea.Cmd {
	if s != nil {
		d.nav.ops = append(d.nav.ops, navOp{s: s})
	}
	return nil
}

// pop leaves the top screen; reload asks the one below to read its data
// again. A screen with unsaved edits is asked about first.
func (d deps) pop(reload bool) tea.Cmd {
	d.nav.ops = append(d.nav.ops, navOp{reload: reload})
	return nil
}

// ask puts a yes/no question to the user; yes runs if they answer y.
func (d deps) ask(text string, yes func() tea.Cmd) tea.Cmd {
	d.nav.q = &question{text: text, yes: yes}
	return nil
}

// Status messages. Screens return them from commands.
type (
	// statusMsg shows a short note in the status line.
	statusMsg string
	// errMsg shows an error in the status line.
	errMsg struct{ err error }
	// reloadMsg asks a screen to read its data again.
	reloadMsg struct{}
)

func status(s string) tea.Cmd { return func() tea.Msg { return statusMsg(s) } }
func fail(err error) tea.Cmd  { return func() tea.Msg { return errMsg{err} } }

// part is one entry of the relationship screen after the seven layers:
// goals, roadmap, sessions, follow-ups, health, closure, pair view, prep
// brief. Files that add a part register it in init(), so the relationship
// screen needs no edit to list it.
type part struct {
	Order int    // position in the relationship screen's menu
	Key   string // the key that opens it from the relationship screen (one rune, not 0-6)
	Title string
	// Open builds the part's screen for a relationship.
	Open func(d deps, full model.Full) screen
}

var parts []part

// registerPart adds a part to the relationship screen. Call it from init().
func registerPart(p part) {
	parts = append(parts, p)
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].Order < parts[j].Order })
}
