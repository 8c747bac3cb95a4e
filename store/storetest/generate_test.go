package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"mentorlog/model"
	"mentorlog/store"
)

func TestGenerateSmall(t *testing.T) {
	cfg := Small()
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := Generate(path, cfg); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sums, err := s.ListSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sessions, fus, goals, open := 0, 0, 0, 0
	for _, sum := range sums {
		full, err := s.LoadFull(ctx, sum.Rel.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := full.Validate(); err != nil {
			t.Fatalf("generated relationship does not validate: %v", err)
		}
		sessions += len(full.Sessions)
		fus += len(full.FollowUps)
		goals += len(full.Goals)
		open += sum.OpenFollowUps
		if sum.Rel.ID == sums[0].Rel.ID && model.Summarize(full).Sessions != sum.Sessions {
			t.Errorf("summary disagrees with the records")
		}
	}
	if len(sums) != cfg.Relationships || sessions != cfg.Sessions || fus != cfg.FollowUps || goals != cfg.Goals {
		t.Errorf("generated %d relationships, %d sessions, %d follow-ups, %d goals; want %+v", len(sums), sessions, fus, goals, cfg)
	}
	if open == 0 || open > fus/5 {
		t.Errorf("%d of %d follow-ups open", open, fus)
	}
	hits, err := s.Search(ctx, "feedback", model.SearchOptions{})
	if err != nil || len(hits) == 0 {
		t.Errorf("search in generated text: %d hits, %v", len(hits), err)
	}
}
