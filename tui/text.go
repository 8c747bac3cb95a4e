package tui

// Text helpers shared by every screen: journal text is cleaned of control
// characters and escape sequences before it reaches the terminal, and
// measured in terminal cells.

import (
	"strings"
	"sync/atomic"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// graphemes is set once the terminal says it lays text out by grapheme
// cluster (mode 2027, which Bubble Tea asks about and then turns on).
var graphemes atomic.Bool

// cells measures, cuts and wraps text the way the terminal draws it, and
// every width in the app goes through it. A terminal gives each code point
// its wcwidth unless it clusters graphemes (mode 2027): then Bubble Tea's
// renderer switches to grapheme widths, and so does the app (Model.update,
// tea.ModeReportMsg). The two disagree on scripts with spacing marks
// (Hindi "हिंदी" is 4 cells by code point, 2 by cluster) and on emoji
// with modifiers. Lip Gloss always measures by cluster, so the app never
// lets Lip Gloss lay out a line (no Width, padding or borders around
// journal text): the frame pads and cuts with cells.
func cells() ansi.Method {
	if graphemes.Load() {
		return ansi.GraphemeWidth
	}
	return ansi.WcWidth
}

// readOnly reports whether a relationship may not be edited: a closed one
// stays read-only until it is explicitly reopened (closure screen, R).
// Editors check it before they save.
func readOnly(f model.Full) bool { return f.Rel.Status == model.StatusClosed }

// errReadOnly is the message editors show for a closed relationship.
const errReadOnlyText = "this relationship is closed and read-only: reopen it first (c closure, then R)"

// truncate cuts s (possibly styled) to width cells, ending it with tail
// when anything was cut. x/ansi v0.11.9's Truncate returns s whole when
// its width by grapheme cluster fits, whatever the method, and its Cut
// with code-point widths cuts the left side by the wrong function; so
// every cut of the app's goes through here. When s is wider than width,
// spaces are added past its end, so that it is wider by clusters too and
// Truncate cuts it where the method says (the spaces are past the cut).
func truncate(s string, width int, tail string) string {
	m := cells()
	if m.StringWidth(s) <= width {
		return s
	}
	return m.Truncate(s+strings.Repeat(" ", width+1), width, tail)
}

// one cleans journal text for a single display line and cuts it to width
// cells with an ellipsis.
func one(s string, width int) string {
	s = model.SanitizeLine(s)
	if width <= 0 {
		return ""
	}
	return truncate(s, width, "…")
}

// oneEnd is one, but keeps the end of the text: in a file name, that is
// what tells two journals apart ("…for-work.db", "…for-home.db").
func oneEnd(s string, width int) string {
	s = model.SanitizeLine(s)
	w := cells().StringWidth(s)
	if width <= 0 {
		return ""
	}
	if w <= width {
		return s
	}
	// A cluster is kept or dropped whole, so one may take a cell more than
	// asked: drop until the rest fits.
	out := s
	for n := w - width + 1; n <= w && cells().StringWidth(out) > width; n++ {
		out = cells().TruncateLeft(s, n, "…")
	}
	return out
}

// cut shortens an already clean (and possibly styled) line to width cells.
func cut(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return truncate(s, width, "…")
}

// wrapText cleans journal text and wraps it to width, returning its lines.
func wrapText(s string, width int) []string {
	s = strings.TrimRight(model.Sanitize(s), "\n ")
	if s == "" {
		return nil
	}
	if width < 8 {
		width = 8
	}
	return strings.Split(cells().Wrap(s, width, ""), "\n")
}

// appendWrapped adds s to lines wrapped to width, a line at a time, each
// in style.
func appendWrapped(lines []string, style lipgloss.Style, s string, width int) []string {
	for _, l := range wrapText(s, width) {
		lines = append(lines, style.Render(l))
	}
	return lines
}

// sentence is what a screen says in a sentence or two (an empty list's
// hint), wrapped to width, never cut mid-word.
func sentence(s string, width int) string { return strings.Join(wrapText(s, width), "\n") }

// padRight pads a line with spaces to width cells.
func padRight(s string, width int) string {
	w := cells().StringWidth(s)
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

// widest is the width in cells of the widest line of s.
func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, cells().StringWidth(l))
	}
	return w
}

// padBlock pads every line of s to the widest one's width, with left and
// right spaces around it, as a Lip Gloss style with that padding would,
// but measured in cells.
func padBlock(s string, left, right int) string {
	lines := strings.Split(s, "\n")
	w := widest(s)
	l, r := strings.Repeat(" ", left), strings.Repeat(" ", right)
	for i, line := range lines {
		lines[i] = l + padRight(line, w) + r
	}
	return strings.Join(lines, "\n")
}

// fitLines keeps at most height lines (height <= 0 keeps none).
func fitLines(lines []string, height int) []string {
	if height <= 0 {
		return nil
	}
	if len(lines) > height {
		return lines[:height]
	}
	return lines
}

// partyName names one side of a relationship for people: "Ada (mentor)".
// In a peer relationship both are peers: the side is not named.
func partyName(r model.Relationship, party model.Role) string {
	if r.OwnerRole == model.RolePeer {
		return model.SanitizeLine(r.NameOf(party))
	}
	return model.SanitizeLine(r.NameOf(party)) + " (" + string(party) + ")"
}

// sideName is how a side is called in a sentence: "the mentor", or in a
// peer relationship the person's first name.
func sideName(r model.Relationship, party model.Role) string {
	if r.OwnerRole == model.RolePeer {
		if n := firstWord(model.SanitizeLine(r.NameOf(party))); n != "" {
			return n
		}
	}
	return "the " + string(party)
}

// wrapANSI wraps a (possibly styled) line to width cells.
func wrapANSI(s string, width int) string { return cells().Wrap(s, max(1, width), "") }
