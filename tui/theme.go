package tui

import (
	"os"

	"github.com/charmbracelet/lipgloss"
)

// palette holds the semantic colours, adaptive to light and dark terminals.
type palette struct {
	Fg, Muted, Accent, Good, Warn, Bad, Border, SelBg, SelFg lipgloss.AdaptiveColor
}

func defaultPalette() palette {
	return palette{
		Fg:     lipgloss.AdaptiveColor{Light: "#1f2328", Dark: "#e6edf3"},
		Muted:  lipgloss.AdaptiveColor{Light: "#6e7781", Dark: "#8b949e"},
		Accent: lipgloss.AdaptiveColor{Light: "#0550ae", Dark: "#79c0ff"},
		Good:   lipgloss.AdaptiveColor{Light: "#116329", Dark: "#56d364"},
		Warn:   lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#e3b341"},
		Bad:    lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#ff7b72"},
		Border: lipgloss.AdaptiveColor{Light: "#d0d7de", Dark: "#30363d"},
		SelBg:  lipgloss.AdaptiveColor{Light: "#ddf4ff", Dark: "#1f3a5f"},
		SelFg:  lipgloss.AdaptiveColor{Light: "#0a3069", Dark: "#ffffff"},
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
	Muted      lipgloss.Style // hints, dates, secondary text
	Accent     lipgloss.Style
	Selected   lipgloss.Style // the cursor row
	Good       lipgloss.Style // done, signed, achieved
	Warn       lipgloss.Style // due soon, stuck, changed since signed
	Bad        lipgloss.Style // overdue, errors
	Label      lipgloss.Style // a field's label
	FocusLabel lipgloss.Style // the focused field's label
	Match      lipgloss.Style // a search hit inside a line
	Status     lipgloss.Style // status line
	Error      lipgloss.Style // status line error
	Pair       lipgloss.Style // the pair-view banner
	Box        lipgloss.Style // a bordered panel
	BoxFocused lipgloss.Style // a bordered panel with focus
	BarFull    lipgloss.Style // filled part of a progress bar
	BarEmpty   lipgloss.Style // empty part of a progress bar
}

// newStyles builds the theme. With NO_COLOR set, colours are dropped and
// only bold, underline and reverse remain.
func newStyles() *Styles {
	p := defaultPalette()
	noColor := os.Getenv("NO_COLOR") != ""
	fg := func(c lipgloss.AdaptiveColor) lipgloss.Style {
		if noColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s := &Styles{
		App:        lipgloss.NewStyle().Padding(0, 1),
		Header:     fg(p.Accent).Bold(true),
		Title:      fg(p.Accent).Bold(true),
		Subtitle:   fg(p.Fg).Bold(true).Underline(true),
		Text:       fg(p.Fg),
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
	}
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if noColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
		s.Match = lipgloss.NewStyle().Underline(true).Bold(true)
		s.Pair = lipgloss.NewStyle().Reverse(true).Bold(true)
		s.Box = box
		s.BoxFocused = box.Border(lipgloss.ThickBorder())
	} else {
		s.Selected = lipgloss.NewStyle().Background(p.SelBg).Foreground(p.SelFg).Bold(true)
		s.Match = lipgloss.NewStyle().Foreground(p.Warn).Bold(true).Underline(true)
		s.Pair = lipgloss.NewStyle().Background(p.Accent).Foreground(lipgloss.AdaptiveColor{Light: "#ffffff", Dark: "#0d1117"}).Bold(true).Padding(0, 1)
		s.Box = box.BorderForeground(p.Border)
		s.BoxFocused = box.BorderForeground(p.Accent)
	}
	return s
}
