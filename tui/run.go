package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Options configure the app.
type Options struct {
	Path  string           // the journal file, shown in the header and help
	Now   func() time.Time // the clock; nil means time.Now
	Title string           // extra header text, e.g. "demo journal"
	// Context, when cancelled (a signal such as SIGHUP when the terminal
	// closes), ends the app so the caller can close the journal cleanly.
	Context context.Context
}

// Run opens the app on the journal and blocks until the user quits.
func Run(j Journal, opt Options) error {
	popts := []tea.ProgramOption{tea.WithAltScreen()}
	if opt.Context != nil {
		popts = append(popts, tea.WithContext(opt.Context))
	}
	p := tea.NewProgram(New(j, opt), popts...)
	_, err := p.Run()
	return err
}
