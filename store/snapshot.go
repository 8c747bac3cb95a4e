package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mentorlog/outfile"
)

// Snapshot writes a consistent copy of the journal at src to dst without
// taking the journal's file lock, so it works while the app has the journal
// open. It is how `mentorlog backup` and the read-only commands work beside
// a running app.
//
// Why it is consistent: bbolt never overwrites a page that the newest
// committed meta page can reach until a later commit has replaced that
// meta. So the file is copied between two reads of the newest meta's
// transaction id; if they agree, the copy's newest meta and every page it
// reaches are the committed state of that transaction. If a commit landed
// during the copy, it is tried again. The copy is then checked with bbolt's
// own consistency check, synced, renamed into place and its folder synced.
// dst is treated as WriteFile treats it: a symbolic link is followed, and
// a pipe or a device gets the checked copy written into it.
//
// An encrypted journal's copy stays encrypted; pass, its passphrase, lets
// the copy be checked.
func Snapshot(src, dst, pass string) error {
	return snapshot(src, dst, pass, snapshotHooks{})
}

// snapshotAttempts is how many copies Snapshot takes before it gives up
// on a journal that is written all the time.
const snapshotAttempts = 50

// snapshotHooks let a test decide what happens during a snapshot, so that
// "a commit landed during the copy" is something the test makes happen,
// not something it hopes a goroutine will do in time. Every field may be
// nil; Snapshot passes none.
type snapshotHooks struct {
	midCopy   func(attempt int) // after the two meta pages are copied, before the data pages
	afterCopy func(attempt int) // after the copy, before the second look at the meta
	tempFile  func(path string) // names the temporary file the copies go to
	wait      func(attempt int) // before every attempt after the first; nil sleeps
}

func snapshot(src, dst, pass string, h snapshotHooks) error {
	if outfile.SameFile(src, dst) {
		return fmt.Errorf("the copy %s would overwrite the journal itself: choose another file", dst)
	}
	if err := checkHeader(src); err != nil {
		return err
	}
	t, err := outfile.Resolve(dst)
	if err != nil {
		return err
	}
	// The copy is taken and checked in a temporary file: next to the
	// target, to be renamed over it; for a pipe or a device, in the
	// temporary folder, to be written into it once checked.
	dir := filepath.Dir(t.Path)
	tmpDir := dir
	if t.Special {
		tmpDir = ""
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(tmpDir, filepath.Base(t.Path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write the copy next to %s: %w", dst, errors.Unwrap(err))
	}
	tmp := f.Name()
	_ = f.Close()
	if h.tempFile != nil {
		h.tempFile(tmp)
	}
	defer os.Remove(tmp)
	var lastErr error
	for attempt := 0; attempt < snapshotAttempts; attempt++ {
		if attempt > 0 {
			if h.wait != nil {
				h.wait(attempt)
			} else {
				time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
			}
		}
		before, pageSize, err := newestTxid(src)
		if err != nil {
			return err
		}
		var mid func()
		if h.midCopy != nil {
			mid = func() { h.midCopy(attempt) }
		}
		if err := copyFile(src, tmp, 2*int64(pageSize), mid); err != nil {
			return fmt.Errorf("cannot copy %s to %s: %w", src, tmp, err)
		}
		if h.afterCopy != nil {
			h.afterCopy(attempt)
		}
		after, _, err := newestTxid(src)
		if err != nil {
			return err
		}
		copied, _, err := newestTxid(tmp)
		if err != nil || before != after || copied != before {
			lastErr = fmt.Errorf("the journal changed while it was copied")
			continue // a commit landed during the copy: try again
		}
		if err := verifyCopy(tmp, src, pass); err != nil {
			// The copy holds exactly the committed state of the journal
			// (the transaction did not change around it), and bbolt never
			// overwrites a page that state reaches: the damage is the
			// journal's own, and another copy would have it too.
			return err
		}
		if t.Special {
			return outfile.WriteInPlace(t.Path, func(w io.Writer) error { return copyTo(w, tmp) })
		}
		if err := syncFile(tmp); err != nil {
			return fmt.Errorf("cannot sync %s: %w", tmp, err)
		}
		if err := os.Rename(tmp, t.Path); err != nil {
			return fmt.Errorf("cannot move the copy into place at %s: %w", dst, err)
		}
		_ = outfile.SyncDir(dir) // as in replaceFile
		return nil
	}
	return fmt.Errorf("could not take a consistent copy of %s (%v): the journal is being written continuously; try again in a moment", src, lastErr)
}

// newestTxid reads the transaction id of the newest valid meta page, and
// the file's page size.
func newestTxid(path string) (uint64, uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, fmt.Errorf("cannot read journal %s: %w", path, err)
	}
	defer f.Close()
	p := make([]byte, 128)
	n, _ := f.ReadAt(p, 0)
	m0 := parseMeta(p[:n])
	if !m0.ok {
		return 0, 0, fail(ErrDamaged, nil, "journal %s has no valid header: restore it from a backup", path)
	}
	q := make([]byte, 128)
	best := m0.txid
	if n, _ := f.ReadAt(q, int64(m0.pageSize)); n == len(q) {
		if m1 := parseMeta(q); m1.ok && m1.txid > best {
			best = m1.txid
		}
	}
	return best, m0.pageSize, nil
}

// copyFile copies src to dst. When mid is not nil it is called once the
// first split bytes have been copied.
func copyFile(src, dst string, split int64, mid func()) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if mid != nil {
		if _, err := io.CopyN(out, in, split); err != nil {
			_ = out.Close()
			return err
		}
		mid()
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// copyTo writes the file at src to w.
func copyTo(w io.Writer, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(w, in)
	return err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// verifyCopy opens the copy at path read-only and runs the consistency
// check; what it finds is told of the journal src, not of the copy, which
// is removed.
func verifyCopy(path, src, pass string) error {
	s, err := Open(path, Options{ReadOnly: true, Timeout: time.Second, Passphrase: pass})
	if err == nil {
		err = s.Check()
		s.Close()
	}
	if err != nil && errors.Is(err, ErrDamaged) {
		return fail(ErrDamaged, err, "%s", strings.ReplaceAll(err.Error(), path, src))
	}
	return err
}
