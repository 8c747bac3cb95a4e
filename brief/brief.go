// Package brief builds the prep brief read before a meeting, for
// `mentorlog brief NAME` and the app's brief screen.
//
// Build gives the brief as data: titled sections of lines, each piece of
// text marked with how it reads (plain, muted, good, a warning, an
// alert), so that a screen can style it without parsing text back. Text
// writes the same brief as the plain text of `mentorlog brief`.
package brief

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"mentorlog/model"
)

// Kind says how a piece of the brief reads.
type Kind uint8

const (
	Value   Kind = iota // journal text and plain facts
	Muted               // placeholders and hints: "none", "(not answered)"
	Good                // all in order: every SMART part written
	Warning             // needs attention: a SMART gap, a stalled goal, a pair stuck getting to know each other
	Alert               // late or overdue
)

// Part is a piece of a line's text and how it reads.
type Part struct {
	Kind Kind
	Text string
}

// Line is one line of a section: an item, a detail of the item above it,
// or a field ("Label: value"). Only a field's value or a line without a
// label may run over several lines.
type Line struct {
	Level int    // 1 for an item, 2 for a detail of the item above
	Label string // a field's label ("Useful today"); empty for a plain line
	Parts []Part // the text, sanitized
}

// Text is the line's text without its label.
func (l Line) Text() string {
	if len(l.Parts) == 1 {
		return l.Parts[0].Text
	}
	var b strings.Builder
	for _, p := range l.Parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Section is a titled part of the brief.
type Section struct {
	Title string
	Kind  Kind // Value, or Warning for a section that is a warning as a whole
	Lines []Line
}

// Brief is the prep brief read before a meeting: when the pair meets next
// and whether that is late, what the last session's reflection said, the
// open follow-ups by owner, the planned topic, the open goals with their
// SMART gaps and progress, stalled goals with what they mean (layer 3),
// and topics to try when the pair has not got past getting to know each
// other.
type Brief struct {
	Title    string   // "Prep brief: Ada (mentor) & Grace (mentee)"
	Meta     []string // lines under the title: today, the status, the layer worked on
	Sections []Section
}

// Build makes the prep brief of f for today. With shared set, nothing
// private is in it. Every journal text is sanitized.
func Build(f model.Full, today time.Time, shared bool) Brief {
	if shared {
		f = f.Shared()
	}
	today = model.Day(today)
	r := f.Rel
	sum := model.Summarize(f)
	var b Brief

	b.Title = "Prep brief: " + clean1(r.MentorName) + " (mentor) & " + clean1(r.MenteeName) + " (mentee)"
	meta := "Today " + model.FormatDate(today) + " · " + string(r.Status)
	if r.OwnerRole.Valid() && !shared {
		meta += " · you are the " + string(r.OwnerRole)
	}
	if r.Archived {
		meta += " · archived"
	}
	st := model.StandingOf(f, today)
	b.Meta = []string{meta, "Working on layer " + strconv.Itoa(int(r.Layer)) + ": " + r.Layer.Info().Title,
		st.Line() + " (" + st.Why() + ")"}

	// Next meeting.
	s := b.section("Next meeting", Value)
	next := model.UpcomingMeeting(sum, today)
	switch {
	case !next.IsZero() && sum.LastSession.IsZero():
		s.item(Part{Value, model.FormatDate(next) + " (" + relDays(model.DaysBetween(today, next)) + ")"}, Part{Muted, ", the first meeting: not held yet"})
	case next.IsZero() && r.CadenceDays > 0:
		s.item(Part{Muted, "not set"})
	case next.IsZero():
		s.item(Part{Muted, "not set: no date was agreed at the last session and no cadence is agreed"})
	default:
		when := Part{Value, model.FormatDate(next) + " (" + relDays(model.DaysBetween(today, next)) + ")"}
		if late := model.MeetingLateDays(sum, today); late > 0 {
			warn := " — LATE by " + model.Plural(late, "day")
			if r.CadenceDays > 0 {
				warn += " against the agreed cadence of every " + model.Plural(r.CadenceDays, "day")
			}
			s.item(when, Part{Alert, warn})
		} else if r.CadenceDays > 0 {
			s.item(when, Part{Value, ", meeting every " + model.Plural(r.CadenceDays, "day")})
		} else {
			s.item(when)
		}
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
		s = b.section(h, Value)
		// The recap is written to be read before the next meeting.
		if r := strings.TrimSpace(model.Sanitize(last.Recap)); r != "" {
			s.field(1, "Recap", Part{Value, r})
		}
		ans := last.Reflection.Answers()
		for i, q := range model.ReflectionQuestions {
			if a := strings.TrimSpace(model.Sanitize(ans[i])); a != "" {
				s.field(1, q.Label, Part{Value, a})
			} else {
				s.field(1, q.Label, Part{Muted, model.Unanswered})
			}
		}
		if !shared && strings.TrimSpace(last.PrivateNotes) != "" {
			s.field(1, "Your private notes", Part{Value, model.Sanitize(last.PrivateNotes)})
		}
	} else {
		s = b.section("Last session", Value)
		s.item(Part{Muted, "none yet: this will be the first meeting"})
	}

	// Open follow-ups by owner.
	s = b.section("Open follow-ups", Value)
	var open []model.FollowUp
	for _, x := range f.FollowUps {
		if x.Status == model.FollowUpOpen {
			open = append(open, x)
		}
	}
	if len(open) == 0 {
		s.item(Part{Muted, "none"})
	} else {
		model.SortFollowUps(open, today)
		for _, party := range model.Parties {
			first := true
			for _, x := range open {
				if x.Owner != party {
					continue
				}
				if first {
					s.item(Part{Value, clean1(r.NameOf(party)) + " (" + string(party) + ")"})
					first = false
				}
				s.sub(followUpWhen(x, today), Part{Value, ": " + clean1(x.Text)})
			}
		}
	}

	// Planned topic.
	s = b.section("Planned topic", Value)
	if t, ok := f.NextTopic(); ok {
		text := clean1(t.Topic)
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
			text += " (" + strings.Join(extra, "; ") + ")"
		}
		s.item(Part{Value, text})
	} else {
		s.item(Part{Muted, "none planned: add topics on the relationship's Roadmap"})
	}

	// Goals.
	s = b.section("Goals", Value)
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
		s.item(Part{Muted, "no open goals"})
	}
	for _, g := range openGoals {
		title := Part{Value, clean1(g.Title)}
		switch {
		case g.Due.IsZero():
			s.item(title)
		case model.DaysLate(g.Due, today) > 0:
			title.Text += " · due " + model.FormatDate(g.Due)
			s.item(title, Part{Alert, " (" + model.Plural(model.DaysLate(g.Due, today), "day") + " past)"})
		default:
			title.Text += " · due " + model.FormatDate(g.Due)
			s.item(title)
		}
		if miss := g.MissingSMART(); len(miss) > 0 {
			parts := make([]string, len(miss))
			for i, p := range miss {
				parts[i] = string(p)
			}
			s.sub(Part{Warning, "SMART: still missing " + strings.Join(parts, ", ")})
		} else {
			s.sub(Part{Good, "SMART: every part written"})
		}
		if p, ok := lastProgress(g); ok {
			text := "Last progress " + model.FormatDate(p.Date) + ": "
			v, n := clean1(p.Value), clean1(p.Note)
			switch {
			case v != "" && n != "":
				text += v + " — " + n
			default:
				text += v + n
			}
			s.sub(Part{Value, text})
		} else {
			s.sub(Part{Muted, "No progress recorded yet"})
		}
	}
	if achieved+dropped > 0 {
		s.item(Part{Value, strconv.Itoa(achieved) + " achieved, " + strconv.Itoa(dropped) + " dropped"})
	}

	// Stalled goals with their fuel.
	if stalled := model.StalledGoals(f.Goals, today); len(stalled) > 0 {
		s = b.section("Stalled goals: bring back why they matter", Warning)
		for _, g := range stalled {
			since := g.LastProgress()
			what := "no progress for "
			if since.IsZero() {
				since, what = g.Created, "no progress since it was set, "
			}
			s.item(Part{Value, clean1(g.Title) + ": "}, Part{Warning, what + model.Plural(model.DaysBetween(since, today), "day")})
			if rel := strings.TrimSpace(model.Sanitize(g.Relevant)); rel != "" {
				s.field(2, "Why it matters", Part{Value, rel})
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
					s.item(Part{Value, "Meaning and impact (layer 3):"})
					wrote = true
				}
				s.field(2, kv[0], Part{Value, v})
			}
		}
		if !wrote {
			s.item(Part{Muted, "Layer 3 (meaning and impact) is empty: writing down why these goals matter gives the pair something to come back to."})
		}
	}

	// A layer left alone.
	if n, ok := model.NeglectedLayer(f, today); ok {
		s = b.section("A layer left alone", Warning)
		s.item(Part{Value, n.Say(today)})
		s.sub(Part{Muted, n.Layer.Info().Purpose})
	}

	// The agreement changed since it was signed: the pair works to a text
	// one of them has not agreed to.
	if sum.SignedChanged {
		s = b.section("The agreement changed since it was signed", Warning)
		for _, sig := range f.Plan.Foundation.ToSignAgain() {
			s.item(Part{Value, clean1(r.NameOf(sig.Party)) + " (" + string(sig.Party) + ") signed it on " + model.FormatDate(sig.At) + ", before the change."})
		}
		s.sub(Part{Muted, "Read it together and sign again in pair view."})
	}

	// Stuck in getting to know each other.
	if model.Stuck(sum) {
		s = b.section("Still getting to know each other", Warning)
		s.item(Part{Value, model.Plural(sum.Sessions, "session") + " held and no problem, skill or goal defined yet. Topics to try, in order:"})
		for i, t := range model.GettingUnstuckTopics {
			s.sub(Part{Value, strconv.Itoa(i+1) + ". " + t})
		}
	}

	if !shared && strings.TrimSpace(r.PrivateNotes) != "" {
		s = b.section("Your private notes on this relationship", Value)
		s.item(Part{Value, model.Sanitize(r.PrivateNotes)})
	}
	return b
}

// followUpWhen says when a follow-up is due, and whether it is overdue.
func followUpWhen(x model.FollowUp, today time.Time) Part {
	switch {
	case x.Due.IsZero():
		return Part{Muted, "no date"}
	case x.IsOverdue(today):
		return Part{Alert, "OVERDUE " + strconv.Itoa(model.DaysLate(x.Due, today)) + "d, was due " + model.FormatDate(x.Due)}
	}
	return Part{Value, "due " + model.FormatDate(x.Due) + " (" + relDays(model.DaysBetween(today, x.Due)) + ")"}
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
		return "in " + model.Plural(d, "day")
	}
	return model.Plural(-d, "day") + " ago"
}

// clean1 is SanitizeLine with surrounding space trimmed.
func clean1(s string) string { return strings.TrimSpace(model.SanitizeLine(s)) }

// section starts a new section and returns it for adding lines.
func (b *Brief) section(title string, kind Kind) *Section {
	b.Sections = append(b.Sections, Section{Title: title, Kind: kind})
	return &b.Sections[len(b.Sections)-1]
}

func (s *Section) item(parts ...Part) { s.Lines = append(s.Lines, Line{Level: 1, Parts: parts}) }

func (s *Section) sub(parts ...Part) { s.Lines = append(s.Lines, Line{Level: 2, Parts: parts}) }

func (s *Section) field(level int, label string, value Part) {
	s.Lines = append(s.Lines, Line{Level: level, Label: label, Parts: []Part{value}})
}

// Text writes the brief as indented plain text, as `mentorlog brief`
// prints it: the title and its lines, then each section after a blank
// line, its title flush left and its lines indented two spaces a level. A
// field whose value runs over several lines has its label on a line of its
// own and the value indented below it.
func Text(b Brief) string {
	var w strings.Builder
	line := func(s string) { w.WriteString(s); w.WriteByte('\n') }
	block := func(indent, text string) {
		for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
			line(strings.TrimRight(indent+l, " "))
		}
	}
	line(b.Title)
	for _, m := range b.Meta {
		line(m)
	}
	for _, s := range b.Sections {
		w.WriteByte('\n')
		line(s.Title)
		for _, l := range s.Lines {
			indent := strings.Repeat("  ", l.Level)
			text := l.Text()
			switch {
			case l.Label == "" && !strings.Contains(text, "\n"):
				line(indent + text)
			case l.Label == "":
				block(indent, text)
			case !strings.Contains(strings.TrimSpace(text), "\n"):
				line(indent + l.Label + ": " + strings.TrimSpace(text))
			default:
				line(indent + l.Label + ":")
				block(indent+"  ", text)
			}
		}
	}
	return w.String()
}
