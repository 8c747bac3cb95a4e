package tui

import (
	"strings"
	"testing"

	"mentorlog/model"
)

func TestRelationshipStripAndParts(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 120, 40)
	dr.press("enter")
	dr.wantTop("Ada Lovelace")
	dr.wantView("0 Foundation", "1 Trust", "6 Review", "◆ current", "g Goals", "r Roadmap", "31%")
	// Every registered part is listed with its key.
	for _, p := range parts {
		dr.wantView(p.Key + " " + p.Title)
	}
	// The number keys open the layers, the part keys the parts.
	for l := 0; l <= 6; l++ {
		dr.press(string(rune('0' + l)))
		want := model.Layer(l).Info()
		dr.wantView(want.Purpose[:20])
		dr.press("esc")
		dr.wantTop("Ada Lovelace")
	}
	dr.press("g")
	dr.wantTop("Goals")
	dr.press("esc", "r")
	dr.wantTop("Roadmap")
}

func TestRelationshipSetLayer(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "down", "down", "down") // layer 3
	dr.press("L")
	if got := j.get(t, coreID(1)).Rel.Layer; got != model.LayerMeaning {
		t.Fatalf("layer %d", got)
	}
	dr.wantView("Current layer: 3 Meaning and impact")
	// L is disabled on the current layer and on parts.
	rel := dr.top().(*relationshipScreen)
	if rel.keys.SetLayer.Enabled() {
		t.Fatal("L enabled on the current layer")
	}
}

func TestRelationshipMomentum(t *testing.T) {
	f := coreOther()
	// Stuck: three sessions, no problem, no goal.
	for i := 0; i < 3; i++ {
		f.Sessions = append(f.Sessions, model.Session{ID: coreID(40 + i), RelID: f.Rel.ID, Date: day(2026, 11, 1+i*7), Ended: true})
	}
	dr := newCoreDriver(t, newJournal(t, coreNow, f), 120, 40)
	dr.press("enter")
	dr.wantView("3 sessions and no problem, skill or goal defined yet", model.GettingUnstuckTopics[0][:30])

	s := coreSample() // goal 11 is stalled (no progress since 2026-09-20)
	dr = newCoreDriver(t, newJournal(t, coreNow, s), 120, 40)
	dr.press("enter")
	dr.wantView(`No progress on "Write a team charter" for 64 days`, "less evening work", "Meeting late by 69 days")
}

func TestRelationshipClosedIsReadOnly(t *testing.T) {
	f := coreSample()
	f.Rel.Status = model.StatusClosed
	j := newJournal(t, coreNow, f)
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter")
	dr.wantView("closed: read-only")
	dr.press("3")
	dr.typeText("more")
	dr.press("ctrl+s")
	dr.wantView("closed and read-only")
	if j.called("SavePlan") != 0 {
		t.Fatal("saved a closed relationship")
	}
	if strings.Contains(dr.view(), "saved.") {
		t.Fatal("said saved")
	}
}
