// Package calendar writes the dates a journal keeps, the next meeting of
// each active pair and the due date of every open follow-up, as an
// iCalendar file (RFC 5545) for `mentorlog calendar` and the app.
//
// Every event has a UID made from the journal's own id of what it stands
// for, so importing a newer file into a calendar updates the events it
// already has instead of adding them again. Only names, meeting topics and
// follow-up texts go in: nothing private, as in a shared export.
package calendar

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mentorlog/model"
)

// Event is one all-day event.
type Event struct {
	UID         string
	Date        time.Time // the day
	Summary     string
	Description string
	Busy        bool // a meeting; a follow-up's due date does not block the day
}

// uidDomain ends every UID, so that mentorlog's events cannot collide with
// another program's.
const uidDomain = "@mentorlog"

// Events lists the next meeting of every active pair in sums and the due
// date of every open follow-up of those pairs, by date. Paused, closed and
// archived relationships have none.
func Events(sums []model.Summary, open []model.FollowUp, today time.Time) []Event {
	live := map[model.ID]model.Relationship{}
	var out []Event
	for _, s := range sums {
		r := s.Rel
		if !r.Live() {
			continue
		}
		live[r.ID] = r
		next := model.UpcomingMeeting(s, today)
		if next.IsZero() {
			continue
		}
		summary := "Mentoring: " + clean(r.MentorName) + " & " + clean(r.MenteeName)
		desc := "Next meeting of " + clean(r.MentorName) + " (mentor) and " + clean(r.MenteeName) + " (mentee)."
		if s.LastSession.IsZero() {
			desc = "First meeting of " + clean(r.MentorName) + " (mentor) and " + clean(r.MenteeName) + " (mentee)."
		}
		if t := clean(s.NextTopic); t != "" {
			summary += ": " + t
			desc += "\nPlanned topic: " + t
		}
		out = append(out, Event{UID: "meeting-" + string(r.ID) + uidDomain, Date: next, Summary: summary, Description: desc, Busy: true})
	}
	for _, f := range open {
		r, ok := live[f.RelID]
		if !ok || f.Status != model.FollowUpOpen || f.Due.IsZero() {
			continue
		}
		who := clean(r.NameOf(f.Owner))
		out = append(out, Event{UID: "followup-" + string(f.ID) + uidDomain, Date: model.Day(f.Due),
			Summary:     "Follow-up due (" + who + "): " + clean(f.Text),
			Description: "Promised by " + who + " (" + string(f.Owner) + ") in the mentoring of " + clean(r.MenteeName) + " by " + clean(r.MentorName) + "."})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.UID < b.UID
	})
	return out
}

func clean(s string) string { return strings.TrimSpace(model.SanitizeLine(s)) }

// Name is the calendar's name: "Mentoring", or "Mentoring: NAME" for the
// calendar of one relationship with NAME.
func Name(other string) string {
	if other = clean(other); other != "" {
		return "Mentoring: " + other
	}
	return "Mentoring"
}

// Write writes events as one VCALENDAR named name. stamp is the time of
// writing (DTSTAMP) and gives every event a SEQUENCE that a later file
// raises, so calendars take the newer copy of an event.
func Write(w io.Writer, name string, events []Event, stamp time.Time) error {
	b := bufio.NewWriter(w)
	line := func(s string) { writeFolded(b, s) }
	stamp = stamp.UTC()
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//mentorlog//mentorlog calendar//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escape(name))
	seq := strconv.FormatInt(max(0, stamp.Unix()-sequenceEpoch), 10)
	for _, e := range events {
		d := model.Day(e.Date)
		line("BEGIN:VEVENT")
		line("UID:" + escape(e.UID))
		line("DTSTAMP:" + stamp.Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		line("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
		line("SEQUENCE:" + seq)
		line("SUMMARY:" + escape(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escape(e.Description))
		}
		if e.Busy {
			line("TRANSP:OPAQUE")
		} else {
			line("TRANSP:TRANSPARENT")
		}
		line("CATEGORIES:Mentoring")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Flush()
}

// sequenceEpoch: SEQUENCE counts seconds from 2024-01-01, so a file written
// a second later raises it, and it stays inside 31 bits until 2092.
const sequenceEpoch = 1704067200

// escape writes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma escaped, line breaks as \n, other control characters dropped.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFolded writes a content line, folded so that no line is longer
// than 75 octets (RFC 5545 3.1), never inside a UTF-8 character, and ends
// it with CRLF.
func writeFolded(b *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
