package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mentorlog/model"
)

// The frame around the top screen: the header with its breadcrumb, the
// status line, and the help footer (short, or every key with ?).

func (m Model) helpHeight() int {
	if !m.help.ShowAll {
		return 1
	}
	return max(1, lipgloss.Height(m.helpView()))
}

// helpKeys merges the top screen's keys with the global ones.
func (m Model) helpKeys() help.KeyMap {
	if m.ask != askNothing {
		return helpMap{short: []key.Binding{m.keys.Yes, m.keys.No}, full: [][]key.Binding{{m.keys.Yes, m.keys.No}}}
	}
	top := m.top()
	short := append([]key.Binding{}, top.ShortHelp()...)
	full := append([][]key.Binding{}, top.FullHelp()...)
	if top.Capturing() {
		short = append(short, m.keys.TypingHelp)
		full = append(full, []key.Binding{m.keys.TypingHelp, m.keys.ForceQuit})
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

// View draws the frame around the top screen, in the alternate screen,
// with the terminal's cursor in the focused text field.
func (m Model) View() tea.View {
	v := tea.NewView(m.frame())
	v.AltScreen = true
	v.Content, v.Cursor = placeCursor(v.Content)
	v.Content = joinersOut(v.Content)
	return v
}

// joinersOut takes the zero-width joiners out of a frame for a terminal
// that draws by code point. Such terminals disagree on what follows a
// joiner (tmux 3.3a draws 👩‍💻 in 2 cells and क्‍ष in 1, where by code
// point they take 4 and 2), and the renderer, measuring by code point,
// then writes past or short of where the terminal's cursor is. Without
// the joiner every terminal of that kind draws the characters side by
// side, as the layout measured them. A terminal that clusters graphemes
// keeps them.
func joinersOut(s string) string {
	if graphemes.Load() || !strings.Contains(s, "\u200d") {
		return s
	}
	return strings.ReplaceAll(s, "\u200d", "")
}

func (m Model) frame() string {
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
	b.WriteString(strings.Join(m.statusLine(w), "\n"))
	b.WriteByte('\n')
	hl := strings.Split(m.helpView(), "\n")
	for i, l := range hl {
		hl[i] = cut(l, w)
	}
	b.WriteString(strings.Join(hl, "\n"))
	return padBlock(b.String(), st.App.GetPaddingLeft(), st.App.GetPaddingRight())
}

// cursorMark stands where the terminal's cursor goes: a text field draws
// it at its cursor (markCursor), the layout carries it like any escape
// sequence (no width, never cut apart), and View takes it out and puts the
// real cursor there. Text from the journal can never hold it: it holds no
// escape byte.
const cursorMark = "\x1b_mentorlog-cursor\x1b\\"

// markCursor puts the cursor mark into a field's view at the field's
// cursor; a nil cursor (the field is not focused) leaves it as it is.
func markCursor(view string, c *tea.Cursor) string {
	if c == nil {
		return view
	}
	lines := strings.Split(view, "\n")
	y := c.Position.Y
	if y < 0 || y >= len(lines) {
		return view
	}
	l := lines[y]
	x := min(max(0, c.Position.X), cells().StringWidth(l))
	lines[y] = truncate(l, x, "") + cursorMark + cells().TruncateLeft(l, x, "")
	return strings.Join(lines, "\n")
}

// placeCursor takes the first cursor mark out of a frame and returns the
// cursor at its place (nil, a hidden cursor, without a mark).
func placeCursor(frame string) (string, *tea.Cursor) {
	i := strings.Index(frame, cursorMark)
	if i < 0 {
		return frame, nil
	}
	before := frame[:i]
	y := strings.Count(before, "\n")
	x := cells().StringWidth(before[strings.LastIndexByte(before, '\n')+1:])
	frame = before + strings.ReplaceAll(frame[i+len(cursorMark):], cursorMark, "")
	c := tea.NewCursor(x, y)
	c.Blink = false
	return frame, c
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
		right = st.Muted.Render(oneEnd(filepath.Base(m.opt.Path), w/3))
	}
	room := w - cells().StringWidth(left) - cells().StringWidth(right) - 4
	trail := strings.Join(crumbs, " › ")
	if cells().StringWidth(trail) > room {
		trail = cells().TruncateLeft(trail, cells().StringWidth(trail)-max(0, room-1), "…")
	}
	line := left + st.Muted.Render(" › ") + st.Title.Render(trail)
	if right != "" {
		gap := w - cells().StringWidth(line) - cells().StringWidth(right)
		if gap >= 1 {
			line += strings.Repeat(" ", gap) + right
		}
	}
	return cut(line, w)
}

// statusHeight is how many lines the status line takes now.
func (m Model) statusHeight() int {
	return len(m.statusLine(max(m.width, minWidth) - m.d.styles.App.GetHorizontalFrameSize()))
}

// statusLine is the line above the footer: a question (wrapped to two
// lines at most, next to the footer that lists its answers), an error or
// a note (wrapped the same way, so what to do is seen at 80 columns).
func (m Model) statusLine(w int) []string {
	st := m.d.styles
	wrapIn := func(style lipgloss.Style, s string) []string {
		lines := strings.Split(cells().Wrap(s, max(10, w), ""), "\n")
		if len(lines) > statusLines {
			lines = lines[:statusLines]
			lines[statusLines-1] = cut(lines[statusLines-1]+"…", w)
		}
		for i, l := range lines {
			lines[i] = style.Render(cut(l, w))
		}
		return lines
	}
	wrap := func(s string) []string { return wrapIn(st.Warn, s) }
	switch {
	case m.quitArmed:
		return wrap("Unsaved edits — press ctrl+c again to quit (what you typed is kept and put back next time), any other key to stay.")
	case m.ask == askBack:
		return wrap(m.q.text + " y/n")
	case m.ask == askQuit:
		return wrap("Quit? What you typed and did not save is kept and put back next time. y/n")
	case m.ask == askScreen:
		return wrap(model.SanitizeLine(m.q.text) + " y/n")
	case m.status != "" && m.statusErr:
		return wrapIn(st.Error, m.status)
	case m.status != "":
		return wrapIn(st.Status, m.status)
	}
	return []string{""}
}

// helpView is the footer: the short help, or with ? every key of the
// screen.
func (m Model) helpView() string {
	if !m.help.ShowAll {
		return m.shortHelp(m.helpKeys().ShortHelp())
	}
	return m.fullHelp(m.helpKeys().FullHelp(), m.help.Width())
}

// shortHelp is the footer's one line. Where the keys do not all fit, the
// screen's are cut (bubbles' "…") and the key that shows them all (? or,
// in a text field, f1) stays, with what follows it: a newcomer at 80
// columns looked for help in a field, found no f1 and typed ? into it.
func (m Model) shortHelp(keys []key.Binding) string {
	whole := m.help
	whole.SetWidth(0) // no limit
	if m.help.Width() <= 0 || lipgloss.Width(whole.ShortHelpView(keys)) <= m.help.Width() {
		return m.help.ShortHelpView(keys)
	}
	i := slices.IndexFunc(keys, func(b key.Binding) bool {
		return slices.Equal(b.Keys(), m.keys.Help.Keys()) || slices.Equal(b.Keys(), m.keys.TypingHelp.Keys())
	})
	if i <= 0 {
		return m.help.ShortHelpView(keys)
	}
	tail := whole.ShortHelpView(keys[i:])
	sep := whole.Styles.ShortSeparator.Inline(true).Render(whole.ShortSeparator)
	more := " " + whole.Styles.Ellipsis.Inline(true).Render(whole.Ellipsis)
	// As many of the screen's keys as fit before the tail (bubbles' own
	// cut lets the last key through where the "…" would not fit).
	for n := i - 1; n > 0; n-- {
		head := whole.ShortHelpView(keys[:n]) + more + sep
		if lipgloss.Width(head)+lipgloss.Width(tail) <= m.help.Width() {
			return head + tail
		}
	}
	return tail
}

// fullHelp lays the columns of the full help side by side, starting a new
// row of columns where the next would not fit, so that every key shows
// whole at any width (bubbles' help cuts the last columns off with "…").
func (m Model) fullHelp(groups [][]key.Binding, w int) string {
	st := m.d.styles
	const gap = 3
	var cols [][]string
	for _, g := range groups {
		kw := 0
		for _, b := range g {
			if b.Enabled() {
				kw = max(kw, cells().StringWidth(b.Help().Key))
			}
		}
		var col []string
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			col = append(col, st.Accent.Render(padRight(h.Key, kw))+" "+st.Muted.Render(h.Desc))
		}
		if len(col) > 0 {
			cols = append(cols, col)
		}
	}
	var rows []string
	for len(cols) > 0 {
		// Take as many columns as fit in w.
		n, used := 0, 0
		for n < len(cols) {
			cw := 0
			for _, l := range cols[n] {
				cw = max(cw, cells().StringWidth(l))
			}
			if n > 0 && used+gap+cw > w {
				break
			}
			if n > 0 {
				used += gap
			}
			used += cw
			n++
		}
		row := cols[:n]
		cols = cols[n:]
		height := 0
		widths := make([]int, len(row))
		for i, c := range row {
			height = max(height, len(c))
			for _, l := range c {
				widths[i] = max(widths[i], cells().StringWidth(l))
			}
		}
		for li := 0; li < height; li++ {
			var b strings.Builder
			for i, c := range row {
				l := ""
				if li < len(c) {
					l = c[li]
				}
				if i < len(row)-1 {
					l = padRight(l, widths[i]+gap)
				}
				b.WriteString(l)
			}
			rows = append(rows, cut(strings.TrimRight(b.String(), " "), w))
		}
	}
	return strings.Join(rows, "\n")
}

// tooSmall is the whole view when the terminal is below the minimum.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, w, h)
	lines := strings.Split(cells().Hardwrap(cells().Wrap(msg, w, ""), w, true), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
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
