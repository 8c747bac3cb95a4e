package demo

import (
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func TestArchive(t *testing.T) {
	a := Archive(t0)
	if err := a.Validate(); err != nil {
		t.Fatalf("demo archive does not validate:\n%v", strings.ReplaceAll(err.Error(), "; ", "\n"))
	}
	if len(a.Relationships) != 3 {
		t.Fatalf("want 3 relationships, got %d", len(a.Relationships))
	}
	by := map[string]model.Full{}
	layers := map[model.Layer]bool{}
	for _, f := range a.Relationships {
		by[f.Rel.Other()] = f
		layers[f.Rel.Layer] = true
		if strings.TrimSpace(f.Rel.PrivateNotes) == "" {
			t.Errorf("%s: no private notes to show what a shared export hides", f.Rel.Other())
		}
		for i := 1; i < len(f.Sessions); i++ {
			if f.Sessions[i].Date.After(f.Sessions[i-1].Date) {
				t.Errorf("%s: sessions not newest first", f.Rel.Other())
			}
		}
	}
	if len(layers) < 2 {
		t.Errorf("relationships should stand at different layers: %v", layers)
	}
	lena, priya, marta := by["Lena Fischer"], by["Priya Raman"], by["Marta Alves"]
	if lena.Rel.ID == "" || priya.Rel.ID == "" || marta.Rel.ID == "" {
		t.Fatalf("missing a relationship: %v", by)
	}

	// just started: a draft agreement, unsigned, and trust notes
	if lena.Plan.Foundation.Fingerprint() == "" || len(lena.Plan.Foundation.Signatures) != 0 {
		t.Errorf("Lena's agreement should be an unsigned draft")
	}
	if c := lena.Plan.Completion(); c[model.LayerTrust] == 0 || c[model.LayerFoundation] == 0 || c[model.LayerFoundation] == 1 {
		t.Errorf("Lena's completion: %v", c)
	}

	// mid-way
	if !priya.Plan.Foundation.FullySigned() {
		t.Errorf("Priya's agreement should be signed by both")
	}
	if len(priya.Sessions) < 5 || len(priya.Goals) < 2 || len(priya.Roadmap) == 0 || priya.Plan.Problem.Statement == "" {
		t.Errorf("Priya: %d sessions, %d goals, %d topics", len(priya.Sessions), len(priya.Goals), len(priya.Roadmap))
	}
	smart := 0
	for _, g := range priya.Goals {
		if len(g.MissingSMART()) == 0 && len(g.Progress) > 0 {
			smart++
		}
	}
	if smart < 2 {
		t.Errorf("Priya needs two complete SMART goals with progress, has %d", smart)
	}
	if len(model.StalledGoals(priya.Goals, t0)) == 0 {
		t.Errorf("Priya should have a stalled goal to show layer 3 as fuel")
	}
	overdue, open := 0, 0
	for _, x := range priya.FollowUps {
		if x.Status == model.FollowUpOpen {
			open++
		}
		if x.IsOverdue(t0) {
			overdue++
		}
	}
	if overdue == 0 || open <= overdue {
		t.Errorf("Priya: %d open follow-ups, %d overdue; want both kinds", open, overdue)
	}
	answered := 0
	for _, s := range priya.Sessions {
		for _, a := range s.Reflection.Answers() {
			if a != "" {
				answered++
			}
		}
	}
	if answered < 10 {
		t.Errorf("Priya's sessions should carry reflection answers, %d found", answered)
	}

	// stuck
	ms := model.Summarize(marta)
	if !model.Stuck(ms) || len(marta.Sessions) != 4 {
		t.Errorf("Marta's relationship should be stuck with 4 sessions: %+v", ms)
	}
	if model.MeetingLateDays(ms, t0) == 0 {
		t.Errorf("Marta's next meeting should be late")
	}
	if model.Stuck(model.Summarize(priya)) || model.Stuck(model.Summarize(lena)) {
		t.Errorf("only Marta's relationship should be stuck")
	}

	// relative to now: another clock gives the same shape
	later := Archive(t0.AddDate(1, 0, 0))
	if err := later.Validate(); err != nil {
		t.Fatal(err)
	}
	if d := model.DaysBetween(a.Relationships[0].Rel.Started, later.Relationships[0].Rel.Started); d < 365 || d > 366 {
		t.Errorf("dates do not follow now: %d days apart", d)
	}
}
