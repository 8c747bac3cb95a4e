// Package outfile writes the files mentorlog writes where a user said:
// complete or absent, through symbolic links, into pipes and devices as
// they are.
package outfile

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile writes the file at path with write. Every file mentorlog
// writes where the user said (`export -o`, `backup`, a migration's backup
// copy) goes through it, so they all treat what is already there alike:
//
//   - a regular file, or none yet, is replaced in one step: write goes to
//     a temporary file next to it (mode 0600), which is synced and renamed
//     over it, and the folder is synced so the rename survives a crash.
//     Before the rename, the temporary file is read back and compared
//     with what was written (by CRC-32C), so a write the system cut short
//     or changed is reported and the old file stays. (The read comes
//     through the system's cache: a drive that loses data later is beyond
//     it.) The file is complete or absent, never half-written.
//   - a symbolic link is followed (link by link, so one that points
//     nowhere yet creates its target) and the file it leads to is replaced
//     as above: the link stays a link.
//   - a named pipe, a device or anything else that is not a regular file
//     is written into as it is: opened for writing, never renamed over and
//     never chmodded (`-o /dev/stdout`, `-o /dev/null`, a pipe a reader
//     waits on).
//   - a folder is refused.
func WriteFile(path string, write func(w io.Writer) error) error {
	t, err := Resolve(path)
	if err != nil {
		return err
	}
	return t.Write(write)
}

// SameFile reports whether a and b name the same existing file, following
// symbolic links (and seeing through hard links).
func SameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// Target is where WriteFile writes.
type Target struct {
	Path    string // the file itself: the path asked for with its links followed
	Special bool   // it exists and is not a regular file: write into it in place
}

// maxLinks is how many symbolic links Resolve follows before it gives
// up on a loop.
const maxLinks = 40

// Resolve follows path's symbolic links to the file that WriteFile
// should write, and says how.
func Resolve(path string) (Target, error) {
	p := path
	for hops := 0; ; hops++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return Target{Path: p}, nil
		}
		if err != nil {
			return Target{}, fmt.Errorf("cannot write to %s: %w", path, errors.Unwrap(err))
		}
		m := fi.Mode()
		switch {
		case m&fs.ModeSymlink != 0:
		case m.IsDir():
			return Target{}, fmt.Errorf("%s is a folder: give a file name", path)
		case m.IsRegular():
			return Target{Path: p}, nil
		default:
			return Target{Path: p, Special: true}, nil
		}
		if hops == maxLinks {
			return Target{}, fmt.Errorf("cannot write to %s: it is a loop of symbolic links", path)
		}
		link, err := os.Readlink(p)
		if err != nil {
			return Target{}, fmt.Errorf("cannot write to %s: %w", path, errors.Unwrap(err))
		}
		if !filepath.IsAbs(link) {
			// Relative to the link's folder; not cleaned, so that ".."
			// means what the system makes of it.
			dir := filepath.Dir(p)
			if !strings.HasSuffix(dir, string(filepath.Separator)) {
				dir += string(filepath.Separator)
			}
			link = dir + link
		}
		p = link
	}
}

// Write writes the target: in place, or by replacing the file whole.
func (t Target) Write(write func(w io.Writer) error) error {
	if t.Special {
		return WriteInPlace(t.Path, write)
	}
	return replaceFile(t.Path, write)
}

// WriteInPlace writes into a file that is not a regular one, as it is.
func WriteInPlace(path string, write func(w io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", path, errors.Unwrap(err))
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s failed: %w", path, err)
	}
	return nil
}

// replaceFile writes a regular file that is complete or absent.
func replaceFile(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write to %s (%v): check the folder exists and you may write there", dir, errors.Unwrap(err))
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	sum := crc32.New(castagnoli)
	if err := write(syncWriter{io.MultiWriter(tmp, sum), tmp}); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("syncing %s to disk failed: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if testAfterWrite != nil {
		testAfterWrite(tmp.Name())
	}
	if err := readsBack(tmp.Name(), sum.Sum32()); err != nil {
		return fmt.Errorf("%w: %s was not changed", err, path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot replace %s: %w", path, err)
	}
	// The file is in place; syncing the folder makes the rename survive a
	// crash where the file system supports it.
	_ = SyncDir(dir)
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// testAfterWrite lets a test damage the temporary file between the write
// and the read back; nil in use.
var testAfterWrite func(tmp string)

// syncWriter is a writer that also syncs its file: what write is given
// still says it can be synced, as the file itself would.
type syncWriter struct {
	io.Writer
	f *os.File
}

func (w syncWriter) Sync() error { return w.f.Sync() }

// readsBack reads the file at path and compares its CRC-32C with want.
func readsBack(path string, want uint32) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read back what was written: %w", err)
	}
	defer f.Close()
	got := crc32.New(castagnoli)
	if _, err := io.Copy(got, f); err != nil {
		return fmt.Errorf("cannot read back what was written: %w", err)
	}
	if got.Sum32() != want {
		return errors.New("what was written reads back differently")
	}
	return nil
}

// SyncDir syncs a folder, so that a file created or renamed in it
// survives a crash where the file system supports it.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ExpandHome turns a leading ~ or ~/ of a path a person typed into the
// home folder, as a shell would.
func ExpandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	return p
}
