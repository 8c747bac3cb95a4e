package store

import (
	"errors"
	"strings"
	"testing"

	"mentorlog/model"
)

func TestAgendaTemplates(t *testing.T) {
	s := openTemp(t)
	if ts, err := s.Templates(ctx); err != nil || len(ts) != 0 {
		t.Fatalf("a new journal has templates: %v %v", ts, err)
	}
	a := model.AgendaTemplate{ID: newID(), Name: "first quarter", Topics: []string{"Our paths so far", "Ground rules"}}
	b := model.AgendaTemplate{ID: newID(), Name: "Career change", Topics: []string{"Where you want to be"}}
	mustNil(t, s.SaveTemplate(ctx, a))
	mustNil(t, s.SaveTemplate(ctx, b))
	if err := s.SaveTemplate(ctx, model.AgendaTemplate{ID: newID(), Name: "First Quarter ", Topics: []string{"x"}}); err == nil || !strings.Contains(err.Error(), "has this name already") {
		t.Fatalf("a second template of the same name: %v", err)
	}
	bad := model.AgendaTemplate{ID: newID(), Name: "empty"}
	if err := s.SaveTemplate(ctx, bad); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("a template without topics: %v", err)
	}
	ts, err := s.Templates(ctx)
	mustNil(t, err)
	if len(ts) != 2 || ts[0].Name != "Career change" || ts[1].Name != "first quarter" || ts[1].Created.IsZero() {
		t.Fatalf("templates by name: %+v", ts)
	}
	// A template used twice adds only what is not planned yet, after the
	// roadmap's last topic, in one transaction.
	r := newRel(t, s, "Ada")
	mustNil(t, s.SaveRoadmapItem(ctx, model.RoadmapItem{ID: newID(), RelID: r.ID, Position: 4, Topic: "ground rules", Status: model.TopicPlanned}))
	added, err := s.AddRoadmapTopics(ctx, r.ID, a.Topics)
	mustNil(t, err)
	if len(added) != 1 || added[0].Topic != "Our paths so far" || added[0].Position != 5 {
		t.Fatalf("added %+v", added)
	}
	f, err := s.LoadFull(ctx, r.ID)
	mustNil(t, err)
	if len(f.Roadmap) != 2 || f.Roadmap[1].Topic != "Our paths so far" {
		t.Fatalf("roadmap %+v", f.Roadmap)
	}
	sums, _ := s.ListSummaries(ctx)
	if sums[0].NextTopic != "ground rules" {
		t.Fatalf("next topic %q", sums[0].NextTopic)
	}
	// A closed relationship takes none.
	_, _, err = s.UpdateRelationship(ctx, r.ID, func(rr *model.Relationship, p *model.Plan) error {
		model.Close(rr, p, model.Closure{Accomplishments: "done"}, t0)
		return nil
	})
	mustNil(t, err)
	if _, err := s.AddRoadmapTopics(ctx, r.ID, b.Topics); err == nil {
		t.Fatal("topics added to a closed relationship")
	}
	mustNil(t, s.DeleteTemplate(ctx, a.ID))
	if err := s.DeleteTemplate(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
	ts, _ = s.Templates(ctx)
	if len(ts) != 1 {
		t.Fatalf("after delete: %+v", ts)
	}
	mustNil(t, s.Check())
}
