package tui

// Text helpers shared by every screen: journal text is cleaned of control
// characters and escape sequences before it reaches the terminal, and
// measured in terminal cells.

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// readOnly reports whether a relationship may not be edited: a closed one
// stays read-only until it is explicitly reopened (closure screen, R).
// Editors check it before they save.
func readOnly(f model.Full) bool { return f.Rel.Status == model.StatusClosed }

// errReadOnly is the message editors show for a closed relationship.
const errReadOnlyText = "this relationship is closed and read-only: reopen it first (c closure, then R)"

// one cleans journal text for a single display line and cuts it to width
// cells with an ellipsis.
func one(s string, width int) string {
	s = model.SanitizeLine(s)
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// cut shortens an already clean (and possibly styled) line to width cells.
func cut(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
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
	return strings.Split(ansi.Wrap(s, width, ""), "\n")
}

// padRight pads a line with spaces to width cells.
func padRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
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
func wrapANSI(s string, width int) string { return ansi.Wrap(s, max(1, width), "") }
