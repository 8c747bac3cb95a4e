package tui

import (
	"context"
	"strings"
	"testing"
	"time"

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
	heldSessions(&s, 1, day(2026, 9, 1), time.Time{})
	dr = newCoreDriver(t, newJournal(t, coreNow, s), 120, 40)
	dr.press("enter")
	dr.wantView(`No progress on "Write a team charter" for 64 days`, "less evening work", "Meeting late by 69 days")
}

// Before the first meeting nothing is late, whatever the start date.
func TestRelationshipNotLateBeforeFirstMeeting(t *testing.T) {
	s := coreSample() // started 2026-09-01, cadence 14, no session yet
	dr := newCoreDriver(t, newJournal(t, coreNow, s), 120, 40)
	if strings.Contains(dr.view(), "late") {
		t.Fatalf("a pair that has not met yet is late:\n%s", dr.view())
	}
	dr.press("enter")
	if strings.Contains(dr.view(), "late") {
		t.Fatalf("a pair that has not met yet is late:\n%s", dr.view())
	}
}

func TestRelationshipClosedIsReadOnly(t *testing.T) {
	f := coreSample()
	f.Rel.Status = model.StatusClosed
	j := newJournal(t, coreNow, f)
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter")
	dr.wantView("closed: read-only")
	dr.press("3")
	// The form opens read-only: typing changes nothing, there is nothing
	// to save and nothing to discard.
	dr.wantView("closed and read-only")
	dr.typeText("zqzq")
	dr.press("ctrl+s")
	if strings.Contains(dr.view(), "zqzq") {
		t.Fatalf("a closed relationship's form took typing:\n%s", dr.view())
	}
	if j.writes() != 0 {
		t.Fatalf("%d writes to a closed relationship", j.writes())
	}
	dr.press("esc")
	dr.wantTop(model.SanitizeLine(f.Rel.Other()))
	if strings.Contains(dr.view(), "saved.") {
		t.Fatal("said saved")
	}
}

func TestMomentumLines(t *testing.T) {
	f := loopSample()
	f.Goals[0].Progress = nil
	f.Goals[0].Created = day(2025, 12, 1)
	got := strings.Join(momentumLines(loopDeps(nil), f), "\n")
	for _, want := range []string{"Meeting late by 14 days", "No progress on \"Give three conference talks\"", "Confidence to lead"} {
		if !strings.Contains(got, want) {
			t.Errorf("momentum lacks %q:\n%s", want, got)
		}
	}
	// A stuck pair gets topics.
	st := loopSample()
	st.Goals = nil
	st.Plan.Problem.Statement = ""
	st.Sessions = manySessions(st.Rel.ID, 3)
	got = strings.Join(momentumLines(loopDeps(nil), st), "\n")
	if !strings.Contains(got, model.GettingUnstuckTopics[0]) {
		t.Errorf("stuck pair without topics:\n%s", got)
	}
}

// TestRelationshipSaysWhenLastMet: the head says when the pair last met,
// as the dashboard does, where the line has room; at 80 columns the
// counts keep their place.
func TestRelationshipSaysWhenLastMet(t *testing.T) {
	s := coreSample()
	heldSessions(&s, 1, day(2026, 9, 1), time.Time{})
	dr := newCoreDriver(t, newJournal(t, coreNow, s), 140, 40)
	dr.press("enter")
	dr.wantView("last met 2026-09-01 · next meeting 2026-09-15 (69 days late) · 1 session")
	dr = newCoreDriver(t, newJournal(t, coreNow, s), 80, 30)
	dr.press("enter")
	if v := dr.view(); strings.Contains(v, "last met") || !strings.Contains(v, "1 session · ") {
		t.Errorf("at 80 columns the head is:\n%s", v)
	}
	fresh := coreSample() // never met
	dr = newCoreDriver(t, newJournal(t, coreNow, fresh), 140, 40)
	dr.press("enter")
	if v := dr.view(); strings.Contains(v, "last met") {
		t.Errorf("a pair that never met says when it last met:\n%s", v)
	}
}

// On a short screen the layers and parts scroll: the cursor's row stays in
// view, with what it opens (at 60×20 the parts below "Sessions" were cut
// off, and the cursor went with them).
func TestRelationshipListScrollsOnAShortScreen(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 60, 20)
	dr.press("enter")
	dr.wantTop("Ada Lovelace")
	for i := range parts {
		dr.press("end")
		for range i {
			dr.press("up")
		}
		p := parts[len(parts)-1-i]
		dr.wantView("▸ " + p.Key + " " + p.Title)
		// What it opens is said under the list, whole.
		rs := dr.top().(*relationshipScreen)
		dr.wantView(wrapText(rs.itemNotes[rs.cursor], 60)...)
	}
	dr.press("home")
	dr.wantView("▸ 0 Foundation")
}

// The relationship form and an entry's form, shown again after the same
// record was saved elsewhere, take the stored values where nothing is
// typed in them and keep what is (form.rebase).
func TestFormsShownAgainTakeWhatWasSavedElsewhere(t *testing.T) {
	f := loopSample()
	f.Plan.Trust.Stories = []model.Story{{Teller: "Ada", Kind: model.StorySuccess, Story: "The first demo", Lesson: "Rehearse"}}
	j := newJournal(t, loopNow, f)
	d := drive(t, j, 100, 30)
	rel := newRelationshipForm(d.deps(), &f.Rel, nil)
	d.open(rel)
	d.focusKey("cadence")
	d.keys("ctrl+u")
	d.typeText("21")
	progress := newProgressScreen(d.deps(), f, f.Goals[0].ID).entryForm(0)
	d.open(progress)
	d.focusKey("value")
	d.keys("ctrl+u")
	d.typeText("one of three")
	story := newItemsScreen(d.deps(), f, storySpec).editor(0)
	d.open(story)
	d.focusKey("lesson")
	d.typeText(" twice")
	// Saved elsewhere meanwhile: the private notes and the story's teller.
	if _, _, err := j.UpdateRelationship(context.Background(), f.Rel.ID, func(r *model.Relationship, p *model.Plan) error {
		r.PrivateNotes = "Saved elsewhere"
		p.Trust.Stories[0].Teller = "Ada L."
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	g := f.Goals[0]
	g.Progress = append([]model.ProgressEntry(nil), g.Progress...)
	g.Progress[0].Note = "Saved elsewhere too"
	if err := j.SaveGoal(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	d.send(reloadMsg{})
	if got, lesson := story.form.Value("teller"), story.form.Value("lesson"); got != "Ada L." || lesson != "Rehearse twice" {
		t.Fatalf("the story's form: teller %q, lesson %q", got, lesson)
	}
	d.keys("esc", "y") // the story given up; the progress entry's form below
	d.send(reloadMsg{})
	if got, value := progress.form.Value("note"), progress.form.Value("value"); got != "Saved elsewhere too" || value != "one of three" {
		t.Fatalf("the progress entry's form: note %q, value %q", got, value)
	}
	d.keys("esc", "y") // given up too; the relationship form below
	d.send(reloadMsg{})
	if got, cadence := rel.form.Value("private notes"), rel.form.Value("cadence"); got != "Saved elsewhere" || cadence != "21" {
		t.Fatalf("the relationship form: notes %q, cadence %q", got, cadence)
	}
}
