package tui

import (
	"sort"
	"strings"
	"testing"

	"mentorlog/model"
)

func roadmapOrder(f model.Full) []string {
	rm := append([]model.RoadmapItem(nil), f.Roadmap...)
	sort.SliceStable(rm, func(a, b int) bool { return rm[a].Position < rm[b].Position })
	out := make([]string, len(rm))
	for i, x := range rm {
		out[i] = x.Topic
	}
	return out
}

func TestRoadmapReorder(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "r")
	dr.wantView("3 topics, 2 planned", " 1. How to say no", "planned · 2026-12-01", "goal: Chair three planning meetings")
	dr.press("J") // move the first down
	if got := roadmapOrder(j.get(t, coreID(1))); got[0] != "Agenda templates" || got[1] != "How to say no" {
		t.Fatalf("order %v", got)
	}
	dr.press("J", "K", "K")
	if got := roadmapOrder(j.get(t, coreID(1))); got[0] != "How to say no" || got[2] != "Feedback" {
		t.Fatalf("order %v", got)
	}
	// K on the first topic is disabled.
	rs := dr.top().(*roadmapScreen)
	if rs.keys.MoveUp.Enabled() {
		t.Fatal("move up enabled on the first topic")
	}
	// The status line says what the last key did: a delete's word goes
	// with the next key.
	dr.press("d", "y")
	dr.wantView("Deleted the topic.")
	dr.press("j")
	if v := dr.view(); strings.Contains(v, "Deleted the topic.") {
		t.Fatalf("the delete's status stayed after a move:\n%s", v)
	}
}

func TestRoadmapReorderWritesOneAtATime(t *testing.T) {
	f := coreSample()
	j := newJournal(t, coreNow, f)
	s := newRoadmapScreen(deps{j: j, styles: newStyles(), now: coreClock}, f)
	s.SetSize(80, 20)
	_, c1 := s.Update(keyMsg("J"))
	_, c2 := s.Update(keyMsg("J"))
	if c1 == nil || c2 != nil {
		t.Fatal("a second write started while the first was under way")
	}
	msg := c1()
	_, c3 := s.Update(msg)
	if c3 == nil {
		t.Fatal("the newest order was not written after the first write")
	}
	s.Update(c3())
	if got := roadmapOrder(j.get(t, coreID(1))); got[2] != "How to say no" {
		t.Fatalf("order %v", got)
	}
}

func TestRoadmapNewEditDelete(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "r", "n")
	dr.wantTop("New topic")
	dr.typeText("Delegation")
	dr.focusKey("date")
	dr.typeText("2026-12-15")
	dr.focusKey("goal_id")
	dr.press("right", "right") // the second goal
	dr.press("ctrl+s")
	dr.wantTop("Roadmap")
	dr.wantView(" 4. Delegation", "2026-12-15", "goal: Write a team charter")
	dr.wantView("▸  4. Delegation") // the cursor on the topic just planned
	var it model.RoadmapItem
	for _, x := range j.get(t, coreID(1)).Roadmap {
		if x.Topic == "Delegation" {
			it = x
		}
	}
	if it.GoalID != coreID(11) || it.Position != 3 || it.Status != model.TopicPlanned {
		t.Fatalf("item %+v", it)
	}
	// Edit: mark it skipped.
	dr.press("end", "e")
	dr.focusKey("status")
	dr.press("right", "right")
	dr.press("ctrl+s")
	for _, x := range j.get(t, coreID(1)).Roadmap {
		if x.Topic == "Delegation" && x.Status != model.TopicSkipped {
			t.Fatalf("status %s", x.Status)
		}
	}
	dr.press("d", "y")
	if n := len(j.get(t, coreID(1)).Roadmap); n != 3 {
		t.Fatalf("%d topics", n)
	}
}

// A held topic shows the day of the session that held it, not its plan.
func TestRoadmapShowsWhenATopicWasHeld(t *testing.T) {
	f := loopSample()
	f.Roadmap[0].Date = day(2026, 2, 20) // planned for later than it was held
	d := drive(t, newJournal(t, loopNow, f), 100, 30)
	d.open(newRoadmapScreen(d.deps(), f))
	d.wantView("held on 2026-02-10")
	if strings.Contains(d.view(), "2026-02-20") {
		t.Fatalf("the planned date shows for a held topic:\n%s", d.view())
	}
}

// A screen shown again after a write made on top of it reads its data
// again: a roadmap left under a search hit showed the topic as it was,
// and saving it from there wrote the old title back over the edit.
func TestRoadmapUnderAHitShowsTheEditMadeThere(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	d.open(newRoadmapScreen(d.deps(), f))
	d.openHit("talk proposal")
	d.keys("e", "end")
	d.typeText(" and risks")
	d.keys("ctrl+s") // saved; back on the roadmap of the hit
	d.keys("esc")    // the search
	d.keys("esc")    // the roadmap under it
	if _, ok := d.top().(*roadmapScreen); !ok {
		t.Fatalf("on %T", d.top())
	}
	d.wantView("Writing a talk proposal and risks")
	// Left without a write on top, a screen is not read again.
	n := j.called("LoadWindow") + j.called("LoadFull")
	d.keys("/", "esc")
	if got := j.called("LoadWindow") + j.called("LoadFull"); got != n {
		t.Fatalf("the roadmap read its data again after a search that wrote nothing: %d reads", got-n)
	}
}
