package store

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

const childEnv = "MENTORLOG_STORE_CHILD"

// TestHelperProcess is the child process of the lock and crash tests; it
// does nothing in a normal run.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("child process helper")
	}
	path := os.Getenv("MENTORLOG_STORE_PATH")
	// Stop at the step named, say so, and wait to be killed.
	stopAt := func(step string) {
		if step == os.Getenv("MENTORLOG_STORE_STOP") {
			fmt.Println("at", step)
			_, _ = io.Copy(io.Discard, os.Stdin)
			os.Exit(6)
		}
	}
	switch mode {
	case "rewrite":
		testRewriteStep = stopAt
	case "create":
		testCreateStep = stopAt
	}
	s, err := Open(path, Options{Passphrase: os.Getenv("MENTORLOG_STORE_PASS")})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	switch mode {
	case "rewrite":
		switch op, next := os.Getenv("MENTORLOG_STORE_OP"), os.Getenv("MENTORLOG_STORE_NEW"); op {
		case "encrypt":
			_, err = s.Encrypt(ctx, next)
		case "passwd":
			_, err = s.ChangePassphrase(ctx, next)
		case "decrypt":
			err = s.Decrypt(ctx)
		case "erase":
			err = s.Erase(ctx, model.ID(os.Getenv("MENTORLOG_STORE_REL")))
		}
		if err != nil {
			fmt.Println("error", err)
			os.Exit(4)
		}
		fmt.Println("done")
		os.Exit(0)
	case "create":
		fmt.Println("created without stopping")
		os.Exit(0)
	case "hold":
		fmt.Println("ready")
		// Hold the journal open until the parent closes our stdin.
		_, _ = io.Copy(io.Discard, os.Stdin)
		s.Close()
		os.Exit(0)
	case "crash":
		rel := model.ID(os.Getenv("MENTORLOG_STORE_REL"))
		w := bufio.NewWriter(os.Stdout)
		for i := 0; ; i++ {
			se := session(rel, "2026-02-10", strings.Repeat("notes of a long meeting ", 40+i%200))
			se.Date = se.Date.AddDate(0, 0, i%400)
			se.NextMeeting = time.Time{}
			if err := s.SaveSession(ctx, se); err != nil {
				fmt.Println("error", err)
				os.Exit(4)
			}
			fmt.Fprintf(w, "saved %s\n", se.ID)
			w.Flush()
		}
	}
	os.Exit(5)
}

func child(t *testing.T, mode, path string, env ...string) (*exec.Cmd, *bufio.Scanner, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+mode, "MENTORLOG_STORE_PATH="+path), env...)
	out, err := cmd.StdoutPipe()
	mustNil(t, err)
	in, err := cmd.StdinPipe()
	mustNil(t, err)
	cmd.Stderr = os.Stderr
	mustNil(t, cmd.Start())
	return cmd, bufio.NewScanner(out), in
}

func TestSecondProcessGetsLockError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	mustNil(t, s.Close())

	cmd, out, in := child(t, "hold", path)
	defer func() { in.Close(); _ = cmd.Wait() }()
	// The child holds the lock once it says so: wait for the word, and say
	// so if it never comes instead of failing later on a confusing nil.
	said := ""
	for said != "ready" && out.Scan() {
		said = out.Text()
	}
	if said != "ready" {
		t.Fatalf("the child never held the journal; its last words: %q", said)
	}
	start := time.Now()
	_, err = Open(path, Options{Timeout: 300 * time.Millisecond})
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "journal is already open by another mentorlog ("+path+"): close it first") {
		t.Errorf("message %q", err)
	}
	if _, err := Open(path, Options{Timeout: 100 * time.Millisecond, ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("read-only open while another process writes: %v, want ErrLocked", err)
	}
	t.Logf("lock error after %v", took)
	in.Close()
	mustNil(t, cmd.Wait())
	s, err = Open(path, Options{})
	mustNil(t, err)
	s.Close()
}

func TestModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "mentorlog")
	path := filepath.Join(dir, "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	fi, err := os.Stat(path)
	mustNil(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	mustNil(t, err)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", di.Mode().Perm())
	}
	bak := filepath.Join(t.TempDir(), "copy.db")
	mustNil(t, s.Backup(ctx, bak))
	if bi, _ := os.Stat(bak); bi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", bi.Mode().Perm())
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("a backup over the journal itself was accepted")
	}
	s.Close()
	noTemps(t, filepath.Dir(bak))
	noTemps(t, dir)
	missing := filepath.Join(t.TempDir(), "none", "journal.db")
	if _, err := Open(missing, Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only open of a missing journal: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !errors.Is(err, os.ErrNotExist) {
		t.Error("read-only open created a folder")
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	s := openTemp(t)
	fill(t, s, "Ada")
	bak := filepath.Join(t.TempDir(), "b", "backup.db")
	mustNil(t, s.Backup(ctx, bak))
	fill(t, s, "Bob") // after the copy: not in it
	c, err := Open(bak, Options{ReadOnly: true})
	mustNil(t, err)
	defer c.Close()
	mustNil(t, c.Check())
	sums, err := c.ListSummaries(ctx)
	mustNil(t, err)
	if len(sums) != 1 || sums[0].Rel.MenteeName != "Ada" {
		t.Fatalf("backup holds %d relationships", len(sums))
	}
	if err := c.SaveGoal(ctx, goal(sums[0].Rel.ID, "x")); err == nil {
		t.Error("read-only store accepted a save")
	}
}

// journalFile makes a journal with some records and returns its path.
func journalFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	fill(t, s, "Ada")
	fill(t, s, "Bob")
	mustNil(t, s.Close())
	return path
}

func refused(t *testing.T, path string, want error, words ...string) {
	t.Helper()
	before := fileHash(t, path)
	s, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if err == nil {
		s.Close()
		t.Fatalf("opened %s, want %v", path, want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("error %v, want %v", err, want)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q lacks %q", err, w)
		}
	}
	if after := fileHash(t, path); after != before {
		t.Errorf("the refused file changed")
	}
	t.Log(err)
	// Nothing was created next to it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files next to the refused journal: %v", entries)
	}
}

func TestRefusesBadFilesUntouched(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "journal.db")
		mustNil(t, os.WriteFile(path, nil, 0o600))
		refused(t, path, ErrNotJournal, "empty file (0 bytes)", "first start of mentorlog was interrupted, delete it and start again", "--db", "not changed")
		if fi, _ := os.Stat(path); fi.Size() != 0 {
			t.Error("the empty file was initialised")
		}
	})
	t.Run("random bytes", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "journal.db")
		b := make([]byte, 64<<10)
		rand.Read(b)
		mustNil(t, os.WriteFile(path, b, 0o600))
		refused(t, path, ErrDamaged, "damaged")
	})
	t.Run("text file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		mustNil(t, os.WriteFile(path, []byte("my notes\n"), 0o600))
		refused(t, path, ErrDamaged)
	})
	t.Run("truncated", func(t *testing.T) {
		path := journalFile(t)
		mustNil(t, os.Truncate(path, 3*4096))
		refused(t, path, ErrDamaged, "cut short")
	})
	t.Run("non-journal bbolt", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		db, err := bolt.Open(path, 0o600, nil)
		mustNil(t, err)
		mustNil(t, db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("widgets"))
			if err != nil {
				return err
			}
			return b.Put([]byte("a"), []byte("b"))
		}))
		mustNil(t, db.Close())
		refused(t, path, ErrNotJournal, "not a mentorlog journal")
	})
	t.Run("blank bbolt read-only", func(t *testing.T) {
		// A read-only command on a bbolt file nothing wrote to says what it
		// is and how to start a journal there; opening it to write starts
		// one, below.
		path := filepath.Join(t.TempDir(), "blank.db")
		db, err := bolt.Open(path, 0o600, nil)
		mustNil(t, err)
		mustNil(t, db.Close())
		before := fileHash(t, path)
		_, err = Open(path, Options{ReadOnly: true})
		if !errors.Is(err, ErrNotJournal) || !strings.Contains(err.Error(), "no journal in it yet") || strings.Contains(err.Error(), "nothing was saved") {
			t.Fatalf("read-only open of a blank bbolt file: %v", err)
		}
		if fileHash(t, path) != before {
			t.Error("the file changed")
		}
		s, err := Open(path, Options{})
		mustNil(t, err)
		mustNil(t, s.Check())
		mustNil(t, s.Close())
	})
	t.Run("foreign meta marker", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		db, err := bolt.Open(path, 0o600, nil)
		mustNil(t, err)
		mustNil(t, db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket(bMeta)
			if err != nil {
				return err
			}
			return b.Put(kApp, []byte("someone else"))
		}))
		mustNil(t, db.Close())
		refused(t, path, ErrNotJournal)
	})
	t.Run("newer version", func(t *testing.T) {
		path := journalFile(t)
		db, err := bolt.Open(path, 0o600, nil)
		mustNil(t, err)
		mustNil(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte(strconv.Itoa(SchemaVersion+1))) }))
		mustNil(t, db.Close())
		refused(t, path, ErrNewerVersion, "newer mentorlog", "update mentorlog")
	})
	t.Run("a flipped bit in either header page", func(t *testing.T) {
		// bbolt would open on the other page, which may be the state
		// before the last save: refused, instead of a silent roll-back.
		for page := 0; page < 2; page++ {
			path := journalFile(t)
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			mustNil(t, err)
			at := int64(page)*4096 + pageHeader + 44 // inside the checksummed part
			b := make([]byte, 1)
			_, err = f.ReadAt(b, at)
			mustNil(t, err)
			b[0] ^= 0x10
			_, err = f.WriteAt(b, at)
			mustNil(t, err)
			mustNil(t, f.Close())
			refused(t, path, ErrDamaged, "header pages is unreadable", "undo the last save", "not changed")
		}
	})
	t.Run("zeroed data pages", func(t *testing.T) {
		// The header is fine but the pages after it are garbage: bbolt
		// panics while reading them; Open reports damage.
		path := journalFile(t)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		mustNil(t, err)
		fi, _ := f.Stat()
		junk := make([]byte, fi.Size()-2*4096)
		rand.Read(junk)
		_, err = f.WriteAt(junk, 2*4096)
		mustNil(t, err)
		f.Close()
		refused(t, path, ErrDamaged)
	})
}

// TestTruncatedFileFaultIsCaught shows that even when the header check is
// bypassed, a journal cut short (a memory fault inside bbolt) becomes
// ErrDamaged instead of killing the process.
func TestTruncatedFileFaultIsCaught(t *testing.T) {
	path := journalFile(t)
	mustNil(t, os.Truncate(path, 3*4096))
	testSkipHeaderCheck = true
	defer func() { testSkipHeaderCheck = false }()
	before := fileHash(t, path)
	s, err := Open(path, Options{Timeout: 200 * time.Millisecond, ReadOnly: true})
	if err == nil {
		s.Close()
		t.Fatal("opened a truncated journal")
	}
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("error %v, want ErrDamaged", err)
	}
	if fileHash(t, path) != before {
		t.Error("file changed")
	}
	t.Log(err)
}

// sameAfterMigration checks that an upgraded journal passes its check and
// exports and summarises as it did before it was made old.
func sameAfterMigration(t *testing.T, s *Store, wantExport string, wantSums []model.Summary) {
	t.Helper()
	mustNil(t, s.Check())
	// Layouts before 6 had no revisions: the records are what must stay.
	if got := withoutRevisions(t, exportString(t, s)); got != withoutRevisions(t, wantExport) {
		t.Error("export changed by the migration")
	}
	sums, err := s.ListSummaries(ctx)
	mustNil(t, err)
	if !reflect.DeepEqual(sums, wantSums) {
		t.Errorf("summaries after migration:\n got %+v\nwant %+v", sums, wantSums)
	}
}

// withoutRevisions is an export with its revisions left out.
func withoutRevisions(t *testing.T, export string) string {
	t.Helper()
	a := decodeArchive(t, export)
	for i := range a.Relationships {
		a.Relationships[i].Revisions = nil
	}
	b, err := json.Marshal(a)
	mustNil(t, err)
	return string(b)
}

// toVersion3 takes every value of a current journal out of its envelope,
// failing the test on a value whose check does not hold: the version 3
// layout.
func toVersion3(t *testing.T, path string) {
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		for _, name := range valueBuckets() {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			var kvs [][2][]byte
			if err := b.ForEach(func(k, v []byte) error {
				p, err := unwrap(tx, name, k, v)
				kvs = append(kvs, [2][]byte{clone(k), clone(p)})
				return err
			}); err != nil {
				return err
			}
			for _, kv := range kvs {
				if err := b.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
		}
		for _, name := range [][]byte{bText, bTextSig} { // version 5's
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		if err := toVersion5Tx(tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("3"))
	}))
	mustNil(t, db.Close())
}

// downgrade turns a current journal into the version 1 layout: records
// only, no derived buckets.
// toVersion5Tx takes out what version 6 added: the buckets of exchanges,
// the journal's id, clock and identity. (List items keep their ids: a
// version 5 journal written by this build's tests had them.)
func toVersion5Tx(tx *bolt.Tx) error {
	for _, name := range sharedBuckets {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
	}
	for _, k := range [][]byte{kJournal, kClock, kIdentity} {
		if err := tx.Bucket(bMeta).Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// TestMigrationFromVersion5 opens a version 5 journal, whose list items
// have no ids: each gets the id made from its relationship, list and
// place, so two journals holding the same plan name its items alike.
func TestMigrationFromVersion5(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	f := fill(t, s, "Ada")
	_, err = s.UpdatePlan(ctx, f.Rel.ID, func(_ model.Relationship, p *model.Plan) error {
		p.Trust.Stories = []model.Story{{Story: "first"}, {Story: "second"}}
		return nil
	})
	mustNil(t, err)
	mustNil(t, s.Close())
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		rel, _ := idBytes(f.Rel.ID)
		var p model.Plan
		if err := decode(tx, bPlans, rel, tx.Bucket(bPlans).Get(rel), &p); err != nil {
			return err
		}
		for i := range p.Trust.Stories {
			p.Trust.Stories[i].ID = ""
		}
		v, _ := encode(p)
		if err := put(tx, bPlans, rel, v); err != nil {
			return err
		}
		if err := toVersion5Tx(tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("5"))
	}))
	mustNil(t, db.Close())
	copyJournalFile(t, path, filepath.Join(dir, "copy.db"))
	var ids [2][]model.ID
	for i, p := range []string{path, filepath.Join(dir, "copy.db")} {
		s, err := Open(p, Options{})
		mustNil(t, err)
		got, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		for _, x := range got.Plan.Trust.Stories {
			ids[i] = append(ids[i], x.ID)
		}
		mustNil(t, s.Check())
		mustNil(t, s.Close())
	}
	if len(ids[0]) != 2 || ids[0][0] == "" || ids[0][0] >= ids[0][1] || ids[0][0] != ids[1][0] || ids[0][1] != ids[1][1] {
		t.Fatalf("story ids after the upgrade: %v and %v; want two, in order, the same in both copies", ids[0], ids[1])
	}
	if _, err := os.Stat(fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion)); err != nil {
		t.Fatalf("no copy of the version 5 journal: %v", err)
	}
}

func downgrade(t *testing.T, path string) {
	toVersion3(t, path)
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		for _, name := range derivedBuckets {
			if tx.Bucket(name) == nil {
				continue // not in version 3 either
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("1"))
	}))
	mustNil(t, db.Close())
}

// TestMigrationFromVersion2 opens a version 2 journal, whose summaries
// lack the fields version 3 added: the migration rebuilds them, keeps a
// copy of the old file, and changes no record.
func TestMigrationFromVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	f := fill(t, s, "Ada")
	se := session(f.Rel.ID, "2026-02-24", "layers")
	se.Layers = []model.Layer{model.LayerTrust, model.LayerMeaning}
	mustNil(t, s.SaveSession(ctx, se))
	mustNil(t, s.SaveRoadmapItem(ctx, model.RoadmapItem{ID: newID(), RelID: f.Rel.ID, Position: 3, Topic: "Next up", Status: model.TopicPlanned}))
	wantExport := exportString(t, s)
	wantSums, err := s.ListSummaries(ctx)
	mustNil(t, err)
	if wantSums[0].Recent[model.LayerMeaning] != 1 || wantSums[0].NextTopic != "Next up" || wantSums[0].SinceHealth != 1 {
		t.Fatalf("summary before: %+v", wantSums[0])
	}
	mustNil(t, s.Close())

	// Make it version 2: no envelopes, summaries without the new fields.
	toVersion3(t, path)
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSummaries)
		return b.ForEach(func(k, v []byte) error {
			var m map[string]any
			if err := json.Unmarshal(v, &m); err != nil {
				return err
			}
			for _, f := range []string{"recent_layers", "recent_marked", "last_health", "since_health", "signed_changed", "next_topic"} {
				if _, ok := m[f]; !ok && f != "signed_changed" {
					return fmt.Errorf("summary has no %s", f)
				}
				delete(m, f)
			}
			old, err := json.Marshal(m)
			if err != nil {
				return err
			}
			return b.Put(k, old)
		})
	}))
	mustNil(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte("2")) }))
	mustNil(t, db.Close())
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	b, err := bolt.Open(fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion), 0o600, &bolt.Options{ReadOnly: true})
	mustNil(t, err)
	mustNil(t, b.View(func(tx *bolt.Tx) error {
		if string(tx.Bucket(bMeta).Get(kSchema)) != "2" {
			t.Error("the copy before the upgrade is not the version 2 journal")
		}
		return nil
	}))
	b.Close()
	sameAfterMigration(t, s, wantExport, wantSums)
}

func TestMigrationFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	fill(t, s, "Ada")
	fill(t, s, "Bob")
	wantExport := exportString(t, s)
	wantSums, err := s.ListSummaries(ctx)
	mustNil(t, err)
	mustNil(t, s.Close())
	downgrade(t, path)
	v1 := fileHash(t, path)

	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrOlderLayout) || !strings.Contains(err.Error(), "open it once for writing") {
		t.Errorf("read-only open of an old journal: %v", err)
	}
	if fileHash(t, path) != v1 {
		t.Fatal("read-only open changed the old journal")
	}
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	if bak := fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion); fileHash(t, bak) == "" {
		t.Fatal("no backup")
	} else {
		// The backup is a copy of the old journal's data.
		b, err := bolt.Open(bak, 0o600, &bolt.Options{ReadOnly: true})
		mustNil(t, err)
		mustNil(t, b.View(func(tx *bolt.Tx) error {
			if string(tx.Bucket(bMeta).Get(kSchema)) != "1" || tx.Bucket(bSummaries) != nil {
				t.Error("backup is not the version 1 journal")
			}
			return nil
		}))
		b.Close()
	}
	sameAfterMigration(t, s, wantExport, wantSums)
	open, _ := s.OpenFollowUps(ctx)
	if len(open) != 4 {
		t.Errorf("%d open follow-ups after migration, want 4", len(open))
	}
}

// TestCrashSafety kills a child process that saves sessions at random
// moments, then checks the journal and every save the child reported.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process 100 times")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	rel := newRel(t, s, "Ada")
	mustNil(t, s.Close())

	// MENTORLOG_KILLS=N kills N times instead (a longer run than CI's,
	// for a report), with the time allowed grown to match.
	want := 100
	if v, err := strconv.Atoi(os.Getenv("MENTORLOG_KILLS")); err == nil && v > 0 {
		want = v
	}
	var saved []model.ID
	deadline := time.Now().Add(time.Duration(want) * 600 * time.Millisecond)
	kills := 0
	for kills < want && time.Now().Before(deadline) {
		cmd, out, in := child(t, "crash", path, "MENTORLOG_STORE_REL="+string(rel.ID))
		lines := make(chan string, 1024)
		go func() {
			for out.Scan() {
				lines <- out.Text()
			}
			close(lines)
		}()
		// Wait for the first save, then kill a few milliseconds later.
		first := true
		timer := time.NewTimer(10 * time.Second)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if id, found := strings.CutPrefix(l, "saved "); found {
					saved = append(saved, model.ID(id))
					if first {
						first = false
						timer.Reset(time.Duration(1+time.Now().UnixNano()%30) * time.Millisecond)
					}
				} else if strings.HasPrefix(l, "error") {
					t.Fatalf("child: %s", l)
				}
			case <-timer.C:
				_ = cmd.Process.Kill() // SIGKILL
				kills++
				for l := range lines {
					if id, found := strings.CutPrefix(l, "saved "); found {
						saved = append(saved, model.ID(id))
					}
				}
				break read
			}
		}
		in.Close()
		_ = cmd.Wait()
	}
	if kills < want {
		t.Logf("only %d kills in the time allowed", kills)
	}
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	mustNil(t, s.Check())
	full, err := s.LoadFull(ctx, rel.ID)
	mustNil(t, err)
	have := map[model.ID]bool{}
	for _, x := range full.Sessions {
		have[x.ID] = true
	}
	for _, id := range saved {
		if !have[id] {
			t.Fatalf("session %s was reported saved but is missing", id)
		}
	}
	sums, _ := s.ListSummaries(ctx)
	if want := model.Summarize(full); !reflect.DeepEqual(sums[0], want) {
		t.Errorf("summary after crashes:\n got %+v\nwant %+v", sums[0], want)
	}
	t.Logf("%d kills, %d saves reported, %d sessions in the journal", kills, len(saved), len(full.Sessions))
}

// TestFaultInMappedFileIsCaught truncates a journal while it is open, so
// that reading it faults (SIGBUS) inside bbolt: the store reports damage
// instead of crashing.
func TestFaultInMappedFileIsCaught(t *testing.T) {
	path := journalFile(t)
	s, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	defer s.Close()
	mustNil(t, os.Truncate(path, 2*4096))
	_, err = s.ListSummaries(ctx)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("reading a journal cut short under us: %v, want ErrDamaged", err)
	}
	t.Log(err)
}

// TestKillDuringFirstCreate kills a process at each step of creating a new
// journal: what is left at the path must be nothing or a whole journal,
// so that the next start works. bbolt creating the file in place could
// leave it empty (0 bytes), which every later Open refuses.
func TestKillDuringFirstCreate(t *testing.T) {
	for _, step := range []string{"temporary file", "laid out", "synced", "in place"} {
		t.Run(strings.ReplaceAll(step, " ", "_"), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data", "journal.db")
			cmd, out, in := child(t, "create", path, "MENTORLOG_STORE_STOP="+step)
			said := ""
			for out.Scan() {
				if said = out.Text(); said == "at "+step {
					break
				}
			}
			if said != "at "+step {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("the child never reached the step %q; its last words: %q", step, said)
			}
			_ = cmd.Process.Kill() // SIGKILL, mid-creation
			in.Close()
			_ = cmd.Wait()

			fi, err := os.Stat(path)
			switch {
			case errors.Is(err, os.ErrNotExist):
				if step == "in place" {
					t.Error("the journal was not in place after its last step")
				}
			case err != nil:
				t.Fatal(err)
			case step != "in place":
				t.Errorf("a file (%d bytes) was at the journal's path before its creation finished", fi.Size())
			}
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("the start after a kill at %q: %v", step, err)
			}
			defer s.Close()
			mustNil(t, s.Check())
			newRel(t, s, "Ada")
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("journal after a kill at %q: %v, mode %v", step, err, fi.Mode().Perm())
			}
			if step == "in place" {
				noTemps(t, filepath.Dir(path))
			}
		})
	}
}

// TestCreateKeepsAJournalThatAppeared: if another process puts a journal
// at the path while this one lays out its own, that journal is kept
// (a rename would replace it while its owner writes to it).
func TestCreateKeepsAJournalThatAppeared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	theirs := filepath.Join(t.TempDir(), "theirs.db")
	s, err := Open(theirs, Options{})
	mustNil(t, err)
	rel := newRel(t, s, "Theirs")
	mustNil(t, s.Close())
	testCreateStep = func(step string) {
		if step == "synced" {
			b, err := os.ReadFile(theirs)
			mustNil(t, err)
			mustNil(t, os.WriteFile(path, b, 0o600))
		}
	}
	defer func() { testCreateStep = nil }()
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	if _, err := s.GetRelationship(ctx, rel.ID); err != nil {
		t.Fatalf("the journal that appeared was replaced: %v", err)
	}
	noTemps(t, filepath.Dir(path))
}

// TestCreateFollowsADanglingLink: a journal path that is a symbolic link
// to a file not made yet creates that file, and the link stays a link.
func TestCreateFollowsADanglingLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "journal.db")
	link := filepath.Join(dir, "journal.db")
	mustNil(t, os.Symlink(real, link))
	s, err := Open(link, Options{})
	mustNil(t, err)
	newRel(t, s, "Ada")
	mustNil(t, s.Close())
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if fi, err := os.Stat(real); err != nil || fi.Size() == 0 {
		t.Fatalf("the link's target: %v", err)
	}
	noTemps(t, filepath.Dir(real))
}

func copyJournalFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	mustNil(t, err)
	mustNil(t, os.WriteFile(to, b, 0o600))
}

// TestMigrationFromVersion6 opens a journal whose search texts are laid
// out as version 6 kept them (rel | kind | id, one set of trigram bits per
// relationship): the texts are rebuilt in parts, and search finds what it
// found before.
func TestMigrationFromVersion6(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	fill(t, s, "Ada")
	before, err := s.Search(ctx, "budget", model.SearchOptions{})
	mustNil(t, err)
	mustNil(t, s.Close())
	if len(before) == 0 {
		t.Fatal("no hit for budget before the downgrade")
	}
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		keys, vals, err := storedTexts(tx, func(k, p []byte) ([]byte, []byte) {
			return append(clone(k[:16]), k[17:]...), clone(p)
		})
		if err != nil {
			return err
		}
		for _, name := range [][]byte{bText, bTextSig} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		for i, k := range keys {
			if err := put(tx, bText, k, vals[i]); err != nil {
				return err
			}
			if err := put(tx, bTextSig, k[:16], bytes.Repeat([]byte{0xff}, 1<<12)); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("6"))
	}))
	mustNil(t, db.Close())
	if _, err := Open(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "older layout (version 6)") {
		t.Fatalf("read-only open of a version 6 journal: %v, want the upgrade message", err)
	}
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	mustNil(t, s.Check())
	after, err := s.Search(ctx, "budget", model.SearchOptions{})
	mustNil(t, err)
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("hits after the upgrade:\n%+v\nbefore:\n%+v", after, before)
	}
	if _, err := os.Stat(fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion)); err != nil {
		t.Fatalf("no copy of the version 6 journal: %v", err)
	}
}

// storedTexts is every key and plain value of the text bucket, as old
// makes them into those of an older layout.
func storedTexts(tx *bolt.Tx, old func(k, p []byte) ([]byte, []byte)) (keys, vals [][]byte, err error) {
	c := tx.Bucket(bText).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		p, err := unwrap(tx, bText, k, v)
		if err != nil {
			return nil, nil, err
		}
		oldK, oldV := old(k, p)
		keys, vals = append(keys, oldK), append(vals, oldV)
	}
	return keys, vals, nil
}

// TestMigrationFromVersion7: a journal whose search texts were kept with
// their accents only (version 7) is found without them once upgraded:
// "resume" finds Résumé.
func TestMigrationFromVersion7(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	s, err := Open(path, Options{})
	mustNil(t, err)
	r := newRel(t, s, "Zoë")
	mustNil(t, s.SaveSession(ctx, session(r.ID, "2026-03-01", "Rewrite the Résumé before Friday")))
	mustNil(t, s.Close())
	// Version 7 kept no text without accents: take it out, as it was.
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(func(tx *bolt.Tx) error {
		keys, vals, err := storedTexts(tx, func(k, p []byte) ([]byte, []byte) {
			old := append([]byte(nil), p[:textHeader]...)
			if _, err := readTextValue(k, p, func(f storedField) {
				old = binary.AppendUvarint(old, uint64(len(f.name)))
				old = append(append(old, f.name...), f.flags&^fFold, byte(f.layer))
				old = binary.AppendUvarint(old, uint64(len(f.lower)))
				old = append(append(old, f.lower...), f.caps...)
				if f.flags&fOrig != 0 {
					old = binary.AppendUvarint(old, uint64(len(f.orig)))
					old = append(old, f.orig...)
				}
			}); err != nil {
				t.Fatal(err)
			}
			return clone(k), old
		})
		if err != nil {
			return err
		}
		for i, k := range keys {
			if err := put(tx, bText, k, vals[i]); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("7"))
	}))
	mustNil(t, db.Close())
	s, err = Open(path, Options{})
	mustNil(t, err)
	defer s.Close()
	mustNil(t, s.Check())
	hits, err := s.Search(ctx, "resume", model.SearchOptions{})
	mustNil(t, err)
	if len(hits) != 1 || hits[0].Line[hits[0].Start:hits[0].End] != "Résumé" {
		t.Fatalf("resume after the upgrade: %+v", hits)
	}
	if _, err := os.Stat(fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion)); err != nil {
		t.Fatalf("no copy of the version 7 journal: %v", err)
	}
}

// TestMigrationFromVersion8: an encrypted journal that kept links to
// deleted records (version 8 looked for them in the sealed values, and
// left them) has them cleared once upgraded: the follow-up of a deleted
// session can be saved again, the topic it held is planned again, and
// the relationship validates.
func TestMigrationFromVersion8(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	_, err := s.Encrypt(ctx, "pass word")
	mustNil(t, err)
	// What deleting the session left in version 8: the session gone, the
	// links to it kept (here, made to point at an id that is nowhere).
	gone := newID()
	mustNil(t, s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bFollowUps, bRoadmap} {
			c := tx.Bucket(b).Cursor()
			var keys, vals [][]byte
			for k, v := c.First(); k != nil; k, v = c.Next() {
				p, err := unwrap(tx, b, k, v)
				if err != nil {
					return err
				}
				keys = append(keys, clone(k))
				vals = append(vals, bytes.ReplaceAll(p, []byte(f.Sessions[0].ID), []byte(gone)))
			}
			for i, k := range keys {
				if err := put(tx, b, k, vals[i]); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("8"))
	}))
	path := s.Path()
	mustNil(t, s.Close())
	s, err = Open(path, Options{Passphrase: "pass word"})
	mustNil(t, err)
	defer s.Close()
	mustNil(t, s.Check())
	full, err := s.LoadFull(ctx, f.Rel.ID)
	mustNil(t, err)
	// The session itself is there: only the links to the id nowhere go.
	if err := full.Validate(); err != nil {
		t.Fatalf("after the upgrade the relationship does not validate: %v", err)
	}
	for _, fu := range full.FollowUps {
		if fu.SessionID != "" {
			t.Errorf("a follow-up still points at a session that is not there: %+v", fu)
		}
		mustNil(t, s.SaveFollowUp(ctx, fu))
	}
	if r := full.Roadmap[0]; r.SessionID != "" || r.Status != model.TopicPlanned {
		t.Errorf("the topic held by a session that is not there: %+v", r)
	}
	if sums, err := s.ListSummaries(ctx); err != nil || len(sums) != 1 || sums[0].NextTopic != full.Roadmap[0].Topic {
		t.Errorf("the summary's next topic is not the one planned again: %+v, %v", sums, err)
	}
	if _, err := os.Stat(fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion)); err != nil {
		t.Fatalf("no copy of the version 8 journal: %v", err)
	}
}
