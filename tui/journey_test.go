package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"mentorlog/model"
)

// journeySample is loopSample with a year of meetings that recorded their
// layers: months on trust, a skipped layer 3, then options and reviews.
func journeySample() model.Full {
	f := loopSample()
	f.Rel.Started = day(2025, 3, 3)
	plan := []struct {
		date   time.Time
		layers []model.Layer
	}{
		{day(2025, 3, 10), []model.Layer{0, 1}}, {day(2025, 3, 24), []model.Layer{1}}, {day(2025, 4, 7), []model.Layer{1}},
		{day(2025, 4, 21), []model.Layer{1}}, {day(2025, 5, 5), []model.Layer{1}}, {day(2025, 5, 19), []model.Layer{1}},
		{day(2025, 6, 16), []model.Layer{1, 2}}, {day(2025, 7, 14), []model.Layer{2}}, {day(2025, 9, 8), []model.Layer{4}},
		{day(2025, 10, 6), []model.Layer{4, 5}}, {day(2025, 11, 3), []model.Layer{4}}, {day(2025, 12, 1), []model.Layer{4, 6}},
		{day(2026, 1, 12), []model.Layer{6}}, {day(2026, 2, 23), nil},
	}
	f.Sessions = nil
	for i, p := range plan {
		f.Sessions = append(f.Sessions, model.Session{ID: idN(0x80 + i), RelID: f.Rel.ID, Date: p.date, Topic: "Meeting",
			Notes: "notes", Layers: p.layers, Ended: true, Created: p.date, Updated: p.date})
	}
	f.Roadmap, f.FollowUps = nil, nil
	return f
}

func TestGoldenJourney(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("journey_%dx%d", w, h), func(t *testing.T) {
			f := journeySample()
			dr := drive(t, newJournal(t, loopNow, f), w, h)
			dr.open(newJourneyScreen(dr.deps(), f))
			golden.RequireEqual(t, dr.view())
		})
	}
}

func TestJourneyShowsTheHeatAndTheStage(t *testing.T) {
	f := journeySample()
	dr := drive(t, newJournal(t, loopNow, f), 120, 40)
	s := newJourneyScreen(dr.deps(), f)
	dr.open(s)
	v := dr.view()
	std := model.StandingOf(f, loopNow)
	for _, want := range []string{
		"Stage " + std.Stage.Label(), "Why: " + std.Reason,
		"Layers worked on, by month", "2025", "Mar", "Jan",
		"1 meeting without layers recorded",
		"Layer 3 (Meaning and impact) has not been worked on in any meeting since 2025-03-10.",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("journey lacks %q:\n%s", want, v)
		}
	}
	// Trust in April 2025: two meetings, so the darker shade; layer 3 blank all along.
	for _, l := range strings.Split(v, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "1 Trust") && !strings.Contains(l, "▒▒") {
			t.Errorf("trust row lacks April's two meetings: %q", l)
		}
		if strings.HasPrefix(strings.TrimSpace(l), "3 Meaning") && strings.ContainsAny(l, "░▒▓█") {
			t.Errorf("layer 3 was never worked on: %q", l)
		}
	}
}

func TestJourneySetsTheStageByHandAndBack(t *testing.T) {
	f := journeySample()
	j := newJournal(t, loopNow, f)
	dr := drive(t, j, 100, 30)
	s := newJourneyScreen(dr.deps(), f)
	dr.open(s)
	derived := model.StandingOf(f, loopNow).Derived
	dr.keys("e")
	if !s.choosing || s.stages.cursor != int(derived)-1 {
		t.Fatalf("choosing %v, cursor %d, want on %s", s.choosing, s.stages.cursor, derived.Label())
	}
	dr.keys("home", "j", "enter") // stage 2 Foundation
	if got := j.get(t, f.Rel.ID).Rel.Stage; got != model.StageFoundation {
		t.Fatalf("stored stage %d", got)
	}
	if s.choosing {
		t.Fatal("still choosing after the save")
	}
	dr.wantView("Stage 2 Foundation", "set by hand; the journal suggests "+derived.Label())
	// esc leaves the list without a change, and does not leave the screen.
	dr.keys("e", "down", "esc")
	if s.choosing || dr.left() || j.get(t, f.Rel.ID).Rel.Stage != model.StageFoundation {
		t.Fatalf("esc: choosing %v, left %v", s.choosing, dr.left())
	}
	// The last row gives the stage back to the journal.
	dr.keys("e", "end", "enter")
	if got := j.get(t, f.Rel.ID).Rel.Stage; got != 0 {
		t.Fatalf("stage after reading it from the journal again: %d", got)
	}
	dr.wantView("Stage " + derived.Label())
}

func TestJourneyOfAClosedRelationshipIsReadOnly(t *testing.T) {
	f := journeySample()
	f.Rel.Status = model.StatusClosed
	j := newJournal(t, loopNow, f)
	dr := drive(t, j, 100, 30)
	s := newJourneyScreen(dr.deps(), f)
	dr.open(s)
	dr.keys("e")
	if s.choosing || j.writes() != 0 {
		t.Fatalf("a closed relationship's stage was offered for change")
	}
}

func TestRelationshipWritesItsCalendar(t *testing.T) {
	f := loopSample()
	dr := drive(t, newJournal(t, loopNow, f), 100, 30)
	dir := dr.m.d.files // the driver's own temporary folder
	s := newRelationshipScreen(dr.deps(), f.Rel.ID)
	dr.open(s)
	dr.keys("i")
	path := filepath.Join(dir, "mentorlog-grace-hopper.ics")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no calendar file: %v (status %q)", err, dr.status())
	}
	ics := string(data)
	if n := strings.Count(ics, "BEGIN:VEVENT"); n != 3 { // the next meeting, two dated open follow-ups
		t.Fatalf("%d events:\n%s", n, ics)
	}
	if strings.Contains(ics, privatePhrase) {
		t.Fatal("a private note went into the calendar")
	}
	if st := dr.status(); !strings.Contains(st, "Wrote 3 events to "+path) {
		t.Fatalf("status %q", st)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
}

// In the stage list, ? shows the keys and esc leaves the list, not the screen.
func TestJourneyStageListKeepsTheGlobalKeys(t *testing.T) {
	f := journeySample()
	dr := drive(t, newJournal(t, loopNow, f), 100, 30)
	s := newJourneyScreen(dr.deps(), f)
	dr.open(s)
	dr.keys("e", "?")
	if !dr.m.help.ShowAll || !s.choosing {
		t.Fatal("? did not show the keys in the stage list")
	}
	dr.keys("?", "esc")
	if s.choosing || dr.left() {
		t.Fatalf("esc: choosing %v, left %v", s.choosing, dr.left())
	}
	dr.keys("esc")
	if !dr.left() {
		t.Fatal("esc outside the list did not go back")
	}
}

// A heat map wider than the screen says what it left out.
func TestJourneySaysWhichMonthsItLeavesOut(t *testing.T) {
	f := journeySample()
	f.Rel.Started = day(2023, 1, 2)
	f.Sessions = append(f.Sessions, model.Session{ID: idN(0xa0), RelID: f.Rel.ID, Date: day(2023, 2, 6), Notes: "early",
		Layers: []model.Layer{0, 1}, Ended: true, Created: day(2023, 2, 6), Updated: day(2023, 2, 6)})
	dr := drive(t, newJournal(t, loopNow, f), 80, 40)
	dr.open(newJourneyScreen(dr.deps(), f))
	// 2023-01 to 2026-03 is 39 months; 16 fit in 80 columns.
	dr.wantView("← 23 earlier months not shown (2 layer marks): a wider terminal shows them") // the early session's two layers
}
