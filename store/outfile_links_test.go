package store

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBackupAndSnapshotKeepWhatIsThere: both ways of copying the journal
// follow a link and write into a fifo, as WriteFile does.
func TestBackupAndSnapshotKeepWhatIsThere(t *testing.T) {
	s := openTemp(t)
	fill(t, s, "Ada")
	for _, c := range []struct {
		name string
		copy func(dst string) error
	}{
		{"backup", func(dst string) error { return s.Backup(ctx, dst) }},
		{"snapshot", func(dst string) error { return Snapshot(s.Path(), dst, "") }},
	} {
		dir := t.TempDir()
		real := filepath.Join(dir, "real.db")
		mustNil(t, os.WriteFile(real, []byte("an older backup"), 0o600))
		link := filepath.Join(dir, "latest.db")
		mustNil(t, os.Symlink("real.db", link))
		mustNil(t, c.copy(link))
		if m := lmode(t, link); m&fs.ModeSymlink == 0 {
			t.Fatalf("%s: the link was replaced: %v", c.name, m)
		}
		copied, err := Open(real, Options{ReadOnly: true})
		mustNil(t, err)
		sums, err := copied.ListSummaries(ctx)
		mustNil(t, err)
		copied.Close()
		if len(sums) != 1 || sums[0].Rel.MenteeName != "Ada" {
			t.Fatalf("%s: the link's target holds %d relationships", c.name, len(sums))
		}
		noTemps(t, dir)

		fifo := filepath.Join(dir, "pipe")
		mustNil(t, syscall.Mkfifo(fifo, 0o600))
		got := make(chan []byte, 1)
		go func() {
			b, _ := os.ReadFile(fifo)
			got <- b
		}()
		mustNil(t, c.copy(fifo))
		b := <-got
		if !bytes.Equal(b, mustReadBytes(t, real)) {
			t.Fatalf("%s: the reader of the fifo got %d bytes, not the copy of %d", c.name, len(b), len(mustReadBytes(t, real)))
		}
		if m := lmode(t, fifo); m&fs.ModeNamedPipe == 0 {
			t.Fatalf("%s: the fifo was replaced: %v", c.name, m)
		}
		// what came through the fifo is a journal
		through := filepath.Join(dir, "through.db")
		mustNil(t, os.WriteFile(through, b, 0o600))
		j, err := Open(through, Options{ReadOnly: true})
		mustNil(t, err)
		mustNil(t, j.Check())
		j.Close()

		// a folder is refused with a plain message
		if err := c.copy(dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
			t.Fatalf("%s over a folder: %v", c.name, err)
		}
		// a link to the journal itself is refused
		self := filepath.Join(dir, "self.db")
		mustNil(t, os.Symlink(s.Path(), self))
		if err := c.copy(self); err == nil || !strings.Contains(err.Error(), "journal itself") {
			t.Fatalf("%s over a link to the journal: %v", c.name, err)
		}
	}
}

func mustReadBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	mustNil(t, err)
	return b
}

func lmode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	mustNil(t, err)
	return fi.Mode()
}

// noTemps fails if a temporary file was left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	mustNil(t, err)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") || strings.Contains(e.Name(), ".creating") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
