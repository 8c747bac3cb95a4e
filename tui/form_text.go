package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// bigText edits long text with a bubbles textarea that holds only a window
// of the text: the lines above and below the window are kept aside as plain
// strings. A textarea renders every line it holds on every frame (about
// 10 ms a keystroke at 500 lines), so a window of a few screens keeps each
// keystroke as cheap as in a short note, however long the note grows.
//
// When the cursor comes within bigTextMargin rows of the window's edge the
// window is moved so that it is centred on the cursor again, and the cursor
// stays on the same screen row.
type bigText struct {
	ta     textarea.Model
	before []string // lines above the window
	after  []string // lines below the window
	height int
	width  int     // the field's width in cells, prompt included
	shrink int     // how much narrower than width the textarea wraps (View)
	target *[2]int // where aim put the cursor before the box had its size
}

const bigTextMargin = 3

func newBigText(st *Styles) *bigText {
	ta := textarea.New()
	ta.SetVirtualCursor(false) // the terminal's cursor, placed by markCursor
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 0
	ta.MaxHeight = 0 // the default, 99, silently ignores enter past 99 lines
	ta.MaxWidth = 0
	focused := textarea.StyleState{
		EndOfBuffer: st.Muted,
		Placeholder: st.Muted,
		Prompt:      st.Accent,
	}
	blurred := focused
	blurred.Prompt = st.Muted
	ta.SetStyles(textarea.Styles{Focused: focused, Blurred: blurred, Cursor: textarea.CursorStyle{Shape: tea.CursorBar}})
	ta.Blur()
	return &bigText{ta: ta, height: 3}
}

// window is how many lines the textarea holds at most.
func (b *bigText) window() int { return max(24, 2*b.height) }

// SetValue replaces the text; the cursor goes to its end.
func (b *bigText) SetValue(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	w := b.window()
	if len(lines) <= w {
		b.before, b.after = nil, nil
		b.ta.SetValue(s)
		return
	}
	cut := len(lines) - w
	b.before = append([]string(nil), lines[:cut]...)
	b.after = nil
	b.ta.SetValue(strings.Join(lines[cut:], "\n"))
}

// Value is the whole text.
func (b *bigText) Value() string {
	if len(b.before) == 0 && len(b.after) == 0 {
		return b.ta.Value()
	}
	var sb strings.Builder
	for _, l := range b.before {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	sb.WriteString(b.ta.Value())
	for _, l := range b.after {
		sb.WriteByte('\n')
		sb.WriteString(l)
	}
	return sb.String()
}

// LineCount is the number of lines of the whole text.
func (b *bigText) LineCount() int { return len(b.before) + b.ta.LineCount() + len(b.after) }

// Cursor returns the cursor's line in the whole text and its column (runes).
func (b *bigText) Cursor() (row, col int) {
	li := b.ta.LineInfo()
	return len(b.before) + b.ta.Line(), li.StartColumn + li.ColumnOffset
}

func (b *bigText) SetSize(w, h int) {
	b.width, b.shrink = max(4, w), 0
	b.ta.SetWidth(b.width)
	b.height = max(1, h)
	b.ta.SetHeight(b.height)
	if t := b.target; t != nil {
		b.target = nil
		b.moveTo(t[0], t[1], b.height/3)
	}
}

// aim puts the cursor at line row, column col of the whole text (a search
// hit's match), a third of the way down the box: at once when the box has
// its size, else when it gets it.
func (b *bigText) aim(row, col int) {
	if b.width == 0 {
		b.target = &[2]int{row, col}
		return
	}
	b.moveTo(row, col, b.height/3)
}

func (b *bigText) Focus() tea.Cmd { return b.ta.Focus() }
func (b *bigText) Blur()          { b.ta.Blur() }

// View draws the textarea with the terminal's cursor in it. The textarea
// (bubbles v2.1.1) wraps, pads and places its cursor by grapheme cluster;
// where the terminal draws by code point (cells), a line of Hindi or of
// emoji with modifiers comes out wider than it measured. So the textarea
// wraps narrower (shrink) until every line fits the field in cells (and
// as wide as the field again once the text allows), and the cursor's
// column is measured in cells from the line it stands on.
func (b *bigText) View() string {
	v := b.ta.View()
	if b.shrink > 0 && widest(v) < b.width {
		b.ta.SetWidth(b.width)
		if full := b.ta.View(); widest(full) <= b.width {
			v, b.shrink = full, 0
		} else {
			b.ta.SetWidth(b.width - b.shrink)
		}
	}
	for tries := 0; widest(v) > b.width && tries < 4 && b.width-b.shrink > 4; tries++ {
		b.shrink = min(b.width-4, b.shrink+widest(v)-b.width)
		b.ta.SetWidth(b.width - b.shrink)
		v = b.ta.View()
	}
	c := b.ta.Cursor()
	if c != nil {
		if lines := strings.Split(v, "\n"); c.Position.Y >= 0 && c.Position.Y < len(lines) {
			c.Position.X = clusterToCells(lines[c.Position.Y], c.Position.X)
		}
	}
	return markCursor(v, c)
}

// clusterToCells turns x, a column on line as the textarea counts it (the
// widths of uniseg's grapheme clusters), into the column in cells.
func clusterToCells(line string, x int) int {
	s := ansi.Strip(line)
	at, w, state := 0, 0, -1
	for at < len(s) && w < x {
		cl, _, cw, st := uniseg.FirstGraphemeClusterInString(s[at:], state)
		if cl == "" {
			break
		}
		at, w, state = at+len(cl), w+cw, st
	}
	return cells().StringWidth(s[:at]) + max(0, x-w)
}

// Update passes a message to the textarea and moves the window if needed.
func (b *bigText) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, b.ta.KeyMap.InputBegin):
			b.moveTo(0, 0, 0)
			return nil
		case key.Matches(k, b.ta.KeyMap.InputEnd):
			last := b.LineCount() - 1
			b.moveTo(last, len([]rune(b.lastLine())), b.height-1)
			return nil
		}
	}
	var cmd tea.Cmd
	b.ta, cmd = b.ta.Update(msg)
	b.settle()
	return cmd
}

// lastLine returns the last line of the whole text.
func (b *bigText) lastLine() string {
	if n := len(b.after); n > 0 {
		return b.after[n-1]
	}
	v := b.ta.Value()
	return v[strings.LastIndexByte(v, '\n')+1:]
}

// settle moves the window when the cursor nears its edge, or when a paste
// made it much larger than needed.
func (b *bigText) settle() {
	row, n := b.ta.Line(), b.ta.LineCount()
	near := (row < bigTextMargin && len(b.before) > 0) ||
		(row > n-1-bigTextMargin && len(b.after) > 0)
	if !near && n <= 2*b.window() {
		return
	}
	abs, col := b.Cursor()
	b.moveTo(abs, col, b.screenRow())
}

// moveTo puts the cursor at line row, column col of the whole text, with
// the window around it, shown on screen row srow of the textarea.
func (b *bigText) moveTo(row, col, srow int) {
	all := make([]string, 0, b.LineCount())
	all = append(all, b.before...)
	all = append(all, strings.Split(b.ta.Value(), "\n")...)
	all = append(all, b.after...)
	row = min(max(0, row), len(all)-1)
	w := b.window()
	start := max(0, row-w/2)
	end := min(len(all), start+w)
	start = max(0, min(start, end-w))
	b.before = append(b.before[:0:0], all[:start]...)
	b.after = append(b.after[:0:0], all[end:]...)
	b.ta.SetValue(strings.Join(all[start:end], "\n"))
	// The textarea gives its viewport the new lines only when it draws
	// (bubbles v2.1.1): until then it scrolls within the old ones, and a
	// cursor steered near the end of the new ones was left out of view.
	_ = b.ta.View()
	b.place(row-start, col, min(max(0, srow), b.height-1))
}

// place puts the textarea's cursor at line row, column col of the window,
// scrolled so that it shows on screen row srow. The textarea scrolls only
// to keep its cursor in view, so place steers it there with the cursor:
// from the top down to srow rows below the target's screen line, which
// brings that line to the bottom edge, then back up. It walks the window's
// wrapped lines a few times: only the rare window move uses it.
func (b *bigText) place(row, col, srow int) {
	const guard = 1 << 20
	b.ta.MoveToBegin()
	v := 0 // the target's line on the wrapped display
	for ; b.ta.Line() < row && v < guard; v++ {
		b.ta.CursorDown()
	}
	b.ta.SetCursorColumn(col)
	v += b.ta.LineInfo().RowOffset
	b.ta.MoveToBegin()
	at, down := 0, v+b.height-1-srow
	for at < down && at < guard {
		line, off := b.ta.Line(), b.ta.LineInfo().RowOffset
		b.ta.CursorDown()
		if b.ta.Line() == line && b.ta.LineInfo().RowOffset == off {
			break // the last line: the text ends above the box's bottom
		}
		at++
	}
	for ; at > v; at-- {
		b.ta.CursorUp()
	}
	b.ta.SetCursorColumn(col)
}

// screenRow is the cursor's row on screen inside the textarea.
func (b *bigText) screenRow() int {
	if c := b.ta.Cursor(); c != nil {
		return min(max(0, c.Position.Y), b.height-1)
	}
	return b.height / 2
}
