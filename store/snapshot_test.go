package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// Snapshots taken while another writer commits are always consistent
// copies of one committed state, and never go back in time.
func TestSnapshotWhileWriting(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	ctx := context.Background()
	var stop atomic.Bool
	var saved atomic.Int64
	done := make(chan error, 1)
	go func() {
		for i := 0; !stop.Load(); i++ {
			sess := session(rel.ID, fmt.Sprintf("2026-%02d-%02d", 1+i/28%12, 1+i%28), strings.Repeat("notes ", 200+i%300))
			if err := s.SaveSession(ctx, sess); err != nil {
				done <- err
				return
			}
			saved.Add(1)
		}
		done <- nil
	}()
	dir := t.TempDir()
	last := -1
	for i := 0; i < 15; i++ {
		dst := filepath.Join(dir, fmt.Sprintf("snap-%d.db", i))
		if err := Snapshot(s.Path(), dst); err != nil {
			stop.Store(true)
			<-done
			t.Fatalf("snapshot %d: %v", i, err)
		}
		c, err := Open(dst, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("open snapshot %d: %v", i, err)
		}
		if err := c.Check(); err != nil {
			t.Fatalf("snapshot %d is not consistent: %v", i, err)
		}
		sums, err := c.ListSummaries(ctx)
		mustNil(t, err)
		f, err := c.LoadFull(ctx, rel.ID)
		mustNil(t, err)
		_ = c.Close()
		if len(sums) != 1 || sums[0].Sessions != len(f.Sessions) {
			t.Fatalf("snapshot %d: summary says %d sessions, the records %d", i, sums[0].Sessions, len(f.Sessions))
		}
		if len(f.Sessions) < last {
			t.Fatalf("snapshot %d went back in time: %d sessions after %d", i, len(f.Sessions), last)
		}
		last = len(f.Sessions)
	}
	stop.Store(true)
	mustNil(t, <-done)
	if saved.Load() == 0 {
		t.Fatal("the writer saved nothing: the test did not run concurrently")
	}
}

func TestSnapshotRefusesDamagedAndSelf(t *testing.T) {
	s := openTemp(t)
	if err := Snapshot(s.Path(), s.Path()); err == nil || !strings.Contains(err.Error(), "overwrite the journal itself") {
		t.Fatalf("copy onto itself: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	mustNil(t, os.WriteFile(junk, []byte(strings.Repeat("not a journal ", 1000)), 0o600))
	if err := Snapshot(junk, filepath.Join(t.TempDir(), "out.db")); err == nil {
		t.Fatal("a damaged file was copied")
	}
}

// A commit that lands while the file is being copied is noticed, and the
// copy is taken again.
func TestSnapshotRetriesWhenACommitLandsDuringTheCopy(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	ctx := context.Background()
	attempts := 0
	testSnapshotHook = func(attempt int) {
		attempts = attempt + 1
		if attempt == 0 {
			for i := 0; i < 3; i++ {
				mustNil(t, s.SaveSession(ctx, session(rel.ID, fmt.Sprintf("2026-03-%02d", i+1), "written during the copy")))
			}
		}
	}
	defer func() { testSnapshotHook = nil }()
	dst := filepath.Join(t.TempDir(), "snap.db")
	mustNil(t, Snapshot(s.Path(), dst))
	if attempts < 2 {
		t.Fatalf("Snapshot accepted a copy taken while commits landed (%d attempt)", attempts)
	}
	c, err := Open(dst, Options{ReadOnly: true})
	mustNil(t, err)
	defer c.Close()
	mustNil(t, c.Check())
	f, err := c.LoadFull(ctx, rel.ID)
	mustNil(t, err)
	if len(f.Sessions) != 3 {
		t.Fatalf("the retried copy has %d sessions, want the 3 committed before it", len(f.Sessions))
	}
}
