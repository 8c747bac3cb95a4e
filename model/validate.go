package model

import (
	"fmt"
	"strings"
	"time"
)

func (c *checker) id(field string, id ID) {
	if !id.Valid() {
		if id == "" {
			c.add(field, "required")
		} else {
			c.add(field, "%q is not a record id (32 hex digits)", string(id))
		}
	}
}

func (c *checker) optID(field string, id ID) {
	if id != "" {
		c.id(field, id)
	}
}

func (c *checker) date(field string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.Year(); y < 1900 || y > 2200 {
		c.add(field, "year %d is out of range (1900 to 2200)", y)
	}
}

// Validate checks a relationship before it is saved.
func (r Relationship) Validate() error {
	var c checker
	c.id("id", r.ID)
	c.name("mentor name", r.MentorName, true)
	c.name("mentee name", r.MenteeName, true)
	if !r.OwnerRole.Valid() {
		c.add("your role", "must be mentor, mentee or peer (it is %q)", string(r.OwnerRole))
	}
	if !r.Status.Valid() {
		c.add("status", "must be active, paused or closed (it is %q)", string(r.Status))
	}
	if r.Started.IsZero() {
		c.add("started", "required: the date the relationship began")
	}
	c.date("started", r.Started)
	if r.CadenceDays < 0 || r.CadenceDays > 366 {
		c.add("cadence", "must be between 0 (none agreed) and 366 days (it is %d)", r.CadenceDays)
	}
	if !r.Layer.Valid() {
		c.add("layer", "must be 0 (foundation) to 6 (it is %d)", int(r.Layer))
	}
	if r.Stage != 0 && !r.Stage.Valid() {
		c.add("stage", "must be 0 (read from the journal) or a stage from 1 (introduction) to 8 (transition) (it is %d)", int(r.Stage))
	}
	c.length("private notes", r.PrivateNotes, MaxLong)
	return c.p.Err()
}

// Validate checks the agreement and its signatures.
func (f Foundation) Validate() error {
	var c checker
	c.list("shared values", f.SharedValues, MaxShort)
	c.list("key goals", f.KeyGoals, MaxShort)
	r := f.Rules
	for _, kv := range []struct{ k, v string }{
		{"rules.frequency", r.Frequency}, {"rules.when", r.When}, {"rules.where", r.Where},
		{"rules.contact", r.Contact}, {"rules.no contact", r.NoContact},
		{"rules.confidentiality", r.Confidentiality}, {"rules.scope", r.Scope}, {"rules.limits", r.Limits},
		{"mentor wants", f.MentorWants}, {"mentor brings", f.MentorBrings},
		{"mentee wants", f.MenteeWants}, {"mentee brings", f.MenteeBrings},
		{"expectations", f.Expectations}, {"schedule", f.Schedule},
	} {
		c.length(kv.k, kv.v, MaxLong)
	}
	if len(f.Signatures) > MaxItems {
		c.add("signatures", "must have at most %d entries", MaxItems)
	}
	for i, s := range f.Signatures {
		p := fmt.Sprintf("signatures[%d]", i)
		if !s.Party.ValidParty() {
			c.add(p+".party", "must be mentor or mentee (it is %q)", string(s.Party))
		}
		c.name(p+".name", s.Name, true)
		if s.At.IsZero() {
			c.add(p+".at", "required: when it was signed")
		}
		if !isHex(s.Fingerprint, 16) {
			c.add(p+".fingerprint", "must be 16 hex digits (0-9, a-f), as signing writes it")
		}
		c.length(p+".text", s.Text, MaxLong)
	}
	return c.p.Err()
}

// Validate checks layers, foundation and closure.
func (p Plan) Validate() error {
	var c checker
	c.id("rel_id", p.RelID)
	for l := range p.LayerEdited {
		if !l.Valid() {
			c.add("layer_edited", "names layer %d: layers are 0 to 6", int(l))
		}
	}
	c.merge("foundation", p.Foundation.Validate())
	t := p.Trust
	for _, pr := range []struct {
		k string
		v Profile
	}{{"trust.mentor", t.Mentor}, {"trust.mentee", t.Mentee}} {
		c.length(pr.k+".background", pr.v.Background, MaxLong)
		c.length(pr.k+".years in field", pr.v.YearsInField, MaxShort)
		c.length(pr.k+".skills", pr.v.Skills, MaxLong)
		c.length(pr.k+".common ground", pr.v.CommonGround, MaxLong)
	}
	if len(t.Stories) > MaxItems {
		c.add("trust.stories", "must have at most %d entries", MaxItems)
	}
	for i, s := range t.Stories {
		k := fmt.Sprintf("trust.stories[%d]", i)
		c.name(k+".teller", s.Teller, false)
		if !s.Kind.Valid() {
			c.add(k+".kind", "must be success or failure (it is %q)", string(s.Kind))
		}
		c.required(k+".story", s.Story, MaxLong)
		c.length(k+".lesson", s.Lesson, MaxLong)
	}
	pb := p.Problem
	c.length("problem.statement", pb.Statement, MaxShort*4)
	c.list("problem.parts", pb.Parts, MaxShort)
	c.length("problem.current", pb.Current, MaxLong)
	c.length("problem.achieved", pb.Achieved, MaxLong)
	m := p.Meaning
	c.length("meaning.person", m.Person, MaxLong)
	c.length("meaning.team", m.Team, MaxLong)
	c.length("meaning.department", m.Department, MaxLong)
	c.length("meaning.organisation", m.Organisation, MaxLong)
	cm := p.Commitment
	if len(cm.Options) > MaxItems {
		c.add("commitment.options", "must have at most %d entries", MaxItems)
	}
	for i, o := range cm.Options {
		k := fmt.Sprintf("commitment.options[%d]", i)
		c.required(k+".title", o.Title, MaxShort)
		c.length(k+".pros", o.Pros, MaxLong)
		c.length(k+".cons", o.Cons, MaxLong)
		c.length(k+".obstacles", o.Obstacles, MaxLong)
		c.length(k+".overcome", o.Overcome, MaxLong)
	}
	c.length("commitment.chosen", cm.Chosen, MaxShort)
	if strings.TrimSpace(cm.Chosen) != "" {
		found := false
		for _, o := range cm.Options {
			if strings.TrimSpace(o.Title) == strings.TrimSpace(cm.Chosen) {
				found = true
			}
		}
		if !found {
			c.add("commitment.chosen", "%q is not one of the options: add it as an option first", cm.Chosen)
		}
	}
	c.length("commitment.commitment", cm.Commitment, MaxLong)
	s := p.Support
	if len(s.People) > MaxItems || len(s.Resources) > MaxItems {
		c.add("support", "must have at most %d people and %d resources", MaxItems, MaxItems)
	}
	for i, x := range s.People {
		k := fmt.Sprintf("support.people[%d]", i)
		c.name(k+".who", x.Who, true)
		c.length(k+".what", x.What, MaxLong)
		c.length(k+".how", x.How, MaxLong)
		if !x.Status.Valid() {
			c.add(k+".status", "must be needed, asked, secured or unavailable (it is %q)", string(x.Status))
		}
	}
	for i, x := range s.Resources {
		k := fmt.Sprintf("support.resources[%d]", i)
		c.required(k+".what", x.What, MaxShort)
		c.length(k+".fallback", x.Fallback, MaxLong)
		if !x.Status.Valid() {
			c.add(k+".status", "must be needed, asked, secured or unavailable (it is %q)", string(x.Status))
		}
	}
	c.length("support.ask of mentor", s.AskOfMentor, MaxLong)
	rv := p.Review
	c.length("review.check-in when", rv.CheckInWhen, MaxShort)
	c.length("review.check-in how", rv.CheckInHow, MaxShort)
	c.list("review.measures", rv.Measures, MaxShort)
	if len(rv.Reviews) > MaxItems {
		c.add("review.reviews", "must have at most %d entries", MaxItems)
	}
	for i, x := range rv.Reviews {
		k := fmt.Sprintf("review.reviews[%d]", i)
		if x.Date.IsZero() {
			c.add(k+".date", "required")
		}
		c.date(k+".date", x.Date)
		c.required(k+".what happened", x.WhatHappened, MaxLong)
		c.length(k+".why", x.Why, MaxLong)
		c.length(k+".correction", x.Correction, MaxLong)
	}
	cl := p.Closure
	c.length("closure.accomplishments", cl.Accomplishments, MaxLong)
	c.length("closure.next", cl.Next, MaxLong)
	for i, e := range cl.Evaluations {
		k := fmt.Sprintf("closure.evaluations[%d]", i)
		c.id(k+".goal_id", e.GoalID)
		c.length(k+".outcome", e.Outcome, MaxLong)
	}
	return c.p.Err()
}

// Validate checks a goal.
func (g Goal) Validate() error {
	var c checker
	c.id("id", g.ID)
	c.id("rel_id", g.RelID)
	c.required("title", g.Title, MaxShort)
	c.length("specific", g.Specific, MaxLong)
	c.length("measure", g.Measure, MaxLong)
	c.length("achievable", g.Achievable, MaxLong)
	c.length("relevant", g.Relevant, MaxLong)
	c.date("due", g.Due)
	if !g.Status.Valid() {
		c.add("status", "must be open, achieved or dropped (it is %q)", string(g.Status))
	}
	if len(g.Progress) > 10000 {
		c.add("progress", "must have at most 10000 entries")
	}
	for i, p := range g.Progress {
		k := fmt.Sprintf("progress[%d]", i)
		if p.Date.IsZero() {
			c.add(k+".date", "required")
		}
		c.date(k+".date", p.Date)
		c.length(k+".value", p.Value, MaxShort)
		c.length(k+".note", p.Note, MaxLong)
		if strings.TrimSpace(p.Value) == "" && strings.TrimSpace(p.Note) == "" {
			c.add(k, "needs a value or a note")
		}
	}
	return c.p.Err()
}

// Validate checks a roadmap item.
func (r RoadmapItem) Validate() error {
	var c checker
	c.id("id", r.ID)
	c.id("rel_id", r.RelID)
	c.required("topic", r.Topic, MaxShort)
	c.date("date", r.Date)
	c.optID("goal_id", r.GoalID)
	c.optID("session_id", r.SessionID)
	if !r.Status.Valid() {
		c.add("status", "must be planned, held or skipped (it is %q)", string(r.Status))
	}
	if r.Position < 0 {
		c.add("position", "must not be negative")
	}
	return c.p.Err()
}

// CheckDate checks that session s can be written today: a session is the
// record of a meeting, written on the day it is held or later, so one
// dated after today has not been held yet (kept, even in progress, it
// would show as met in the future, and stand for the last meeting in the
// brief and the dashboard).
func (s Session) CheckDate(today time.Time) error {
	if Day(s.Date).After(Day(today)) {
		return &FieldError{Field: "date", Reason: FormatDate(s.Date) + " is after today: a session is written on the day it is held or later; plan a meeting ahead on the roadmap, and start its session that day"}
	}
	return nil
}

// Validate checks a session.
func (s Session) Validate() error {
	var c checker
	c.id("id", s.ID)
	c.id("rel_id", s.RelID)
	if s.Date.IsZero() {
		c.add("date", "required")
	}
	c.date("date", s.Date)
	if s.Minutes < 0 || s.Minutes > 24*60 {
		c.add("length", "must be between 0 and 1440 minutes (it is %d)", s.Minutes)
	}
	c.length("topic", s.Topic, MaxShort)
	c.optID("roadmap_id", s.RoadmapID)
	c.length("agenda", s.Agenda, MaxLong)
	c.length("notes", s.Notes, MaxLong)
	c.length("recap", s.Recap, MaxLong)
	c.length("private notes", s.PrivateNotes, MaxLong)
	for i, r := range s.Reviewed {
		k := fmt.Sprintf("reviewed[%d]", i)
		c.id(k+".follow_up_id", r.FollowUpID)
		c.length(k+".text", r.Text, MaxLong)
		if !r.Outcome.Valid() {
			c.add(k+".outcome", "must be done, carried or dropped (it is %q)", string(r.Outcome))
		}
	}
	rf := s.Reflection
	c.length("reflection.useful", rf.Useful, MaxLong)
	c.length("reflection.next steps", rf.NextSteps, MaxLong)
	c.length("reflection.before next", rf.BeforeNext, MaxLong)
	c.length("reflection.change", rf.Change, MaxLong)
	seen := [7]bool{}
	for _, l := range s.Layers {
		switch {
		case !l.Valid():
			c.add("layers", "must be 0 (foundation) to 6 (it holds %d)", int(l))
		case seen[l]:
			c.add("layers", "names layer %d twice", int(l))
		default:
			seen[l] = true
		}
	}
	c.date("next meeting", s.NextMeeting)
	if !s.NextMeeting.IsZero() && !s.Date.IsZero() && Day(s.NextMeeting).Before(Day(s.Date)) {
		c.add("next meeting", "is before the session itself (%s)", FormatDate(s.Date))
	}
	return c.p.Err()
}

// Validate checks a follow-up.
func (f FollowUp) Validate() error {
	var c checker
	c.id("id", f.ID)
	c.id("rel_id", f.RelID)
	c.optID("session_id", f.SessionID)
	c.required("text", f.Text, MaxShort*4)
	if !f.Owner.ValidParty() {
		c.add("owner", "must be mentor or mentee (it is %q)", string(f.Owner))
	}
	c.date("due", f.Due)
	if !f.Status.Valid() {
		c.add("status", "must be open, done or dropped (it is %q)", string(f.Status))
	}
	return c.p.Err()
}

// Validate checks a health check.
func (h HealthCheck) Validate() error {
	var c checker
	c.id("id", h.ID)
	c.id("rel_id", h.RelID)
	if h.Date.IsZero() {
		c.add("date", "required")
	}
	c.date("date", h.Date)
	if !h.Party.ValidParty() {
		c.add("party", "must be mentor or mentee (it is %q)", string(h.Party))
	}
	if len(h.Ratings) == 0 {
		c.add("ratings", "rate at least one quality from 1 to 5")
	}
	for _, q := range Qualities {
		if v, ok := h.Ratings[q]; ok && (v < 1 || v > 5) {
			c.add("ratings."+string(q), "must be from 1 to 5 (it is %d)", v)
		}
	}
	for q := range h.Ratings {
		if !q.Valid() {
			c.add("ratings."+string(q), "is not a quality")
		}
	}
	c.length("comment", h.Comment, MaxLong)
	return c.p.Err()
}
