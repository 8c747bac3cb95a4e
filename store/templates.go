package store

import (
	"context"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// bTemplates holds the journal's agenda templates (see schema.go). The
// bucket is made by the first template saved, so journals without one
// need no migration.
var bTemplates = []byte("templates")

// Templates returns the journal's agenda templates by name.
func (s *Store) Templates(ctx context.Context) ([]model.AgendaTemplate, error) {
	var out []model.AgendaTemplate
	err := s.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bTemplates)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var t model.AgendaTemplate
			if err := decode(tx, bTemplates, k, v, &t); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, err
}

// SaveTemplate adds or replaces an agenda template.
func (s *Store) SaveTemplate(ctx context.Context, t model.AgendaTemplate) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := t.Validate(); err != nil {
			return err
		}
		id, _ := idBytes(t.ID)
		b, err := tx.CreateBucketIfNotExists(bTemplates)
		if err != nil {
			return err
		}
		name := strings.ToLower(strings.TrimSpace(t.Name))
		if err := b.ForEach(func(k, v []byte) error {
			var o model.AgendaTemplate
			if err := decode(tx, bTemplates, k, v, &o); err != nil {
				return err
			}
			if o.ID != t.ID && strings.ToLower(strings.TrimSpace(o.Name)) == name {
				return &model.FieldError{Field: "name", Reason: "a template has this name already: choose another"}
			}
			return nil
		}); err != nil {
			return err
		}
		now := s.now().UTC()
		if v := b.Get(id); v != nil {
			var old model.AgendaTemplate
			if err := decode(tx, bTemplates, id, v, &old); err == nil {
				t.Created = old.Created
			}
		}
		if t.Created.IsZero() {
			t.Created = now
		}
		t.Updated = now
		v, err := encode(t)
		if err != nil {
			return err
		}
		return put(tx, bTemplates, id, v)
	})
}

// DeleteTemplate removes an agenda template.
func (s *Store) DeleteTemplate(ctx context.Context, id model.ID) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		raw, ok := idBytes(id)
		b := tx.Bucket(bTemplates)
		if !ok || b == nil || b.Get(raw) == nil {
			return notFound("agenda template", id)
		}
		return b.Delete(raw)
	})
}

// AddRoadmapTopics adds topics to the end of a relationship's roadmap as
// planned items (model.AppendTopics), in one transaction: using a
// template is saved whole or not at all. It returns the items added.
func (s *Store) AddRoadmapTopics(ctx context.Context, relID model.ID, topics []string) ([]model.RoadmapItem, error) {
	var added []model.RoadmapItem
	err := s.change(ctx, func(t *txn) error {
		r, rel, err := t.rel(relID)
		if err != nil {
			return err
		}
		if err := model.Editable(r); err != nil {
			return err
		}
		have, err := t.roadmap(rel)
		if err != nil {
			return err
		}
		added = model.AppendTopics(relID, have, topics, t.now)
		for _, it := range added {
			if err := t.putRoadmap(it); err != nil {
				return err
			}
		}
		return nil
	})
	return added, err
}
