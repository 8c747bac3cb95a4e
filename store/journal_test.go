package store_test

import (
	"mentorlog/store"
	"mentorlog/tui"
)

// *store.Store is the app's journal.
var _ tui.Journal = (*store.Store)(nil)
