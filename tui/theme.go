package tui

import (
	"image/color"
	"os"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// background is what the app knows of the terminal's background. Until
// the terminal answers (or when it never does) the palette is the dark
// one; the answer, whenever it comes, flips it for every style at once.
type background struct{ light bool }

// adaptive is a colour with a light and a dark variant. It picks one each
// time it is drawn, so styles built before the terminal told its
// background (bubbles' fields among them) follow the answer without being
// rebuilt.
type adaptive struct {
	light, dark color.Color
	bg          *background
}

func (c adaptive) RGBA() (r, g, b, a uint32) {
	if c.bg.light {
		return c.light.RGBA()
	}
	return c.dark.RGBA()
}

// palette holds the semantic colours, adaptive to light and dark terminals.
type palette struct {
	Fg, Muted, Accent, Good, Warn, Bad, Border, SelBg, SelFg, OnAccent color.Color
}

func newPalette(bg *background) palette {
	c := func(light, dark string) color.Color {
		return adaptive{light: lipgloss.Color(light), dark: lipgloss.Color(dark), bg: bg}
	}
	return palette{
		Fg:       c("#1f2328", "#e6edf3"),
		Muted:    c("#6e7781", "#8b949e"),
		Accent:   c("#0550ae", "#79c0ff"),
		Good:     c("#116329", "#56d364"),
		Warn:     c("#9a6700", "#e3b341"),
		Bad:      c("#cf222e", "#ff7b72"),
		Border:   c("#d0d7de", "#30363d"),
		SelBg:    c("#ddf4ff", "#1f3a5f"),
		SelFg:    c("#0a3069", "#ffffff"),
		OnAccent: c("#ffffff", "#0d1117"),
	}
}

// Styles is the app's theme, built once by newStyles and shared by pointer.
// Screens read these fields; they never build styles inside View.
type Styles struct {
	App        lipgloss.Style // the whole frame
	Header     lipgloss.Style // top line: app name and breadcrumb
	Title      lipgloss.Style // a screen's title
	Subtitle   lipgloss.Style // a section heading inside a screen
	Text       lipgloss.Style
	Name       lipgloss.Style // a relationship's name in a list
	Muted      lipgloss.Style // hints, dates, secondary text
	Accent     lipgloss.Style
	Selected   lipgloss.Style // the cursor row
	Replaced   lipgloss.Style // a value that typing replaces, as selected text is drawn
	Good       lipgloss.Style // done, signed, achieved
	Warn       lipgloss.Style // due soon, stuck, changed since signed
	Bad        lipgloss.Style // overdue, errors
	Label      lipgloss.Style // a field's label
	FocusLabel lipgloss.Style // the focused field's label
	Match      lipgloss.Style // a search hit inside a line
	Status     lipgloss.Style // status line
	Error      lipgloss.Style // status line error
	Pair       lipgloss.Style // the pair-view banner
	BarFull    lipgloss.Style // filled part of a progress bar
	BarEmpty   lipgloss.Style // empty part of a progress bar

	bg *background // the colours' light or dark variant; see setBackground
}

// setBackground tells the styles whether the terminal's background is
// light; every colour drawn from then on follows. It reports whether the
// palette changed.
func (s *Styles) setBackground(light bool) bool {
	changed := s.bg.light != light
	s.bg.light = light
	return changed
}

// plainStyles, set by the tests, gives styles with no escape sequence at
// all (not even bold), so views can be compared as text.
var plainStyles bool

// newStyles builds the theme. With NO_COLOR set, colours are dropped and
// only bold, underline and reverse remain.
func newStyles() *Styles {
	bg := &background{}
	if plainStyles {
		// The same layout as the coloured theme: only its padding.
		return &Styles{bg: bg, App: lipgloss.NewStyle().Padding(0, 1), Pair: lipgloss.NewStyle().Padding(0, 1)}
	}
	p := newPalette(bg)
	noColor := os.Getenv("NO_COLOR") != ""
	fg := func(c color.Color) lipgloss.Style {
		if noColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s := &Styles{
		bg:         bg,
		App:        lipgloss.NewStyle().Padding(0, 1),
		Header:     fg(p.Accent).Bold(true),
		Title:      fg(p.Accent).Bold(true),
		Subtitle:   fg(p.Fg).Bold(true).Underline(true),
		Text:       fg(p.Fg),
		Name:       fg(p.Fg).Bold(true),
		Muted:      fg(p.Muted),
		Accent:     fg(p.Accent),
		Good:       fg(p.Good),
		Warn:       fg(p.Warn).Bold(true),
		Bad:        fg(p.Bad).Bold(true),
		Label:      fg(p.Muted),
		FocusLabel: fg(p.Accent).Bold(true),
		Status:     fg(p.Good),
		Error:      fg(p.Bad).Bold(true),
		BarFull:    fg(p.Good),
		BarEmpty:   fg(p.Muted),
		Replaced:   lipgloss.NewStyle().Reverse(true),
	}
	if noColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
		s.Match = lipgloss.NewStyle().Underline(true).Bold(true)
		s.Pair = lipgloss.NewStyle().Reverse(true).Bold(true)
	} else {
		s.Selected = lipgloss.NewStyle().Background(p.SelBg).Foreground(p.SelFg).Bold(true)
		s.Match = lipgloss.NewStyle().Foreground(p.Warn).Bold(true).Underline(true)
		s.Pair = lipgloss.NewStyle().Background(p.Accent).Foreground(p.OnAccent).Bold(true).Padding(0, 1)
	}
	return s
}

// input makes a one-line text field in the theme: the terminal's own
// cursor (placed by markCursor), no blinking (no frame every half second),
// and limit runes at most (0: no limit). Every one-line field of the app
// is made here.
func (s *Styles) input(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetVirtualCursor(false)
	state := textinput.StyleState{Placeholder: s.Muted}
	in.SetStyles(textinput.Styles{Focused: state, Blurred: state, Cursor: textinput.CursorStyle{Shape: tea.CursorBar}})
	return in
}

// inputView draws a one-line field with the cursor mark at its cursor.
// The field (bubbles v2.1.1) puts its cursor after as many cells as there
// are code points before it; the terminal needs the cells the text takes
// (cells), so the cursor's column is measured here from what the field
// shows.
func inputView(in textinput.Model) string {
	v := in.View()
	c := in.Cursor()
	if c != nil {
		c.Position.X = inputCursorX(in, v)
	}
	return markCursor(v, c)
}

// inputCursorX is the column of in's cursor in its view v: the prompt,
// then the text shown before the cursor. A field scrolled sideways shows
// its text from some offset on: the smallest offset whose text up to the
// cursor starts what is shown.
func inputCursorX(in textinput.Model, v string) int {
	x := cells().StringWidth(in.Prompt)
	value, pos := []rune(in.Value()), in.Position()
	if len(value) == 0 {
		return x
	}
	pos = min(max(0, pos), len(value))
	shown := strings.TrimPrefix(ansi.Strip(v), in.Prompt)
	for off := 0; off < pos; off++ {
		if before := string(value[off:pos]); strings.HasPrefix(shown, before) {
			return x + cells().StringWidth(before)
		}
	}
	return x
}
