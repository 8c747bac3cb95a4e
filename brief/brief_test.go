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
	b := Plain(f, t0, false)
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
		if b := Plain(f, t0, false); !strings.Contains(b, "ZEBRA-PRIVATE-42") {
			t.Errorf("%s: the owner's brief should show private notes", f.Rel.Other())
		}
		b := Plain(f, t0, true)
		refuseLines(t, b, "ZEBRA-PRIVATE-42", "private notes", "you are the")
	}
}

func TestBriefStuckAndLate(t *testing.T) {
	f := demoByName(t, "Marta Alves")
	b := Plain(f, t0, false)
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
	b := Plain(f, t0, false)
	requireLines(t, b, "Working on layer 1: Trust, rapport and credibility", "(in 11 days)", "Sign the agreement")
	refuseLines(t, b, "LATE", "Still getting to know each other")

	empty := model.Full{Rel: validRel()}
	empty.Rel.CadenceDays = 0
	empty.Rel.Started = model.Day(t0)
	b = Plain(empty, t0, false)
	requireLines(t, b, "Last session\n  none yet", "Open follow-ups\n  none", "none planned", "no open goals",
		"not set: no date was agreed")
}

func TestBriefSanitizes(t *testing.T) {
	f := demoByName(t, "Priya Raman")
	f.Rel.MenteeName = "Priya\x1b]0;owned\x07 Raman"
	f.Sessions[0].Reflection.Useful = "fine\x1b[2J\x1b[31m red\r\nsecond line"
	f.FollowUps[2].Text = "bell\x07 text\u009b31m"
	b := Plain(f, t0, false)
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
		if len(Plain(f, today, false)) == 0 {
			b.Fatal("empty brief")
		}
	}
}
