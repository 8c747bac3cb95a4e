package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"mentorlog/model"
)

// focusKey moves the focus of the top form screen to the field with key.
func (dr *driver) focusKey(k string) {
	dr.t.Helper()
	fs, ok := dr.top().(*formScreen)
	if !ok {
		dr.t.Fatalf("top is %T, not a form", dr.top())
	}
	for i := 0; i < len(fs.form.fields)+1; i++ {
		if fl := fs.form.focused(); fl != nil && fl.key == k {
			return
		}
		dr.press("tab")
	}
	dr.t.Fatalf("no field %q", k)
}

func TestLayerFoundationSaves(t *testing.T) {
	j := newJournal(t, coreNow, coreOther())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "0")
	dr.wantTop("0 Foundation")
	dr.wantView("Agree what you both value")
	dr.focusKey("foundation.shared values")
	dr.typeText("trust")
	dr.press("enter")
	dr.typeText("candour")
	dr.focusKey("foundation.rules.where")
	dr.typeText("the cafe on Main St")
	dr.focusKey("foundation.mentee wants")
	dr.typeText("a path to team lead")
	dr.wantView("not signed")
	dr.press("ctrl+s")
	dr.wantTop("Barbara Liskov")
	dr.wantView("Foundation agreement saved.")
	fd := j.get(t, coreID(2)).Plan.Foundation
	if !reflect.DeepEqual(fd.SharedValues, []string{"trust", "candour"}) || fd.Rules.Where != "the cafe on Main St" ||
		fd.MenteeWants != "a path to team lead" {
		t.Fatalf("saved %+v", fd)
	}
}

func TestLayerFoundationShowsSignState(t *testing.T) {
	f := coreSample()
	signed, err := f.Plan.Foundation.Sign(model.RoleMentor, "Grace Hopper", day(2026, 10, 1))
	if err != nil {
		t.Fatal(err)
	}
	f.Plan.Foundation = signed
	j := newJournal(t, coreNow, f)
	dr := newCoreDriver(t, j, 120, 40)
	dr.press("enter", "0")
	dr.wantView("signed as Grace Hopper on 2026-10-01", "Ada Lovelace (mentee): not signed")
	// Changing the text shows that the signature no longer covers it.
	dr.focusKey("foundation.rules.when")
	dr.typeText("Tuesdays")
	dr.wantView("changed since signed")
	// Saving keeps the signatures, and says who must sign again.
	dr.press("ctrl+s")
	dr.wantView("It changed since Grace Hopper (mentor) signed: sign again in pair view (p).")
	sigs := j.get(t, f.Rel.ID).Plan.Foundation.Signatures
	if len(sigs) != 1 || sigs[0].Name != "Grace Hopper" {
		t.Fatalf("signatures after the save: %+v", sigs)
	}
}

func TestLayerEditorsKeepOtherParts(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "2")
	dr.focusKey("problem.current")
	dr.typeText("meetings run long")
	// Meanwhile the plan changed elsewhere (another screen saved a story).
	if _, err := j.Store.UpdatePlan(context.Background(), coreID(1), func(_ model.Relationship, p *model.Plan) error {
		p.Trust.Stories = append(p.Trust.Stories, model.Story{Story: "new one", Kind: model.StorySuccess})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	dr.press("ctrl+s")
	p := j.get(t, coreID(1)).Plan
	if p.Problem.Current != "meetings run long" || len(p.Trust.Stories) != 2 || p.Problem.Statement == "" {
		t.Fatalf("plan %+v", p)
	}
}

func TestLayerMeaningAndReview(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.focusKey("meaning.organisation")
	dr.typeText("fewer wasted hours")
	dr.press("ctrl+s")
	if got := j.get(t, coreID(1)).Plan.Meaning; got.Organisation != "fewer wasted hours" || got.Person != "less evening work" {
		t.Fatalf("meaning %+v", got)
	}
	dr.press("6")
	dr.focusKey("review.check-in when")
	dr.typeText("first Monday")
	dr.focusKey("review.measures")
	dr.typeText("decisions per meeting")
	dr.press("ctrl+s")
	rv := j.get(t, coreID(1)).Plan.Review
	if rv.CheckInWhen != "first Monday" || !reflect.DeepEqual(rv.Measures, []string{"decisions per meeting"}) {
		t.Fatalf("review %+v", rv)
	}
}

func TestLayerStoriesList(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "1")
	dr.focusKey("trust.stories")
	dr.wantView("1 story, 1 with a lesson")
	dr.press("enter")
	dr.wantTop("Stories")
	dr.wantView("Grace: The first bug report", "failure · lesson: write things down")
	// New story: the story is required.
	dr.press("n")
	dr.wantTop("New story")
	dr.typeText("Linus")
	dr.press("ctrl+s")
	dr.wantView("required")
	dr.focusKey("story")
	dr.typeText("Shipped late, learned to cut scope")
	dr.press("ctrl+s")
	dr.wantTop("Stories")
	dr.wantView("Linus: Shipped late", "Saved the story.")
	if n := len(j.get(t, coreID(1)).Plan.Trust.Stories); n != 2 {
		t.Fatalf("%d stories", n)
	}
	// Edit the first, then delete it.
	dr.press("e")
	dr.focusKey("lesson")
	dr.typeText(" and test")
	dr.press("ctrl+s")
	if got := j.get(t, coreID(1)).Plan.Trust.Stories[0].Lesson; got != "write things down and test" {
		t.Fatalf("lesson %q", got)
	}
	dr.press("d", "y")
	st := j.get(t, coreID(1)).Plan.Trust.Stories
	if len(st) != 1 || !strings.HasPrefix(st[0].Story, "Shipped") {
		t.Fatalf("stories %+v", st)
	}
	// Back in the trust editor the summary is fresh.
	dr.press("esc")
	dr.wantTop("1 Trust")
	dr.wantView("1 story, 0 with a lesson")
}

func TestLayerCommitmentChosenAmongOptions(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 120, 40)
	dr.press("enter", "4")
	dr.wantView("Shadow a lead")
	// Add a third option through the list; the choice learns it.
	dr.focusKey("commitment.options")
	dr.press("enter", "n")
	dr.typeText("Run a retro")
	dr.press("ctrl+s", "esc")
	dr.wantTop("4 Commit")
	dr.focusKey("commitment.chosen")
	dr.press("right")
	dr.wantView("[Run a retro]")
	dr.focusKey("commitment.commitment")
	dr.typeText("Ada runs the next retro")
	dr.press("ctrl+s")
	c := j.get(t, coreID(1)).Plan.Commitment
	if c.Chosen != "Run a retro" || c.Commitment != "Ada runs the next retro" || len(c.Options) != 3 {
		t.Fatalf("commitment %+v", c)
	}
}

func TestLayerSupportLists(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "5")
	dr.focusKey("support.people")
	dr.press("enter", "n")
	dr.typeText("Her manager")
	dr.focusKey("status")
	dr.press("right") // needed -> asked
	dr.press("ctrl+s", "esc")
	dr.focusKey("support.resources")
	dr.press("enter", "n")
	dr.typeText("Facilitation course")
	dr.press("ctrl+s", "esc")
	dr.wantView("Her manager · asked", "Facilitation course · needed")
	sp := j.get(t, coreID(1)).Plan.Support
	if len(sp.People) != 1 || sp.People[0].Status != model.SupportAsked || len(sp.Resources) != 1 {
		t.Fatalf("support %+v", sp)
	}
	// A review entry with a bad date is refused next to the field.
	dr.press("esc", "6")
	dr.focusKey("review.reviews")
	dr.press("enter", "n")
	dr.press("backspace", "backspace")
	dr.typeText("xx")
	dr.focusKey("what happened")
	dr.typeText("first retro")
	dr.press("ctrl+s")
	dr.wantView("is not a date")
	if n := len(j.get(t, coreID(1)).Plan.Review.Reviews); n != 0 {
		t.Fatalf("%d reviews saved", n)
	}
}

// The chosen option can be renamed (the choice follows it) and deleted
// (nothing is chosen then); neither is refused.
func TestLayerChosenOptionRenamedAndDeleted(t *testing.T) {
	j := newJournal(t, coreNow, coreSample()) // options: Read a book, Shadow a lead (chosen)
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "4")
	dr.focusKey("commitment.options")
	dr.press("enter")
	dr.wantTop("Options")
	dr.press("down", "e")
	dr.typeText(" twice")
	dr.press("ctrl+s")
	dr.wantTop("Options")
	if c := j.get(t, coreID(1)).Plan.Commitment; c.Chosen != "Shadow a lead twice" || c.Options[1].Title != "Shadow a lead twice" {
		t.Fatalf("after the rename: %+v", c)
	}
	// The layer's form below shows the choice under its new name, and
	// saving it keeps it.
	dr.press("esc")
	dr.wantTop("4 Commit")
	dr.wantView("[Shadow a lead twice]")
	if dr.top().Dirty() {
		t.Fatal("the layer's form is dirty after a rename in the options list")
	}
	dr.press("ctrl+s")
	if c := j.get(t, coreID(1)).Plan.Commitment; c.Chosen != "Shadow a lead twice" {
		t.Fatalf("saving the layer lost the choice: %+v", c)
	}
	dr.press("4")
	dr.focusKey("commitment.options")
	dr.press("enter", "down", "d", "y")
	if c := j.get(t, coreID(1)).Plan.Commitment; c.Chosen != "" || len(c.Options) != 1 {
		t.Fatalf("after the delete: %+v", c)
	}
}

// Text typed while a save is in flight stays unsaved when the save lands:
// the editor stays open (it closes after a save otherwise) and dirty, and
// the next save writes it. (The form used to take all it held as saved,
// and close on it.) The editor is driven directly, so the write can be
// held while the typing goes on.
func TestTypedDuringASaveStaysUnsaved(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("enter", "3")
	dr.focusKey("meaning.organisation")
	fs := dr.top().(*formScreen)
	typeInto := func(s string) {
		for _, k := range typeKeys(s) {
			fs.Update(k)
		}
	}
	typeInto("fewer wasted hours")
	_, held := fs.Update(keyMsg("ctrl+s")) // the write starts; its result is held
	if held == nil {
		t.Fatal("no write started")
	}
	typeInto(" and calmer weeks")
	fs.Update(held()) // the write lands
	if got := j.get(t, coreID(1)).Plan.Meaning.Organisation; got != "fewer wasted hours" {
		t.Fatalf("stored %q", got)
	}
	if !fs.Dirty() {
		t.Fatal("the text typed during the save is taken as saved")
	}
	if ops := fs.d.nav.ops; len(ops) != 0 {
		t.Fatalf("the editor closed on unsaved text: %+v", ops)
	}
	_, next := fs.Update(keyMsg("ctrl+s"))
	if next == nil {
		t.Fatal("the next save wrote nothing")
	}
	fs.Update(next())
	if got := j.get(t, coreID(1)).Plan.Meaning.Organisation; got != "fewer wasted hours and calmer weeks" {
		t.Fatalf("after the next save: %q", got)
	}
	if fs.Dirty() {
		t.Error("still dirty after everything was saved")
	}
}

// A layer of a relationship with conflicts from an exchange says so: a
// field in conflict shows one version, and the other is kept.
func TestLayerSaysThereAreConflicts(t *testing.T) {
	f := coreSample()
	j := newJournal(t, coreNow, f)
	dr := newCoreDriver(t, j, 100, 30)
	for _, n := range []int{0, 2} {
		f.Partner.Conflicts = n
		s := newLayerEditor(dr.deps(), f, model.LayerProblem)
		before := j.called("Exchange")
		dr.open(s) // with conflicts, it reads them to mark their fields (markConflicts)
		if read := j.called("Exchange") - before; read != min(n, 1) {
			t.Errorf("%d conflicts: the conflicts were read %d times", n, read)
		}
		if got := strings.Contains(s.View(), "2 conflicts from an exchange: E on the relationship"); got != (n > 0) {
			t.Errorf("%d conflicts: said %v:\n%s", n, got, s.View())
		}
	}
}

// A field of the plan in conflict says so on the field, whatever the
// path's underscores; a conflict of another record or field marks nothing.
func TestLayerMarksTheFieldsInConflict(t *testing.T) {
	f := coreSample()
	d := loopDeps(newJournal(t, coreNow, f))
	for _, c := range []struct {
		layer model.Layer
		path  string
		key   string
	}{
		{model.LayerProblem, "problem.statement", "problem.statement"},
		{model.LayerFoundation, "foundation.rules.no_contact", "foundation.rules.no contact"},
		{model.LayerFoundation, "foundation.shared_values[1]", "foundation.shared values"},
	} {
		s := newLayerEditor(d, f, c.layer).(*formScreen)
		s.SetSize(100, 40)
		markConflicts(s.form, []model.Conflict{{Kind: model.KindPlan, Path: c.path}, {Kind: model.KindGoal, Path: "title"}})
		marked := 0
		for _, fl := range s.form.fields {
			if strings.HasPrefix(fl.err, "in conflict") {
				marked++
				if fl.key != c.key {
					t.Errorf("%s marked %s", c.path, fl.key)
				}
			}
		}
		if marked != 1 || !strings.Contains(s.View(), "in conflict: your partner's version and yours are both kept") {
			t.Errorf("%s: %d fields marked:\n%s", c.path, marked, s.View())
		}
	}
}
