package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// Source is an archive read one relationship at a time (package archive
// reads one from a file): its header (Relationships is not read), its
// size in bytes (0 for one held in memory), and Each, which calls yield
// with every relationship in order and the bytes it takes in the file,
// the same ones each time it is called (it is called twice: what is
// checked is what is written), or fails.
type Source struct {
	Head model.Archive
	Size int64
	Each func(yield func(f model.Full, size int64) error) error
}

// ArchiveError is the error of an archive that does not pass
// model.ArchiveCheck: nothing was imported. Err lists its problems.
type ArchiveError struct{ Err error }

func (e *ArchiveError) Error() string { return "nothing was imported: " + e.Err.Error() }
func (e *ArchiveError) Unwrap() error { return e.Err }

// importBatch is how many bytes of an archive one transaction of a staged
// import writes: a transaction holds what it writes in memory until it
// commits, about three times the archive's bytes (the records, their
// search texts and revisions). An archive no larger is written in one
// transaction.
var importBatch int64 = batchBytes

// Import is ImportFrom for an archive held in memory, written in one
// transaction.
func (s *Store) Import(ctx context.Context, a model.Archive) (ImportResult, error) {
	return s.ImportFrom(ctx, Source{Head: a, Each: func(yield func(model.Full, int64) error) error {
		for _, f := range a.Relationships {
			if err := yield(f, 0); err != nil {
				return err
			}
		}
		return nil
	}})
}

// ImportFrom checks the whole archive of src, then writes all of it or
// nothing. Records are matched by id: new ones are added, changed ones
// replaced, identical ones left alone, so importing the same archive
// twice changes nothing. Records of the journal that the archive does not
// mention stay. A record the journal holds updated later than the
// archive's copy is kept (Kept): an older export never puts back what was
// changed since. A record the import changes is an edit of this journal,
// so it travels in the next exchange.
// An import never clears a private note (model.Full.Shared says which):
// one that is empty in the archive keeps what the journal has, and a
// shared archive never changes the journal's private notes at all. Only
// an edit in the app clears one.
// An archive larger than importBatch is written into a copy of the
// journal, a batch per transaction, and the copy put in place of the
// journal (replaceJournal), so that memory does not grow with the file.
func (s *Store) ImportFrom(ctx context.Context, src Source) (ImportResult, error) {
	check := model.NewArchiveCheck(src.Head)
	if err := src.Each(func(f model.Full, _ int64) error {
		check.Add(f)
		return ctx.Err()
	}); err != nil {
		return ImportResult{}, fmt.Errorf("nothing was imported: %w", err)
	}
	if err := check.Err(); err != nil {
		return ImportResult{}, &ArchiveError{err}
	}
	var res ImportResult
	var err error
	if src.Size > importBatch {
		err = s.replaceJournal(ctx, func(tmp string) (*keyring, error) {
			res = ImportResult{}
			if err := s.importStaged(ctx, src, tmp, &res); err != nil {
				return nil, err
			}
			if res.NothingNew() {
				return nil, errKeepJournal // the journal stays as it is, file and all
			}
			res.Rewritten = true
			return s.ring, nil
		})
	} else {
		err = s.write(ctx, func(tx *bolt.Tx) error {
			res = ImportResult{}
			w, err := newImporter(tx, src.Head, &res, s.now())
			if err != nil {
				return err
			}
			if err := ahead(src.Each, func(f model.Full, _ int64) error { return w.add(ctx, tx, f) }); err != nil {
				return err
			}
			return w.done(tx)
		})
	}
	switch {
	case errors.Is(err, ErrReopen):
		return res, err // imported, but the journal must be opened again
	case err != nil:
		return ImportResult{}, fmt.Errorf("nothing was imported: %w", err)
	}
	return res, nil
}

// importStaged copies the journal into tmp and imports src there, a
// transaction for each importBatch bytes of it.
func (s *Store) importStaged(ctx context.Context, src Source, tmp string, res *ImportResult) error {
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot copy the journal to import into it (%w): check the free space", err)
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.opt.Timeout})
	if err != nil {
		return err
	}
	if s.ring != nil {
		rings.Store(dst, s.ring)
	}
	defer rings.Delete(dst)
	tx, err := dst.Begin(true)
	if err != nil {
		_ = dst.Close()
		return err
	}
	w, err := newImporter(tx, src.Head, res, s.now())
	var batch int64
	if err == nil {
		err = ahead(src.Each, func(f model.Full, size int64) error {
			if batch += size; batch > importBatch {
				if err := w.pending.flush(tx); err != nil {
					return err
				}
				w.pending = nil
				err := tx.Commit()
				tx = nil
				if err != nil {
					return err
				}
				batch = size
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				w.fill(tx)
			}
			return w.add(ctx, tx, f)
		})
	}
	if err == nil {
		err = w.done(tx)
	}
	if err == nil {
		err = tx.Commit()
	} else if tx != nil {
		_ = tx.Rollback()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncFile(tmp)
	}
	return err
}

// importer writes an archive's relationships in a transaction (or a run
// of them, each given to fill): one stamp for the whole import.
type importer struct {
	head    model.Archive
	res     *ImportResult
	pending pendingIndex
	st      *stamp
	now     time.Time
	n       int
}

func newImporter(tx *bolt.Tx, head model.Archive, res *ImportResult, now time.Time) (*importer, error) {
	st, err := newStamp(tx, now)
	if err != nil {
		return nil, err
	}
	st.changesOnly = true
	w := &importer{head: head, res: res, st: st, now: now}
	w.fill(tx)
	return w, nil
}

// fill makes tx's buckets fill their pages fuller than bbolt's default
// half: an import writes long runs of keys in order, and the file would
// grow to twice its data.
func (w *importer) fill(tx *bolt.Tx) {
	for _, name := range append(append([][]byte{}, recordBuckets...), derivedBuckets...) {
		tx.Bucket(name).FillPercent = 0.9
	}
}

// add writes the archive's next relationship.
func (w *importer) add(ctx context.Context, tx *bolt.Tx, f model.Full) error {
	i := w.n
	w.n++
	if i%8 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if w.head.Version >= 2 {
		// An archive with revisions merges as a bundle does.
		if err := importMerged(tx, &f, w.head.Shared, w.res, &w.pending, w.st, w.now); err != nil {
			return fmt.Errorf("relationships[%d] (%s): %w", i, model.SanitizeLine(f.Rel.Other()), err)
		}
		return nil
	}
	changed, err := importFull(tx, &f, w.head.Shared, w.res, &w.pending, w.st)
	if err != nil {
		return fmt.Errorf("relationships[%d] (%s): %w", i, model.SanitizeLine(f.Rel.Other()), err)
	}
	if changed {
		return textsOfFull(tx, f)
	}
	return nil
}

// ahead runs each in a goroutine and calls fn with each relationship it
// yields, in the caller's goroutine (a transaction's), while each reads
// the next one: reading a file and writing the journal take turns
// otherwise. It returns fn's first error, or each's.
func ahead(each func(yield func(model.Full, int64) error) error, fn func(model.Full, int64) error) error {
	type item struct {
		f    model.Full
		size int64
	}
	items := make(chan item, 1)
	stop := make(chan struct{})
	done := make(chan error, 1)
	defer func() { // on an error of fn (or its panic), let each end first
		close(stop)
		for range items {
		}
	}()
	go func() {
		defer close(items)
		done <- each(func(f model.Full, size int64) error {
			select {
			case items <- item{f, size}:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	for it := range items {
		if err := fn(it.f, it.size); err != nil {
			return err
		}
	}
	return <-done
}

// errStopped ends a reading whose relationships are no longer wanted.
var errStopped = errors.New("stopped")

// done ends the import in tx: the record index entries are written.
func (w *importer) done(tx *bolt.Tx) error { return w.pending.flush(tx) }
