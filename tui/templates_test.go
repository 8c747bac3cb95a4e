package tui

import (
	"context"
	"strings"
	"testing"

	"mentorlog/model"
)

// A roadmap kept as a template fills another pair's empty roadmap.
func TestTemplateKeptOnOneRoadmapFillsAnother(t *testing.T) {
	f, other := loopSample(), loopOther()
	j := newJournal(t, loopNow, f, other)
	dr := drive(t, j, 100, 30)
	dr.open(newRoadmapScreen(dr.deps(), f))
	dr.keys("T")
	dr.wantView("Keep template", "Roadmap with Grace Hopper", "Career paths in compilers")
	dr.keys("ctrl+s")
	ts, err := j.Templates(context.Background())
	if err != nil || len(ts) != 1 || ts[0].Name != "Roadmap with Grace Hopper" || len(ts[0].Topics) != 3 {
		t.Fatalf("templates %+v %v", ts, err)
	}

	dr2 := drive(t, j, 100, 30)
	dr2.open(newRoadmapScreen(dr2.deps(), j.get(t, other.Rel.ID)))
	dr2.wantView("No topics yet", "or u for topics that suit stage ")
	dr2.keys("u")
	dr2.wantView("Suggested for stage", "Roadmap with Grace Hopper · 3 topics")
	dr2.keys("down", "enter")
	dr2.wantView(`Add 3 topics from "Roadmap with Grace Hopper" to the roadmap?`)
	dr2.keys("y")
	got := j.get(t, other.Rel.ID).Roadmap
	if len(got) != 3 || got[0].Topic != "Career paths in compilers" || got[2].Position != 2 || got[0].Status != model.TopicPlanned {
		t.Fatalf("roadmap from the template: %+v", got)
	}
	dr2.wantTop("Roadmap")
	dr2.wantView("Added 3 topics to the roadmap.", "1. Career paths in compilers")
	// Used again: nothing is planned twice, and it says so.
	dr2.keys("u", "down", "enter")
	if n := len(j.get(t, other.Rel.ID).Roadmap); n != 3 {
		t.Fatalf("%d topics after using the template twice", n)
	}
	dr2.wantView(`Every topic of "Roadmap with Grace Hopper" is planned already.`)
}

func TestTemplateOfTheStageAndDeleting(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	if err := j.SaveTemplate(context.Background(), model.AgendaTemplate{ID: idN(0x70), Name: "Spare", Topics: []string{"One"}}); err != nil {
		t.Fatal(err)
	}
	dr := drive(t, j, 100, 30)
	dr.open(newTemplatesScreen(dr.deps(), f))
	st := model.StandingOf(f, loopNow)
	_ = st
	want := model.StageTemplate(f, loopNow)
	dr.wantView(want.Name, "• "+want.Topics[0])
	// The stage's suggestions are not a template to delete.
	dr.keys("d")
	if strings.Contains(dr.view(), "y/n") {
		t.Fatal("d offered to delete the stage's suggestions")
	}
	dr.wantView("The stage's topics are built in")
	dr.keys("down", "d")
	dr.wantView(`Delete the template "Spare"?`)
	dr.keys("y")
	if ts, _ := j.Templates(context.Background()); len(ts) != 0 {
		t.Fatalf("not deleted: %+v", ts)
	}
	dr.keys("home", "enter", "n")
	if n := len(j.get(t, f.Rel.ID).Roadmap); n != len(f.Roadmap) {
		t.Fatalf("n to the question added topics: %d", n)
	}
	dr.keys("enter", "y")
	if got := j.get(t, f.Rel.ID).Roadmap; len(got) != len(f.Roadmap)+len(want.Topics) || got[len(got)-1].Topic != want.Topics[len(want.Topics)-1] {
		t.Fatalf("roadmap after the stage's topics: %d items", len(got))
	}
}
