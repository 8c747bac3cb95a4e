package store

import (
	"context"
	"fmt"

	"mentorlog/model"
)

// The journal's write methods. Each one is one bbolt transaction: what it
// writes lands whole or not at all.

// CreateRelationship adds a relationship with an empty plan. It assigns an
// id when r has none and sets Created and Updated.
func (s *Store) CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	now := s.now()
	if r.ID == "" {
		r.ID = model.NewID(now)
	}
	if r.Created.IsZero() {
		r.Created = now
	}
	r.Updated = now
	if err := s.change(ctx, func(t *txn) error { return t.createRel(r) }); err != nil {
		return model.Relationship{}, err
	}
	return r, nil
}

// UpdateRelationship applies fn to the relationship and its plan as they
// are stored now and saves what fn changed, in one transaction. Closing,
// reopening and editing a relationship all go through it, so none of them
// overwrites what another screen saved meanwhile.
func (s *Store) UpdateRelationship(ctx context.Context, id model.ID, fn func(r *model.Relationship, p *model.Plan) error) (model.Relationship, model.Plan, error) {
	var r model.Relationship
	var p model.Plan
	err := s.change(ctx, func(t *txn) error {
		var rel []byte
		var err error
		if r, rel, err = t.rel(id); err != nil {
			return err
		}
		if p, err = loadPlan(t.tx, rel); err != nil {
			return err
		}
		r0, p0 := mustEncode(r), mustEncode(p)
		if err := fn(&r, &p); err != nil {
			return err
		}
		r.ID, p.RelID = id, id
		if string(mustEncode(r)) != string(r0) {
			if err := t.putRel(r); err != nil {
				return err
			}
			r.Updated = t.now
		}
		if string(mustEncode(p)) != string(p0) {
			if err := t.putPlan(p); err != nil {
				return err
			}
			p.Updated = t.now
		}
		return nil
	})
	return r, p, err
}

// UpdatePlan applies fn to the plan as it is stored now and saves it, in
// one transaction. fn sees the relationship to check it (model.Editable).
// A layer editor and the signing both use it, so an edit of one part of
// the plan never overwrites another part saved meanwhile.
func (s *Store) UpdatePlan(ctx context.Context, relID model.ID, fn func(r model.Relationship, p *model.Plan) error) (model.Plan, error) {
	_, p, err := s.UpdateRelationship(ctx, relID, func(r *model.Relationship, p *model.Plan) error {
		return fn(*r, p)
	})
	return p, err
}

// UpdateGoal applies fn to a goal as it is stored now and saves it, in one
// transaction.
func (s *Store) UpdateGoal(ctx context.Context, relID, goalID model.ID, fn func(r model.Relationship, g *model.Goal) error) (model.Goal, error) {
	var g model.Goal
	err := s.change(ctx, func(t *txn) error {
		r, _, err := t.rel(relID)
		if err != nil {
			return err
		}
		found, err := t.record(kindGoal, goalID, &g)
		if err != nil {
			return err
		}
		if !found || g.RelID != relID {
			return notFound("goal", fmt.Sprintf("%s in this relationship (deleted elsewhere?)", goalID))
		}
		if err := fn(r, &g); err != nil {
			return err
		}
		g.ID, g.RelID = goalID, relID
		if err := t.putGoal(g); err != nil {
			return err
		}
		g.Updated = t.now
		return nil
	})
	return g, err
}

// SaveSession saves a session with what it implies (RecordSession with no
// follow-ups of its own).
func (s *Store) SaveSession(ctx context.Context, x model.Session) error {
	_, _, err := s.RecordSession(ctx, model.SessionChange{Session: x})
	return err
}

// RecordSession saves one session with what it implies, in one transaction:
// the follow-ups made in it, those removed from it, the follow-ups it
// reviewed and the roadmap item it held (model.SessionEffects, applied to
// the records as stored). It returns every follow-up and roadmap item it
// wrote.
func (s *Store) RecordSession(ctx context.Context, c model.SessionChange) (model.SessionChange, []model.RoadmapItem, error) {
	var out model.SessionChange
	var items []model.RoadmapItem
	err := s.change(ctx, func(t *txn) error {
		out, items = model.SessionChange{Session: c.Session}, nil
		x := c.Session
		r, _, err := t.rel(x.RelID)
		if err != nil {
			return err
		}
		if err := model.Editable(r); err != nil {
			return err
		}
		// Read what it implies before the session itself is written over:
		// the reviews it made, and the roadmap item it held.
		var prev model.Session
		if _, err := t.record(kindSession, x.ID, &prev); err != nil {
			return err
		}
		if err := t.putSession(x); err != nil {
			return err
		}
		for _, id := range c.Removed {
			if err := t.deleteFollowUp(id); err != nil {
				return err
			}
			out.Removed = append(out.Removed, id)
		}
		for _, f := range c.FollowUps {
			if err := t.putFollowUp(f); err != nil {
				return err
			}
			out.FollowUps = append(out.FollowUps, f)
		}
		var reviewed []model.FollowUp
		for _, rv := range x.Reviewed {
			var f model.FollowUp
			found, err := t.record(kindFollowUp, rv.FollowUpID, &f)
			if err != nil {
				return err
			}
			if found && f.RelID == x.RelID {
				reviewed = append(reviewed, f)
			}
		}
		// The roadmap items the session may change: the one it holds now
		// and the one it held before (the stored session says which).
		var roadmap []model.RoadmapItem
		if x.Ended {
			for _, id := range []model.ID{x.RoadmapID, prev.RoadmapID} {
				var it model.RoadmapItem
				if found, err := t.record(kindRoadmap, id, &it); err != nil {
					return err
				} else if found && it.RelID == x.RelID && (len(roadmap) == 0 || roadmap[0].ID != id) {
					roadmap = append(roadmap, it)
				}
			}
		}
		fus, its := model.SessionEffects(x, prev, c.Marked, reviewed, roadmap, t.now)
		for _, f := range fus {
			if err := t.putFollowUp(f); err != nil {
				return err
			}
			out.FollowUps = append(out.FollowUps, f)
		}
		for _, it := range its {
			if err := t.putRoadmap(it); err != nil {
				return err
			}
			items = append(items, it)
		}
		return nil
	})
	if err != nil {
		return model.SessionChange{}, nil, err
	}
	return out, items, nil
}

// SavePlan saves the foundation, the six layers and the closure of a
// relationship as given. Screens use UpdatePlan; this is for tools that
// hold the whole plan.
func (s *Store) SavePlan(ctx context.Context, p model.Plan) error {
	return s.change(ctx, func(t *txn) error { return t.putPlan(p) })
}

// SaveGoal creates or updates a goal.
func (s *Store) SaveGoal(ctx context.Context, g model.Goal) error {
	return s.change(ctx, func(t *txn) error { return t.putGoal(g) })
}

// DeleteGoal removes a goal and the links to it (roadmap items, closure
// evaluations).
func (s *Store) DeleteGoal(ctx context.Context, id model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.deleteGoal(id) })
}

// SaveRoadmapItem creates or updates a roadmap item.
func (s *Store) SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error {
	return s.change(ctx, func(t *txn) error { return t.putRoadmap(r) })
}

// DeleteRoadmapItem removes a roadmap item and the sessions' links to it.
func (s *Store) DeleteRoadmapItem(ctx context.Context, id model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.deleteRoadmap(id) })
}

// ReorderRoadmap sets Position of each listed item to its index. Items of
// the relationship not listed keep their order after the listed ones.
func (s *Store) ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.reorderRoadmap(relID, order) })
}

// DeleteSession removes a session and the links to it (roadmap items,
// follow-ups).
func (s *Store) DeleteSession(ctx context.Context, id model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.deleteSession(id) })
}

// SaveFollowUp creates or updates a follow-up. A follow-up closed without
// a DoneAt gets the current time.
func (s *Store) SaveFollowUp(ctx context.Context, f model.FollowUp) error {
	return s.change(ctx, func(t *txn) error { return t.putFollowUp(f) })
}

// DeleteFollowUp removes a follow-up.
func (s *Store) DeleteFollowUp(ctx context.Context, id model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.deleteFollowUp(id) })
}

// SaveHealthCheck creates or updates a health check.
func (s *Store) SaveHealthCheck(ctx context.Context, h model.HealthCheck) error {
	return s.change(ctx, func(t *txn) error { return t.putHealth(h) })
}

// DeleteHealthCheck removes a health check.
func (s *Store) DeleteHealthCheck(ctx context.Context, id model.ID) error {
	return s.change(ctx, func(t *txn) error { return t.deleteHealth(id) })
}

func mustEncode(x any) []byte {
	b, err := encode(x)
	if err != nil {
		panic(err) // the model's types always encode
	}
	return b
}
