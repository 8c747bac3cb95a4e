package tui

// Helpers shared by the meeting-loop screens (sessions, follow-ups, search,
// brief, pair view, signing, health, closure).

import (
	"context"
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mentorlog/model"
)

// loopReqs numbers the requests of the loop screens. Numbers are unique in
// the process, so a result that reaches a screen other than the one that
// asked (or a stale one) is recognised and dropped.
var loopReqs atomic.Uint64

func nextReq() uint64 { return loopReqs.Add(1) }

// loopFullMsg carries a relationship read for a loop screen.
type loopFullMsg struct {
	req  uint64
	full model.Full
	err  error
}

// loadLoopFull reads one relationship with all its parts.
func loadLoopFull(j Journal, id model.ID, req uint64) tea.Cmd {
	return func() tea.Msg {
		f, err := j.LoadFull(context.Background(), id)
		return loopFullMsg{req: req, full: f, err: err}
	}
}

// loopSavedMsg says that a write asked for by a loop screen finished.
type loopSavedMsg struct {
	req  uint64
	note string // shown in the status line on success
	err  error
}

// loopSave runs the writes in fn in a command and reports the outcome.
func loopSave(req uint64, note string, fn func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		return loopSavedMsg{req: req, note: note, err: fn(context.Background())}
	}
}

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
func partyName(r model.Relationship, party model.Role) string {
	return model.SanitizeLine(r.NameOf(party)) + " (" + string(party) + ")"
}

// scrollTo returns the offset that keeps row cursor within a window of
// height rows starting at offset.
func scrollTo(cursor, offset, height, total int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	if max := total - height; offset > max {
		offset = max
	}
	if offset < 0 {
		offset = 0
	}
	return offset
}

// isKey reports whether msg is one of the named keys.
func isKey(msg tea.KeyMsg, keys ...string) bool {
	s := msg.String()
	for _, k := range keys {
		if s == k {
			return true
		}
	}
	return false
}

// wrapANSI wraps a (possibly styled) line to width cells.
func wrapANSI(s string, width int) string { return ansi.Wrap(s, max(1, width), "") }
