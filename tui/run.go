package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Options configure the app.
type Options struct {
	Path  string           // the journal file, shown in the header and help
	Now   func() time.Time // the clock; nil means time.Now
	Title string           // extra header text, e.g. "demo journal"
	// Files is the folder where the app writes the files a user asks for
	// (a calendar); empty means the current folder.
	Files string
	// Context, when cancelled (a signal such as SIGHUP when the terminal
	// closes, or SIGTERM), ends the app: what is typed and not saved is
	// kept as drafts first, then Run returns so the caller can close the
	// journal cleanly.
	Context context.Context
}

// shutdownWait bounds how long the app may take to keep its drafts and
// end after a signal; then it is stopped anyway, so a signal never leaves
// a hung process holding the journal's lock.
const shutdownWait = 900 * time.Millisecond

// Run opens the app on the journal and blocks until the user quits or the
// context ends.
func Run(j Journal, opt Options) error {
	// The app handles the signals itself (through Context): Bubble Tea's
	// own handler would race it to end the program.
	sweepLeftEdits()
	defer sweepOwnEdits()
	// lipgloss found the terminal's colours when the program started
	// (lipgloss.Writer), from the same stdout and environment Bubble Tea
	// would look at again; inside tmux each look runs `tmux info`, which
	// was a third of the time to the first frame.
	m := New(j, opt)
	if d, ok := m.top().(*dashboard); ok {
		d.preload()
	}
	p := tea.NewProgram(m, tea.WithoutSignalHandler(), tea.WithColorProfile(lipgloss.Writer.Profile))
	done := make(chan struct{})
	if opt.Context != nil {
		go func() {
			select {
			case <-done:
				return
			case <-opt.Context.Done():
			}
			p.Send(shutdownMsg{})
			select {
			case <-done:
			case <-time.After(shutdownWait):
				p.Kill()
			}
		}()
	}
	_, err := p.Run()
	close(done)
	return err
}
