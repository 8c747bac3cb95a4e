package tui

import (
	"io"
	"path/filepath"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"mentorlog/calendar"
	"mentorlog/model"
	"mentorlog/outfile"
)

// writeCalendar writes the relationship's next meeting and its open
// follow-ups' due dates as an iCalendar file in the app's files folder,
// named after the other person, and says where.
func writeCalendar(d deps, f model.Full) tea.Cmd {
	dir, now := d.files, d.now()
	return func() tea.Msg {
		events := calendar.Events([]model.Summary{model.Summarize(f)}, f.FollowUps, now)
		name := strings.TrimSpace(model.SanitizeLine(f.Rel.Other()))
		path, err := filepath.Abs(filepath.Join(dir, "mentorlog-"+slug(name)+".ics"))
		if err == nil {
			err = outfile.WriteFile(path, func(w io.Writer) error { return calendar.Write(w, calendar.Name(name), events, now) })
		}
		if err != nil {
			return errMsg{err}
		}
		return statusMsg("Wrote " + model.Plural(len(events), "event") + " to " + path)
	}
}

// slug makes a file name of a person's name: letters and digits in lower
// case, anything else a single dash.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "relationship"
	}
	return out
}
