package tui

import "testing"

// The meeting-loop and pair screens, with the global keys merged in, never
// bind one key twice or show a binding without help.
func TestNoTwoEnabledBindingsShareAKeyOnLoopScreens(t *testing.T) {
	tour := []struct {
		where string
		keys  []string
	}{
		{"sessions", []string{"enter", "s"}},
		{"session review", []string{"n"}},
		{"session topic", []string{"pgdown"}},
		{"session notes", []string{"pgdown"}},
		{"session reflection", []string{"pgdown"}},
		{"session follow-ups", []string{"pgdown"}},
		{"session next meeting", []string{"pgdown"}},
		{"follow-ups", []string{"esc", "esc", "f"}},
		{"health", []string{"esc", "h"}},
		{"closure", []string{"esc", "c"}},
		{"pair view", []string{"esc", "p"}},
		{"brief", []string{"esc", "b"}},
		{"search", []string{"esc", "/"}},
	}
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample(), coreOther()), 100, 30)
	for _, step := range tour {
		dr.press(step.keys...)
		checkKeys(t, dr, step.where)
		dr.m.help.ShowAll = true
		checkKeys(t, dr, step.where+" (full help)")
		dr.m.help.ShowAll = false
	}
}
