package tui

import (
	"fmt"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/golden"

	"mentorlog/model"
)

// TestGoldenLoop renders each meeting-loop screen at 80x24 and 120x40 with
// a fixed clock and compares with tui/testdata/TestGoldenLoop/*.golden.
// Update with: go test ./tui -run TestGoldenLoop -update
func TestGoldenLoop(t *testing.T) {
	type build func(t *testing.T, w, h int) string
	cases := []struct {
		name string
		view build
	}{
		{"sessions", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newSessionsScreen(dr.deps(), f)
			dr.open(s).keys("j")
			return dr.view()
		}},
		{"session_review", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := startSession(dr.deps(), f)
			dr.open(s).keys("d")
			return dr.view()
		}},
		{"session_topic", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := startSession(dr.deps(), f)
			dr.open(s).keys("pgdown")
			return dr.view()
		}},
		{"session_notes", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newSessionFlow(dr.deps(), f, f.Sessions[0])
			dr.open(s).keys("tab")
			return dr.view()
		}},
		{"session_reflection", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newSessionFlow(dr.deps(), f, f.Sessions[0])
			dr.open(s).keys("pgdown")
			return dr.view()
		}},
		{"session_followups", func(t *testing.T, w, h int) string {
			f := loopSample()
			d := drive(t, newJournal(t, loopNow, f), w, h)
			s := newSessionFlow(d.deps(), f, f.Sessions[0])
			d.open(s)
			d.keys("pgdown", "pgdown", "n")
			d.typeText("Draft the abstract")
			return d.view()
		}},
		{"session_next", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := startSession(dr.deps(), f)
			dr.open(s).keys("pgdown", "pgdown", "pgdown", "pgdown", "pgdown")
			return dr.view()
		}},
		{"followups", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newFollowUpsScreen(dr.deps(), f)
			dr.open(s).keys("j")
			return dr.view()
		}},
		{"followups_new", func(t *testing.T, w, h int) string {
			f := loopSample()
			d := drive(t, newJournal(t, loopNow, f), w, h)
			s := newFollowUpsScreen(d.deps(), f)
			d.open(s)
			d.keys("n")
			d.typeText("Book the room")
			return d.view()
		}},
		{"search", func(t *testing.T, w, h int) string {
			j := newJournal(t, loopNow, loopSample(), loopOther())
			d := drive(t, j, w, h)
			s := newSearch(d.deps(), "")
			d.open(s)
			d.typeText("ta")
			d.send(searchTickMsg{screen: s, seq: s.seq})
			d.keys("down")
			return d.view()
		}},
		{"search_pair", func(t *testing.T, w, h int) string {
			f := loopSample()
			d := drive(t, newJournal(t, loopNow, f, loopOther()), w, h)
			dp := d.deps()
			dp.pair = true
			s := newSearch(dp, f.Rel.ID)
			d.open(s)
			d.typeText("e")
			d.send(searchTickMsg{screen: s, seq: s.seq})
			return d.view()
		}},
		{"pair", func(t *testing.T, w, h int) string {
			f := loopSample()
			fnd, _ := f.Plan.Foundation.Sign(model.RoleMentor, "Ada Lovelace", day(2026, 2, 1))
			fnd.Expectations = "Come prepared with two questions"
			fnd, _ = fnd.Sign(model.RoleMentee, "Grace Hopper", day(2026, 2, 2))
			f.Plan.Foundation = fnd
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newPairScreen(dr.deps(), f)
			dr.open(s)
			return dr.view()
		}},
		{"pair_signing", func(t *testing.T, w, h int) string {
			f := loopSample()
			d := drive(t, newJournal(t, loopNow, f), w, h)
			s := newPairScreen(d.deps(), f)
			d.open(s)
			d.keys("M")
			d.typeText("Grace")
			return d.view()
		}},
		{"health", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newHealthScreen(dr.deps(), f)
			dr.open(s)
			return dr.view()
		}},
		{"health_rating", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newHealthScreen(dr.deps(), f)
			dr.open(s).keys("m", "4", "3")
			return dr.view()
		}},
		{"closure", func(t *testing.T, w, h int) string {
			f := loopSample()
			f.Plan.Closure.Accomplishments = "A parser shipped."
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newClosureScreen(dr.deps(), f)
			dr.open(s).keys("j")
			return dr.view()
		}},
		{"closure_closed", func(t *testing.T, w, h int) string {
			f := loopSample()
			f.Rel.Status = model.StatusClosed
			f.Plan.Closure = model.Closure{Accomplishments: "A parser shipped.", Next: "Peers.", ClosedAt: day(2026, 3, 1),
				Evaluations: []model.GoalEvaluation{{GoalID: idN(10), Outcome: "One talk of three."}}}
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newClosureScreen(dr.deps(), f)
			dr.open(s)
			return dr.view()
		}},
		{"brief", func(t *testing.T, w, h int) string {
			f := loopSample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			s := newBriefScreen(dr.deps(), f)
			dr.open(s)
			return dr.view()
		}},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			name := fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				v := c.view(t, size[0], size[1])
				if n := lipgloss.Height(v); n > size[1] {
					t.Errorf("view is %d lines, more than %d", n, size[1])
				}
				if w := widest(v); w > size[0] {
					t.Errorf("view is %d cells wide, more than %d", w, size[0])
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}
