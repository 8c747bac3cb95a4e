package tui

import (
	"reflect"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
}

const bigTextMargin = 3

func newBigText(st *Styles) *bigText {
	ta := textarea.New()
	ta.Cursor.SetMode(cursor.CursorStatic) // no blink: no frame every half second
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 0
	ta.MaxHeight = 0 // the default, 99, silently ignores enter past 99 lines
	ta.MaxWidth = 0
	plain := textarea.Style{
		Base:        lipgloss.NewStyle(),
		CursorLine:  lipgloss.NewStyle(),
		EndOfBuffer: st.Muted,
		Placeholder: st.Muted,
		Prompt:      st.Accent,
		Text:        lipgloss.NewStyle(),
	}
	ta.FocusedStyle = plain
	blurred := plain
	blurred.Prompt = st.Muted
	ta.BlurredStyle = blurred
	ta.Blur() // applies the blurred style
	return &bigText{ta: ta, height: 3}
}

// window is how many lines the textarea holds at most.
func (b *bigText) window() int { return max(40, 3*b.height) }

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
	b.ta.SetWidth(max(4, w))
	b.height = max(1, h)
	b.ta.SetHeight(b.height)
}

func (b *bigText) Focus() tea.Cmd { return b.ta.Focus() }
func (b *bigText) Blur()          { b.ta.Blur() }
func (b *bigText) View() string   { return b.ta.View() }

// Update passes a message to the textarea and moves the window if needed.
func (b *bigText) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
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
	target := row - start
	for i := 0; b.ta.Line() > target && i < 1<<20; i++ {
		b.ta.CursorUp()
	}
	b.ta.SetCursor(col)
	if vp := textareaViewport(&b.ta); vp != nil {
		vp.YOffset = max(0, b.visualLine()-min(max(0, srow), b.height-1))
	}
}

// visualLine is the cursor's line on the textarea's wrapped display,
// counted from the top of the window. It walks up a copy of the textarea,
// so it costs a few microseconds a line: only the rare window move uses it.
func (b *bigText) visualLine() int {
	cp := b.ta
	n := 0
	for n < 1<<20 && (cp.Line() > 0 || cp.LineInfo().RowOffset > 0) {
		cp.CursorUp()
		n++
	}
	return n
}

// screenRow is the cursor's row on screen inside the textarea.
func (b *bigText) screenRow() int {
	vp := textareaViewport(&b.ta)
	if vp == nil {
		return b.height / 2
	}
	return min(max(0, b.visualLine()-vp.YOffset), b.height-1)
}

// textareaViewport returns the viewport a textarea scrolls with. Bubbles
// keeps it in an unexported pointer field; moving the window must keep the
// text where it was on screen, and nothing exported sets the scroll
// position. If a later bubbles renames the field this returns nil and the
// window move re-anchors the view instead (TestBigTextViewportField fails
// first).
func textareaViewport(ta *textarea.Model) *viewport.Model {
	f := reflect.ValueOf(ta).Elem().FieldByName("viewport")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() ||
		f.Type().Elem() != reflect.TypeOf(viewport.Model{}) {
		return nil
	}
	return (*viewport.Model)(f.UnsafePointer())
}
