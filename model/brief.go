package model

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// ReflectionQuestion is one of the four questions asked at the end of a
// session, in the app's words.
type ReflectionQuestion struct {
	Label    string // short, for lists: "Useful today"
	Question string // the full question
}

// ReflectionQuestions are the four end-of-session questions in the order
// of Reflection.Answers.
var ReflectionQuestions = [4]ReflectionQuestion{
	{"Useful today", "What was useful in today's conversation?"},
	{"Next steps", "What are the next steps?"},
	{"Before next time", "What will each of you do, learn or explore before you meet again?"},
	{"Change next time", "What would you change about the next meeting?"},
}

// Answers returns the four answers in the order of ReflectionQuestions.
func (r Reflection) Answers() [4]string {
	return [4]string{r.Useful, r.NextSteps, r.BeforeNext, r.Change}
}

// Unanswered is how a skipped reflection question is shown.
const Unanswered = "(not answered)"

// LastSession returns the most recent session by date (then by creation),
// whatever order sessions are in.
func (f Full) LastSession() (Session, bool) {
	var last *Session
	for i := range f.Sessions {
		x := &f.Sessions[i]
		if last == nil || x.Date.After(last.Date) || x.Date.Equal(last.Date) && x.Created.After(last.Created) {
			last = x
		}
	}
	if last == nil {
		return Session{}, false
	}
	return *last, true
}

// NextTopic returns the first planned roadmap topic by position.
func (f Full) NextTopic() (RoadmapItem, bool) {
	var best *RoadmapItem
	for i := range f.Roadmap {
		r := &f.Roadmap[i]
		if r.Status != TopicPlanned {
			continue
		}
		if best == nil || r.Position < best.Position {
			best = r
		}
	}
	if best == nil {
		return RoadmapItem{}, false
	}
	return *best, true
}

// Brief is the prep brief read before a meeting, as plain text: when the
// pair meets next and whether that is late, what the last session's
// reflection said, the open follow-ups by owner, the planned topic, the
// open goals with their SMART gaps and progress, stalled goals with what
// they mean (layer 3), and topics to try when the pair has not got past
// getting to know each other. With shared set, nothing private is shown.
// Every journal text is sanitized.
func Brief(f Full, today time.Time, shared bool) string {
	if shared {
		f = f.Shared()
	}
	today = Day(today)
	var b briefWriter
	r := f.Rel
	sum := Summarize(f)

	b.line("Prep brief: " + clean1(r.MentorName) + " (mentor) & " + clean1(r.MenteeName) + " (mentee)")
	meta := "Today " + FormatDate(today) + " · " + string(r.Status)
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
	next := NextMeeting(sum)
	switch {
	case next.IsZero():
		if r.CadenceDays > 0 {
			b.item("not set")
		} else {
			b.item("not set: no date was agreed at the last session and no cadence is agreed")
		}
	default:
		d := DaysBetween(today, next)
		s := FormatDate(next) + " (" + relDays(d) + ")"
		if late := MeetingLateDays(sum, today); late > 0 {
			s += " — LATE by " + Plural(late, "day")
			if r.CadenceDays > 0 {
				s += " against the agreed cadence of every " + Plural(r.CadenceDays, "day")
			}
		} else if r.CadenceDays > 0 {
			s += ", meeting every " + Plural(r.CadenceDays, "day")
		}
		b.item(s)
	}

	// Last session's reflection.
	if last, ok := f.LastSession(); ok {
		h := "Last session: " + FormatDate(last.Date)
		if t := clean1(last.Topic); t != "" {
			h += " · " + t
		}
		if !last.Ended {
			h += " (not closed yet)"
		}
		b.head(h)
		ans := last.Reflection.Answers()
		for i, q := range ReflectionQuestions {
			a := strings.TrimSpace(Sanitize(ans[i]))
			if a == "" {
				a = Unanswered
			}
			b.field("  ", q.Label, a)
		}
		if !shared && strings.TrimSpace(last.PrivateNotes) != "" {
			b.field("  ", "Your private notes", Sanitize(last.PrivateNotes))
		}
	} else {
		b.head("Last session")
		b.item("none yet: this will be the first meeting")
	}

	// Open follow-ups by owner.
	b.head("Open follow-ups")
	var open []FollowUp
	for _, x := range f.FollowUps {
		if x.Status == FollowUpOpen {
			open = append(open, x)
		}
	}
	if len(open) == 0 {
		b.item("none")
	} else {
		SortFollowUps(open, today)
		for _, party := range Parties {
			var mine []FollowUp
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
			extra = append(extra, "for "+FormatDate(t.Date))
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
	var openGoals []Goal
	for _, g := range f.Goals {
		switch g.Status {
		case GoalAchieved:
			achieved++
		case GoalDropped:
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
			s += " · due " + FormatDate(g.Due)
			if late := DaysLate(g.Due, today); late > 0 {
				s += " (" + Plural(late, "day") + " past)"
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
			s := "Last progress " + FormatDate(p.Date) + ": "
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
	if stalled := StalledGoals(f.Goals, today); len(stalled) > 0 {
		b.head("Stalled goals: bring back why they matter")
		for _, g := range stalled {
			since := g.LastProgress()
			what := "no progress for "
			if since.IsZero() {
				since, what = g.Created, "no progress since it was set, "
			}
			b.item(clean1(g.Title) + ": " + what + Plural(DaysBetween(since, today), "day"))
			if rel := strings.TrimSpace(Sanitize(g.Relevant)); rel != "" {
				b.field("    ", "Why it matters", rel)
			}
		}
		m := f.Plan.Meaning
		wrote := false
		for _, kv := range [][2]string{
			{"To " + clean1(r.MenteeName), m.Person}, {"To the team", m.Team},
			{"To the department", m.Department}, {"To the organisation", m.Organisation},
		} {
			if v := strings.TrimSpace(Sanitize(kv[1])); v != "" {
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
	if Stuck(sum) {
		b.head("Still getting to know each other")
		b.item(Plural(sum.Sessions, "session") + " held and no problem, skill or goal defined yet. Topics to try, in order:")
		for i, t := range GettingUnstuckTopics {
			b.sub(strconv.Itoa(i+1) + ". " + t)
		}
	}

	if !shared && strings.TrimSpace(r.PrivateNotes) != "" {
		b.head("Your private notes on this relationship")
		b.block("  ", Sanitize(r.PrivateNotes))
	}
	return b.String()
}

func followUpLine(x FollowUp, today time.Time) string {
	var s string
	switch {
	case x.Due.IsZero():
		s = "no date"
	case x.IsOverdue(today):
		s = "OVERDUE " + strconv.Itoa(DaysLate(x.Due, today)) + "d, was due " + FormatDate(x.Due)
	default:
		s = "due " + FormatDate(x.Due) + " (" + relDays(DaysBetween(today, x.Due)) + ")"
	}
	return s + ": " + clean1(x.Text)
}

func lastProgress(g Goal) (ProgressEntry, bool) {
	if len(g.Progress) == 0 {
		return ProgressEntry{}, false
	}
	ps := append([]ProgressEntry(nil), g.Progress...)
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
func clean1(s string) string { return strings.TrimSpace(SanitizeLine(s)) }

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
