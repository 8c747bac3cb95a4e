package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"mentorlog/model"
)

// TestGoldenCore renders every screen of the frame, dashboard,
// relationship, layers, goals and roadmap at 80x24 and 120x40 with the
// colour profile pinned (TestMain) and a fixed clock. Update with
// go test ./tui -run TestGoldenCore -update
func TestGoldenCore(t *testing.T) {
	full := coreSample()
	full.Plan.Support.People = []model.Supporter{{Who: "Her manager", What: "room to try", Status: model.SupportAsked}}
	full.Plan.Support.Resources = []model.Resource{{What: "Facilitation course", Fallback: "a book", Status: model.SupportNeeded}}
	full.Plan.Review.Reviews = []model.ReviewEntry{{Date: day(2026, 11, 15), WhatHappened: "first decision log", Why: "clear owner"}}
	full.Plan.Review.CheckInWhen = "first meeting of the month"
	signed, _ := full.Plan.Foundation.Sign(model.RoleMentor, "Grace Hopper", day(2026, 10, 1))
	full.Plan.Foundation = signed
	newJ := func() *testJournal {
		other := coreOther()
		other.Rel.CadenceDays = 0 // no next meeting: listed after Ada
		ada := full
		heldSessions(&ada, 4, day(2026, 11, 3), day(2026, 11, 17))
		return newJournal(t, coreNow, ada, other)
	}
	cases := []struct {
		name string
		j    func() *testJournal
		keys []string
	}{
		{"dashboard_empty", func() *testJournal { return newJournal(t, coreNow) }, nil},
		{"dashboard", newJ, nil},
		{"dashboard_filter", newJ, []string{"F", "a", "d", "a"}},
		{"dashboard_delete", newJ, []string{"d"}},
		{"new_relationship", newJ, []string{"n"}},
		{"edit_relationship", newJ, []string{"e"}},
		{"relationship", newJ, []string{"enter"}},
		{"layer0_foundation", newJ, []string{"enter", "0"}},
		{"layer1_trust", newJ, []string{"enter", "1"}},
		{"layer2_problem", newJ, []string{"enter", "2"}},
		{"layer3_meaning", newJ, []string{"enter", "3"}},
		{"layer4_commitment", newJ, []string{"enter", "4"}},
		{"layer5_support", newJ, []string{"enter", "5"}},
		{"layer6_review", newJ, []string{"enter", "6"}},
		{"stories", newJ, []string{"enter", "1", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "enter"}},
		{"story_form", newJ, []string{"enter", "1", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "enter", "e"}},
		{"options", newJ, []string{"enter", "4", "enter"}},
		{"people", newJ, []string{"enter", "5", "enter"}},
		{"resources", newJ, []string{"enter", "5", "tab", "enter"}},
		{"reviews", newJ, []string{"enter", "6", "tab", "tab", "tab", "enter"}},
		{"goals", newJ, []string{"enter", "g"}},
		{"goal_form", newJ, []string{"enter", "g", "e"}},
		{"progress", newJ, []string{"enter", "g", "enter"}},
		{"progress_form", newJ, []string{"enter", "g", "enter", "n"}},
		{"roadmap", newJ, []string{"enter", "r"}},
		{"roadmap_form", newJ, []string{"enter", "r", "e"}},
		{"full_help", newJ, []string{"enter", "?"}},
		{"discard_question", newJ, []string{"enter", "3", "x", "esc"}},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, sz[0], sz[1]), func(t *testing.T) {
				dr := newCoreDriver(t, c.j(), sz[0], sz[1])
				dr.press(c.keys...)
				golden.RequireEqual(t, []byte(dr.view()))
			})
		}
	}
	t.Run("too_small_40x10", func(t *testing.T) {
		dr := newCoreDriver(t, newJ(), 80, 24)
		dr.send(tea.WindowSizeMsg{Width: 40, Height: 10})
		golden.RequireEqual(t, []byte(dr.view()))
	})
}

// TestGoldenWideScripts renders the dashboard, a relationship, its
// sessions and a session with Hindi, Tamil, Thai and emoji with skin
// tones in every name and text, at 80x24 and 120x40, measured by code
// point as tmux draws them: no zero-width joiner left in the frame
// (joinersOut), which tmux would join and the renderer would not. Update with
// go test ./tui -run TestGoldenWideScripts -update
func TestGoldenWideScripts(t *testing.T) {
	cases := []struct {
		name string
		keys []string
	}{
		{"dashboard", nil},
		{"relationship", []string{"enter"}},
		{"sessions", []string{"enter", "s"}},
		{"session", []string{"enter", "s", "enter"}},
		{"goals", []string{"enter", "g"}},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, sz[0], sz[1]), func(t *testing.T) {
				dr := drive(t, newJournal(t, loopNow, withWideScripts(loopSample())), sz[0], sz[1])
				dr.press(c.keys...)
				golden.RequireEqual(t, []byte(dr.view()))
			})
		}
	}
}
