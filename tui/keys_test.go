package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// enabledBindings flattens the footer's key map (screen and global keys)
// into its distinct enabled bindings.
func enabledBindings(m Model) []key.Binding {
	km := m.helpKeys()
	seen := map[string]bool{}
	var out []key.Binding
	for _, b := range flatten(km.ShortHelp(), km.FullHelp()) {
		id := strings.Join(b.Keys(), ",") + "|" + b.Help().Key + "|" + b.Help().Desc
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, b)
	}
	return out
}

// checkKeys fails when two enabled bindings of the screen on top (with the
// global keys) share a key, or a shown binding has no help text.
func checkKeys(t *testing.T, dr *driver, where string) {
	t.Helper()
	owner := map[string]string{}
	for _, b := range enabledBindings(dr.m) {
		if b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("%s: binding %v has no help", where, b.Keys())
		}
		for _, k := range b.Keys() {
			if prev, ok := owner[k]; ok {
				t.Errorf("%s (%s): key %q bound to %q and %q", where, dr.top().Title(), k, prev, b.Help().Desc)
			}
			owner[k] = b.Help().Desc
		}
	}
}

// The tour (tour_test.go) checks every screen of a full journal; these
// are the empty ones.
func TestNoTwoEnabledBindingsShareAKeyWhenEmpty(t *testing.T) {
	var dr *driver
	// Also the empty journal and an empty stories list.
	dr = newCoreDriver(t, newJournal(t, coreNow, coreOther()), 100, 30)
	dr.press("enter", "1")
	dr.focusKey("trust.stories")
	dr.press("enter")
	checkKeys(t, dr, "empty stories")
	dr = newCoreDriver(t, newJournal(t, coreNow), 100, 30)
	checkKeys(t, dr, "empty dashboard")
}

func TestHelpNeverShowsDeadKeys(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow), 100, 30)
	v := dr.view()
	for _, dead := range []string{"open", "edit", "delete", "filter"} {
		if strings.Contains(v, "• "+dead) || strings.Contains(v, dead+" •") {
			t.Errorf("empty journal shows %q in the help:\n%s", dead, v)
		}
	}
	dr.wantView("n new")
}
