package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"mentorlog/brief"
	"mentorlog/demo"
	"mentorlog/model"
)

var briefNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func demoFull(t *testing.T, name string) model.Full {
	t.Helper()
	for _, f := range demo.Archive(briefNow).Relationships {
		if f.Rel.Other() == name {
			return f
		}
	}
	t.Fatalf("no demo relationship with %s", name)
	return model.Full{}
}

// TestBriefLinesAreTheCLIText: the brief screen, its styles taken away,
// shows exactly the text `mentorlog brief` prints.
func TestBriefLinesAreTheCLIText(t *testing.T) {
	for _, f := range demo.Archive(briefNow).Relationships {
		f.Sessions[0].Reflection.Useful = "one\n\n  two"
		f.Rel.PrivateNotes = "  first\n\n\tsecond  \nthird\n"
		for _, shared := range []bool{false, true} {
			b := brief.Build(f, briefNow, shared)
			got := ansi.Strip(strings.Join(briefLines(newStyles(), b, 1000), "\n"))
			want := "\n" + strings.TrimSuffix(brief.Text(b), "\n")
			if got != want {
				t.Errorf("%s (shared %v): the screen differs from the CLI text\n--- screen\n%s\n--- text\n%s", f.Rel.Other(), shared, got, want)
			}
		}
	}
}

// TestBriefLinesWrapUnderThemselves: at a narrow width every line fits,
// nothing is lost, and a wrapped line continues further in than it began.
func TestBriefLinesWrapUnderThemselves(t *testing.T) {
	b := brief.Build(demoFull(t, "Priya Raman"), briefNow, false)
	const w = 40
	lines := briefLines(newStyles(), b, w)
	for _, l := range lines {
		if n := cells().StringWidth(l); n > w {
			t.Errorf("line is %d cells, more than %d: %q", n, w, l)
		}
	}
	wide := strings.Fields(ansi.Strip(strings.Join(briefLines(newStyles(), b, 1000), "\n")))
	narrow := strings.Fields(ansi.Strip(strings.Join(lines, "\n")))
	if strings.Join(wide, " ") != strings.Join(narrow, " ") {
		t.Errorf("wrapping changed the words:\n%s\n%s", wide, narrow)
	}
	// The planned topic is too long for 40 cells: its second line is
	// indented past its first.
	for i, l := range lines {
		if strings.HasPrefix(l, "  Saying no to scope creep") {
			next := lines[i+1]
			if ind := len(next) - len(strings.TrimLeft(next, " ")); ind != 4 {
				t.Errorf("continuation indented %d, want 4: %q", ind, next)
			}
			return
		}
	}
	t.Fatal("planned topic not found")
}

// TestBriefLinesStyleByKind: the parts are styled by how they read, with
// the theme's styles.
func TestBriefLinesStyleByKind(t *testing.T) {
	plainStyles = false
	defer func() { plainStyles = true }()
	t.Setenv("NO_COLOR", "")
	st := newStyles()
	if st.Bad.Render("x") == "x" {
		t.Fatal("the colour profile did not take: this test would prove nothing")
	}
	f := demoFull(t, "Priya Raman")
	got := strings.Join(briefLines(st, brief.Build(f, briefNow, false), 1000), "\n")
	due := model.FormatDate(model.Day(briefNow).AddDate(0, 0, -8))
	for _, want := range []string{
		st.Bad.Render("OVERDUE 8d, was due " + due),
		st.Muted.Render(model.Unanswered),
		st.Label.Render("Useful today:"),
		st.Good.Render("SMART: every part written"),
		st.Warn.Render("SMART: still missing achievable"),
		st.Warn.Render("Stalled goals: bring back why they matter"),
		st.Subtitle.Render("Open follow-ups"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

// TestBriefScreenSanitizes: hostile journal text never reaches the screen.
func TestBriefScreenSanitizes(t *testing.T) {
	f := demoFull(t, "Priya Raman")
	f.Rel.MenteeName = "Priya\x1b]0;owned\x07 Raman"
	f.Rel.PrivateNotes = "notes\x1b[2J\nmore\x1b[31m"
	f.Sessions[0].Reflection.Useful = "fine\x1b[2J red\r\nsecond"
	for i := range f.FollowUps {
		f.FollowUps[i].Text = "bell\x07 text\u009b31m"
	}
	got := strings.Join(briefLines(newStyles(), brief.Build(f, briefNow, false), 80), "\n")
	if strings.ContainsAny(got, "\x1b\x07\r\u009b") {
		t.Fatalf("control characters reached the screen: %q", got)
	}
}
