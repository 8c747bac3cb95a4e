package tui

import (
	"errors"
	"time"
)

// Options configure the app.
type Options struct {
	Path  string           // the journal file, shown in the header and help
	Now   func() time.Time // the clock; nil means time.Now
	Title string           // extra header text, e.g. "demo journal"
}

// Run opens the app on the journal and blocks until the user quits.
// (The terminal-app work replaces this body.)
func Run(j Journal, opt Options) error {
	return errors.New("the terminal app is not built yet")
}
