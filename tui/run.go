package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Options configure the app.
type Options struct {
	Path  string           // the journal file, shown in the header and help
	Now   func() time.Time // the clock; nil means time.Now
	Title string           // extra header text, e.g. "demo journal"
}

// Run opens the app on the journal and blocks until the user quits.
func Run(j Journal, opt Options) error {
	p := tea.NewProgram(New(j, opt), tea.WithAltScreen())
	_, err := p.Run()
	return err
}
