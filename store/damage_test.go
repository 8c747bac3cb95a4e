package store

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// filledJournal is a closed journal with two relationships, a draft and a
// template: a value in every bucket. It returns the path and the export.
func filledJournal(t *testing.T) (string, string) {
	t.Helper()
	s := openTemp(t)
	fill(t, s, "Ada")
	fill(t, s, "Bob")
	mustNil(t, s.SaveDrafts(ctx, map[string]model.Draft{"session/x": {Fields: map[string]string{"notes": "half typed"}}}))
	mustNil(t, s.SaveTemplate(ctx, model.AgendaTemplate{ID: newID(), Name: "Start", Topics: []string{"Getting to know each other"}}))
	sums, err := s.ListSummaries(ctx)
	mustNil(t, err)
	share(t, s, sums[0].Rel.ID, openTemp(t)) // a partner, and revisions
	want := exportString(t, s)
	mustNil(t, s.Close())
	return s.Path(), want
}

// rawUpdate changes the journal file with bbolt itself, past the store:
// the damage a disk or another program could do.
func rawUpdate(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	mustNil(t, err)
	mustNil(t, db.Update(fn))
	mustNil(t, db.Close())
}

// alter changes the stored value under the first key of bucket name with
// fn, keeping its envelope as it was, so the change is one a damaged disk
// could make.
func alter(t *testing.T, path string, name []byte, fn func(k, v []byte) []byte) {
	t.Helper()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(name)
		k, v := b.Cursor().First()
		return b.Put(clone(k), fn(k, clone(v)))
	})
}

// flipInPayload flips the lowest bit of a letter in the payload, so a JSON
// value stays JSON (the damage the export used to copy silently).
func flipInPayload(_, v []byte) []byte {
	for i := len(v) - 1; i >= envHeader; i-- {
		if c := v[i] | 0x20; c >= 'a' && c <= 'y' {
			v[i] ^= 1
			return v
		}
	}
	v[len(v)-1] ^= 1
	return v
}

// TestEveryStoredValueIsChecked damages one value of each bucket in a way
// that leaves it readable (a letter changed in its text): the read that
// meets it and the consistency check report damage, and nothing is
// written.
func TestEveryStoredValueIsChecked(t *testing.T) {
	reads := map[string]func(s *Store) error{
		"summaries": func(s *Store) error { _, err := s.ListSummaries(ctx); return err },
		"open":      func(s *Store) error { _, err := s.OpenFollowUps(ctx); return err },
		"records":   func(s *Store) error { return s.Check() },
		"drafts":    func(s *Store) error { _, _, err := s.LoadDraft(ctx, "session/x"); return err },
		"templates": func(s *Store) error { _, err := s.Templates(ctx); return err },
		"text":      func(s *Store) error { _, err := s.Search(ctx, "e", model.SearchOptions{}); return err },
		// Search reads a part's bits without their checksum (damaged bits
		// can only hide a hit or cost a read: search.go), so it is the
		// check that reports them; a search over them must still work.
		"textsig": func(s *Store) error {
			if _, err := s.Search(ctx, "budget", model.SearchOptions{}); err != nil {
				return fmt.Errorf("search over damaged bits: %w", err)
			}
			return s.Check()
		},
		"revs": func(s *Store) error {
			return eachRel(s, func(id model.ID) error { _, err := s.Exchange(ctx, id); return err })
		},
		"partners": func(s *Store) error {
			return eachRel(s, func(id model.ID) error { _, _, err := s.Partner(ctx, id); return err })
		},
	}
	for _, name := range valueBuckets() {
		t.Run(string(name), func(t *testing.T) {
			path, _ := filledJournal(t)
			alter(t, path, name, flipInPayload)
			before := fileHash(t, path)
			s, err := Open(path, Options{ReadOnly: true})
			mustNil(t, err)
			defer s.Close()
			read := reads[string(name)]
			if read == nil {
				read = func(s *Store) error { return s.ExportJSON(ctx, &bytes.Buffer{}, ExportOptions{}) }
			}
			if err := read(s); !errors.Is(err, ErrDamaged) {
				t.Errorf("read of a damaged %s value: %v, want ErrDamaged", name, err)
			} else {
				t.Log(err)
			}
			if err := s.Check(); !errors.Is(err, ErrDamaged) {
				t.Errorf("check: %v, want ErrDamaged", err)
			}
			if fileHash(t, path) != before {
				t.Error("file changed")
			}
		})
	}
}

// TestMovedValueIsRefused copies a whole stored value, envelope and all,
// onto another record's key: the value is intact, but not the one stored
// there.
func TestMovedValueIsRefused(t *testing.T) {
	path, _ := filledJournal(t)
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bFollowUps)
		c := b.Cursor()
		_, v1 := c.First()
		v1 = clone(v1)
		k2, _ := c.Next()
		return b.Put(clone(k2), v1)
	})
	s, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	defer s.Close()
	if err := s.ExportJSON(ctx, &bytes.Buffer{}, ExportOptions{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("export with a value moved to another key: %v, want ErrDamaged", err)
	}
}

// FuzzUnwrap: any stored bytes under any bucket and key either fail their
// check or are exactly the envelope of the payload they give; nothing
// panics.
func FuzzUnwrap(f *testing.F) {
	w, err := wrap(nil, []byte("sessions"), []byte("k"), []byte(`{"notes":"x"}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("sessions"), []byte("k"), w)
	f.Add([]byte("open"), []byte{}, []byte{envPlain, 0, 0, 0, 0})
	f.Add([]byte(""), []byte("k"), []byte(nil))
	f.Fuzz(func(t *testing.T, bucket, key, v []byte) {
		p, err := unwrap(nil, bucket, key, v)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v is not ErrDamaged", err)
			}
			return
		}
		if v == nil {
			if p != nil {
				t.Fatal("a missing value gave a payload")
			}
			return
		}
		if w, err := wrap(nil, bucket, key, p); err != nil || !bytes.Equal(w, v) {
			t.Fatalf("payload %q does not wrap back to the stored bytes", p)
		}
		if len(bucket) > 0 {
			if _, err := unwrap(nil, append(bytes.Clone(bucket), 'x'), key, v); err == nil {
				t.Fatal("the value checks under another bucket too")
			}
		}
	})
}

// A summary lost from its bucket hides a relationship from the dashboard
// and from a whole Markdown export, which lists relationships from the
// summaries: Verify reports it, and the whole JSON export refuses.
func TestVerifyFindsALostSummary(t *testing.T) {
	path, _ := filledJournal(t)
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bSummaries).Cursor().First()
		return tx.Bucket(bSummaries).Delete(clone(k))
	})
	s, err := Open(path, Options{ReadOnly: true})
	mustNil(t, err)
	defer s.Close()
	if err := s.Verify(ctx); !errors.Is(err, ErrDamaged) {
		t.Errorf("verify with a summary lost: %v, want ErrDamaged", err)
	}
	if err := s.ExportJSON(ctx, &bytes.Buffer{}, ExportOptions{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("whole export with a summary lost: %v, want ErrDamaged", err)
	}
}

// eachRel runs fn for every relationship, until one fails.
func eachRel(s *Store, fn func(id model.ID) error) error {
	sums, err := s.ListSummaries(ctx)
	if err != nil {
		return err
	}
	for _, x := range sums {
		if err := fn(x.Rel.ID); err != nil {
			return err
		}
	}
	return nil
}
