package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

func TestDashboardEmptySaysWhatToPress(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow), 80, 24)
	dr.wantView("Press n to add your first relationship", "? to see every key")
}

func TestDashboardRows(t *testing.T) {
	a, b := coreSample(), coreOther()
	// Ada: three sessions, the last long ago, with an overdue follow-up.
	heldSessions(&a, 3, day(2026, 10, 1), time.Time{})
	a.FollowUps = []model.FollowUp{{ID: coreID(30), RelID: a.Rel.ID, Text: "send notes", Owner: model.RoleMentor,
		Due: day(2026, 11, 1), Status: model.FollowUpOpen}}
	// Linus's mentor: stuck (three sessions, no problem, no goal).
	heldSessions(&b, 3, day(2026, 11, 20), time.Time{})
	j := newJournal(t, coreNow, a, b)
	dr := newCoreDriver(t, j, 120, 40)
	dr.wantView(
		"Ada Lovelace", "you: mentor", "layer 2 Problem",
		"last met 2026-10-01", "next 2026-10-15", "39 days late", "1 follow-up open", "1 overdue",
		"Barbara Liskov", "you: mentee", "stuck",
	)
}

func TestDashboardCreateRelationship(t *testing.T) {
	j := newJournal(t, coreNow)
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("n")
	dr.wantTop("New relationship")
	dr.typeText("Grace")
	dr.press("tab")
	dr.typeText("Alan")
	dr.press("tab", "right") // role: mentee
	dr.press("tab")
	for i := 0; i < 2; i++ {
		dr.press("backspace")
	}
	dr.typeText("7")
	dr.press("tab")
	for i := 0; i < 10; i++ {
		dr.press("backspace")
	}
	dr.typeText("2026-11-02")
	dr.press("ctrl+s")
	dr.wantTop("Relationships")
	dr.wantView("Grace", "you: mentee", "Relationship added")
	sums, err := j.Store.ListSummaries(context.Background())
	if err != nil || len(sums) != 1 {
		t.Fatalf("%d relationships, %v", len(sums), err)
	}
	r := sums[0].Rel
	if r.MentorName != "Grace" || r.MenteeName != "Alan" || r.OwnerRole != model.RoleMentee || r.CadenceDays != 7 ||
		!r.Started.Equal(day(2026, 11, 2)) || r.Status != model.StatusActive {
		t.Fatalf("created %+v", r)
	}
}

func TestDashboardCreateShowsFieldErrors(t *testing.T) {
	j := newJournal(t, coreNow)
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("n", "tab", "tab", "tab")
	dr.typeText("x")
	dr.press("tab")
	dr.typeText("soon")
	dr.press("ctrl+s")
	dr.wantTop("New relationship")
	dr.wantView("required", "write a whole number", "is not a date")
	if j.called("CreateRelationship") != 0 {
		t.Fatal("invalid form was written")
	}
}

func TestDashboardFilterArchiveDelete(t *testing.T) {
	j := newJournal(t, coreNow, coreSample(), coreOther())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("A") // nothing archived yet: says so
	dr.wantView("Nothing is archived: a archives the relationship under the cursor.")
	dr.press("F")
	dr.typeText("lisk")
	v := dr.view()
	if !strings.Contains(v, "Barbara Liskov") || strings.Contains(v, "Ada Lovelace") || strings.Contains(v, "kept:") {
		t.Fatalf("filter shows the wrong rows:\n%s", v)
	}
	// Kept with enter, the filter says so: letters act on the list again.
	dr.press("enter")
	dr.wantView("Filter: lisk", "kept: F changes it, esc clears it")
	dr.press("esc")
	dr.wantView("Ada Lovelace", "Barbara Liskov")
	// Accents are ignored both ways.
	dr.press("F")
	dr.typeText("LÍSKOV")
	if v := dr.view(); !strings.Contains(v, "Barbara Liskov") || strings.Contains(v, "Ada Lovelace") {
		t.Fatalf("an accented filter shows the wrong rows:\n%s", v)
	}
	dr.press("esc")
	// Every word, in any order; a word of neither name leaves none.
	dr.press("F")
	dr.typeText("liskov  barb")
	if v := dr.view(); !strings.Contains(v, "Barbara Liskov") || strings.Contains(v, "Ada Lovelace") {
		t.Fatalf("a filter of two words in another order shows the wrong rows:\n%s", v)
	}
	dr.typeText(" zzq")
	if v := dr.view(); strings.Contains(v, "Barbara Liskov") || strings.Contains(v, "Ada Lovelace") {
		t.Fatalf("a filter with a word of neither name shows rows:\n%s", v)
	}
	dr.press("esc")

	// Archive Ada (the first row): asks, then hides it.
	sel, _ := dr.top().(*dashboard).selected()
	name := sel.Rel.Other()
	dr.press("a")
	dr.wantView("Archive " + name + "?")
	dr.press("y")
	dr.wantView("1 archived hidden")
	if !j.get(t, sel.Rel.ID).Rel.Archived {
		t.Fatal("not archived in the journal")
	}
	if strings.Contains(dr.view(), name+"  you") {
		t.Fatal("archived row still shown")
	}
	dr.press("A")
	dr.wantView(name, "[archived]")

	// Erasing needs the person's name typed; a y, another name, or esc
	// keeps the relationship.
	sel, _ = dr.top().(*dashboard).selected()
	name = sel.Rel.Other()
	dr.press("d", "y", "enter", "ctrl+s")
	// The footer says what ctrl+s does here.
	dr.wantView("cannot be undone", "type "+name+" to erase it", "ctrl+s erase for good")
	dr.press("esc", "y") // leave, discarding what was typed
	dr.wantTop("Relationships")
	if j.called("Erase") != 0 {
		t.Fatal("erased without the name")
	}
	dr.press("d")
	dr.typeText(strings.ToLower(name))
	dr.press("ctrl+s")
	dr.wantView("Erased " + name)
	if sums, _ := j.Store.ListSummaries(context.Background()); len(sums) != 1 {
		t.Fatalf("%d relationships left", len(sums))
	}
}

func TestDashboardManyRowsScroll(t *testing.T) {
	var fs []model.Full
	for i := 0; i < 250; i++ {
		f := coreOther()
		f.Rel.ID = coreID(1000 + i)
		f.Rel.MenteeName = fmt.Sprintf("Mentee %03d", i)
		f.Rel.OwnerRole = model.RoleMentor
		f.Rel.CadenceDays = 0
		fs = append(fs, f)
	}
	dr := newCoreDriver(t, newJournal(t, coreNow, fs...), 80, 24)
	dr.wantView("250 relationships", "Mentee 000")
	dr.press("end")
	dr.wantView("Mentee 249")
	if strings.Contains(dr.view(), "Mentee 000") {
		t.Fatal("first row still shown at the bottom")
	}
	dr.press("home")
	dr.wantView("Mentee 000")
}

func TestDashboardEditRelationship(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("e")
	dr.wantTop("Edit Ada Lovelace")
	dr.press("tab")
	for i := 0; i < len("Ada Lovelace"); i++ {
		dr.press("backspace")
	}
	dr.typeText("Ada King")
	dr.press("ctrl+s")
	dr.wantView("Ada King", "Relationship saved")
	if got := j.get(t, coreID(1)).Rel; got.MenteeName != "Ada King" || got.Layer != model.LayerProblem {
		t.Fatalf("saved %+v", got)
	}
}

func TestDashboardSanitizesNames(t *testing.T) {
	f := coreOther()
	f.Rel.MentorName = "Evil\x1b]0;pwned\x07 \x1b[31mRed"
	dr := newCoreDriver(t, newJournal(t, coreNow, f), 80, 24)
	v := dr.view()
	if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, 0x07) {
		t.Fatalf("escape reached the view: %q", v)
	}
	dr.wantView("Evil Red")
}

// Deleting the only relationship, and then the last of several, leaves a
// working dashboard (it used to index past the end).
func TestDashboardDeleteOnlyAndLast(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 80, 24)
	dr.press("d")
	dr.typeText("Ada Lovelace")
	dr.press("ctrl+s")
	dr.wantView("Welcome to your mentoring journal", "Erased Ada Lovelace")
	dr.press("j", "k", "end", "enter", "d", "e", "a")
	dr.wantTop("Relationships")

	j = newJournal(t, coreNow, coreSample(), coreOther())
	dr = newCoreDriver(t, j, 80, 24)
	erase := func() {
		sel, _ := dr.top().(*dashboard).selected()
		dr.press("d")
		dr.typeText(sel.Rel.Other())
		dr.press("ctrl+s")
	}
	dr.press("end")
	erase()
	dr.wantView("1 relationship")
	dr.press("end")
	erase()
	dr.wantView("Welcome to your mentoring journal")
}

// A note said on one screen is not shown on the next one, and a question
// is never asked under an old note.
func TestStatusStaysWithItsScreen(t *testing.T) {
	j := newJournal(t, coreNow, coreSample())
	dr := newCoreDriver(t, j, 100, 30)
	dr.press("n")
	dr.typeText("Grace")
	dr.press("tab")
	dr.typeText("Alan")
	dr.press("ctrl+s")
	dr.wantView("Relationship added")
	dr.press("enter")
	if strings.Contains(dr.view(), "Relationship added") {
		t.Fatalf("the dashboard's note followed onto the relationship:\n%s", dr.view())
	}
	dr.press("esc", "a", "y")
	dr.wantView("Archived")
	dr.press("A", "end", "a")
	v := dr.view()
	if !strings.Contains(v, "Unarchive") || strings.Contains(v, "Archived ") {
		t.Fatalf("the question is asked under the old note:\n%s", v)
	}
}

func TestDashboardStripShowsTheLayersOfTheLatestMeetings(t *testing.T) {
	f := loopSample()
	f.Sessions[0].Layers = []model.Layer{model.LayerCommitment}
	f.Sessions[1].Layers = []model.Layer{model.LayerTrust, model.LayerCommitment}
	other := loopOther()
	dr := drive(t, newJournal(t, loopNow, f, other), 100, 30)
	// Layer 1 in one meeting (░), layer 4 in two (▒), as the heat map shades; the other pair has
	// none recorded.
	dr.wantView("  ·░··▒·· last met 2026-02-10", "  ······· ", "the strip: layers 0–6 of the last 8 meetings")
}

// The dashboard draws the rows it shows, not all of them: a journal of
// many relationships opens as fast as one of a few, and moving to the end
// draws the rows there.
func TestDashboardDrawsOnlyTheRowsShown(t *testing.T) {
	var fs []model.Full
	for i := range 300 {
		f := coreOther()
		f.Rel.ID = model.ID(fmt.Sprintf("%032x", i+1))
		f.Plan.RelID = f.Rel.ID
		f.Rel.MentorName = fmt.Sprintf("Mentor %03d", i)
		fs = append(fs, f)
	}
	dr := newCoreDriver(t, newJournal(t, coreNow, fs...), 80, 24)
	dr.wantView("300 relationships", "Mentor 000")
	d := dr.top().(*dashboard)
	drawn := func() int {
		n := 0
		for _, r := range d.rows {
			if r.drawn {
				n++
			}
		}
		return n
	}
	if n := drawn(); n > 24 {
		t.Errorf("%d of 300 rows drawn for a 24-line screen", n)
	}
	dr.press("end")
	dr.wantView("Mentor 299")
	if n := drawn(); n > 48 {
		t.Errorf("%d of 300 rows drawn after end", n)
	}
}

// A relationship with conflicts from an exchange says so on its row.
func TestDashboardRowSaysConflicts(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample(), coreOther()), 120, 40)
	s := dr.top().(*dashboard)
	if strings.Contains(dr.view(), "to resolve") {
		t.Fatal("conflicts shown with none")
	}
	s.sums[0].Conflicts = 2
	s.rows[0].drawn = false
	if got := s.row(0).line1; !strings.Contains(got, "2 conflicts to resolve") {
		t.Fatalf("row: %s", got)
	}
}

// A row whose badges do not fit says them shorter rather than cutting
// them: at 80 columns "8d late  ⚠ stuck  check due  2 conflicts", at 160
// the long forms.
func TestDashboardBadgesShortenToFit(t *testing.T) {
	b := coreOther()
	heldSessions(&b, 4, day(2026, 10, 1), time.Time{}) // late, stuck, no health check after 4
	for _, c := range []struct {
		w    int
		want []string
	}{
		{80, []string{"d late", "⚠ stuck", "check due", "2 conflicts"}},
		{160, []string{"days late", "⚠ stuck: no problem or goal yet", "health check due", "2 conflicts to resolve"}},
	} {
		dr := newCoreDriver(t, newJournal(t, coreNow, b), c.w, 30)
		s := dr.top().(*dashboard)
		s.sums[0].Conflicts = 2
		s.rows[0].drawn = false
		line := s.row(0).line1
		for _, want := range c.want {
			if !strings.Contains(line, want) {
				t.Errorf("%d columns: %q lacks %q", c.w, line, want)
			}
		}
		if strings.Contains(line, "…") || cells().StringWidth(line) > c.w {
			t.Errorf("%d columns: cut: %q", c.w, line)
		}
	}
}

// A row says what `due` would nudge about today: a meeting today (the
// first one, when none was held), and an agreement changed since it was
// signed, besides a pair that is stuck or due a health check.
func TestDashboardRowSaysMeetingTodayAndSignAgain(t *testing.T) {
	b := coreOther()
	heldSessions(&b, 1, day(2026, 11, 9), day(2026, 11, 23)) // next meeting: today
	b.Plan.Foundation.SharedValues = []string{"Candour"}
	fd, err := b.Plan.Foundation.Sign(model.RoleMentor, b.Rel.MentorName, day(2026, 11, 9))
	if err != nil {
		t.Fatal(err)
	}
	fd.SharedValues = append(fd.SharedValues, "Added after signing")
	b.Plan.Foundation = fd
	dr := newCoreDriver(t, newJournal(t, coreNow, b), 160, 30)
	line := dr.top().(*dashboard).row(0).line1
	for _, want := range []string{"meeting today", "agreement changed: sign again"} {
		if !strings.Contains(line, want) {
			t.Errorf("row %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "first meeting") || strings.Contains(line, "late") {
		t.Errorf("row %q: a first meeting, or late", line)
	}

	// A pair that has not met yet: its first meeting is due a cadence
	// after it started (as `due` has it), not the day before.
	c := coreOther()
	c.Rel.CadenceDays = 14
	c.Rel.Started = day(2026, 11, 24).AddDate(0, 0, -14)
	for _, x := range []struct {
		now  time.Time
		want bool
	}{{coreNow, false}, {coreNow.AddDate(0, 0, 1), true}} {
		dr := newDriver(t, newJournal(t, x.now, c), x.now, 160, 30)
		if line := dr.top().(*dashboard).row(0).line1; strings.Contains(line, "first meeting today") != x.want {
			t.Errorf("%s: row %q: first meeting today %v, want %v", model.FormatDate(x.now), line, !x.want, x.want)
		}
	}
}

// A note in the status line wraps at 80 columns, as an error does, so
// that what it says to do is seen (pair view's "open it after pair view
// ends, from the relationship" was cut).
func TestStatusNoteWrapsAt80(t *testing.T) {
	dr := newCoreDriver(t, newJournal(t, coreNow, coreSample()), 80, 24)
	note := "Pair view does not show that match (Goal · achievable of 2027-03-31): open it after pair view ends, from the relationship."
	dr.send(statusMsg(note))
	v := dr.view()
	if !strings.Contains(v, "from the relationship.") || strings.Contains(v, "…") {
		t.Fatalf("the note is cut at 80 columns:\n%s", v)
	}
}
