package store

import (
	"bytes"
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
// then the derived buckets against the records.
func checkTx(tx *bolt.Tx, path string) error {
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
	if err := checkDerived(tx); err != nil {
		return fail(ErrDamaged, err, "journal %s has inconsistent indexes: %v", path, err)
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
			if got := recs.Get(id); !bytes.Equal(got, want) {
				return fmt.Errorf("%s %s: record index says %x, want %x", kindName(kind), idOf(id), got, want)
			}
			if kind != kindRel && tx.Bucket(bRels).Get(k[:16]) == nil {
				return fmt.Errorf("%s %s belongs to a missing relationship %s", kindName(kind), idOf(id), idOf(k[:16]))
			}
			if kind == kindRel {
				if tx.Bucket(bPlans).Get(k) == nil || tx.Bucket(bSummaries).Get(k) == nil {
					return fmt.Errorf("relationship %s has no plan or no summary", idOf(k))
				}
			}
			if kind == kindFollowUp {
				var f model.FollowUp
				if err := decode(v, &f); err != nil {
					return err
				}
				got := open.Get(key2(k[:16], id))
				if isOpen := f.Status == model.FollowUpOpen; isOpen != (got != nil) || isOpen && !bytes.Equal(got, openValue(k, f.Owner, f.Due, f.Text)) {
					return fmt.Errorf("follow-up %s (%s): open index entry %x is wrong", idOf(id), f.Status, got)
				}
			}
		}
	}
	if n := recs.Stats().KeyN; n != seen {
		return fmt.Errorf("record index has %d entries for %d records", n, seen)
	}
	c := open.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) < openKeyLen || tx.Bucket(bFollowUps).Get(v[:openKeyLen]) == nil {
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
