package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

func TestDrafts(t *testing.T) {
	s := openTemp(t)
	if _, found, err := s.LoadDraft(ctx, "form/x"); err != nil || found {
		t.Fatalf("a fresh journal has a draft: %v %v", found, err)
	}
	d := model.Draft{Saved: t0, Fields: map[string]string{"notes": "half a thought", "private notes": "mine"}}
	mustNil(t, s.SaveDrafts(ctx, map[string]model.Draft{"form/x": d, "form/y": {Saved: t0, Fields: map[string]string{"a": "b"}}}))
	got, found, err := s.LoadDraft(ctx, "form/x")
	mustNil(t, err)
	if !found || got.Fields["notes"] != "half a thought" || !got.Saved.Equal(t0) {
		t.Fatalf("draft %+v, %v", got, found)
	}
	// It survives closing and opening the journal.
	path := s.Path()
	mustNil(t, s.Close())
	s2, err := Open(path, Options{})
	mustNil(t, err)
	defer s2.Close()
	if _, found, _ := s2.LoadDraft(ctx, "form/y"); !found {
		t.Fatal("the draft did not survive a restart")
	}
	// An empty draft deletes; the others stay.
	mustNil(t, s2.SaveDrafts(ctx, map[string]model.Draft{"form/x": {}}))
	if _, found, _ := s2.LoadDraft(ctx, "form/x"); found {
		t.Fatal("the draft was not deleted")
	}
	if _, found, _ := s2.LoadDraft(ctx, "form/y"); !found {
		t.Fatal("deleting one draft deleted another")
	}
	// Erasing a relationship erases the drafts of its screens.
	r := newRel(t, s2, "Ada")
	mustNil(t, s2.SaveDrafts(ctx, map[string]model.Draft{"form/" + string(r.ID) + "/Goals": {Saved: t0, Fields: map[string]string{"a": "b"}}}))
	mustNil(t, s2.Erase(ctx, r.ID))
	if _, found, _ := s2.LoadDraft(ctx, "form/"+string(r.ID)+"/Goals"); found {
		t.Fatal("a deleted relationship's draft stayed")
	}
	var n int
	mustNil(t, s2.view(func(tx *bolt.Tx) error { n = tx.Bucket(bDrafts).Stats().KeyN; return nil }))
	if n != 1 {
		t.Fatalf("%d drafts stored, want 1", n)
	}
}

// Every commit reaches the disk before it is acknowledged: the journal is
// never opened with bbolt's NoSync (a guard: turning it on would leave the
// crash tests green on a machine that does not crash).
func TestJournalSyncsEveryCommit(t *testing.T) {
	s := openTemp(t)
	if s.db.NoSync || s.db.NoFreelistSync {
		t.Fatalf("the journal is open with NoSync=%v NoFreelistSync=%v", s.db.NoSync, s.db.NoFreelistSync)
	}
}
