package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRelationshipValidate(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*Relationship)
		want string
	}{
		{"valid", func(*Relationship) {}, ""},
		{"peer is fine", func(r *Relationship) { r.OwnerRole = RolePeer }, ""},
		{"no mentor", func(r *Relationship) { r.MentorName = "  " }, "mentor name: required"},
		{"no mentee", func(r *Relationship) { r.MenteeName = "" }, "mentee name: required"},
		{"long name", func(r *Relationship) { r.MenteeName = strings.Repeat("x", MaxName+1) }, "mentee name: must be at most 80"},
		{"bad role", func(r *Relationship) { r.OwnerRole = "boss" }, `your role: must be mentor, mentee or peer (it is "boss")`},
		{"bad status", func(r *Relationship) { r.Status = "gone" }, "status:"},
		{"no start", func(r *Relationship) { r.Started = time.Time{} }, "started: required"},
		{"ancient start", func(r *Relationship) { r.Started = day("1800-01-01") }, "started: year 1800"},
		{"negative cadence", func(r *Relationship) { r.CadenceDays = -1 }, "cadence:"},
		{"huge cadence", func(r *Relationship) { r.CadenceDays = 400 }, "cadence:"},
		{"bad layer", func(r *Relationship) { r.Layer = 7 }, "layer:"},
		{"bad id", func(r *Relationship) { r.ID = "xyz" }, `id: "xyz" is not a record id`},
		{"two problems", func(r *Relationship) { r.MentorName = ""; r.MenteeName = "" }, "mentor name: required|mentee name: required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := validRel()
			c.mod(&r)
			wantErr(t, r.Validate(), c.want)
		})
	}
}

func TestPlanValidate(t *testing.T) {
	rid := newID()
	cases := []struct {
		name string
		mod  func(*Plan)
		want string
	}{
		{"empty plan is valid", func(*Plan) {}, ""},
		{"no rel id", func(p *Plan) { p.RelID = "" }, "rel_id: required"},
		{"story without text", func(p *Plan) { p.Trust.Stories = []Story{{Teller: "Grace", Lesson: "x"}} }, "trust.stories[0].story: required"},
		{"story bad kind", func(p *Plan) { p.Trust.Stories = []Story{{Story: "s", Kind: "meh"}} }, "trust.stories[0].kind"},
		{"option without title", func(p *Plan) { p.Commitment.Options = []Option{{Pros: "fast"}} }, "commitment.options[0].title: required"},
		{"chosen not an option", func(p *Plan) {
			p.Commitment.Options = []Option{{Title: "A"}}
			p.Commitment.Chosen = "B"
		}, `commitment.chosen: "B" is not one of the options`},
		{"chosen is an option", func(p *Plan) {
			p.Commitment.Options = []Option{{Title: "A"}}
			p.Commitment.Chosen = "A"
		}, ""},
		{"supporter needs who", func(p *Plan) { p.Support.People = []Supporter{{What: "time"}} }, "support.people[0].who: required"},
		{"resource bad status", func(p *Plan) { p.Support.Resources = []Resource{{What: "budget", Status: "maybe"}} }, "support.resources[0].status"},
		{"review needs date", func(p *Plan) { p.Review.Reviews = []ReviewEntry{{WhatHappened: "x"}} }, "review.reviews[0].date: required"},
		{"too many values", func(p *Plan) { p.Foundation.SharedValues = make([]string, MaxItems+1) }, "foundation.shared values: must have at most"},
		{"long value", func(p *Plan) { p.Foundation.SharedValues = []string{"ok", strings.Repeat("v", MaxShort+1)} }, "foundation.shared values[1]: must be at most"},
		{"bad signature", func(p *Plan) { p.Foundation.Signatures = []Signature{{Party: "boss"}} }, "foundation.signatures[0].party|foundation.signatures[0].name: required"},
		{"evaluation bad goal id", func(p *Plan) { p.Closure.Evaluations = []GoalEvaluation{{GoalID: "nope"}} }, "closure.evaluations[0].goal_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Plan{RelID: rid}
			c.mod(&p)
			wantErr(t, p.Validate(), c.want)
		})
	}
}

func TestGoalValidate(t *testing.T) {
	base := Goal{ID: newID(), RelID: newID(), Title: "Give a conference talk", Status: GoalOpen}
	cases := []struct {
		name string
		mod  func(*Goal)
		want string
	}{
		{"valid", func(*Goal) {}, ""},
		{"no title", func(g *Goal) { g.Title = "" }, "title: required"},
		{"bad status", func(g *Goal) { g.Status = "" }, "status:"},
		{"progress without date", func(g *Goal) { g.Progress = []ProgressEntry{{Note: "n"}} }, "progress[0].date: required"},
		{"empty progress", func(g *Goal) { g.Progress = []ProgressEntry{{Date: t0}} }, "progress[0]: needs a value or a note"},
		{"due out of range", func(g *Goal) { g.Due = day("2300-01-01") }, "due: year 2300"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := base
			c.mod(&g)
			wantErr(t, g.Validate(), c.want)
		})
	}
}

func TestRoadmapSessionFollowUpHealthValidate(t *testing.T) {
	rid := newID()
	r := RoadmapItem{ID: newID(), RelID: rid, Topic: "Career story", Status: TopicPlanned}
	wantErr(t, r.Validate(), "")
	r2 := r
	r2.Topic = ""
	r2.Status = "later"
	r2.Position = -1
	wantErr(t, r2.Validate(), "topic: required|status:|position:")

	s := Session{ID: newID(), RelID: rid, Date: day("2026-11-20"), Minutes: 60}
	wantErr(t, s.Validate(), "")
	s2 := s
	s2.Date = time.Time{}
	s2.Minutes = 2000
	wantErr(t, s2.Validate(), "date: required|length:")
	s3 := s
	s3.NextMeeting = day("2026-11-01")
	wantErr(t, s3.Validate(), "next meeting: is before the session itself (2026-11-20)")
	s4 := s
	s4.Reviewed = []FollowUpReview{{FollowUpID: newID(), Outcome: "maybe"}}
	wantErr(t, s4.Validate(), "reviewed[0].outcome")

	f := FollowUp{ID: newID(), RelID: rid, Text: "Send the draft", Owner: RoleMentee, Status: FollowUpOpen}
	wantErr(t, f.Validate(), "")
	f2 := f
	f2.Owner = RolePeer
	f2.Text = " "
	wantErr(t, f2.Validate(), "text: required|owner: must be mentor or mentee")

	h := HealthCheck{ID: newID(), RelID: rid, Date: t0, Party: RoleMentee, Ratings: map[Quality]int{QListening: 4}}
	wantErr(t, h.Validate(), "")
	h2 := h
	h2.Ratings = map[Quality]int{QListening: 6, "charisma": 3}
	wantErr(t, h2.Validate(), "ratings.listening: must be from 1 to 5|ratings.charisma: is not a quality")
	h3 := h
	h3.Ratings = nil
	wantErr(t, h3.Validate(), "ratings: rate at least one")
}

func TestArchiveValidatePaths(t *testing.T) {
	rel := validRel()
	good := Full{Rel: rel, Plan: Plan{RelID: rel.ID}}
	bad := good
	bad.Rel.ID = newID()
	bad.Plan = Plan{RelID: bad.Rel.ID}
	bad.Goals = []Goal{{ID: newID(), RelID: bad.Rel.ID, Status: GoalOpen}}
	a := NewArchive([]Full{good, good, bad}, t0, false)
	err := a.Validate()
	wantErr(t, err, "relationships[2].goals[0].title: required|relationships[1].relationship.id")

	wrongFormat := a
	wrongFormat.Format = "something"
	wantErr(t, wrongFormat.Validate(), "format:")
	future := NewArchive(nil, t0, false)
	future.Version = ArchiveVersion + 1
	wantErr(t, future.Validate(), fmt.Sprintf("version: %d is not supported", ArchiveVersion+1))
	wantErr(t, NewArchive([]Full{good}, t0, false).Validate(), "")

	// links must point inside the relationship
	link := good
	link.Roadmap = []RoadmapItem{{ID: newID(), RelID: rel.ID, Topic: "x", Status: TopicPlanned, GoalID: newID()}}
	wantErr(t, link.Validate(), "roadmap[0].goal_id: no goal")
	other := good
	other.FollowUps = []FollowUp{{ID: newID(), RelID: newID(), Text: "t", Owner: RoleMentor, Status: FollowUpOpen}}
	wantErr(t, other.Validate(), "follow_ups[0].rel_id: must be the relationship's id")
}

func TestPrefixed(t *testing.T) {
	var p Problems
	p = append(p, &FieldError{"title", "required"})
	got := Prefixed("goals[0]", p.Err())
	if len(got) != 1 || got[0].Field != "goals[0].title" {
		t.Fatalf("got %v", got)
	}
	got = Prefixed("relationships", Prefixed("[3]", p.Err()).Err())
	if got[0].Field != "relationships[3].title" {
		t.Fatalf("got %q", got[0].Field)
	}
	if Prefixed("x", nil) != nil {
		t.Fatal("nil error must give no problems")
	}
}

// TestNamesAreOneLine: a name with a line break was accepted (by import,
// where no form stops it) and broke every one-line display of it.
func TestNamesAreOneLine(t *testing.T) {
	for _, br := range []string{"\n", "\r", "\r\n", "\v", "\f", "\u0085", "\u2028", "\u2029"} {
		name := "Ada" + br + "Byron"
		r := validRel()
		r.MenteeName = name
		wantErr(t, r.Validate(), `mentee name: must be on one line (it has a line break after "Ada")`)
		r = validRel()
		r.MentorName = name
		wantErr(t, r.Validate(), "mentor name: must be on one line")

		p := Plan{RelID: newID()}
		p.Foundation.Signatures = []Signature{{Party: RoleMentor, Name: name, At: t0, Fingerprint: "0123456789abcdef"}}
		p.Trust.Stories = []Story{{Teller: name, Kind: StorySuccess, Story: "a story"}}
		p.Support.People = []Supporter{{Who: name, Status: SupportNeeded}}
		wantErr(t, p.Validate(), "foundation.signatures[0].name: must be on one line|trust.stories[0].teller: must be on one line|support.people[0].who: must be on one line")

		f := Foundation{SharedValues: []string{"honesty"}}
		if _, err := f.Sign(RoleMentee, name, t0); err == nil || !strings.Contains(err.Error(), "name: must be on one line") {
			t.Errorf("signing as %q: %v", name, err)
		}
	}
	// Line breaks elsewhere are fine, and so is the rest of Unicode.
	r := validRel()
	r.MenteeName = "Zoë O'Brien-Łukasz 山田"
	r.PrivateNotes = "two\nlines"
	wantErr(t, r.Validate(), "")
}

// TestSignatureFingerprintIsHex: any 16 characters passed as a
// fingerprint, though signing only ever writes 16 lower-case hex digits.
func TestSignatureFingerprintIsHex(t *testing.T) {
	sig := func(fp string) error {
		p := Plan{RelID: newID()}
		p.Foundation.Signatures = []Signature{{Party: RoleMentor, Name: "Grace", At: t0, Fingerprint: fp}}
		return p.Validate()
	}
	for _, fp := range []string{"0123456789abcdeg", "0123456789ABCDEF", "zzzzzzzzzzzzzzzz", "0123456789abcde ", "é123456789abcde", "0123456789abcdef0", ""} {
		wantErr(t, sig(fp), "foundation.signatures[0].fingerprint: must be 16 hex digits")
	}
	wantErr(t, sig("0123456789abcdef"), "")
	f, err := Foundation{SharedValues: []string{"honesty"}}.Sign(RoleMentor, "Grace", t0)
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.Validate(), "")
}

// TestArchiveReviewsOwnFollowUps: a session could review a follow-up of
// another relationship of the archive (or a record that is no follow-up).
func TestArchiveReviewsOwnFollowUps(t *testing.T) {
	mk := func() Full {
		r := validRel()
		r.ID = newID()
		f := Full{Rel: r, Plan: Plan{RelID: r.ID}}
		fu := FollowUp{ID: newID(), RelID: r.ID, Text: "send the draft", Owner: RoleMentee, Status: FollowUpOpen}
		g := Goal{ID: newID(), RelID: r.ID, Title: "talk", Status: GoalOpen}
		f.FollowUps, f.Goals = []FollowUp{fu}, []Goal{g}
		f.Sessions = []Session{{ID: newID(), RelID: r.ID, Date: day("2026-11-20"),
			Reviewed: []FollowUpReview{{FollowUpID: fu.ID, Text: fu.Text, Outcome: OutcomeDone}}}}
		return f
	}
	a, b := mk(), mk()
	wantErr(t, NewArchive([]Full{a, b}, t0, false).Validate(), "")

	// a follow-up deleted since: not in the archive, allowed
	gone := mk()
	gone.FollowUps = nil
	wantErr(t, NewArchive([]Full{gone, b}, t0, false).Validate(), "")

	cross := mk()
	cross.Sessions[0].Reviewed[0].FollowUpID = b.FollowUps[0].ID
	err := NewArchive([]Full{cross, b}, t0, false).Validate()
	wantErr(t, err, "relationships[0].sessions[0].reviewed[0].follow_up_id: follow-up "+string(b.FollowUps[0].ID)+" belongs to another relationship (relationships[1].follow_ups[0])")

	notFU := mk()
	notFU.Sessions[0].Reviewed[0].FollowUpID = notFU.Goals[0].ID
	wantErr(t, NewArchive([]Full{notFU}, t0, false).Validate(), "relationships[0].sessions[0].reviewed[0].follow_up_id: "+string(notFU.Goals[0].ID)+" is not a follow-up (it is relationships[0].goals[0])")
}

// A session can be written on its day or later, never before: boundaries
// at the last moment of the day before and the first of the day after.
func TestSessionCheckDate(t *testing.T) {
	x := Session{Date: day("2026-03-10")}
	for _, c := range []struct {
		today time.Time
		ok    bool
	}{
		{day("2026-03-10"), true},
		{day("2026-03-11").Add(-time.Nanosecond), true},
		{day("2026-03-20"), true},
		{day("2026-03-10").Add(-time.Nanosecond), false},
		{day("2026-03-09"), false},
	} {
		err := x.CheckDate(c.today)
		if (err == nil) != c.ok {
			t.Errorf("written on %s: %v", c.today, err)
		}
		var fe *FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field != "date" || !strings.Contains(fe.Reason, "after today")) {
			t.Errorf("ended on %s: %v", c.today, err)
		}
	}
}
