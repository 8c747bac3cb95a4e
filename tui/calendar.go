package tui

import (
	"io"
	"path/filepath"
	"strings"

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
		path, err := filepath.Abs(filepath.Join(dir, "mentorlog-"+model.Slug(name)+".ics"))
		if err == nil {
			err = outfile.WriteFile(path, func(w io.Writer) error { return calendar.Write(w, calendar.Name(name), events, now) })
		}
		if err != nil {
			return errMsg{err}
		}
		return statusMsg("Wrote " + model.Plural(len(events), "event") + " to " + path)
	}
}
