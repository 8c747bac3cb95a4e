package outfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	mustNil(t, err)
	return string(b)
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

func TestWriteFileRegular(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	mustNil(t, WriteFile(p, writeString("new")))
	if got := mustRead(t, p); got != "new" {
		t.Fatalf("new file holds %q", got)
	}
	if m := lmode(t, p); !m.IsRegular() || m.Perm() != 0o600 {
		t.Errorf("new file mode %v, want a regular file 0600", m)
	}
	// an existing file is replaced whole, not truncated and rewritten
	mustNil(t, os.Chmod(p, 0o644))
	before, err := os.Stat(p)
	mustNil(t, err)
	mustNil(t, WriteFile(p, writeString("second")))
	after, err := os.Stat(p)
	mustNil(t, err)
	if got := mustRead(t, p); got != "second" {
		t.Fatalf("replaced file holds %q", got)
	}
	if os.SameFile(before, after) {
		t.Error("the file was rewritten in place, not replaced in one step")
	}
	// a failed write leaves the old file as it was
	if err := WriteFile(p, func(w io.Writer) error { io.WriteString(w, "half"); return io.ErrUnexpectedEOF }); err == nil {
		t.Fatal("a failing write gave no error")
	}
	if got := mustRead(t, p); got != "second" {
		t.Fatalf("a failed write left %q", got)
	}
	noTemps(t, dir)
}

func TestWriteFileFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "real.md")
	mustNil(t, os.MkdirAll(filepath.Dir(real), 0o700))
	mustNil(t, os.WriteFile(real, []byte("old"), 0o600))
	// a relative link, and a link to that link
	link := filepath.Join(dir, "link.md")
	mustNil(t, os.Symlink(filepath.Join("data", "real.md"), link))
	chain := filepath.Join(dir, "chain.md")
	mustNil(t, os.Symlink(link, chain))

	for _, p := range []string{link, chain} {
		mustNil(t, WriteFile(p, writeString("via "+filepath.Base(p))))
		if m := lmode(t, p); m&fs.ModeSymlink == 0 {
			t.Fatalf("%s is no longer a symbolic link: %v", p, m)
		}
		if m := lmode(t, real); !m.IsRegular() {
			t.Fatalf("the target is no longer a regular file: %v", m)
		}
		if got := mustRead(t, real); got != "via "+filepath.Base(p) {
			t.Fatalf("the target holds %q", got)
		}
	}
	if got, _ := os.Readlink(link); got != filepath.Join("data", "real.md") {
		t.Errorf("the link changed: %q", got)
	}
	noTemps(t, dir)
	noTemps(t, filepath.Dir(real))

	// a link that points nowhere yet: its target is created, the link kept
	dangling := filepath.Join(dir, "dangling.md")
	mustNil(t, os.Symlink("later.md", dangling))
	mustNil(t, WriteFile(dangling, writeString("now")))
	if m := lmode(t, dangling); m&fs.ModeSymlink == 0 {
		t.Fatalf("the dangling link was replaced: %v", m)
	}
	if got := mustRead(t, filepath.Join(dir, "later.md")); got != "now" {
		t.Fatalf("the link's target holds %q", got)
	}

	// a loop of links is an error, not a hang
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustNil(t, os.Symlink(b, a))
	mustNil(t, os.Symlink(a, b))
	if err := WriteFile(a, writeString("x")); err == nil || !strings.Contains(err.Error(), "loop") {
		t.Fatalf("a link loop: %v", err)
	}
}

func TestWriteFileIntoAFifo(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	mustNil(t, syscall.Mkfifo(fifo, 0o600))
	got := make(chan string, 1)
	go func() {
		b, err := os.ReadFile(fifo) // blocks until the writer opens it
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- string(b)
	}()
	want := strings.Repeat("journal line\n", 10000) // more than a pipe buffer
	mustNil(t, WriteFile(fifo, writeString(want)))
	select {
	case g := <-got:
		if g != want {
			t.Fatalf("the reader got %d bytes, want %d", len(g), len(want))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the reader got nothing")
	}
	if m := lmode(t, fifo); m&fs.ModeNamedPipe == 0 {
		t.Fatalf("the fifo was replaced: %v", m)
	}
}

func TestWriteFileIntoDevNull(t *testing.T) {
	const null = "/dev/null"
	before, err := os.Lstat(null)
	if err != nil || before.Mode()&fs.ModeCharDevice == 0 {
		t.Skipf("no character device at %s here", null)
	}
	// Guard the machine: only go on if /dev/null is seen as a device.
	if tg, err := Resolve(null); err != nil || !tg.Special || tg.Path != null {
		t.Fatalf("%s is not seen as a device to write into: %+v, %v", null, tg, err)
	}
	mustNil(t, WriteFile(null, writeString("discarded")))
	after, err := os.Lstat(null)
	mustNil(t, err)
	if after.Mode() != before.Mode() || !os.SameFile(before, after) {
		t.Fatalf("%s changed: mode %v, was %v", null, after.Mode(), before.Mode())
	}
}

func TestWriteFileRefusesAFolder(t *testing.T) {
	dir := t.TempDir()
	err := WriteFile(dir, writeString("x"))
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("writing over a folder: %v", err)
	}
	// a link to a folder is refused the same way
	link := filepath.Join(t.TempDir(), "dirlink")
	mustNil(t, os.Symlink(dir, link))
	if err := WriteFile(link, writeString("x")); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("writing over a link to a folder: %v", err)
	}
	if m := lmode(t, link); m&fs.ModeSymlink == 0 {
		t.Fatal("the link to the folder was replaced")
	}
}

func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	mustNil(t, os.WriteFile(a, nil, 0o600))
	hard, soft, other := filepath.Join(dir, "hard"), filepath.Join(dir, "soft"), filepath.Join(dir, "other")
	mustNil(t, os.Link(a, hard))
	mustNil(t, os.Symlink(a, soft))
	mustNil(t, os.WriteFile(other, nil, 0o600))
	for _, p := range []string{a, hard, soft, filepath.Join(dir, ".", "a")} {
		if !SameFile(p, a) {
			t.Errorf("SameFile(%s, a) = false", p)
		}
	}
	for _, p := range []string{other, filepath.Join(dir, "missing")} {
		if SameFile(p, a) {
			t.Errorf("SameFile(%s, a) = true", p)
		}
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileReadsBackBeforeReplacing damages the written file before it
// is read back, as a disk that lost a write would: the error says so and
// the old file stays.
func TestWriteFileReadsBackBeforeReplacing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "backup.json")
	mustNil(t, WriteFile(p, writeString("the good copy")))
	testAfterWrite = func(tmp string) {
		b, err := os.ReadFile(tmp)
		mustNil(t, err)
		b[3] ^= 0x20
		mustNil(t, os.WriteFile(tmp, b, 0o600))
	}
	defer func() { testAfterWrite = nil }()
	err := WriteFile(p, writeString("the next copy"))
	if err == nil || !strings.Contains(err.Error(), "reads back differently") || !strings.Contains(err.Error(), "was not changed") {
		t.Fatalf("error %v, want a read-back failure", err)
	}
	if got := mustRead(t, p); got != "the good copy" {
		t.Fatalf("the old file holds %q", got)
	}
	noTemps(t, dir)
}
