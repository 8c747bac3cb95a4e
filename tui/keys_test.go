package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
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

func TestNoTwoEnabledBindingsShareAKey(t *testing.T) {
	j := newJournal(t, coreNow, coreSample(), coreOther())
	tour := []struct {
		where string
		keys  []string
	}{
		{"dashboard", nil},
		{"dashboard filtering", []string{"f"}},
		{"dashboard filtered", []string{"enter"}},
		{"dashboard asking", []string{"esc", "d"}},
		{"relationship", []string{"n", "enter"}},
		{"relationship on a part", []string{"up"}},
		{"foundation", []string{"down", "0"}},
		{"foundation on a list", []string{"tab"}},
		{"back", []string{"esc", "y"}},
		{"trust", []string{"1"}},
		{"commitment", []string{"esc", "4"}},
		{"commitment on a choice", []string{"tab"}},
		{"commitment on a link", []string{"shift+tab"}},
		{"options list", []string{"enter"}},
		{"options asking", []string{"d"}},
		{"option form", []string{"n", "n"}},
		{"support", []string{"esc", "esc", "5"}},
		{"review", []string{"esc", "6"}},
		{"goals", []string{"esc", "g"}},
		{"goals asking", []string{"d"}},
		{"goal form", []string{"n", "n"}},
		{"progress", []string{"esc", "enter"}},
		{"progress form", []string{"n"}},
		{"roadmap", []string{"esc", "esc", "esc", "r"}},
		{"roadmap last", []string{"G"}},
		{"roadmap form", []string{"e"}},
		{"relationship form", []string{"esc", "esc", "e"}},
		{"new relationship form", []string{"esc", "esc", "n"}},
	}
	dr := newCoreDriver(t, j, 100, 30)
	for _, step := range tour {
		dr.press(step.keys...)
		checkKeys(t, dr, step.where)
		dr.m.help.ShowAll = true
		checkKeys(t, dr, step.where+" (full help)")
		dr.m.help.ShowAll = false
	}
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
