// Package markdown writes a journal as one Markdown document, for
// `mentorlog export --format markdown`.
package markdown

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"mentorlog/model"
)

// Options configure a Markdown export.
type Options struct {
	Shared bool      // leave out private notes (model.Full.Shared), for handing to the other party
	Now    time.Time // the export time, written in the header and used for "overdue"
}

// Write writes relationships as one Markdown document. It is Writer for
// callers that have everything in memory.
func Write(w io.Writer, rels []model.Full, opt Options) error {
	m := NewWriter(w, opt)
	if err := m.WriteHeader(len(rels)); err != nil {
		return err
	}
	for _, f := range rels {
		if err := m.WriteRelationship(f); err != nil {
			return err
		}
	}
	return m.Close()
}

// Writer writes a journal as Markdown that reads well in a pager and
// renders on a forge, one relationship at a time, so that an export
// never holds the whole journal in memory: WriteHeader once, then
// WriteRelationship for each, then Close (which flushes; it does not close
// w). Every journal text is sanitized, characters that would start a
// Markdown block (headings, quotes, fences, rules, HTML, tables) are
// escaped at the start of a line, and '<', '>', '[' and ']' are escaped
// everywhere, so that no HTML and no link can be made of journal text. The first error sticks and is returned by
// every later call.
type Writer struct {
	w     *bufio.Writer
	opt   Options
	today time.Time
	err   error
	buf   []byte // scratch for numbers and dates
}

// NewWriter starts a Markdown document on w.
func NewWriter(w io.Writer, opt Options) *Writer {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	return &Writer{w: bufio.NewWriterSize(w, 256<<10), opt: opt, today: model.Day(opt.Now), buf: make([]byte, 0, 64)}
}

// WriteHeader writes the document title. count is the number of
// relationships that follow, or -1 if unknown.
func (m *Writer) WriteHeader(count int) error {
	m.s("# Mentoring journal\n\nExported from mentorlog on ")
	m.date(m.opt.Now)
	if count >= 0 {
		m.s(" · ")
		m.s(model.Plural(count, "relationship"))
	}
	if m.opt.Shared {
		m.s(" · shared copy: private notes are left out")
	}
	m.s(".\n")
	return m.err
}

// Close flushes what is buffered. It does not close the underlying writer.
func (m *Writer) Close() error {
	if m.err == nil {
		m.err = m.w.Flush()
	}
	return m.err
}

// WriteRelationship writes one relationship with all its parts.
func (m *Writer) WriteRelationship(f model.Full) error {
	if m.err != nil {
		return m.err
	}
	if m.opt.Shared {
		f = f.Shared()
	}
	r := f.Rel
	m.s("\n## ")
	m.heading(r.MentorName)
	m.s(" & ")
	m.heading(r.MenteeName)
	m.s("\n\n")
	if !m.opt.Shared {
		m.s("- **Your role:** ")
		m.inline(string(r.OwnerRole))
		m.nl()
	}
	m.s("- **Status:** ")
	m.inline(string(r.Status))
	if r.Archived {
		m.s(" (archived)")
	}
	m.s(" · started ")
	m.date(r.Started)
	if r.CadenceDays > 0 {
		m.s(" · meets every ")
		m.s(model.Plural(r.CadenceDays, "day"))
	}
	m.nl()
	m.s("- **Working on:** layer ")
	m.int(int(r.Layer))
	m.s(", ")
	m.s(r.Layer.Info().Title)
	m.nl()
	st := model.StandingOf(f, m.today)
	m.s("- **Stage:** ")
	m.inline(st.Line())
	m.s(" (")
	m.inline(st.Why())
	m.s(")\n")
	sum := model.Summarize(f)
	m.s("- **Sessions:** ")
	m.int(sum.Sessions)
	if !sum.LastSession.IsZero() {
		m.s(" · last ")
		m.date(sum.LastSession)
	}
	if next := model.UpcomingMeeting(sum, m.today); !next.IsZero() {
		m.s(" · next ")
		m.date(next)
		if late := model.MeetingLateDays(sum, m.today); late > 0 {
			m.s(" (late by ")
			m.s(model.Plural(late, "day"))
			m.s(")")
		}
	}
	m.nl()
	m.s("- **Filled in:** ")
	c := f.Plan.Completion()
	for i, info := range model.Layers {
		if i > 0 {
			m.s(" · ")
		}
		m.s(info.Short)
		m.s(" ")
		m.int(int(c[i]*100 + 0.5))
		m.s("%")
	}
	m.nl()
	if model.Stuck(sum) {
		m.s("- **Note:** still getting to know each other after ")
		m.s(model.Plural(sum.Sessions, "session"))
		m.s(", with no problem, skill or goal defined\n")
	}
	if !m.opt.Shared && hasText(r.PrivateNotes) {
		m.label("Private notes")
		m.block("", r.PrivateNotes)
	}

	m.foundation(f.Plan.Foundation, r)
	m.layers(f.Plan, r)
	m.goals(f.Goals)
	m.roadmap(f)
	m.sessions(f.Sessions)
	m.followUps(f.FollowUps, r)
	m.health(f.Health, r)
	m.closure(f.Plan.Closure, f.Goals, r.Status)
	return m.err
}

func (m *Writer) foundation(fd model.Foundation, r model.Relationship) {
	m.section(model.Layers[model.LayerFoundation].Title)
	empty := true
	if hasList(fd.SharedValues) {
		empty = false
		m.label("Shared values")
		m.bullets(fd.SharedValues)
	}
	if hasList(fd.KeyGoals) {
		empty = false
		m.label("Key goals")
		m.bullets(fd.KeyGoals)
	}
	rl := fd.Rules
	rules := [][2]string{
		{"How often", rl.Frequency}, {"When", rl.When}, {"Where", rl.Where}, {"How to reach each other", rl.Contact},
		{"When not to", rl.NoContact}, {"Confidentiality", rl.Confidentiality}, {"In scope", rl.Scope}, {"Limits", rl.Limits},
	}
	if anyText(rules) {
		empty = false
		m.label("Rules of engagement")
		m.fields(rules)
	}
	rest := [][2]string{
		{"Mentor wants", fd.MentorWants}, {"Mentor brings", fd.MentorBrings},
		{"Mentee wants", fd.MenteeWants}, {"Mentee brings", fd.MenteeBrings},
		{"Expectations", fd.Expectations}, {"Schedule", fd.Schedule},
	}
	if anyText(rest) {
		empty = false
		m.nl()
		m.fields(rest)
	}
	if empty {
		m.s("_Not written yet._\n")
		return
	}
	m.label("Signatures")
	for _, party := range model.Parties {
		state, sig := fd.SignStateOf(party)
		m.s("- **")
		m.s(partyTitle(party))
		m.s(":** ")
		if state == model.Unsigned {
			m.s("not signed yet\n")
			continue
		}
		m.inline(sig.Name)
		m.s(", ")
		m.date(sig.At)
		m.s(" — ")
		m.s(state.String())
		m.nl()
	}
	if n := len(fd.Signatures); n > 2 {
		m.s("- ")
		m.int(n)
		m.s(" signatures in all, counting earlier versions\n")
	}
}

func (m *Writer) layers(p model.Plan, r model.Relationship) {
	// Layer 1
	m.section(layerTitle(model.LayerTrust))
	t := p.Trust
	wrote := false
	for _, pr := range []struct {
		party model.Role
		p     model.Profile
	}{{model.RoleMentor, t.Mentor}, {model.RoleMentee, t.Mentee}} {
		fs := [][2]string{{"Background", pr.p.Background}, {"Years in the field", pr.p.YearsInField},
			{"Skills", pr.p.Skills}, {"Common ground", pr.p.CommonGround}}
		if !anyText(fs) {
			continue
		}
		wrote = true
		m.nl()
		m.s("**")
		m.s(partyTitle(pr.party))
		m.s(": ")
		m.inline(r.NameOf(pr.party))
		m.s("**\n\n")
		m.fields(fs)
	}
	if len(t.Stories) > 0 {
		wrote = true
		m.label("Stories shared")
		for _, s := range t.Stories {
			m.s("- ")
			if hasText(s.Teller) {
				m.s("**")
				m.inline(s.Teller)
				m.s("**")
				if s.Kind != "" {
					m.s(" (")
					m.inline(string(s.Kind))
					m.s(")")
				}
				m.s(": ")
			} else if s.Kind != "" {
				m.s("(")
				m.inline(string(s.Kind))
				m.s(") ")
			}
			m.listText(s.Story)
			if hasText(s.Lesson) {
				m.s("  - **Lesson:** ")
				m.listText(s.Lesson)
			}
		}
	}
	m.notYet(wrote)

	// Layer 2
	m.section(layerTitle(model.LayerProblem))
	pb := p.Problem
	wrote = hasText(pb.Statement) || hasList(pb.Parts) || hasText(pb.Current) || hasText(pb.Achieved)
	if hasText(pb.Statement) {
		m.nl()
		m.fields([][2]string{{"The problem or skill", pb.Statement}})
	}
	if hasList(pb.Parts) {
		m.label("Its parts")
		m.bullets(pb.Parts)
	}
	if hasText(pb.Current) || hasText(pb.Achieved) {
		m.nl()
		m.fields([][2]string{{"Where it stands now", pb.Current}, {"What achieved looks like", pb.Achieved}})
	}
	m.notYet(wrote)

	// Layer 3
	m.section(layerTitle(model.LayerMeaning))
	mn := p.Meaning
	fs := [][2]string{{"To " + model.SanitizeLine(r.MenteeName), mn.Person}, {"To the team", mn.Team},
		{"To the department", mn.Department}, {"To the organisation", mn.Organisation}}
	wrote = anyText(fs)
	if wrote {
		m.nl()
		m.fields(fs)
	}
	m.notYet(wrote)

	// Layer 4
	m.section(layerTitle(model.LayerCommitment))
	cm := p.Commitment
	wrote = len(cm.Options) > 0 || hasText(cm.Chosen) || hasText(cm.Commitment)
	for _, o := range cm.Options {
		m.nl()
		m.s("**Option: ")
		m.inline(o.Title)
		m.s("**")
		if hasText(cm.Chosen) && strings.TrimSpace(o.Title) == strings.TrimSpace(cm.Chosen) {
			m.s(" — chosen")
		}
		m.s("\n\n")
		m.fields([][2]string{{"Pros", o.Pros}, {"Cons", o.Cons}, {"Obstacles", o.Obstacles}, {"How to overcome them", o.Overcome}})
	}
	if hasText(cm.Commitment) {
		m.nl()
		m.fields([][2]string{{"Commitment", cm.Commitment}})
	}
	m.notYet(wrote)

	// Layer 5
	m.section(layerTitle(model.LayerSupport))
	sp := p.Support
	wrote = len(sp.People) > 0 || len(sp.Resources) > 0 || hasText(sp.AskOfMentor)
	if len(sp.People) > 0 {
		m.label("People")
		for _, x := range sp.People {
			m.supportItem(x.Who, x.Status, [][2]string{{"Needed from them", x.What}, {"How to get it", x.How}})
		}
	}
	if len(sp.Resources) > 0 {
		m.label("Resources")
		for _, x := range sp.Resources {
			m.supportItem(x.What, x.Status, [][2]string{{"If it is not available", x.Fallback}})
		}
	}
	if hasText(sp.AskOfMentor) {
		m.nl()
		m.fields([][2]string{{"Asked of the mentor", sp.AskOfMentor}})
	}
	m.notYet(wrote)

	// Layer 6
	m.section(layerTitle(model.LayerReview))
	rv := p.Review
	wrote = hasText(rv.CheckInWhen) || hasText(rv.CheckInHow) || hasList(rv.Measures) || len(rv.Reviews) > 0
	if hasText(rv.CheckInWhen) || hasText(rv.CheckInHow) {
		m.nl()
		m.fields([][2]string{{"Check in when", rv.CheckInWhen}, {"Check in how", rv.CheckInHow}})
	}
	if hasList(rv.Measures) {
		m.label("Measures of success")
		m.bullets(rv.Measures)
	}
	if len(rv.Reviews) > 0 {
		m.label("Reviews")
		for _, x := range rv.Reviews {
			m.s("- **")
			m.date(x.Date)
			m.s("**\n")
			m.subFields([][2]string{{"What happened", x.WhatHappened}, {"Why", x.Why}, {"Course correction", x.Correction}})
		}
	}
	m.notYet(wrote)
}

func (m *Writer) goals(goals []model.Goal) {
	m.section("Goals")
	if len(goals) == 0 {
		m.s("_No goals yet._\n")
		return
	}
	for _, g := range goals {
		m.s("\n#### ")
		m.heading(g.Title)
		m.s(" (")
		m.inline(string(g.Status))
		m.s(")\n\n")
		due := ""
		if !g.Due.IsZero() {
			due = model.FormatDate(g.Due)
		}
		m.fields([][2]string{{"Specific", g.Specific}, {"Measure and target", g.Measure}, {"Achievable", g.Achievable},
			{"Relevant", g.Relevant}, {"Due", due}})
		if miss := g.MissingSMART(); len(miss) > 0 {
			m.s("- **Still missing:** ")
			for i, p := range miss {
				if i > 0 {
					m.s(", ")
				}
				m.s(string(p))
			}
			m.nl()
		}
		if g.Stalled(m.today) {
			m.s("- **Stalled:** no progress for ")
			since := g.LastProgress()
			if since.IsZero() {
				since = g.Created
			}
			m.s(model.Plural(model.DaysBetween(since, m.today), "day"))
			m.nl()
		}
		if len(g.Progress) > 0 {
			m.s("- **Progress:**\n")
			ps := g.Progress
			if !sort.SliceIsSorted(ps, func(i, j int) bool { return ps[i].Date.Before(ps[j].Date) }) {
				ps = append([]model.ProgressEntry(nil), ps...)
				sort.SliceStable(ps, func(i, j int) bool { return ps[i].Date.Before(ps[j].Date) })
			}
			for _, p := range ps {
				m.s("  - ")
				m.date(p.Date)
				if hasText(p.Value) {
					m.s(": **")
					m.inline(p.Value)
					m.s("**")
				}
				if hasText(p.Note) {
					if hasText(p.Value) {
						m.s(" — ")
					} else {
						m.s(": ")
					}
					m.inline(p.Note)
				}
				m.nl()
			}
		}
	}
}

func (m *Writer) roadmap(f model.Full) {
	items, goals := f.Roadmap, f.Goals
	m.section("Roadmap")
	if len(items) == 0 {
		m.s("_No topics planned._\n")
		return
	}
	m.nl()
	for i, it := range items {
		m.int(i + 1)
		m.s(". ")
		m.inline(it.Topic)
		m.s(" — ")
		if held, ok := f.HeldOn(it); ok {
			m.s("held on ")
			m.date(held)
		} else {
			m.inline(string(it.Status))
			if !it.Date.IsZero() {
				m.s(" · ")
				m.date(it.Date)
			}
		}
		if it.GoalID != "" {
			for _, g := range goals {
				if g.ID == it.GoalID {
					m.s(" · goal: ")
					m.inline(g.Title)
					break
				}
			}
		}
		m.nl()
	}
}

func (m *Writer) sessions(ss []model.Session) {
	m.section("Sessions")
	if len(ss) == 0 {
		m.s("_No sessions yet._\n")
		return
	}
	if !sort.SliceIsSorted(ss, func(i, j int) bool { return ss[i].Date.After(ss[j].Date) }) {
		ss = append([]model.Session(nil), ss...)
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].Date.After(ss[j].Date) })
	}
	for i := range ss {
		s := &ss[i]
		m.s("\n#### ")
		m.date(s.Date)
		if hasText(s.Topic) {
			m.s(" · ")
			m.heading(s.Topic)
		}
		if s.Minutes > 0 {
			m.s(" (")
			m.int(s.Minutes)
			m.s(" min)")
		}
		m.nl()
		if !s.Ended {
			m.s("\n_Not closed yet._\n")
		}
		if len(s.Layers) > 0 {
			m.s("\n**Layers worked on:** ")
			m.s(model.FormatLayers(s.Layers))
			m.nl()
		}
		if hasText(s.Agenda) {
			m.label("Agenda")
			m.block("", s.Agenda)
		}
		if hasText(s.Notes) {
			m.label("Notes")
			m.block("", s.Notes)
		}
		if hasText(s.Recap) {
			m.label("Recap")
			m.block("", s.Recap)
		}
		if !m.opt.Shared && hasText(s.PrivateNotes) {
			m.label("Private notes")
			m.block("", s.PrivateNotes)
		}
		if len(s.Reviewed) > 0 {
			m.label("Follow-ups reviewed")
			for _, x := range s.Reviewed {
				m.s("- ")
				m.inline(string(x.Outcome))
				m.s(": ")
				m.inline(x.Text)
				m.nl()
			}
		}
		if s.Ended || s.Reflection != (model.Reflection{}) {
			m.label("Reflection")
			ans := s.Reflection.Answers()
			for i, q := range model.ReflectionQuestions {
				m.s("- **")
				m.s(q.Label)
				m.s(":**")
				if hasText(ans[i]) {
					m.fieldValue(ans[i])
				} else {
					m.s(" _")
					m.s(model.Unanswered)
					m.s("_\n")
				}
			}
		}
		if !s.NextMeeting.IsZero() {
			m.s("\n**Next meeting:** ")
			m.date(s.NextMeeting)
			m.nl()
		}
	}
}

func (m *Writer) followUps(fs []model.FollowUp, r model.Relationship) {
	m.section("Follow-ups")
	if len(fs) == 0 {
		m.s("_None._\n")
		return
	}
	m.nl()
	for i := range fs {
		x := &fs[i]
		switch x.Status {
		case model.FollowUpDone:
			m.s("- [x] ")
		case model.FollowUpDropped:
			m.s("- [ ] ~~dropped~~ ")
		default:
			m.s("- [ ] ")
			if x.IsOverdue(m.today) {
				m.s("**OVERDUE** ")
			}
		}
		m.inline(string(x.Owner))
		m.s(" (")
		m.inline(r.NameOf(x.Owner))
		m.s(")")
		if !x.Due.IsZero() {
			m.s(" · due ")
			m.date(x.Due)
		}
		if x.Status == model.FollowUpDone && !x.DoneAt.IsZero() {
			m.s(" · done ")
			m.date(x.DoneAt)
		}
		m.s(": ")
		m.inline(x.Text)
		m.nl()
	}
}

func (m *Writer) health(hs []model.HealthCheck, r model.Relationship) {
	if len(hs) == 0 {
		return
	}
	m.section("Health checks")
	m.s("\n| Date | By |")
	for _, q := range model.Qualities {
		m.s(" ")
		m.s(q.Label())
		m.s(" |")
	}
	m.s(" Comment |\n|---|---|")
	for range model.Qualities {
		m.s("---|")
	}
	m.s("---|\n")
	for _, h := range hs {
		m.s("| ")
		m.date(h.Date)
		m.s(" | ")
		m.inline(string(h.Party))
		m.s(" |")
		for _, q := range model.Qualities {
			m.s(" ")
			if v, ok := h.Ratings[q]; ok {
				m.int(v)
			} else {
				m.s("–")
			}
			m.s(" |")
		}
		m.s(" ")
		m.cell(h.Comment)
		m.s(" |\n")
	}
}

func (m *Writer) closure(c model.Closure, goals []model.Goal, status model.RelStatus) {
	closed := status == model.StatusClosed
	if !closed && !hasText(c.Accomplishments) && !hasText(c.Next) && len(c.Evaluations) == 0 {
		return
	}
	m.section("Closure")
	m.nl()
	// Only the status says a relationship is closed: a reopened one keeps
	// its closure notes (and may keep the date it was closed).
	switch {
	case closed:
		m.s("- **Closed:** ")
		m.date(c.ClosedAt)
		m.nl()
	case !c.ClosedAt.IsZero():
		m.s("- **Not closed:** the relationship is ")
		m.inline(string(status))
		m.s(" again (it was closed on ")
		m.date(c.ClosedAt)
		m.s("); these notes are from that closing\n")
	default:
		m.s("- **Not closed:** the relationship is ")
		m.inline(string(status))
		m.s("; these are closure notes, not a closing\n")
	}
	m.fields([][2]string{{"Accomplishments", c.Accomplishments}})
	for _, e := range c.Evaluations {
		title := string(e.GoalID)
		for _, g := range goals {
			if g.ID == e.GoalID {
				title = g.Title
			}
		}
		m.s("- **Outcome of ")
		m.inline(title)
		m.s(":**")
		if hasText(e.Outcome) {
			m.fieldValue(e.Outcome)
		} else {
			m.s(" _not evaluated_\n")
		}
	}
	m.fields([][2]string{{"What the relationship becomes", c.Next}})
}

// ----- low-level writing -----

func (m *Writer) s(v string) {
	if m.err == nil {
		_, m.err = m.w.WriteString(v)
	}
}

func (m *Writer) b(c byte) {
	if m.err == nil {
		m.err = m.w.WriteByte(c)
	}
}

func (m *Writer) nl() { m.b('\n') }

func (m *Writer) int(n int) {
	m.buf = strconv.AppendInt(m.buf[:0], int64(n), 10)
	if m.err == nil {
		_, m.err = m.w.Write(m.buf)
	}
}

func (m *Writer) date(t time.Time) {
	if t.IsZero() {
		m.s("(no date)")
		return
	}
	m.buf = t.AppendFormat(m.buf[:0], model.DateLayout)
	if m.err == nil {
		_, m.err = m.w.Write(m.buf)
	}
}

// section starts a "### " part of a relationship.
func (m *Writer) section(title string) {
	m.s("\n### ")
	m.s(title)
	m.s("\n")
}

// label writes a bold paragraph label, e.g. "**Notes**".
func (m *Writer) label(l string) {
	m.s("\n**")
	m.s(l)
	m.s("**\n\n")
}

func (m *Writer) notYet(wrote bool) {
	if !wrote {
		m.s("_Not filled in yet._\n")
	}
}

// heading writes one line of journal text inside a heading: sanitized, on
// one line, escaped as inline does, with a trailing '#' escaped so it is
// not read as a closing sequence.
func (m *Writer) heading(v string) {
	v = strings.TrimSpace(model.SanitizeLine(v))
	if strings.HasSuffix(v, "#") {
		body := escapeInline(v[:len(v)-1])
		if needsEscape(body) {
			m.b('\\')
		}
		m.s(body)
		m.s("\\#")
		return
	}
	m.inline(v)
}

// inline writes journal text on one line: sanitized, newlines as spaces,
// nothing in it that could make HTML or a link (escapeInline), and a
// leading character that would start a block escaped.
func (m *Writer) inline(v string) {
	v = escapeInline(strings.TrimSpace(model.SanitizeLine(v)))
	if v == "" {
		return
	}
	if needsEscape(v) {
		m.b('\\')
	}
	m.s(v)
}

// cell writes journal text inside a table cell.
func (m *Writer) cell(v string) {
	v = escapeInline(strings.TrimSpace(model.SanitizeLine(v)))
	if strings.IndexByte(v, '|') >= 0 {
		v = strings.ReplaceAll(v, "|", "\\|")
	}
	m.s(v)
}

// escapeInline backslash-escapes what could turn journal text into HTML or
// a link when the document is rendered: '<' and '>' (tags, comments,
// autolinks such as <javascript:...>), '[' and ']' (links, images,
// reference definitions, footnotes), and a backslash that would otherwise
// escape the character after it, or whatever the writer puts after the
// text. Everything else is left as it is, so the text still reads as
// written in a pager.
func escapeInline(v string) string {
	if !strings.ContainsAny(v, `<>[]\`) {
		return v
	}
	var b strings.Builder
	b.Grow(len(v) + 8)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '<', '>', '[', ']':
			b.WriteByte('\\')
		case '\\':
			if i+1 == len(v) || isPunct(v[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isPunct reports whether a backslash before c is a Markdown escape: c is
// ASCII punctuation.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// bullets writes a list of short texts, skipping empty ones.
func (m *Writer) bullets(vs []string) {
	for _, v := range vs {
		if !hasText(v) {
			continue
		}
		m.s("- ")
		m.inline(v)
		m.nl()
	}
}

// fields writes "- **Label:** value" for each non-empty value; a value of
// several lines continues indented inside the list item.
func (m *Writer) fields(kv [][2]string) { m.fieldList("- **", "  ", kv) }

// subFields is fields one list level down.
func (m *Writer) subFields(kv [][2]string) { m.fieldList("  - **", "    ", kv) }

// fieldList writes marker, "Label:**" and the value for each non-empty
// value; a value of several lines continues with every line prefixed by
// indent.
func (m *Writer) fieldList(marker, indent string, kv [][2]string) {
	for _, f := range kv {
		if !hasText(f[1]) {
			continue
		}
		m.s(marker)
		m.s(escapeInline(f[0])) // a label may hold a name
		m.s(":**")
		m.valueAt(indent, f[1])
	}
}

// supportItem writes a supporter or resource: "- **name** (status)", then
// its fields one level down.
func (m *Writer) supportItem(name string, status model.SupportStatus, kv [][2]string) {
	m.s("- **")
	m.inline(name)
	m.s("**")
	if status != "" {
		m.s(" (")
		m.inline(string(status))
		m.s(")")
	}
	m.nl()
	m.subFields(kv)
}

// fieldValue writes the value after a "- **Label:**" that is already out.
func (m *Writer) fieldValue(v string) { m.valueAt("  ", v) }

// valueAt writes the value after a "**Label:**" that is already out: one
// line stays on the label's line, more continue below prefixed by indent.
func (m *Writer) valueAt(indent, v string) {
	if strings.IndexByte(strings.TrimSpace(v), '\n') < 0 {
		m.b(' ')
		m.inline(v)
		m.nl()
		return
	}
	m.nl()
	m.block(indent, v)
}

// listText writes text that follows a list marker already written.
func (m *Writer) listText(v string) {
	if strings.IndexByte(strings.TrimSpace(v), '\n') < 0 {
		m.inline(v)
		m.nl()
		return
	}
	v = strings.TrimSpace(v)
	i := strings.IndexByte(v, '\n')
	m.inline(v[:i])
	m.s("  \n")
	m.block("  ", v[i+1:])
}

// block writes long journal text as Markdown paragraphs, each line of the
// text kept as a line (a hard break), blank lines as paragraph breaks,
// every line prefixed with indent. Leading spaces are kept up to three, so
// that no line turns into a code block; characters that would start a
// block are escaped, and so is all that escapeInline escapes.
func (m *Writer) block(indent, v string) {
	v = strings.TrimSpace(model.Sanitize(v))
	first, blank := true, false
	for len(v) > 0 && m.err == nil {
		var line string
		if i := strings.IndexByte(v, '\n'); i >= 0 {
			line, v = v[:i], v[i+1:]
		} else {
			line, v = v, ""
		}
		line = strings.TrimRight(line, " ")
		if line == "" {
			blank = true
			continue
		}
		if !first {
			if blank {
				m.s("\n\n")
			} else {
				m.s("  \n")
			}
		}
		first, blank = false, false
		m.s(indent)
		lead := 0
		for lead < len(line) && line[lead] == ' ' {
			lead++
		}
		if lead > 3 {
			lead = 3
		}
		body := escapeInline(strings.TrimLeft(line, " "))
		m.s(line[:lead])
		if needsEscape(body) {
			m.b('\\')
		}
		m.s(body)
	}
	m.nl()
}

// needsEscape reports whether a line starting with v would begin a
// Markdown block other than a paragraph or a list: a heading, quote, HTML,
// table, fence, setext underline or thematic break.
func needsEscape(v string) bool {
	if v == "" {
		return false
	}
	switch v[0] {
	case '#', '>', '<', '|', '=':
		return true
	case '`':
		return strings.HasPrefix(v, "```")
	case '~':
		return strings.HasPrefix(v, "~~~")
	case '-', '*', '_', '+':
		// a line of only these (and spaces) is a rule or a setext underline
		for i := 0; i < len(v); i++ {
			if c := v[i]; c != v[0] && c != ' ' {
				return false
			}
		}
		return true
	}
	return false
}

func hasText(s string) bool { return strings.TrimSpace(s) != "" }

func hasList(vs []string) bool {
	for _, v := range vs {
		if hasText(v) {
			return true
		}
	}
	return false
}

func anyText(kv [][2]string) bool {
	for _, f := range kv {
		if hasText(f[1]) {
			return true
		}
	}
	return false
}

func partyTitle(p model.Role) string {
	if p == model.RoleMentor {
		return "Mentor"
	}
	return "Mentee"
}

func layerTitle(l model.Layer) string {
	return "Layer " + strconv.Itoa(int(l)) + " — " + l.Info().Title
}
