package tui

import (
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// colouredDriver is the app with the real theme (the tests' default is
// the plain one).
func colouredDriver(t *testing.T) *driver {
	t.Helper()
	plainStyles = false
	t.Cleanup(func() { plainStyles = true })
	return newCoreDriver(t, newJournal(t, coreNow, coreSample()), 100, 30)
}

// The palette is the dark one until the terminal tells its background;
// the answer, however late, switches every colour at once, styles made
// before it included.
func TestPaletteFollowsTheBackground(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	dr := colouredDriver(t)
	st := dr.m.d.styles
	const darkFg, lightFg = "38;2;230;237;243", "38;2;31;35;40" // #e6edf3, #1f2328
	if v := st.Text.Render("x"); !strings.Contains(v, darkFg) {
		t.Fatalf("before any answer the text is %q, want the dark palette", v)
	}
	dr.send(tea.BackgroundColorMsg{Color: color.White})
	if v := st.Text.Render("x"); !strings.Contains(v, lightFg) {
		t.Fatalf("on a white background the text is %q, want the light palette", v)
	}
	// The dashboard drew its rows ahead, in the dark accent (#79c0ff).
	const darkAccent, lightAccent = "38;2;121;192;255", "38;2;5;80;174"
	if v := dr.view(); !strings.Contains(v, lightAccent) || strings.Contains(v, darkAccent) {
		t.Fatalf("the screen did not switch to the light palette:\n%q", v)
	}
	dr.send(tea.BackgroundColorMsg{Color: color.Black})
	if v := st.Text.Render("x"); !strings.Contains(v, darkFg) {
		t.Fatalf("on a black background the text is %q, want the dark palette", v)
	}
}

// colourSGR is a colour in an SGR sequence: 30–37, 40–47, 90–97, 100–107,
// or 38/48 with 256 colours or RGB.
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9]+)*m`)

// NO_COLOR gives a screen without a colour; the selection stays visible.
func TestNoColorScreen(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dr := colouredDriver(t)
	v := dr.view()
	if m := colourSGR.FindString(v); m != "" {
		t.Fatalf("NO_COLOR screen holds the colour %q", m)
	}
	if !strings.Contains(v, "\x1b[7") && !strings.Contains(v, ";7m") {
		t.Fatalf("NO_COLOR screen shows no selection (reverse):\n%q", v)
	}
	t.Setenv("NO_COLOR", "")
	if m := colourSGR.FindString(colouredDriver(t).view()); m == "" {
		t.Fatal("the coloured screen holds no colour: this test would prove nothing")
	}
}
