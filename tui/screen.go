package tui

import (
	"sort"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

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
}

// today is the current day in UTC.
func (d deps) today() time.Time { return model.Day(d.now()) }

// Navigation and status messages. Screens return them from commands.
type (
	// pushMsg puts a screen on top of the stack.
	pushMsg struct{ s screen }
	// popMsg removes the top screen; reload asks the one below to reload.
	popMsg struct{ reload bool }
	// statusMsg shows a short note in the status line.
	statusMsg string
	// errMsg shows an error in the status line.
	errMsg struct{ err error }
	// reloadMsg asks a screen to read its data again.
	reloadMsg struct{}
)

func push(s screen) tea.Cmd   { return func() tea.Msg { return pushMsg{s} } }
func pop(reload bool) tea.Cmd { return func() tea.Msg { return popMsg{reload} } }
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
