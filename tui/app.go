package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// Layout of the frame. Below minWidth x minHeight the app shows a "too
// small" message instead of a broken layout, and recovers when the
// terminal grows.
const (
	minWidth     = 60
	minHeight    = 16
	headerHeight = 2 // the header line and a blank line
	statusHeight = 1
	statusTTL    = 4 * time.Second
	errorTTL     = 12 * time.Second
)

// newSearchScreen builds the journal search screen; the search file sets
// it in init(). relID limits the search to one relationship ("" = all).
var newSearchScreen func(d deps, relID model.ID) screen

// reqSeq numbers requests, so that results of older requests are dropped.
var reqSeq atomic.Uint64

func newReqID() uint64 { return reqSeq.Add(1) }

// addressed is a message for one screen: the root delivers it to that
// screen wherever it is in the stack, and drops it when the screen is gone.
// Other messages go to the top screen.
type addressed interface{ to() screen }

// slashOwner is a screen that uses / itself (to filter), so the root does
// not open the search on it.
type slashOwner interface{ ownsSlash() bool }

// relScoped is a screen inside one relationship: search from it looks in
// that relationship.
type relScoped interface{ scopeRel() model.ID }

// pairShower is a screen shown in pair view; the header then says so.
type pairShower interface{ inPairView() bool }

// statusExpiredMsg clears the status line if nothing newer was shown.
type statusExpiredMsg struct{ seq int }

type confirmKind int

const (
	askNothing confirmKind = iota
	askBack                // leave a screen with unsaved edits
	askQuit                // quit with unsaved edits
)

// Model is the root of the app: a stack of screens with a header, a status
// line and a help footer. Use New to make one.
type Model struct {
	d     deps
	opt   Options
	stack []screen
	keys  globalKeys
	help  help.Model

	width, height int

	status    string
	statusErr bool
	statusSeq int

	ask       confirmKind
	askReload bool
	quitArmed bool // ctrl+c pressed once with unsaved edits
	quitting  bool

	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd // tea.Tick; tests replace it
}

// New builds the app on a journal. It does no I/O: the dashboard loads in
// the command Init returns.
func New(j Journal, opt Options) Model {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	st := newStyles()
	d := deps{j: j, styles: st, now: now}
	h := help.New()
	h.Styles.ShortKey = st.Accent
	h.Styles.FullKey = st.Accent
	h.Styles.ShortDesc = st.Muted
	h.Styles.FullDesc = st.Muted
	h.Styles.ShortSeparator = st.Muted
	h.Styles.FullSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	return Model{
		d:     d,
		opt:   opt,
		stack: []screen{newDashboard(d)},
		keys:  newGlobalKeys(),
		help:  h,
		tick:  tea.Tick,
	}
}

func (m Model) Init() tea.Cmd { return m.top().Init() }

func (m Model) top() screen { return m.stack[len(m.stack)-1] }

// Screens returns the titles of the screen stack, bottom first (for tests
// and diagnostics).
func (m Model) Screens() []string {
	out := make([]string, len(m.stack))
	for i, s := range m.stack {
		out[i] = s.Title()
	}
	return out
}

func (m Model) anyDirty() bool {
	for _, s := range m.stack {
		if s.Dirty() {
			return true
		}
	}
	return false
}

// contentSize is the area a screen gets.
func (m Model) contentSize() (int, int) {
	st := m.d.styles
	w := max(m.width, minWidth) - st.App.GetHorizontalFrameSize()
	h := max(m.height, minHeight) - headerHeight - statusHeight - m.helpHeight() - st.App.GetVerticalFrameSize()
	return max(1, w), max(1, h)
}

func (m Model) helpHeight() int {
	if !m.help.ShowAll {
		return 1
	}
	return max(1, lipgloss.Height(m.help.View(m.helpKeys())))
}

// layout sizes the help and every screen of the stack.
func (m *Model) layout() {
	m.help.Width = max(m.width, minWidth) - m.d.styles.App.GetHorizontalFrameSize()
	w, h := m.contentSize()
	for _, s := range m.stack {
		s.SetSize(w, h)
	}
}

func (m *Model) setStatus(s string, isErr bool) tea.Cmd {
	m.status, m.statusErr = s, isErr
	m.statusSeq++
	seq := m.statusSeq
	ttl := statusTTL
	if isErr {
		ttl = errorTTL
	}
	return m.tick(ttl, func(time.Time) tea.Msg { return statusExpiredMsg{seq} })
}

func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case pushMsg:
		if msg.s == nil {
			return m, nil
		}
		m.stack = append(m.stack, msg.s)
		m.layout()
		return m, msg.s.Init()
	case popMsg:
		if m.top().Dirty() {
			m.ask, m.askReload = askBack, msg.reload
			return m, nil
		}
		return m.popNow(msg.reload)
	case statusMsg:
		return m, m.setStatus(string(msg), false)
	case errMsg:
		if msg.err == nil {
			return m, nil
		}
		return m, m.setStatus(model.SanitizeLine(msg.err.Error()), true)
	case statusExpiredMsg:
		if msg.seq == m.statusSeq {
			m.status, m.statusErr = "", false
		}
		return m, nil
	}
	if a, ok := msg.(addressed); ok {
		target := a.to()
		for i, s := range m.stack {
			if sameScreen(s, target) {
				ns, cmd := s.Update(msg)
				m.replace(i, ns)
				return m, cmd
			}
		}
		return m, nil // the screen is gone: drop the result
	}
	return m.updateTop(msg)
}

func sameScreen(a, b screen) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// replace puts a screen's Update result back into the stack.
func (m *Model) replace(i int, ns screen) {
	if ns == nil {
		return
	}
	if !sameScreen(ns, m.stack[i]) {
		m.stack[i] = ns
		w, h := m.contentSize()
		ns.SetSize(w, h)
		return
	}
	m.stack[i] = ns
}

func (m Model) updateTop(msg tea.Msg) (tea.Model, tea.Cmd) {
	i := len(m.stack) - 1
	ns, cmd := m.stack[i].Update(msg)
	m.replace(i, ns)
	if m.help.ShowAll {
		m.layout() // the full help may have changed height
	}
	return m, cmd
}

func (m Model) popNow(reload bool) (tea.Model, tea.Cmd) {
	if len(m.stack) <= 1 {
		return m, nil
	}
	m.stack[len(m.stack)-1] = nil
	m.stack = m.stack[:len(m.stack)-1]
	m.layout()
	if reload {
		return m.updateTop(reloadMsg{})
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if m.statusErr {
		m.status, m.statusErr = "", false // any key clears an error
	}
	// 1. ctrl+c quits, even while typing; with unsaved edits it asks for
	// a second ctrl+c so a slip of the finger loses nothing.
	if key.Matches(msg, m.keys.ForceQuit) {
		if m.quitArmed || !m.anyDirty() {
			m.quitting = true
			return m, tea.Quit
		}
		m.quitArmed = true
		m.ask = askNothing
		return m, nil
	}
	m.quitArmed = false
	// 2. A question of the root takes every key.
	if m.ask != askNothing {
		switch msg.String() {
		case "y", "Y":
			k := m.ask
			m.ask = askNothing
			if k == askQuit {
				m.quitting = true
				return m, tea.Quit
			}
			return m.popNow(m.askReload)
		case "n", "N", "esc":
			m.ask = askNothing
			return m, m.setStatus("Kept your edits.", false)
		}
		return m, nil
	}
	top := m.top()
	// 3. A screen with a focused text field gets every key.
	if top.Capturing() {
		return m.updateTop(msg)
	}
	// 4. Global keys, then the screen.
	switch {
	case key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	case key.Matches(msg, m.keys.Quit):
		if m.anyDirty() {
			m.ask = askQuit
			return m, nil
		}
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, m.keys.Back) && len(m.stack) > 1:
		// Going back always refreshes the screen below: whatever was
		// saved on the way is shown there.
		return m.Update(popMsg{reload: true})
	case key.Matches(msg, m.keys.Search) && !ownsSlash(top):
		if newSearchScreen == nil {
			return m, m.setStatus("search is not available", true)
		}
		var rel model.ID
		if r, ok := top.(relScoped); ok {
			rel = r.scopeRel()
		}
		return m, push(newSearchScreen(m.d, rel))
	}
	return m.updateTop(msg)
}

func ownsSlash(s screen) bool {
	o, ok := s.(slashOwner)
	return ok && o.ownsSlash()
}

// helpKeys merges the top screen's keys with the global ones.
func (m Model) helpKeys() help.KeyMap {
	top := m.top()
	short := append([]key.Binding{}, top.ShortHelp()...)
	full := append([][]key.Binding{}, top.FullHelp()...)
	if top.Capturing() {
		return helpMap{short: short, full: full}
	}
	var g []key.Binding
	if len(m.stack) > 1 && !bindsKey(full, "esc") {
		// A screen that gives esc its own meaning shows that one only.
		g = append(g, m.keys.Back)
	}
	short = append(short, append(g, m.keys.Help, m.keys.Quit)...)
	if !ownsSlash(top) {
		g = append(g, m.keys.Search)
	}
	full = append(full, append(g, m.keys.Help, m.keys.Quit, m.keys.ForceQuit))
	return helpMap{short: short, full: full}
}

func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.width, m.height)
	}
	st := m.d.styles
	w, h := m.contentSize()
	var b strings.Builder
	b.WriteString(m.header(w))
	b.WriteString("\n\n")
	lines := strings.Split(m.top().View(), "\n")
	for i := 0; i < h; i++ {
		if i < len(lines) {
			b.WriteString(cut(lines[i], w))
		}
		b.WriteByte('\n')
	}
	b.WriteString(m.statusLine(w))
	b.WriteByte('\n')
	hl := strings.Split(m.help.View(m.helpKeys()), "\n")
	for i, l := range hl {
		hl[i] = cut(l, w)
	}
	b.WriteString(strings.Join(hl, "\n"))
	return st.App.Render(b.String())
}

func (m Model) header(w int) string {
	st := m.d.styles
	left := st.Header.Render("mentorlog")
	crumbs := make([]string, 0, len(m.stack))
	for _, s := range m.stack {
		crumbs = append(crumbs, model.SanitizeLine(s.Title()))
	}
	right := ""
	if p, ok := m.top().(pairShower); ok && p.inPairView() {
		right = st.Pair.Render("PAIR VIEW")
	} else if m.opt.Title != "" {
		right = st.Muted.Render(one(m.opt.Title, w/3))
	} else if m.opt.Path != "" {
		right = st.Muted.Render(one(filepath.Base(m.opt.Path), w/3))
	}
	room := w - ansi.StringWidth(left) - ansi.StringWidth(right) - 4
	trail := strings.Join(crumbs, " › ")
	if ansi.StringWidth(trail) > room {
		trail = ansi.TruncateLeft(trail, ansi.StringWidth(trail)-max(0, room-1), "…")
	}
	line := left + st.Muted.Render(" › ") + st.Title.Render(trail)
	if right != "" {
		gap := w - ansi.StringWidth(line) - ansi.StringWidth(right)
		if gap >= 1 {
			line += strings.Repeat(" ", gap) + right
		}
	}
	return cut(line, w)
}

func (m Model) statusLine(w int) string {
	st := m.d.styles
	switch {
	case m.quitArmed:
		return st.Warn.Render(cut("Unsaved edits — press ctrl+c again to quit without saving, any other key to go on.", w))
	case m.ask == askBack:
		return st.Warn.Render(cut("Discard unsaved changes? y/n", w))
	case m.ask == askQuit:
		return st.Warn.Render(cut("Quit and discard unsaved changes? y/n", w))
	case m.status != "" && m.statusErr:
		return st.Error.Render(cut(m.status, w))
	case m.status != "":
		return st.Status.Render(cut(m.status, w))
	}
	return ""
}

// tooSmall is the whole view when the terminal is below the minimum.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, w, h)
	lines := strings.Split(ansi.Hardwrap(ansi.Wrap(msg, w, ""), w, true), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// errorsIsInvalid reports whether err is a validation error of the model.
func errorsIsInvalid(err error) bool {
	return errors.Is(err, model.ErrInvalid)
}

// bindsKey reports whether an enabled binding in groups uses k.
func bindsKey(groups [][]key.Binding, k string) bool {
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			for _, bk := range b.Keys() {
				if bk == k {
					return true
				}
			}
		}
	}
	return false
}
