package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// tourStop is one screen of the app in one state, reached from the
// dashboard of a journal holding loopSample by pressing keys.
type tourStop struct {
	where string
	keys  []string
}

// tour visits every screen of the app.
var tour = []tourStop{
	{"dashboard", nil},
	{"dashboard filtering", []string{"F"}},
	{"dashboard filtered", []string{"F", "enter"}},
	{"new relationship form", []string{"n"}},
	{"relationship", []string{"enter"}},
	{"relationship on a part", []string{"enter", "up"}},
	{"relationship form", []string{"enter", "e"}},
	{"foundation", []string{"enter", "0"}},
	{"foundation on a list", []string{"enter", "0", "tab"}},
	{"trust", []string{"enter", "1"}},
	{"stories", []string{"enter", "1", "shift+tab", "enter"}},
	{"story form", []string{"enter", "1", "shift+tab", "enter", "n"}},
	{"problem", []string{"enter", "2"}},
	{"meaning", []string{"enter", "3"}},
	{"commitment", []string{"enter", "4"}},
	{"commitment on a choice", []string{"enter", "4", "tab"}},
	{"supporters", []string{"enter", "5", "enter"}},
	{"commitment on its text", []string{"enter", "4", "shift+tab"}},
	{"options", []string{"enter", "4", "enter"}},
	{"option form", []string{"enter", "4", "enter", "n"}},
	{"support", []string{"enter", "5"}},
	{"review", []string{"enter", "6"}},
	{"goals", []string{"enter", "g"}},
	{"goal form", []string{"enter", "g", "e"}},
	{"progress", []string{"enter", "g", "enter"}},
	{"progress form", []string{"enter", "g", "enter", "n"}},
	{"roadmap", []string{"enter", "r"}},
	{"roadmap last", []string{"enter", "r", "end"}},
	{"roadmap form", []string{"enter", "r", "e"}},
	{"roadmap templates", []string{"enter", "r", "u"}},
	{"roadmap keep template", []string{"enter", "r", "T"}},
	{"sessions", []string{"enter", "s"}},
	{"session opened", []string{"enter", "s", "enter"}},
	{"session review", []string{"enter", "s", "n"}},
	{"session topic", []string{"enter", "s", "n", "pgdown"}},
	{"session notes", []string{"enter", "s", "n", "pgdown", "pgdown"}},
	{"session reflection", []string{"enter", "s", "n", "pgdown", "pgdown", "pgdown"}},
	{"session follow-ups", []string{"enter", "s", "n", "pgdown", "pgdown", "pgdown", "pgdown"}},
	{"session follow-up entry", []string{"enter", "s", "n", "pgdown", "pgdown", "pgdown", "pgdown", "n"}},
	{"session next meeting", []string{"enter", "s", "n", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown"}},
	{"follow-ups", []string{"enter", "f"}},
	{"follow-up entry", []string{"enter", "f", "n"}},
	{"health", []string{"enter", "h"}},
	{"health rating", []string{"enter", "h", "m"}},
	{"closure", []string{"enter", "c"}},
	{"pair view", []string{"enter", "p"}},
	{"pair signing", []string{"enter", "p", "m"}},
	{"brief", []string{"enter", "b"}},
	{"journey", []string{"enter", "v"}},
	{"journey stages", []string{"enter", "v", "e"}},
	{"search", []string{"/"}},
	{"search in a relationship", []string{"enter", "/"}},
	{"a question", []string{"enter", "g", "d"}},
}

// visit opens the app on a fresh journal and goes to stop.
func visit(t *testing.T, stop tourStop, w, h int) (*driver, *testJournal) {
	t.Helper()
	j := newJournal(t, loopNow, loopSample(), loopOther())
	dr := drive(t, j, w, h)
	dr.press(stop.keys...)
	return dr, j
}

// helpBindings are the enabled bindings of the footer's full help.
func helpBindings(m Model) []key.Binding {
	var out []key.Binding
	for _, col := range m.helpKeys().FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				out = append(out, b)
			}
		}
	}
	return out
}

// On every screen, no two enabled keys share a key, and each shown key
// has its help.
func TestTourNoKeyMeansTwoThings(t *testing.T) {
	for _, stop := range tour {
		dr, _ := visit(t, stop, 100, 30)
		checkKeys(t, dr, stop.where)
		dr.m.help.ShowAll = true
		checkKeys(t, dr, stop.where+" (full help)")
	}
}

// The full help (? or, while typing, f1) shows every key of every screen
// whole at 80x24.
func TestTourFullHelpShowsEveryKeyAt80x24(t *testing.T) {
	for _, stop := range tour {
		dr, _ := visit(t, stop, 80, 24)
		if dr.m.ask != askNothing {
			continue // a question takes y or n; its footer says so
		}
		dr.press("f1")
		if !dr.m.help.ShowAll {
			t.Fatalf("%s: f1 did not open the full help", stop.where)
		}
		v := dr.view()
		lines := strings.Split(v, "\n")
		foot := strings.Join(lines[len(lines)-dr.m.helpHeight():], "\n")
		if strings.Contains(foot, "…") {
			t.Errorf("%s: the full help is cut:\n%s", stop.where, foot)
		}
		for _, b := range helpBindings(dr.m) {
			if !strings.Contains(foot, b.Help().Key+" ") || !strings.Contains(foot, b.Help().Desc) {
				t.Errorf("%s: %q %q is not shown whole:\n%s", stop.where, b.Help().Key, b.Help().Desc, foot)
			}
		}
	}
}

// A key whose help says it only moves, opens, goes back or cancels never
// writes to the journal, even with unsaved text on the screen; a key that
// says it saves, deletes or marks writes (after a y where it asks).
func TestTourKeysDoWhatTheirHelpSays(t *testing.T) {
	quiet := []string{"back", "cancel", "close search", "keep", "up", "down", "page", "first", "last", "newer", "older",
		"keys", "search", "filter", "new", "edit", "write", "open", "show", "hide", "progress", "layer", "next field",
		"previous field", "choose", "no", "health check", "sessions", "goals", "roadmap", "follow-ups", "closure",
		"pair view", "prep brief", "previous", "next", "higher", "lower", "rate", "not rated", "quit"}
	writes := []string{"save", "delete", "remove", "done", "drop", "carry", "set current", "move", "archive",
		"switch owner", "close the relationship", "yes"}
	says := func(desc string, words []string) bool {
		for _, w := range words {
			if strings.Contains(desc, w) {
				return true
			}
		}
		return false
	}
	for _, stop := range tour {
		dr, _ := visit(t, stop, 100, 30)
		for _, b := range helpBindings(dr.m) {
			desc := b.Help().Desc
			k := b.Keys()[0]
			if k == "ctrl+c" || k == "q" || k == "f1" || k == "?" {
				continue
			}
			d, j := visit(t, stop, 100, 30)
			if d.top().Capturing() {
				d.typeText("zq") // unsaved text a careless key could save
			}
			n := j.writes()
			d.press(k)
			if strings.Contains(d.view(), "y/n") && !says(desc, []string{"no"}) {
				d.press("y")
			}
			wrote := j.writes() > n
			switch {
			case says(desc, writes):
				// A write may need a state the tour does not set up (a
				// field to fill first); it must never be silent about it.
			case says(desc, quiet) && wrote:
				t.Errorf("%s: %q (%s) wrote to the journal", stop.where, k, desc)
			}
		}
	}
}

// Text from the journal never drives the terminal: with an escape
// sequence in every text of the journal (a title change, a colour, a
// cursor move), no screen of the tour holds an ESC byte (the tests draw
// without colours, so the app's own styling adds none either).
func TestTourJournalTextCannotDriveTheTerminal(t *testing.T) {
	const evil = "\x1b]2;PWNED\x07\x1b[31m\x1b[2J"
	f := loopSample()
	f.Rel.MentorName += evil
	f.Rel.MenteeName += evil
	f.Plan.Foundation.SharedValues = append(f.Plan.Foundation.SharedValues, "candour"+evil)
	f.Plan.Meaning.Person += evil
	for i := range f.Goals {
		f.Goals[i].Title += evil
	}
	for i := range f.Roadmap {
		f.Roadmap[i].Topic += evil
	}
	for i := range f.Sessions {
		f.Sessions[i].Topic += evil
		f.Sessions[i].Notes += evil
		f.Sessions[i].Reflection.Useful += evil
	}
	for i := range f.FollowUps {
		f.FollowUps[i].Text += evil
	}
	for _, stop := range tour {
		j := newJournal(t, loopNow, f, loopOther())
		dr := drive(t, j, 100, 30)
		dr.press(stop.keys...)
		if v := dr.view(); strings.ContainsRune(v, '\x1b') {
			t.Errorf("%s: an escape sequence from the journal reached the screen:\n%q", stop.where, v)
		}
	}
}

// wideScripts are names and phrases whose width depends on how it is
// measured: by code point (what tmux, glibc and most terminals do) Hindi
// "हिंदी" is 4 cells, by grapheme cluster 2; Tamil and Thai have spacing
// and combining marks; an emoji with a skin tone is one cluster of two
// code points.
var wideScripts = []string{"हिंदी शर्मा", "தமிழ் செல்வி", "สมชาย ใจดี", "Ana 👍🏽👩🏾‍💻"}

// withWideScripts puts the wide scripts into every name and text of f.
func withWideScripts(f model.Full) model.Full {
	f.Rel.MentorName = wideScripts[0]
	f.Rel.MenteeName = wideScripts[1] + " " + wideScripts[3]
	long := strings.Repeat(strings.Join(wideScripts, " · ")+" ", 3)
	f.Plan.Foundation.SharedValues = append(f.Plan.Foundation.SharedValues, wideScripts[2])
	f.Plan.Meaning.Person = long
	f.Plan.Problem.Statement = long
	for i := range f.Goals {
		f.Goals[i].Title = wideScripts[i%len(wideScripts)] + " " + f.Goals[i].Title
	}
	for i := range f.Roadmap {
		f.Roadmap[i].Topic = wideScripts[i%len(wideScripts)] + " " + long
	}
	for i := range f.Sessions {
		f.Sessions[i].Topic = long
		f.Sessions[i].Notes = long + "\n" + long
		f.Sessions[i].Reflection.Useful = long
	}
	for i := range f.FollowUps {
		f.FollowUps[i].Text = long
	}
	return f
}

// On every screen, with Hindi, Tamil, Thai and emoji with modifiers in
// every name and text, no line is wider than the terminal as the terminal
// measures it: by code point, and by grapheme cluster once the terminal
// says it clusters (mode 2027). Before one width was used everywhere, the
// layout measured clusters while tmux drew code points, and a Hindi name
// pushed the header's right end off the screen.
func TestTourWideScriptsFitTheScreen(t *testing.T) {
	t.Cleanup(func() { graphemes.Store(false) })
	f := withWideScripts(loopSample())
	for _, clustered := range []bool{false, true} {
		measure := ansi.WcWidth
		if clustered {
			measure = ansi.GraphemeWidth
		}
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, stop := range tour {
				j := newJournal(t, loopNow, f, loopOther())
				dr := drive(t, j, size[0], size[1])
				if clustered {
					dr.send(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
				}
				dr.press(stop.keys...)
				for i, l := range strings.Split(dr.view(), "\n") {
					if w := measure.StringWidth(l); w > size[0] {
						t.Errorf("%s at %dx%d (clusters %v): line %d is %d cells wide:\n%s", stop.where, size[0], size[1], clustered, i, w, l)
					}
				}
			}
		}
	}
}

// The terminal's cursor stands right after text typed in Hindi, Tamil,
// Japanese or emoji with modifiers, in a one-line field (the search) and
// in a text area (a layer's field), measured both ways. The fields measure
// by code point count or grapheme cluster; the mark is placed in cells.
func TestCursorFollowsWideScripts(t *testing.T) {
	t.Cleanup(func() { graphemes.Store(false) })
	for _, clustered := range []bool{false, true} {
		for _, typed := range []string{"हिंदी शर्मा", "தமிழ் செல்வி", "日本語の文", "Ana 👍🏽"} {
			for _, c := range []struct {
				where string
				keys  []string
			}{{"search", []string{"/"}}, {"text area", []string{"enter", "3"}}} {
				dr := drive(t, newJournal(t, loopNow, loopSample()), 100, 30)
				if clustered {
					dr.send(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet})
				}
				dr.press(c.keys...)
				dr.typeText(typed)
				frame := dr.m.frame()
				if !strings.Contains(frame, typed+cursorMark) {
					i := strings.Index(frame, cursorMark)
					t.Errorf("%s (clusters %v): the cursor is not right after %q:\n%q", c.where, clustered, typed, frame[max(0, i-60):min(len(frame), i+30)])
				}
				graphemes.Store(false)
			}
		}
	}
}

// A long line typed in Hindi or with emoji in a text area is wrapped so
// that all of it shows, in a terminal that draws by code point: none of it
// is cut off at the field's edge.
func TestTextAreaShowsAllOfAWideLine(t *testing.T) {
	for _, word := range []string{"शर्मा", "செல்வி", "👩🏾‍💻"} {
		dr := drive(t, newJournal(t, loopNow, loopSample()), 80, 30)
		dr.press("enter", "3")
		dr.typeText(strings.Repeat("हिंदी "+word+" ", 8))
		v := dr.view()
		if n := strings.Count(v, joinersOut(word)); n != 8 {
			t.Errorf("%q shows %d times of 8:\n%s", word, n, v)
		}
		for i, l := range strings.Split(v, "\n") {
			if w := cells().StringWidth(l); w > 80 {
				t.Errorf("line %d is %d cells wide: %q", i, w, l)
			}
		}
	}
}
