package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// bDrafts holds the unsaved text of screens (see schema.go). The bucket is
// made by the first draft, so journals without one need no migration.
var bDrafts = []byte("drafts")

// maxDraft bounds one draft, like the longest record.
const maxDraft = 4 << 20

// SaveDrafts keeps the drafts, one per screen key, in one transaction. A
// draft with no fields deletes that key's draft.
func (s *Store) SaveDrafts(ctx context.Context, drafts map[string]model.Draft) error {
	if len(drafts) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bDrafts)
		if err != nil {
			return err
		}
		for k, d := range drafts {
			if k == "" {
				continue
			}
			key := draftKey(tx, k)
			if len(d.Fields) == 0 {
				if err := b.Delete(key); err != nil {
					return err
				}
				continue
			}
			v, err := json.Marshal(d)
			if err != nil {
				return err
			}
			if len(v) > maxDraft {
				return fmt.Errorf("the unsaved text is over %d MiB: save it or shorten it", maxDraft>>20)
			}
			if err := put(tx, bDrafts, key, draftPayload(ringOf(tx) != nil, k, v)); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoadDraft reads the draft kept for a screen key.
func (s *Store) LoadDraft(ctx context.Context, key string) (model.Draft, bool, error) {
	var d model.Draft
	found := false
	err := s.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		k := draftKey(tx, key)
		p, err := unwrap(tx, bDrafts, k, b.Get(k))
		if err != nil || p == nil {
			return err
		}
		found = true
		_, draft, err := splitDraft(ringOf(tx) != nil, k, p)
		if err != nil {
			return err
		}
		return decodeJSON(draft, &d)
	})
	return d, found && len(d.Fields) > 0, err
}
