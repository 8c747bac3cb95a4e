// Package brief builds the prep brief read before a meeting, for
// `mentorlog brief NAME` and the app's brief screen.
package brief

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"mentorlog/model"
)

// Plain is the prep brief read before a meeting, as plain text: when the
// pair meets next and whether that is late, what the last session's
// reflection said, the open follow-ups by owner, the planned topic, the
// open goals with their SMART gaps and progress, stalled goals with what
// they mean (layer 3), and topics to try when the pair has not got past
// getting to know each other. With shared set, nothing private is shown.
// Every journal text is sanitized.
func Plain(f model.Full, today time.Time, shared bool) string {
	if shared {
		f = f.Shared()
	}
	today = model.Day(today)
	var b briefWriter
	r := f.Rel
	sum := model.Summarize(f)

	b.line("Prep brief: " + clean1(r.MentorName) + " (mentor) & " + clean1(r.MenteeName) + " (mentee)")
	meta := "Today " + model.FormatDate(today) + " · " + string(r.Status)
	if r.OwnerRole.Valid() && !shared {
		meta += " · you are the " + string(r.OwnerRole)
	}
	if r.Archived {
		meta += " · archived"
	}
	b.line(meta)
	b.line("Working on layer " + strconv.Itoa(int(r.Layer)) + ": " + r.Layer.Info().Title)

	// Next meeting.
	b.head("Next meeting")
	next := model.NextMeeting(sum)
	switch {
	case next.IsZero():
		if r.CadenceDays > 0 {
			b.item("not set")
		} else {
			b.item("not set: no date was agreed at the last session and no cadence is agreed")
		}
	default:
		d := model.DaysBetween(today, next)
		s := model.FormatDate(next) + " (" + relDays(d) + ")"
		if late := model.MeetingLateDays(sum, today); late > 0 {
			s += " — LATE by " + model.Plural(late, "day")
			if r.CadenceDays > 0 {
				s += " against the agreed cadence of every " + model.Plural(r.CadenceDays, "day")
			}
		} else if r.CadenceDays > 0 {
			s += ", meeting every " + model.Plural(r.CadenceDays, "day")
		}
		b.item(s)
	}

	// Last session's reflection.
	if last, ok := f.LastSession(); ok {
		h := "Last session: " + model.FormatDate(last.Date)
		if t := clean1(last.Topic); t != "" {
			h += " · " + t
		}
		if !last.Ended {
			h += " (not closed yet)"
		}
		b.head(h)
		ans := last.Reflection.Answers()
		for i, q := range model.ReflectionQuestions {
			a := strings.TrimSpace(model.Sanitize(ans[i]))
			if a == "" {
				a = model.Unanswered
			}
			b.field("  ", q.Label, a)
		}
		if !shared && strings.TrimSpace(last.PrivateNotes) != "" {
			b.field("  ", "Your private notes", model.Sanitize(last.PrivateNotes))
		}
	} else {
		b.head("Last session")
		b.item("none yet: this will be the first meeting")
	}

	// Open follow-ups by owner.
	b.head("Open follow-ups")
	var open []model.FollowUp
	for _, x := range f.FollowUps {
		if x.Status == model.FollowUpOpen {
			open = append(open, x)
		}
	}
	if len(open) == 0 {
		b.item("none")
	} else {
		model.SortFollowUps(open, today)
		for _, party := range model.Parties {
			var mine []model.FollowUp
			for _, x := range open {
				if x.Owner == party {
					mine = append(mine, x)
				}
			}
			if len(mine) == 0 {
				continue
			}
			b.item(clean1(r.NameOf(party)) + " (" + string(party) + ")")
			for _, x := range mine {
				b.sub(followUpLine(x, today))
			}
		}
	}

	// Planned topic.
	b.head("Planned topic")
	if t, ok := f.NextTopic(); ok {
		s := clean1(t.Topic)
		var extra []string
		if !t.Date.IsZero() {
			extra = append(extra, "for "+model.FormatDate(t.Date))
		}
		if t.GoalID != "" {
			for _, g := range f.Goals {
				if g.ID == t.GoalID {
					extra = append(extra, "goal: "+clean1(g.Title))
				}
			}
		}
		if len(extra) > 0 {
			s += " (" + strings.Join(extra, "; ") + ")"
		}
		b.item(s)
	} else {
		b.item("none planned: add topics on the relationship's Roadmap")
	}

	// Goals.
	b.head("Goals")
	var achieved, dropped int
	var openGoals []model.Goal
	for _, g := range f.Goals {
		switch g.Status {
		case model.GoalAchieved:
			achieved++
		case model.GoalDropped:
			dropped++
		default:
			openGoals = append(openGoals, g)
		}
	}
	if len(openGoals) == 0 {
		b.item("no open goals")
	}
	for _, g := range openGoals {
		s := clean1(g.Title)
		if !g.Due.IsZero() {
			s += " · due " + model.FormatDate(g.Due)
			if late := model.DaysLate(g.Due, today); late > 0 {
				s += " (" + model.Plural(late, "day") + " past)"
			}
		}
		b.item(s)
		if miss := g.MissingSMART(); len(miss) > 0 {
			parts := make([]string, len(miss))
			for i, p := range miss {
				parts[i] = string(p)
			}
			b.sub("SMART: still missing " + strings.Join(parts, ", "))
		} else {
			b.sub("SMART: every part written")
		}
		if p, ok := lastProgress(g); ok {
			s := "Last progress " + model.FormatDate(p.Date) + ": "
			v, n := clean1(p.Value), clean1(p.Note)
			switch {
			case v != "" && n != "":
				s += v + " — " + n
			default:
				s += v + n
			}
			b.sub(s)
		} else {
			b.sub("No progress recorded yet")
		}
	}
	if achieved+dropped > 0 {
		b.item(strconv.Itoa(achieved) + " achieved, " + strconv.Itoa(dropped) + " dropped")
	}

	// Stalled goals with their fuel.
	if stalled := model.StalledGoals(f.Goals, today); len(stalled) > 0 {
		b.head("Stalled goals: bring back why they matter")
		for _, g := range stalled {
			since := g.LastProgress()
			what := "no progress for "
			if since.IsZero() {
				since, what = g.Created, "no progress since it was set, "
			}
			b.item(clean1(g.Title) + ": " + what + model.Plural(model.DaysBetween(since, today), "day"))
			if rel := strings.TrimSpace(model.Sanitize(g.Relevant)); rel != "" {
				b.field("    ", "Why it matters", rel)
			}
		}
		m := f.Plan.Meaning
		wrote := false
		for _, kv := range [][2]string{
			{"To " + clean1(r.MenteeName), m.Person}, {"To the team", m.Team},
			{"To the department", m.Department}, {"To the organisation", m.Organisation},
		} {
			if v := strings.TrimSpace(model.Sanitize(kv[1])); v != "" {
				if !wrote {
					b.item("Meaning and impact (layer 3):")
					wrote = true
				}
				b.field("    ", kv[0], v)
			}
		}
		if !wrote {
			b.item("Layer 3 (meaning and impact) is empty: writing down why these goals matter gives the pair something to come back to.")
		}
	}

	// Stuck in getting to know each other.
	if model.Stuck(sum) {
		b.head("Still getting to know each other")
		b.item(model.Plural(sum.Sessions, "session") + " held and no problem, skill or goal defined yet. Topics to try, in order:")
		for i, t := range model.GettingUnstuckTopics {
			b.sub(strconv.Itoa(i+1) + ". " + t)
		}
	}

	if !shared && strings.TrimSpace(r.PrivateNotes) != "" {
		b.head("Your private notes on this relationship")
		b.block("  ", model.Sanitize(r.PrivateNotes))
	}
	return b.String()
}

func followUpLine(x model.FollowUp, today time.Time) string {
	var s string
	switch {
	case x.Due.IsZero():
		s = "no date"
	case x.IsOverdue(today):
		s = "OVERDUE " + strconv.Itoa(model.DaysLate(x.Due, today)) + "d, was due " + model.FormatDate(x.Due)
	default:
		s = "due " + model.FormatDate(x.Due) + " (" + relDays(model.DaysBetween(today, x.Due)) + ")"
	}
	return s + ": " + clean1(x.Text)
}

func lastProgress(g model.Goal) (model.ProgressEntry, bool) {
	if len(g.Progress) == 0 {
		return model.ProgressEntry{}, false
	}
	ps := append([]model.ProgressEntry(nil), g.Progress...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Date.Before(ps[j].Date) })
	return ps[len(ps)-1], true
}

// relDays says a day offset in words: "today", "tomorrow", "in 3 days",
// "yesterday", "4 days ago".
func relDays(d int) string {
	switch {
	case d == 0:
		return "today"
	case d == 1:
		return "tomorrow"
	case d == -1:
		return "yesterday"
	case d > 1:
		return "in " + strconv.Itoa(d) + " days"
	}
	return strconv.Itoa(-d) + " days ago"
}

// clean1 is SanitizeLine with surrounding space trimmed.
func clean1(s string) string { return strings.TrimSpace(model.SanitizeLine(s)) }

// briefWriter builds the brief's indented plain text.
type briefWriter struct{ strings.Builder }

func (b *briefWriter) line(s string) { b.WriteString(s); b.WriteByte('\n') }

func (b *briefWriter) head(s string) { b.WriteByte('\n'); b.line(s) }

func (b *briefWriter) item(s string) { b.line("  " + s) }

func (b *briefWriter) sub(s string) { b.line("    " + s) }

// field writes "Label: text" after indent, continuing a multi-line text indented
// below the label.
func (b *briefWriter) field(indent, label, text string) {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "\n") {
		b.line(indent + label + ": " + text)
		return
	}
	b.line(indent + label + ":")
	b.block(indent+"  ", text)
}

func (b *briefWriter) block(indent, text string) {
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		b.line(strings.TrimRight(indent+l, " "))
	}
}
