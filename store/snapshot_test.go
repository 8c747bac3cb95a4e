package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// snapshotRecorder counts what a snapshot did through its hooks.
type snapshotRecorder struct {
	attempts int   // copies taken
	waits    []int // the attempts Snapshot waited before
}

// hooks returns hooks that run midCopy and afterCopy (either may be nil)
// and record into r; the wait between attempts is recorded, not slept.
func (r *snapshotRecorder) hooks(midCopy, afterCopy func(attempt int)) snapshotHooks {
	return snapshotHooks{
		midCopy: midCopy,
		afterCopy: func(attempt int) {
			r.attempts = attempt + 1
			if afterCopy != nil {
				afterCopy(attempt)
			}
		},
		wait: func(attempt int) { r.waits = append(r.waits, attempt) },
	}
}

// openSnapshot opens a snapshot read-only, checks it and returns it.
func openSnapshot(t *testing.T, path string) *Store {
	t.Helper()
	c, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	t.Cleanup(func() { c.Close() })
	if err := c.Check(); err != nil {
		t.Fatalf("snapshot %s is not consistent: %v", path, err)
	}
	return c
}

// saveSessions commits n sessions, one transaction each, with notes long
// enough that every commit rewrites several pages.
func saveSessions(t *testing.T, s *Store, rel model.ID, n int, tag string) {
	t.Helper()
	for i := 0; i < n; i++ {
		se := session(rel, fmt.Sprintf("2026-%02d-%02d", 1+i/28%12, 1+i%28), strings.Repeat(tag+" notes ", 300+17*i))
		mustNil(t, s.SaveSession(ctx, se))
	}
}

// A commit that lands after the file was copied but before the second look
// at the meta page is noticed, and the copy is taken again until one is
// taken with no commit landing.
func TestSnapshotRetriesWhenACommitLandsDuringTheCopy(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	saveSessions(t, s, rel.ID, 2, "before")
	const busy = 3 // the first 3 copies each see a commit
	var r snapshotRecorder
	dst := filepath.Join(t.TempDir(), "snap.db")
	err := snapshot(s.Path(), dst, "", r.hooks(nil, func(attempt int) {
		if attempt < busy {
			saveSessions(t, s, rel.ID, 1, fmt.Sprintf("during copy %d", attempt))
		}
	}))
	mustNil(t, err)
	if r.attempts != busy+1 {
		t.Fatalf("Snapshot took %d copies, want %d: it accepted a copy taken while a commit landed, or retried one taken while none did", r.attempts, busy+1)
	}
	if fmt.Sprint(r.waits) != "[1 2 3]" {
		t.Errorf("Snapshot waited before attempts %v, want [1 2 3]", r.waits)
	}
	c := openSnapshot(t, dst)
	f, err := c.LoadFull(ctx, rel.ID)
	mustNil(t, err)
	if len(f.Sessions) != 2+busy {
		t.Fatalf("the snapshot has %d sessions, want the %d committed before the copy that was kept", len(f.Sessions), 2+busy)
	}
	if got, want := exportString(t, c), exportString(t, s); got != want {
		t.Fatal("the snapshot differs from the journal it was taken of")
	}
}

// Commits that land just after the meta pages were copied leave a copy
// whose meta page is from one transaction and whose data pages are from
// later ones: a damaged file. Such a copy is never kept: the snapshot is
// always one committed state, whole.
func TestSnapshotNeverKeepsACopyTornByCommits(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	saveSessions(t, s, rel.ID, 40, "old")
	full, err := s.LoadFull(ctx, rel.ID)
	mustNil(t, err)
	const busy = 3
	var r snapshotRecorder
	var torn []error // what the consistency check said of each torn copy
	dst := filepath.Join(t.TempDir(), "snap.db")
	var tmp string
	h := r.hooks(
		func(attempt int) {
			if attempt >= busy {
				return
			}
			// Several commits, so that pages the copied meta page still
			// reaches are freed and written over by later ones.
			for i := 0; i < 8; i++ {
				mustNil(t, s.DeleteSession(ctx, full.Sessions[attempt*8+i].ID))
			}
			saveSessions(t, s, rel.ID, 8, fmt.Sprintf("new %d", attempt))
		},
		func(attempt int) {
			if attempt < busy {
				if _, err := os.Stat(tmp); err != nil {
					t.Fatalf("no copy to check: %v", err)
				}
				torn = append(torn, checkFile(tmp))
			}
		})
	h.tempFile = func(path string) { tmp = path }
	err = snapshot(s.Path(), dst, "", h)
	mustNil(t, err)
	if r.attempts != busy+1 {
		t.Fatalf("Snapshot took %d copies, want %d: it kept a copy that commits landed in", r.attempts, busy+1)
	}
	c := openSnapshot(t, dst)
	if got, want := exportString(t, c), exportString(t, s); got != want {
		t.Fatal("the snapshot differs from the journal it was taken of")
	}
	// The commits did tear the copies they landed in: kept, they would
	// have been damaged journals.
	damaged := 0
	for i, err := range torn {
		t.Logf("torn copy %d: %v", i, err)
		if err != nil {
			damaged++
		}
	}
	if damaged == 0 {
		t.Fatal("no copy that commits landed in was damaged: the test no longer tears copies, move the commits")
	}
}

// A copy whose newest meta page is not the one read before the copy (a
// torn read of the page bbolt was writing) is not kept, even though the
// journal did not change: kept, the snapshot would silently miss the last
// commit, because bbolt would fall back to the older meta page.
func TestSnapshotChecksTheCopiedMetaPage(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	saveSessions(t, s, rel.ID, 2, "before")
	if txid, _, err := newestTxid(s.Path()); err != nil {
		t.Fatal(err)
	} else if txid%2 == 0 {
		// bbolt writes transaction n's meta to page n%2; make the newest
		// one page 1, which newestTxid can do without.
		saveSessions(t, s, rel.ID, 1, "one more")
	}
	var r snapshotRecorder
	dst := filepath.Join(t.TempDir(), "snap.db")
	var tmp string
	h := r.hooks(nil, func(attempt int) {
		if attempt == 0 {
			tearMetaPage1(t, tmp)
		}
	})
	h.tempFile = func(path string) { tmp = path }
	err := snapshot(s.Path(), dst, "", h)
	mustNil(t, err)
	if r.attempts != 2 {
		t.Fatalf("Snapshot took %d copies, want 2: it kept a copy whose newest meta page was not the one it read", r.attempts)
	}
	c := openSnapshot(t, dst)
	if got, want := exportString(t, c), exportString(t, s); got != want {
		t.Fatal("the snapshot differs from the journal it was taken of")
	}
}

// tearMetaPage1 spoils the checksum of the meta page in page 1 of path.
func tearMetaPage1(t *testing.T, path string) {
	t.Helper()
	_, ps, err := newestTxid(path)
	mustNil(t, err)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	mustNil(t, err)
	defer f.Close()
	at := int64(ps) + pageHeader + metaSumLen
	b := make([]byte, 1)
	_, err = f.ReadAt(b, at)
	mustNil(t, err)
	b[0] ^= 0xff
	_, err = f.WriteAt(b, at)
	mustNil(t, err)
	if m := parseMeta(mustReadBytes(t, path)[ps:]); m.ok {
		t.Fatal("the meta page in page 1 is still valid")
	}
}

// checkFile runs the store's consistency check on a copy of path (so the
// file itself is left as it is) and returns what it found.
func checkFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cp := path + ".check"
	defer os.Remove(cp)
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		return err
	}
	return verifyCopy(cp, path, "")
}

// A journal that is committed to between every copy and the second look
// is given up on after snapshotAttempts copies, and nothing is left behind.
func TestSnapshotGivesUpOnAJournalWrittenAllTheTime(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	var r snapshotRecorder
	dir := t.TempDir()
	dst := filepath.Join(dir, "snap.db")
	err := snapshot(s.Path(), dst, "", r.hooks(nil, func(attempt int) {
		saveSessions(t, s, rel.ID, 1, "busy")
	}))
	if err == nil || !strings.Contains(err.Error(), "could not take a consistent copy") {
		t.Fatalf("snapshot of a journal written during every copy: %v", err)
	}
	if r.attempts != snapshotAttempts || len(r.waits) != snapshotAttempts-1 {
		t.Errorf("%d copies and %d waits, want %d and %d", r.attempts, len(r.waits), snapshotAttempts, snapshotAttempts-1)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// journalToDamage is a closed journal with small records and one session
// holding marker, for damageLeafWith; before is run on it first, open.
func journalToDamage(t *testing.T, marker string, before func(s *Store)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	rel := newRel(t, s, "Ada")
	for i := 0; i < 5; i++ { // small records: no leaf spans pages
		mustNil(t, s.SaveSession(ctx, session(rel.ID, fmt.Sprintf("2026-03-%02d", i+1), "plain notes")))
	}
	mustNil(t, s.SaveSession(ctx, session(rel.ID, "2026-04-01", marker)))
	if before != nil {
		before(s)
	}
	mustNil(t, s.Close())
	return path
}

// A journal whose pages are damaged (while its header is fine and it
// opens) is not copied: the copy fails bbolt's consistency check.
func TestSnapshotRefusesAJournalThatFailsTheCheck(t *testing.T) {
	marker := "MARKER-" + strings.Repeat("x", 40)
	path := journalToDamage(t, marker, nil)
	damageLeafWith(t, path, marker)
	// The damage is there for bbolt's check to find, and the journal still
	// opens: only the check can tell.
	c, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	err = c.Check()
	mustNil(t, c.Close())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "restore it from a backup") {
		t.Fatalf("the damaged journal's own check: %v", err)
	}

	var r snapshotRecorder
	dir := t.TempDir()
	dst := filepath.Join(dir, "snap.db")
	err = snapshot(path, dst, "", r.hooks(nil, nil))
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "restore it from a backup") {
		t.Fatalf("snapshot of a damaged journal: %v", err)
	}
	if strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), path) {
		t.Errorf("the message names the copy, not the journal %s: %v", path, err)
	}
	// It is reported at once, not copied again and again as if the
	// journal were being written all the time.
	if r.attempts != 1 {
		t.Errorf("%d copies taken of a damaged journal, want 1", r.attempts)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// damageLeafWith gives the leaf page that holds marker an invalid page
// type, which bbolt's check reports and opening the file does not notice.
func damageLeafWith(t *testing.T, path, marker string) {
	t.Helper()
	b, err := os.ReadFile(path)
	mustNil(t, err)
	at := bytes.Index(b, []byte(marker))
	if at < 0 || bytes.Contains(b[at+1:], []byte(marker)) {
		t.Fatalf("the marker is in the file %d times, want once", bytes.Count(b, []byte(marker)))
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	mustNil(t, err)
	ps := db.Info().PageSize
	mustNil(t, db.Close())
	page := at / ps * ps
	const flagsAt, leafFlag = 8, 0x02 // page header: id uint64, flags uint16, …
	if b[page+flagsAt] != leafFlag {
		t.Fatalf("the marker's page has flags %#x, want a leaf", b[page+flagsAt])
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	mustNil(t, err)
	_, err = f.WriteAt([]byte{0x40}, int64(page+flagsAt))
	mustNil(t, err)
	mustNil(t, f.Close())
}

// Snapshots taken while another goroutine commits as fast as it can are
// each one consistent committed state, and never go back in time. Whether
// a commit lands in a given copy is up to the scheduler, but the test's
// outcome is not: the writer is paused once the third copy is taken, so
// the fourth copy at the latest sees no commit, however the goroutines
// are run.
func TestSnapshotWhileWriting(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	var (
		gate      sync.Mutex // held by the writer for each commit, by the test to pause it
		stop      bool       // under gate
		saved     int        // under gate
		writerErr error
		done      = make(chan struct{})
		running   = make(chan struct{}, 1) // the writer has committed
	)
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			gate.Lock()
			if stop {
				gate.Unlock()
				return
			}
			sess := session(rel.ID, fmt.Sprintf("2026-%02d-%02d", 1+i/28%12, 1+i%28), strings.Repeat("notes ", 200+i%300))
			if writerErr = s.SaveSession(ctx, sess); writerErr != nil {
				gate.Unlock()
				return
			}
			saved++
			gate.Unlock()
			select {
			case running <- struct{}{}:
			default:
			}
		}
	}()
	stopWriter := func() error {
		gate.Lock()
		stop = true
		gate.Unlock()
		<-done
		return writerErr
	}
	t.Cleanup(func() { _ = stopWriter() }) // before the store is closed
	select {
	case <-running: // the writer is running: a snapshot can never be empty
	case <-done:
		t.Fatalf("the writer stopped: %v", writerErr)
	}
	dir := t.TempDir()
	last, retried := -1, 0
	for i := 0; i < 15; i++ {
		attempts, paused, atPause := 0, false, 0
		dst := filepath.Join(dir, fmt.Sprintf("snap-%d.db", i))
		err := snapshot(s.Path(), dst, "", snapshotHooks{afterCopy: func(attempt int) {
			attempts = attempt + 1
			if attempt == 2 {
				gate.Lock()
				paused, atPause = true, saved
			}
		}})
		if paused {
			gate.Unlock()
		}
		if err != nil {
			t.Fatalf("snapshot %d: %v", i, err)
		}
		if attempts > 4 {
			t.Fatalf("snapshot %d took %d copies though the writer was paused after the third", i, attempts)
		}
		retried += attempts - 1
		c := openSnapshot(t, dst)
		sums, err := c.ListSummaries(ctx)
		mustNil(t, err)
		f, err := c.LoadFull(ctx, rel.ID)
		mustNil(t, err)
		mustNil(t, c.Close())
		if len(sums) != 1 || sums[0].Sessions != len(f.Sessions) {
			t.Fatalf("snapshot %d: summary says %d sessions, the records %d", i, sums[0].Sessions, len(f.Sessions))
		}
		if paused && len(f.Sessions) != atPause {
			t.Fatalf("snapshot %d, taken while the writer was paused after %d commits, has %d sessions", i, atPause, len(f.Sessions))
		}
		if len(f.Sessions) < last || len(f.Sessions) == 0 {
			t.Fatalf("snapshot %d has %d sessions after %d: it went back in time or missed a commit made before it", i, len(f.Sessions), last)
		}
		last = len(f.Sessions)
	}
	mustNil(t, stopWriter())
	t.Logf("15 snapshots, %d copies taken again because a commit landed", retried)
}

func TestSnapshotRefusesDamagedAndSelf(t *testing.T) {
	s := openTemp(t)
	if err := Snapshot(s.Path(), s.Path(), ""); err == nil || !strings.Contains(err.Error(), "overwrite the journal itself") {
		t.Fatalf("copy onto itself: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	mustNil(t, os.WriteFile(junk, []byte(strings.Repeat("not a journal ", 1000)), 0o600))
	if err := Snapshot(junk, filepath.Join(t.TempDir(), "out.db"), ""); err == nil {
		t.Fatal("a damaged file was copied")
	}
}

// A backup of a damaged journal is refused, and the backup already there
// stays as it was.
func TestBackupRefusesADamagedJournal(t *testing.T) {
	marker := "MARKER-" + strings.Repeat("y", 40)
	dst := filepath.Join(t.TempDir(), "backup.db")
	path := journalToDamage(t, marker, func(s *Store) { mustNil(t, s.Backup(ctx, dst)) })
	good := fileHash(t, dst)
	damageLeafWith(t, path, marker)
	// As `mentorlog backup` opens it with the app closed: read-only.
	d, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	defer d.Close()
	err = d.Backup(ctx, dst)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "not written") {
		t.Fatalf("backup of a damaged journal: %v", err)
	}
	if fileHash(t, dst) != good {
		t.Fatal("the good backup was replaced")
	}
}

// An export of a journal with a damaged record (not JSON any more) is
// refused instead of writing invalid or binary output.
func TestExportRefusesADamagedRecord(t *testing.T) {
	s := openTemp(t)
	rel := newRel(t, s, "Ada")
	marker := "MARKER-" + strings.Repeat("z", 40)
	mustNil(t, s.SaveSession(ctx, session(rel.ID, "2026-04-01", marker)))
	path := s.Path()
	mustNil(t, s.Close())
	b, err := os.ReadFile(path)
	mustNil(t, err)
	at := bytes.Index(b, []byte(marker))
	if at < 0 {
		t.Fatal("marker not found")
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	mustNil(t, err)
	_, err = f.WriteAt([]byte{0x01}, int64(at+3)) // a raw control byte inside the string
	mustNil(t, err)
	mustNil(t, f.Close())
	d, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	defer d.Close()
	var out bytes.Buffer
	if err := d.ExportJSON(ctx, &out, ExportOptions{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("export of a damaged record: %v", err)
	}
}
