package tui

import (
	"errors"
	"sync/atomic"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	statusLines  = 2 // a question of a screen may take two lines
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

// writeDone is the result of a write to the journal, whatever screen did
// it: the screens below it may show what it changed as it was.
type writeDone interface{ writeErr() error }

// slashOwner is a screen that uses / itself (to filter), so the root does
// not open the search on it.
type slashOwner interface{ ownsSlash() bool }

// escOwner is a screen in a mode without a text field (picking from a
// list) that esc leaves: esc goes to it instead of leaving the screen,
// while ? and q keep their meaning.
type escOwner interface{ ownsEsc() bool }

// relScoped is a screen inside one relationship: search from it looks in
// that relationship.
type relScoped interface{ scopeRel() model.ID }

// splitAlt splits alt+key into esc then the key. A terminal that does not
// tell keys apart sends esc and a key typed fast after it (or written in
// one go, as tmux and ssh do) as it sends alt+key, and mentorlog binds no
// alt key: each acts as if typed alone (a terminal that tells them apart
// sends a real alt+key, which goes to the screen). It returns nil for any
// other key.
func splitAlt(msg tea.KeyPressMsg) []tea.KeyPressMsg {
	if msg.Mod&tea.ModAlt == 0 {
		return nil
	}
	rest := msg
	rest.Mod &^= tea.ModAlt
	if rest.Text == "" && rest.Mod&^tea.ModShift == 0 && unicode.IsPrint(rest.Code) && rest.Code != ' ' {
		// esc then a letter arrives as the letter's code with no text.
		r := rest.Code
		if rest.Mod&tea.ModShift != 0 {
			r = unicode.ToUpper(r)
			rest.ShiftedCode = r
		}
		rest.Text = string(r)
	}
	return []tea.KeyPressMsg{{Code: tea.KeyEscape}, rest}
}

// loader is a screen that reads its data before it can take keys. Keys
// typed while it loads wait in the root and reach it, in order, once it
// has loaded, so typing ahead of a slow disk loses nothing.
type loader interface{ loading() bool }

func isLoading(s screen) bool {
	l, ok := s.(loader)
	return ok && l.loading()
}

// pairShower is a screen shown in pair view; the header then says so.
type pairShower interface{ inPairView() bool }

// statusExpiredMsg clears the status line if nothing newer was shown.
type statusExpiredMsg struct{ seq int }

type confirmKind int

const (
	askNothing confirmKind = iota
	askBack                // leave a screen with unsaved edits
	askQuit                // quit with unsaved edits
	askScreen              // a screen's own question (Model.q)
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
	q         *question // the screen's question, with askScreen
	quitArmed bool      // ctrl+c pressed once with unsaved edits
	quitting  bool
	ahead     []tea.Msg // keys and pastes typed while the top screen loads
	draftSeq  int       // bumped by every key; the drafts are written when it rests
	// kept are the keys of drafts written (or put back) while their
	// screen had unsaved edits; once no screen of the stack has, the
	// draft is dropped (dropSaved).
	kept map[string]bool
	// wrote counts the writes done; seen is the count each screen of the
	// stack last read its data at. A screen shown again after writes on
	// top of it reads its data again: one left under a search hit kept an
	// old roadmap topic, and saving it wrote that back over the edit.
	wrote uint64
	seen  map[screen]uint64

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
	d := deps{j: j, styles: st, now: now, nav: &navigator{}, kb: &keyboard{}, files: opt.Files}
	h := help.New()
	h.Styles.ShortKey = st.Accent
	h.Styles.FullKey = st.Accent
	h.Styles.ShortDesc = st.Muted
	h.Styles.FullDesc = st.Muted
	h.Styles.ShortSeparator = st.Muted
	h.Styles.FullSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	dash := newDashboard(d)
	return Model{
		d:     d,
		opt:   opt,
		stack: []screen{dash},
		keys:  newGlobalKeys(),
		help:  h,
		kept:  map[string]bool{},
		seen:  map[screen]uint64{dash: 0},
		tick:  tea.Tick,
	}
}

// Init loads the dashboard and asks the terminal for its background
// colour; nothing waits for the answer (BackgroundColorMsg).
func (m Model) Init() tea.Cmd { return tea.Batch(tea.RequestBackgroundColor, m.top().Init()) }

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
	h := max(m.height, minHeight) - headerHeight - m.statusHeight() - m.helpHeight() - st.App.GetVerticalFrameSize()
	return max(1, w), max(1, h)
}

// layout sizes the help and every screen of the stack.
func (m *Model) layout() {
	m.help.SetWidth(max(m.width, minWidth) - m.d.styles.App.GetHorizontalFrameSize())
	w, h := m.contentSize()
	for _, s := range m.stack {
		s.SetSize(w, h)
	}
}

// redraw has every screen of the stack draw again what it drew ahead of
// time (rows, blocks, field views), after the palette changed. Every
// screen rebuilds those when its width changes, so each is given another
// width, then its own.
func (m *Model) redraw() {
	w, h := m.contentSize()
	for _, s := range m.stack {
		s.SetSize(w+1, h)
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
	sh := m.statusHeight()
	next, cmd := m.update(msg)
	m = next.(Model)
	if m.statusHeight() != sh {
		m.layout() // a question took or gave back a line
	}
	cmds := []tea.Cmd{cmd, m.dropSaved()}
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, editorDoneMsg:
		if !m.quitting && m.anyDirtyDrafter() {
			// Keep what is typed once typing pauses.
			m.draftSeq++
			seq := m.draftSeq
			cmds = append(cmds, m.tick(draftDelay, func(time.Time) tea.Msg { return draftTickMsg{seq} }))
		}
	}
	if len(m.ahead) == 0 || isLoading(m.top()) {
		return m, tea.Batch(cmds...)
	}
	for len(m.ahead) > 0 && !isLoading(m.top()) {
		k := m.ahead[0]
		m.ahead = m.ahead[1:]
		next, c := m.handleInput(k)
		m = next.(Model)
		cmds = append(cmds, c)
	}
	return m, tea.Batch(cmds...)
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.d.styles.setBackground(!msg.IsDark()) {
			m.redraw()
		}
		return m, nil
	case tea.KeyboardEnhancementsMsg:
		m.d.kb.apart = msg.SupportsKeyDisambiguation()
		return m, nil
	case tea.ModeReportMsg:
		// Bubble Tea's renderer measures by grapheme cluster once the
		// terminal knows mode 2027 (and turns it on): measure as it does.
		v := msg.Value
		if msg.Mode == ansi.ModeUnicodeCore && (v == ansi.ModeReset || v == ansi.ModeSet || v == ansi.ModePermanentlySet) && !graphemes.Swap(true) {
			m.redraw()
		}
		return m, nil
	case tea.KeyPressMsg:
		if keys := splitAlt(msg); keys != nil && !m.d.keysApart() {
			var cmds []tea.Cmd
			for _, k := range keys {
				next, cmd := m.Update(k)
				m = next.(Model)
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		if isLoading(m.top()) && !key.Matches(msg, m.keys.ForceQuit) {
			m.ahead = append(m.ahead, msg)
			return m, nil
		}
		return m.handleKey(msg)
	case tea.PasteMsg:
		if isLoading(m.top()) {
			m.ahead = append(m.ahead, msg)
			return m, nil
		}
		return m.handlePaste(msg)
	case statusMsg:
		return m, m.setStatus(string(msg), false)
	case errMsg:
		if msg.err == nil {
			return m, nil
		}
		return m, m.setStatus(model.SanitizeLine(msg.err.Error()), true)
	case draftTickMsg:
		if msg.seq != m.draftSeq {
			return m, nil // typing went on
		}
		for k := range m.drafts() {
			m.kept[k] = true
		}
		return m, m.keepDrafts()
	case draftsKeptMsg:
		if msg.err != nil {
			return m, m.setStatus("could not keep your unsaved text: "+model.SanitizeLine(msg.err.Error())+" (save it with ctrl+s)", true)
		}
		return m, nil
	case draftLoadedMsg:
		return m.putBackDraft(msg)
	case shutdownMsg:
		m.quitting = true
		return m, tea.Sequence(m.keepDrafts(), tea.Quit)
	case statusExpiredMsg:
		if msg.seq == m.statusSeq {
			m.status, m.statusErr = "", false
		}
		return m, nil
	}
	if w, ok := msg.(writeDone); ok && w.writeErr() == nil {
		m.wrote++
		if a, ok := msg.(addressed); ok {
			if _, ok := m.seen[a.to()]; ok {
				m.seen[a.to()] = m.wrote // its own write: it reads after it
			}
		}
	}
	if a, ok := msg.(addressed); ok {
		target := a.to()
		for i, s := range m.stack {
			if sameScreen(s, target) {
				ns, cmd := s.Update(msg)
				m.replace(i, ns)
				return m.settle(i, cmd)
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
		if seen, ok := m.seen[m.stack[i]]; ok {
			delete(m.seen, m.stack[i])
			m.seen[ns] = seen
		}
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
	m2, cmd2 := m.settle(i, cmd)
	if m2.help.ShowAll {
		m2.layout() // the full help may have changed height
	}
	return m2, cmd2
}

// settle carries out what the screen at stack index i asked of the
// navigator while it handled a message, and returns cmd with the commands
// that follows from it (the Init of a pushed screen, the reload of the one
// a pop uncovers). Only the top screen may navigate; what a screen below
// asks is dropped.
func (m Model) settle(i int, cmd tea.Cmd) (Model, tea.Cmd) {
	cmds := []tea.Cmd{cmd}
	for guard := 0; guard < 100; guard++ {
		nav := m.d.nav
		ops, q := nav.ops, nav.q
		nav.ops, nav.q = nil, nil
		if len(ops) == 0 && q == nil {
			break
		}
		if i != len(m.stack)-1 {
			break
		}
		if q != nil {
			m.ask, m.q = askScreen, q
			m.clearStatus() // the question is what the status line says now
		}
		for _, op := range ops {
			if op.s != nil {
				m.stack = append(m.stack, op.s)
				m.clearStatus()
				m.help.ShowAll = false // the full help is of the screen it was opened on
				m.layout()
				m.seen[op.s] = m.wrote // it reads its data as it starts
				cmds = append(cmds, op.s.Init(), loadDraft(m.d.j, op.s))
				i = len(m.stack) - 1
				continue
			}
			if m.top().Dirty() {
				m.askToLeave(op.reload)
				break
			}
			var c tea.Cmd
			m, c = m.popNow(op.reload)
			cmds = append(cmds, c)
			i = len(m.stack) - 1
		}
	}
	return m, tea.Batch(cmds...)
}

// backAsker is a screen that says what leaving it would lose, in place of
// "Discard unsaved changes?", or "" for that.
type backAsker interface{ backQuestion() string }

// back leaves the top screen, asking first if it holds unsaved edits.
// Going back always refreshes the screen below: whatever was saved on the
// way is shown there.
func (m Model) back() (tea.Model, tea.Cmd) {
	if len(m.stack) <= 1 {
		return m, nil
	}
	if m.top().Dirty() {
		m.askToLeave(true)
		return m, nil
	}
	return m.popNow(true)
}

// askToLeave asks whether to leave the top screen and its unsaved edits,
// in the screen's own words if it has them (backAsker).
func (m *Model) askToLeave(reload bool) {
	m.ask, m.askReload = askBack, reload
	m.q = &question{text: "Discard unsaved changes?"} // what it asks; the answers are the root's
	if b, ok := m.top().(backAsker); ok {
		if q := b.backQuestion(); q != "" {
			m.q.text = q
		}
	}
}

func (m *Model) clearStatus() {
	if !m.statusErr {
		m.status = ""
	}
}

func (m Model) popNow(reload bool) (Model, tea.Cmd) {
	if len(m.stack) <= 1 {
		return m, nil
	}
	// What it held is saved or was discarded on purpose: its draft goes.
	drop := dropDraftOf(m.d.j, m.top())
	m.help.ShowAll = false
	delete(m.seen, m.top())
	m.stack[len(m.stack)-1] = nil
	m.stack = m.stack[:len(m.stack)-1]
	m.clearStatus()
	m.layout()
	i := len(m.stack) - 1
	if seen, ok := m.seen[m.stack[i]]; reload || !ok || seen != m.wrote {
		ns, cmd := m.stack[i].Update(reloadMsg{})
		m.replace(i, ns)
		m.seen[m.stack[i]] = m.wrote
		m, cmd = m.settle(i, cmd)
		// The draft goes first: the screen shown again may look for it
		// (a list's kept new entry).
		return m, tea.Sequence(drop, cmd)
	}
	return m, drop
}

// quit ends the app; what is typed and not saved is kept as drafts first.
func (m Model) quit() (tea.Model, tea.Cmd) {
	m.quitting = true
	return m, tea.Sequence(m.keepDrafts(), tea.Quit)
}

// handleInput handles a key or a paste that waited for a screen to load.
func (m Model) handleInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(tea.PasteMsg); ok {
		return m.handlePaste(p)
	}
	return m.handleKey(msg.(tea.KeyPressMsg))
}

// handlePaste gives pasted text to the focused text field. Off a field it
// is dropped with a word: pasted text never runs as commands.
func (m Model) handlePaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	if m.quitArmed {
		m.quitArmed = false // the ctrl+c warning is answered: stay
		return m, nil
	}
	if m.ask != askNothing || !m.top().Capturing() {
		return m, m.setStatus("Paste into a text field: nothing here takes text.", true)
	}
	return m.updateTop(msg)
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	// The status line says what the last key did: any key clears it (a
	// roadmap said "Deleted the topic." through the moves that followed).
	m.status, m.statusErr = "", false
	// 1. ctrl+c quits, even while typing; with unsaved edits it asks for
	// a second ctrl+c so a slip of the finger loses nothing.
	if key.Matches(msg, m.keys.ForceQuit) {
		if m.quitArmed || !m.anyDirty() {
			return m.quit()
		}
		m.quitArmed = true
		m.ask = askNothing
		return m, nil
	}
	if m.quitArmed {
		// The key that answers the warning goes on, and does nothing
		// else: an n or an esc meant "do not quit", not a letter typed or
		// a form left.
		m.quitArmed = false
		return m, nil
	}
	// 2. A question of the root takes every key.
	if m.ask != askNothing {
		switch {
		case key.Matches(msg, m.keys.Yes):
			k, q := m.ask, m.q
			m.ask, m.q = askNothing, nil
			switch k {
			case askQuit:
				return m.quit()
			case askScreen:
				return m.settle(len(m.stack)-1, q.yes())
			}
			return m.popNow(m.askReload)
		case key.Matches(msg, m.keys.No):
			k, q := m.ask, m.q
			m.ask, m.q = askNothing, nil
			if k == askScreen {
				if q != nil && q.no != nil {
					return m.settle(len(m.stack)-1, q.no())
				}
				return m, nil
			}
			return m, m.setStatus("Kept your edits.", false)
		}
		return m, nil
	}
	top := m.top()
	if key.Matches(msg, m.keys.TypingHelp) {
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	}
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
	case key.Matches(msg, m.keys.Back) && m.help.ShowAll:
		// esc closes the full help first, as it opened on top of the
		// screen, even one that has esc of its own.
		m.help.ShowAll = false
		m.layout()
		return m, nil
	case key.Matches(msg, m.keys.Back) && len(m.stack) > 1 && !ownsEsc(top):
		return m.back()
	case key.Matches(msg, m.keys.Search) && !ownsSlash(top):
		if newSearchScreen == nil {
			return m, m.setStatus("search is not available", true)
		}
		var rel model.ID
		if r, ok := top.(relScoped); ok {
			rel = r.scopeRel()
		}
		m.d.push(newSearchScreen(m.d, rel))
		return m.settle(len(m.stack)-1, nil)
	}
	return m.updateTop(msg)
}

func ownsEsc(s screen) bool {
	o, ok := s.(escOwner)
	return ok && o.ownsEsc()
}

func ownsSlash(s screen) bool {
	o, ok := s.(slashOwner)
	return ok && o.ownsSlash()
}

// errorsIsInvalid reports whether err is a validation error of the model.
func errorsIsInvalid(err error) bool {
	return errors.Is(err, model.ErrInvalid)
}
