package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"mentorlog/model"
)

// TestGoldenLoop renders each meeting-loop screen at 80x24 and 120x40 with
// a fixed clock and compares with tui/testdata/TestGoldenLoop/*.golden.
// Update with: go test ./tui -run TestGoldenLoop -update
func TestGoldenLoop(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	type build func(t *testing.T, w, h int) string
	cases := []struct {
		name string
		view build
	}{
		{"sessions", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newSessionsScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("j")
			return s.View()
		}},
		{"session_review", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := startSession(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("d")
			return s.View()
		}},
		{"session_topic", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := startSession(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("pgdown")
			return s.View()
		}},
		{"session_notes", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newSessionFlow(loopDeps(newLoopFake(f)), f, f.Sessions[0])
			drive(t, s, w, h).keys("tab")
			return s.View()
		}},
		{"session_reflection", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newSessionFlow(loopDeps(newLoopFake(f)), f, f.Sessions[0])
			drive(t, s, w, h).keys("pgdown")
			return s.View()
		}},
		{"session_followups", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newSessionFlow(loopDeps(newLoopFake(f)), f, f.Sessions[0])
			d := drive(t, s, w, h)
			d.keys("pgdown", "pgdown", "n")
			d.typeText("Draft the abstract")
			return s.View()
		}},
		{"session_next", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := startSession(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("pgdown", "pgdown", "pgdown", "pgdown", "pgdown")
			return s.View()
		}},
		{"followups", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newFollowUpsScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("j")
			return s.View()
		}},
		{"followups_new", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newFollowUpsScreen(loopDeps(newLoopFake(f)), f)
			d := drive(t, s, w, h)
			d.keys("n")
			d.typeText("Book the room")
			return s.View()
		}},
		{"search", func(t *testing.T, w, h int) string {
			j := newLoopFake(loopSample(), loopOther())
			s := newSearch(loopDeps(j), "")
			d := drive(t, s, w, h)
			d.typeText("ta")
			d.send(searchTickMsg{screen: s, seq: s.seq})
			d.keys("down")
			return s.View()
		}},
		{"search_pair", func(t *testing.T, w, h int) string {
			f := loopSample()
			dp := loopDeps(newLoopFake(f, loopOther()))
			dp.pair = true
			s := newSearch(dp, f.Rel.ID)
			d := drive(t, s, w, h)
			d.typeText("e")
			d.send(searchTickMsg{screen: s, seq: s.seq})
			return s.View()
		}},
		{"pair", func(t *testing.T, w, h int) string {
			f := loopSample()
			fnd, _ := f.Plan.Foundation.Sign(model.RoleMentor, "Ada Lovelace", day(2026, 2, 1))
			fnd.Expectations = "Come prepared with two questions"
			fnd, _ = fnd.Sign(model.RoleMentee, "Grace Hopper", day(2026, 2, 2))
			f.Plan.Foundation = fnd
			s := newPairScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h)
			return s.View()
		}},
		{"pair_signing", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newPairScreen(loopDeps(newLoopFake(f)), f)
			d := drive(t, s, w, h)
			d.keys("M")
			d.typeText("Grace")
			return s.View()
		}},
		{"health", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newHealthScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h)
			return s.View()
		}},
		{"health_rating", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newHealthScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("m", "4", "3")
			return s.View()
		}},
		{"closure", func(t *testing.T, w, h int) string {
			f := loopSample()
			f.Plan.Closure.Accomplishments = "A parser shipped."
			s := newClosureScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h).keys("j")
			return s.View()
		}},
		{"closure_closed", func(t *testing.T, w, h int) string {
			f := loopSample()
			f.Rel.Status = model.StatusClosed
			f.Plan.Closure = model.Closure{Accomplishments: "A parser shipped.", Next: "Peers.", ClosedAt: day(2026, 3, 1),
				Evaluations: []model.GoalEvaluation{{GoalID: idN(10), Outcome: "One talk of three."}}}
			s := newClosureScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h)
			return s.View()
		}},
		{"brief", func(t *testing.T, w, h int) string {
			f := loopSample()
			s := newBriefScreen(loopDeps(newLoopFake(f)), f)
			drive(t, s, w, h)
			return s.View()
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
				if w := lipgloss.Width(v); w > size[0] {
					t.Errorf("view is %d cells wide, more than %d", w, size[0])
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}
