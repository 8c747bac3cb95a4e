package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// Check runs bbolt's consistency check over the whole file, then checks
// that the derived buckets agree with the records: every record is in the
// record index at its key, every index entry points at a record, the open
// index holds exactly the open follow-ups, and every relationship has a
// plan and a summary. It reads the whole journal.
func (s *Store) Check() error {
	return s.view(func(tx *bolt.Tx) error { return checkTx(tx, s.path) })
}

// checkTx is Check inside a transaction: bbolt's own check of the pages,
// every value's envelope, then the derived buckets against the records.
func checkTx(tx *bolt.Tx, path string) error {
	if err := checkPages(tx, path); err != nil {
		return err
	}
	if err := checkValues(tx); err != nil {
		return err
	}
	if err := checkDerived(tx); err != nil {
		return fail(ErrDamaged, err, "journal %s has inconsistent indexes: %v", path, err)
	}
	return nil
}

// Verify checks, reading keys only, that a read of every relationship
// meets every record of the journal. Values are checked as they are read
// (envelope.go), but a damaged key, or a branch page that lost a child,
// hides records from every read without any value failing its check: an
// export of the whole journal would then leave them out and succeed. A
// whole export runs it first (ExportJSON itself, `export --format
// markdown` through this).
func (s *Store) Verify(ctx context.Context) error {
	return s.read(ctx, verifyTx)
}

func verifyTx(tx *bolt.Tx) error {
	if err := strayRecords(tx); err != nil {
		return err
	}
	return allInRange(tx)
}

// strayRecords checks that every record's key has its bucket's length and
// starts with a relationship of the journal. A key damaged there would
// drop its record from every relationship's range, where no read would
// meet it: a whole export would then leave it out and still succeed. It
// reads keys only.
func strayRecords(tx *bolt.Tx) error {
	rels := tx.Bucket(bRels)
	for _, b := range []struct {
		name []byte
		klen int
	}{{bRels, 16}, {bPlans, 16}, {bGoals, 32}, {bRoadmap, 40}, {bSessions, 40}, {bFollowUps, 40}, {bHealth, 40}} {
		name := b.name
		c := tx.Bucket(name).Cursor()
		var last []byte
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) == b.klen && last != nil && bytes.HasPrefix(k, last) {
				continue
			}
			if len(k) != b.klen || rels.Get(k[:16]) == nil {
				return fail(ErrDamaged, nil, "the journal is damaged: a stored %s (key %x) belongs to no relationship; restore the journal from a backup (nothing was changed)", bucketNoun(name), k)
			}
			last = clone(k[:16])
		}
	}
	return nil
}

// allInRange walks every relationship's key range in each record bucket,
// as the reads do (seeking to its prefix, forward and back), and compares the keys met with
// the number each bucket holds, counted by walking its pages, and with the
// record index.
func allInRange(tx *bolt.Tx) error {
	var rels [][]byte
	c := tx.Bucket(bRels).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		rels = append(rels, clone(k))
	}
	index := 0
	// The summaries too: the dashboard and a whole Markdown export list
	// the relationships from them.
	for _, name := range append(append([][]byte{}, recordBuckets...), bSummaries) {
		// Reads seek to a relationship's first key and walk forward, or
		// to its last and walk back (newest sessions first): a damaged
		// key on a branch page can mislead one and not the other.
		met, back := 0, 0
		c := tx.Bucket(name).Cursor()
		for _, rel := range rels {
			for k, _ := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, _ = c.Next() {
				met++
			}
			for range backward(c, rel) {
				back++
			}
		}
		n := tx.Bucket(name).Stats().KeyN
		if back != met {
			met = min(met, back)
		}
		if one := bytes.Equal(name, bPlans) || bytes.Equal(name, bSummaries); one && n != len(rels) {
			return fail(ErrDamaged, nil, "the journal is damaged: it has %d relationships and %d %s records; restore the journal from a backup (nothing was changed)", len(rels), n, bucketNoun(name))
		}
		if met != n {
			return fail(ErrDamaged, nil, "the journal is damaged: %d of its %d %s records can be read; restore the journal from a backup (nothing was changed)", met, n, bucketNoun(name))
		}
		if !bytes.Equal(name, bPlans) && !bytes.Equal(name, bSummaries) {
			index += n
		}
	}
	if n := tx.Bucket(bRecords).Stats().KeyN; n != index {
		return fail(ErrDamaged, nil, "the journal is damaged: its record index lists %d records, and %d can be read; restore the journal from a backup (nothing was changed)", n, index)
	}
	return nil
}

// walkPages reads every page of every bucket (their statistics) in the
// calling goroutine, so that a fault on a damaged page is caught there
// (guard); bbolt's own check runs in a goroutine of its own, where a fault
// would end the program.
func walkPages(tx *bolt.Tx) {
	_ = tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		b.Stats()
		return nil
	})
}

// checkPages is bbolt's own consistency check of the file's pages.
func checkPages(tx *bolt.Tx, path string) error {
	walkPages(tx)
	var errs []error
	for err := range tx.Check() {
		errs = append(errs, err)
		if len(errs) > 20 {
			break
		}
	}
	if len(errs) > 0 {
		return fail(ErrDamaged, errors.Join(errs...), "journal %s failed the consistency check: %v; restore it from a backup", path, errors.Join(errs...))
	}
	return nil
}

func checkDerived(tx *bolt.Tx) error {
	recs := tx.Bucket(bRecords)
	open := tx.Bucket(bOpen)
	seen := 0
	for _, kind := range []byte{kindRel, kindGoal, kindRoadmap, kindSession, kindFollowUp, kindHealth} {
		c := tx.Bucket(kindBucket(kind)).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seen++
			id := k[len(k)-16:]
			want := append([]byte{kind}, k...)
			if got, _ := unwrap(tx, bRecords, id, recs.Get(id)); !bytes.Equal(got, want) {
				return fmt.Errorf("%s %s: record index says %x, want %x", kindName(kind), idOf(id), got, want)
			}
			if kind != kindRel && tx.Bucket(bRels).Get(k[:16]) == nil {
				return fmt.Errorf("%s %s belongs to a missing relationship %s", kindName(kind), idOf(id), idOf(k[:16]))
			}
			if kind == kindRel {
				if tx.Bucket(bPlans).Get(k) == nil || tx.Bucket(bSummaries).Get(k) == nil {
					return fmt.Errorf("relationship %s has no plan or no summary", idOf(k))
				}
				if tx.Bucket(bText).Get(textKey(k, kindPlan, k)) == nil {
					return fmt.Errorf("relationship %s: its plan has no search text", idOf(k))
				}
			}
			if tx.Bucket(bText).Get(textKey(k[:16], kind, id)) == nil {
				return fmt.Errorf("%s %s has no search text", kindName(kind), idOf(id))
			}
			if kind == kindFollowUp {
				var f model.FollowUp
				if err := decode(tx, bFollowUps, k, v, &f); err != nil {
					return err
				}
				ok := key2(k[:16], id)
				got, _ := unwrap(tx, bOpen, ok, open.Get(ok))
				if isOpen := f.Status == model.FollowUpOpen; isOpen != (got != nil) || isOpen && !bytes.Equal(got, openValue(k, f.Owner, f.Due, f.Text)) {
					return fmt.Errorf("follow-up %s (%s): open index entry %x is wrong", idOf(id), f.Status, got)
				}
			}
		}
	}
	if n := recs.Stats().KeyN; n != seen {
		return fmt.Errorf("record index has %d entries for %d records", n, seen)
	}
	// Search texts: one entry per record, and one for each plan.
	if n, want := tx.Bucket(bText).Stats().KeyN, seen+tx.Bucket(bPlans).Stats().KeyN; n != want {
		return fmt.Errorf("the search texts have %d entries for %d records and plans", n, want)
	}
	c := open.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v, _ = unwrap(tx, bOpen, k, v); len(v) < openKeyLen || tx.Bucket(bFollowUps).Get(v[:openKeyLen]) == nil {
			return fmt.Errorf("open index entry %x points at no follow-up", k)
		}
	}
	for _, name := range [][]byte{bPlans, bSummaries} {
		c := tx.Bucket(name).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if tx.Bucket(bRels).Get(k) == nil {
				return fmt.Errorf("%s has an entry for a missing relationship %s", name, idOf(k))
			}
		}
	}
	return nil
}
