package brief

import (
	"strings"
	"testing"
	"time"

	"mentorlog/demo"
	"mentorlog/model"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func validRel() model.Relationship {
	return model.Relationship{ID: model.NewID(t0), MentorName: "Grace Hopper", MenteeName: "Ada Byron", OwnerRole: model.RoleMentor,
		Started: model.Day(t0).AddDate(0, -10, 0), Status: model.StatusActive, CadenceDays: 14, Layer: model.LayerTrust, Created: t0, Updated: t0}
}

func demoByName(t *testing.T, name string) model.Full {
	t.Helper()
	for _, f := range demo.Archive(t0).Relationships {
		if f.Rel.Other() == name {
			return f
		}
	}
	t.Fatalf("no demo relationship with %s", name)
	return model.Full{}
}

func requireLines(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("brief lacks %q:\n%s", w, text)
		}
	}
}

func refuseLines(t *testing.T, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("brief should not contain %q:\n%s", w, text)
		}
	}
}

func TestBriefMidway(t *testing.T) {
	f := demoByName(t, "Priya Raman")
	last, _ := f.LastSession()
	b := plain(f, t0, false)
	requireLines(t, b,
		"Prep brief: Sam Okafor (mentor) & Priya Raman (mentee)",
		"you are the mentor",
		"Working on layer 4: Commitment and action",
		"Next meeting\n  "+model.FormatDate(model.Day(t0).AddDate(0, 0, 9))+" (in 9 days), meeting every 14 days",
		"Last session: "+model.FormatDate(last.Date)+" · Running meetings with senior people",
		"  Useful today: The role-play; I know what I will say now.",
		"  Change next time: (not answered)",
		"  Your private notes: A calm week",
		// follow-ups grouped by owner, overdue first and marked
		"  Priya Raman (mentee)\n    OVERDUE 8d, was due",
		"OVERDUE 1d, was due",
		"    no date: Find a reviewer for the talk outline",
		"  Sam Okafor (mentor)\n    due "+model.FormatDate(model.Day(t0).AddDate(0, 0, 3))+" (in 3 days): Book a slot",
		"Planned topic\n  Saying no to scope creep without burning bridges (for "+model.FormatDate(model.Day(t0).AddDate(0, 0, 9))+"; goal: Lead the pipeline consolidation to launch)",
		"  Give a talk at the internal tech forum · due",
		"    SMART: still missing achievable",
		"    SMART: every part written",
		"    Last progress "+model.FormatDate(model.Day(t0).AddDate(0, 0, -5))+": 3 of 5 milestones — First team migrated",
		"1 achieved, 0 dropped",
		"Stalled goals: bring back why they matter",
		"Give a talk at the internal tech forum: no progress for 40 days",
		"    Why it matters: Speaking up in larger groups",
		"    To the department: Three teams share one pipeline",
		"Your private notes on this relationship\n  Priya is ready",
	)
	refuseLines(t, b, "Read two books", "Still getting to know each other")
	// the overdue mentee items come before the dated future one, inside the group
	if strings.Index(b, "OVERDUE 8d") > strings.Index(b, "no date: Find a reviewer") {
		t.Errorf("overdue follow-ups should come first:\n%s", b)
	}
}

func TestBriefSharedHidesPrivate(t *testing.T) {
	for _, f := range demo.Archive(t0).Relationships {
		f.Rel.PrivateNotes = "ZEBRA-PRIVATE-42 rel"
		for i := range f.Sessions {
			f.Sessions[i].PrivateNotes = "ZEBRA-PRIVATE-42 session"
		}
		if b := plain(f, t0, false); !strings.Contains(b, "ZEBRA-PRIVATE-42") {
			t.Errorf("%s: the owner's brief should show private notes", f.Rel.Other())
		}
		b := plain(f, t0, true)
		refuseLines(t, b, "ZEBRA-PRIVATE-42", "private notes", "you are the")
	}
}

func TestBriefStuckAndLate(t *testing.T) {
	f := demoByName(t, "Marta Alves")
	b := plain(f, t0, false)
	requireLines(t, b,
		"Prep brief: Marta Alves (mentor) & Sam Okafor (mentee)",
		"you are the mentee",
		"LATE by 8 days against the agreed cadence of every 21 days",
		"  Next steps: (not answered)",
		"no open goals",
		"Still getting to know each other\n  4 sessions held",
		"    1. "+model.GettingUnstuckTopics[0],
		"    5. "+model.GettingUnstuckTopics[4],
		"  Sam Okafor (mentee)\n    OVERDUE 15d",
	)
	refuseLines(t, b, "Stalled goals")
}

func TestBriefFreshAndEmpty(t *testing.T) {
	f := demoByName(t, "Lena Fischer")
	b := plain(f, t0, false)
	requireLines(t, b, "Working on layer 1: Trust, rapport and credibility", "(in 11 days)", "Sign the agreement")
	refuseLines(t, b, "LATE", "Still getting to know each other")

	empty := model.Full{Rel: validRel()}
	empty.Rel.CadenceDays = 0
	empty.Rel.Started = model.Day(t0)
	b = plain(empty, t0, false)
	requireLines(t, b, "Last session\n  none yet", "Open follow-ups\n  none", "none planned", "no open goals",
		"not set: no date was agreed")
}

func TestBriefSanitizes(t *testing.T) {
	f := demoByName(t, "Priya Raman")
	f.Rel.MenteeName = "Priya\x1b]0;owned\x07 Raman"
	f.Sessions[0].Reflection.Useful = "fine\x1b[2J\x1b[31m red\r\nsecond line"
	f.FollowUps[2].Text = "bell\x07 text\u009b31m"
	b := plain(f, t0, false)
	if strings.ContainsAny(b, "\x1b\x07\r\u009b") {
		t.Fatalf("control characters reached the brief: %q", b)
	}
	requireLines(t, b, "Priya Raman (mentee)", "  Useful today:\n    fine red\n    second line", "bell text")
}

// BenchmarkBrief is the prep brief of a relationship with 100 sessions.
func BenchmarkBrief(b *testing.B) {
	f := demo.Large(t0, 1, 100, 1800).Relationships[0]
	today := t0.Add(24 * time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(plain(f, today, false)) == 0 {
			b.Fatal("empty brief")
		}
	}
}

// plain is the brief as `mentorlog brief` prints it.
func plain(f model.Full, today time.Time, shared bool) string { return Text(Build(f, today, shared)) }

// find returns the first line of the section whose title starts with
// title that holds text, or fails.
func find(t *testing.T, b Brief, title, text string) Line {
	t.Helper()
	for _, s := range b.Sections {
		if !strings.HasPrefix(s.Title, title) {
			continue
		}
		for _, l := range s.Lines {
			if strings.Contains(l.Label+": "+l.Text(), text) {
				return l
			}
		}
	}
	t.Fatalf("no line with %q in section %q", text, title)
	return Line{}
}

// kindOf is the kind of the part of l that holds text.
func kindOf(t *testing.T, l Line, text string) Kind {
	t.Helper()
	for _, p := range l.Parts {
		if strings.Contains(p.Text, text) {
			return p.Kind
		}
	}
	t.Fatalf("no part with %q in %+v", text, l)
	return Value
}

func TestBuildMarksHowEachPartReads(t *testing.T) {
	b := Build(demoByName(t, "Priya Raman"), t0, false)
	if b.Title != "Prep brief: Sam Okafor (mentor) & Priya Raman (mentee)" || len(b.Meta) != 3 || !strings.HasPrefix(b.Meta[2], "Stage 5 Problem solving") {
		t.Fatalf("title %q, meta %q", b.Title, b.Meta)
	}
	checks := []struct {
		section, line, part string
		want                Kind
	}{
		{"Last session", "Change next time", model.Unanswered, Muted},
		{"Last session", "Useful today", "The role-play", Value},
		{"Open follow-ups", "Re-plan the open tasks", "OVERDUE 8d", Alert},
		{"Open follow-ups", "Re-plan the open tasks", "Re-plan the open tasks", Value},
		{"Open follow-ups", "Find a reviewer", "no date", Muted},
		{"Open follow-ups", "Book a slot", "due ", Value},
		{"Goals", "still missing achievable", "still missing", Warning},
		{"Goals", "every part written", "every part", Good},
		{"Stalled goals", "no progress for 40 days", "no progress for 40 days", Warning},
	}
	for _, c := range checks {
		l := find(t, b, c.section, c.line)
		if got := kindOf(t, l, c.part); got != c.want {
			t.Errorf("%s / %q: kind %d, want %d", c.section, c.part, got, c.want)
		}
	}
	if l := find(t, b, "Last session", "Useful today"); l.Label != "Useful today" || l.Level != 1 {
		t.Errorf("a reflection answer is a field at level 1: %+v", l)
	}
	if l := find(t, b, "Open follow-ups", "Re-plan"); l.Level != 2 {
		t.Errorf("a follow-up is a detail under its owner: %+v", l)
	}
	for _, s := range b.Sections {
		want := Value
		if strings.HasPrefix(s.Title, "Stalled goals") || s.Title == "A layer left alone" {
			want = Warning
		}
		if s.Kind != want {
			t.Errorf("section %q has kind %d, want %d", s.Title, s.Kind, want)
		}
	}

	late := Build(demoByName(t, "Marta Alves"), t0, false)
	if got := kindOf(t, find(t, late, "Next meeting", "LATE"), "LATE by 8 days"); got != Alert {
		t.Errorf("a late meeting reads as %d, want Alert", got)
	}
	stuck := false
	for _, s := range late.Sections {
		if s.Title == "Still getting to know each other" {
			stuck = s.Kind == Warning
		}
	}
	if !stuck {
		t.Error("the stuck pair's section should be a warning")
	}
}

// TestBuildSanitizesEveryPart checks the structure itself, not only the
// text: a screen that styles the parts must never see a control character.
func TestBuildSanitizesEveryPart(t *testing.T) {
	f := demoByName(t, "Priya Raman")
	f.Rel.MenteeName = "Priya\x1b]0;owned\x07 Raman"
	f.Rel.PrivateNotes = "notes\x1b[2J"
	f.Sessions[0].Reflection.Useful = "fine\x1b[2J\x1b[31m red\r\nsecond line"
	f.Sessions[0].Topic = "topic\x1b[1m"
	for i := range f.FollowUps {
		f.FollowUps[i].Text = "bell\x07 text\u009b31m"
	}
	f.Goals[0].Title = "goal\x1b[5m"
	b := Build(f, t0, false)
	bad := func(where, s string) {
		if strings.ContainsAny(s, "\x1b\x07\r\u009b") {
			t.Errorf("control characters in %s: %q", where, s)
		}
	}
	bad("title", b.Title)
	for _, m := range b.Meta {
		bad("meta", m)
	}
	for _, s := range b.Sections {
		bad("section title", s.Title)
		for _, l := range s.Lines {
			bad("label", l.Label)
			for _, p := range l.Parts {
				bad("part", p.Text)
			}
		}
	}
}

func TestBriefSaysTheAgreementChangedSinceSigned(t *testing.T) {
	f := demoByName(t, "Marta Alves")
	signed, err := f.Plan.Foundation.Sign(model.RoleMentee, "Sam Okafor", t0.AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	f.Plan.Foundation = signed
	refuseLines(t, plain(f, t0, false), "The agreement changed")
	f.Plan.Foundation.Expectations += " And we meet in person once a quarter."
	requireLines(t, plain(f, t0, true),
		"The agreement changed since it was signed\n  Sam Okafor (mentee) signed it on "+model.FormatDate(t0.AddDate(0, 0, -30))+", before the change.\n    Read it together and sign again in pair view.")
}
