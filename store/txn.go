package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// txn is the write transaction of one user action. Every write of the
// journal goes through its methods, so an action that changes several
// records (ending a session with its follow-ups and roadmap item, closing a
// relationship with its closure) is saved whole or not at all. It collects
// the summary parts to refresh (once each, at the end); the search texts
// are written as the records are (text.go).
type txn struct {
	tx    *bolt.Tx
	now   time.Time
	sums  map[string]int
	added map[string]*sessionDelta // what the action did to each relationship's sessions, for its summary's counts
	order [][]byte                 // relationships touched, in order
	n     int                      // writes so far
	fault func(n int) error        // a test's failure injection; nil in use
	st    *stamp                   // the revision of this action's writes (revs.go), made by the first
}

// sessionDelta is what an action did to a relationship's sessions, so that
// its summary's counts change by as much instead of being counted again.
type sessionDelta struct {
	added int         // sessions added less those deleted
	dates []time.Time // the dates of the sessions added
	moved bool        // a session was deleted or moved to another instant
}

// sessionsOf returns what the action did to rel's sessions so far.
func (t *txn) sessionsOf(rel []byte) *sessionDelta {
	d := t.added[string(rel)]
	if d == nil {
		d = &sessionDelta{}
		t.added[string(rel)] = d
	}
	return d
}

// stamp returns the revision of this action's writes.
func (t *txn) stamp() (*stamp, error) {
	if t.st == nil {
		st, err := newStamp(t.tx, t.now)
		if err != nil {
			return nil, err
		}
		t.st = st
	}
	return t.st, nil
}

// change runs fn in one write transaction.
func (s *Store) change(ctx context.Context, fn func(t *txn) error) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		t := &txn{tx: tx, now: s.now(), sums: map[string]int{}, added: map[string]*sessionDelta{}, fault: s.fault}
		if err := fn(t); err != nil {
			return err
		}
		for _, rel := range t.order {
			if tx.Bucket(bRels).Get(rel) == nil {
				continue // deleted by this action
			}
			if err := refreshSummary(tx, rel, t.sums[string(rel)], t.added[string(rel)]); err != nil {
				return err
			}
		}
		return nil
	})
}

// wrote counts a record write; a test's fault hook can fail it.
func (t *txn) wrote() error {
	t.n++
	if t.fault != nil {
		return t.fault(t.n)
	}
	return nil
}

// touch marks parts of rel's summary for refreshing at the end.
func (t *txn) touch(rel []byte, what int) {
	k := string(rel)
	if _, ok := t.sums[k]; !ok {
		t.order = append(t.order, clone(rel))
	}
	t.sums[k] |= what
}

// text writes the search texts of a record (text.go) in the transaction.
func (t *txn) text(rel []byte, kind byte, id model.ID, date time.Time, texts []text) error {
	raw, ok := idBytes(id)
	if !ok {
		return notFound(kindName(kind), id)
	}
	return putText(t.tx, rel, kind, raw, date, texts)
}

// ---------------------------------------------------------------- reads inside a write

func (t *txn) rel(id model.ID) (model.Relationship, []byte, error) {
	var r model.Relationship
	rel, ok := idBytes(id)
	if !ok {
		return r, nil, notFound("relationship", id)
	}
	v := t.tx.Bucket(bRels).Get(rel)
	if v == nil {
		return r, nil, notFound("relationship", id)
	}
	return r, rel, decode(t.tx, bRels, rel, v, &r)
}

// record reads the stored record id of kind into x; found is false when
// there is none.
func (t *txn) record(kind byte, id model.ID, x any) (found bool, err error) {
	raw, ok := idBytes(id)
	if !ok {
		return false, nil
	}
	l, err := locate(t.tx, raw)
	if err != nil || l.kind != kind {
		return false, err
	}
	v := t.tx.Bucket(kindBucket(kind)).Get(l.key)
	if v == nil {
		return false, nil
	}
	return true, decode(t.tx, kindBucket(kind), l.key, v, x)
}

func (t *txn) roadmap(rel []byte) ([]model.RoadmapItem, error) {
	var items []model.RoadmapItem
	c := t.tx.Bucket(bRoadmap).Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		var r model.RoadmapItem
		if err := decode(t.tx, bRoadmap, k, v, &r); err != nil {
			return nil, err
		}
		items = append(items, r)
	}
	return items, nil
}

// ---------------------------------------------------------------- relationships

func (t *txn) createRel(r model.Relationship) error {
	if err := r.Validate(); err != nil {
		return err
	}
	rel, _ := idBytes(r.ID)
	if l, err := locate(t.tx, rel); err != nil {
		return err
	} else if l.kind != 0 {
		return fmt.Errorf("id %s is already used by a %s in this journal: leave the id empty to get a new one", r.ID, kindName(l.kind))
	}
	if err := t.writeRel(rel, r); err != nil {
		return err
	}
	if err := t.writePlan(rel, model.Plan{RelID: r.ID, Updated: t.now}); err != nil {
		return err
	}
	t.touch(rel, sumAll)
	if err := t.text(rel, kindRel, r.ID, time.Time{}, relTexts(r)); err != nil {
		return err
	}
	return t.text(rel, kindPlan, r.ID, time.Time{}, nil)
}

// putRel saves changes to an existing relationship.
func (t *txn) putRel(r model.Relationship) error {
	rel, ok := idBytes(r.ID)
	if !ok || t.tx.Bucket(bRels).Get(rel) == nil {
		return notFound("relationship", r.ID)
	}
	if r.Created.IsZero() {
		c, err := createdOf(t.tx, kindRel, rel, t.now)
		if err != nil {
			return err
		}
		r.Created = c
	}
	r.Updated = t.now
	if err := r.Validate(); err != nil {
		return err
	}
	if err := t.writeRel(rel, r); err != nil {
		return err
	}
	t.touch(rel, sumRel)
	return t.text(rel, kindRel, r.ID, time.Time{}, relTexts(r))
}

func (t *txn) writeRel(rel []byte, r model.Relationship) error {
	if err := t.wrote(); err != nil {
		return err
	}
	val, err := encode(r)
	if err != nil {
		return err
	}
	st, err := t.stamp()
	if err != nil {
		return err
	}
	_, err = putRecord(t.tx, kindRel, rel, rel, val, st)
	return err
}

// ---------------------------------------------------------------- plan

func (t *txn) putPlan(p model.Plan) error {
	p.Updated = t.now
	if err := p.Validate(); err != nil {
		return err
	}
	rel, _ := idBytes(p.RelID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	old, err := loadPlan(t.tx, rel)
	if err != nil {
		return err
	}
	p.StampEdits(old, t.now)
	for i, e := range p.Closure.Evaluations {
		if err := linked(t.tx, kindGoal, rel, e.GoalID, fmt.Sprintf("closure.evaluations[%d].goal_id", i)); err != nil {
			return err
		}
	}
	if err := t.writePlan(rel, p); err != nil {
		return err
	}
	t.touch(rel, sumPlan)
	return t.text(rel, kindPlan, p.RelID, time.Time{}, planTexts(p))
}

func (t *txn) writePlan(rel []byte, p model.Plan) error {
	if err := t.wrote(); err != nil {
		return err
	}
	p.NameItems(t.now, false)
	val, err := encode(p)
	if err != nil {
		return err
	}
	old, err := get(t.tx, bPlans, rel)
	if err != nil {
		return err
	}
	old = clone(old)
	if err := put(t.tx, bPlans, rel, val); err != nil {
		return err
	}
	st, err := t.stamp()
	if err != nil {
		return err
	}
	return stampRecord(t.tx, st, kindPlan, rel, rel, old, val)
}

// ---------------------------------------------------------------- goals

func (t *txn) putGoal(g model.Goal) error {
	if err := g.Validate(); err != nil {
		return err
	}
	rel, id, _ := ids(g.RelID, g.ID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	if g.Created.IsZero() {
		c, err := createdOf(t.tx, kindGoal, id, t.now)
		if err != nil {
			return err
		}
		g.Created = c
	}
	g.Updated = t.now
	g.NameItems(t.now, false)
	if err := t.put(kindGoal, id, key2(rel, id), g); err != nil {
		return err
	}
	t.touch(rel, sumGoals)
	return t.text(rel, kindGoal, g.ID, g.Due, goalTexts(g))
}

// put writes one record of kind under key.
func (t *txn) put(kind byte, id, key []byte, x any) error {
	if err := t.wrote(); err != nil {
		return err
	}
	val, err := encode(x)
	if err != nil {
		return err
	}
	st, err := t.stamp()
	if err != nil {
		return err
	}
	_, err = putRecord(t.tx, kind, id, key, val, st)
	return err
}

// remove deletes one record of kind and returns its relationship.
func (t *txn) remove(kind byte, id model.ID) ([]byte, error) {
	if err := t.wrote(); err != nil {
		return nil, err
	}
	st, err := t.stamp()
	if err != nil {
		return nil, err
	}
	rel, err := deleteRecord(t.tx, kind, id, st)
	if err != nil {
		return nil, err
	}
	raw, _ := idBytes(id)
	return rel, deleteText(t.tx, rel, kind, raw)
}

// deleteGoal removes a goal and the links to it (roadmap items, closure
// evaluations).
func (t *txn) deleteGoal(id model.ID) error {
	rel, err := t.remove(kindGoal, id)
	if err != nil {
		return err
	}
	if err := unlink(t.tx, t.st, kindRoadmap, rel, id, t.now, func(r *model.RoadmapItem) (*model.ID, *time.Time) {
		return &r.GoalID, &r.Updated
	}); err != nil {
		return err
	}
	plan, err := loadPlan(t.tx, rel)
	if err != nil {
		return err
	}
	kept := plan.Closure.Evaluations[:0:0]
	for _, e := range plan.Closure.Evaluations {
		if e.GoalID != id {
			kept = append(kept, e)
		}
	}
	if len(kept) != len(plan.Closure.Evaluations) {
		plan.Closure.Evaluations, plan.Updated = kept, t.now
		if err := t.writePlan(rel, plan); err != nil {
			return err
		}
		if err := t.text(rel, kindPlan, plan.RelID, time.Time{}, planTexts(plan)); err != nil {
			return err
		}
	}
	t.touch(rel, sumGoals|sumPlan)
	return nil
}

// ---------------------------------------------------------------- roadmap

func (t *txn) putRoadmap(r model.RoadmapItem) error {
	if err := r.Validate(); err != nil {
		return err
	}
	rel, id, _ := ids(r.RelID, r.ID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	if err := linked(t.tx, kindGoal, rel, r.GoalID, "goal_id"); err != nil {
		return err
	}
	if err := linked(t.tx, kindSession, rel, r.SessionID, "session_id"); err != nil {
		return err
	}
	if r.Created.IsZero() {
		c, err := createdOf(t.tx, kindRoadmap, id, t.now)
		if err != nil {
			return err
		}
		r.Created = c
	}
	r.Updated = t.now
	if err := t.put(kindRoadmap, id, key3(rel, posKey(r.Position), id), r); err != nil {
		return err
	}
	t.touch(rel, sumRoadmap)
	return t.text(rel, kindRoadmap, r.ID, r.Date, roadmapTexts(r))
}

func (t *txn) deleteRoadmap(id model.ID) error {
	rel, err := t.remove(kindRoadmap, id)
	if err != nil {
		return err
	}
	t.touch(rel, sumRoadmap)
	return unlink(t.tx, t.st, kindSession, rel, id, t.now, func(x *model.Session) (*model.ID, *time.Time) {
		return &x.RoadmapID, &x.Updated
	})
}

// reorderRoadmap sets Position of each listed item to its index. Items of
// the relationship not listed keep their order after the listed ones.
func (t *txn) reorderRoadmap(relID model.ID, order []model.ID) error {
	_, rel, err := t.rel(relID)
	if err != nil {
		return err
	}
	items, err := t.roadmap(rel)
	if err != nil {
		return err
	}
	at := map[model.ID]bool{}
	for _, r := range items {
		at[r.ID] = true
	}
	pos := map[model.ID]int{}
	for i, id := range order {
		if !at[id] {
			return notFound("roadmap item", fmt.Sprintf("%s in this relationship", id))
		}
		if _, dup := pos[id]; dup {
			return fmt.Errorf("roadmap item %s is listed twice: list each item once", id)
		}
		pos[id] = i
	}
	next := len(order)
	for _, r := range items {
		if _, ok := pos[r.ID]; !ok {
			pos[r.ID] = next
			next++
		}
	}
	for _, r := range items {
		if r.Position == pos[r.ID] {
			continue
		}
		r.Position = pos[r.ID]
		if err := t.putRoadmap(r); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------- sessions

func (t *txn) putSession(x model.Session) error {
	if err := x.Validate(); err != nil {
		return err
	}
	rel, id, _ := ids(x.RelID, x.ID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	if err := linked(t.tx, kindRoadmap, rel, x.RoadmapID, "roadmap_id"); err != nil {
		return err
	}
	if err := reviewsOwn(t.tx, rel, x); err != nil {
		return err
	}
	if x.Created.IsZero() {
		c, err := createdOf(t.tx, kindSession, id, t.now)
		if err != nil {
			return err
		}
		x.Created = c
	}
	x.Updated = t.now
	l, err := locate(t.tx, id)
	if err != nil {
		return err
	}
	key := key3(rel, timeKey(x.Date), id)
	if err := t.put(kindSession, id, key, x); err != nil {
		return err
	}
	d := t.sessionsOf(rel)
	switch {
	case l.kind == 0:
		d.added++
		d.dates = append(d.dates, x.Date)
	case !bytes.Equal(l.key, key):
		d.moved = true // to another instant: perhaps to another day
	}
	t.touch(rel, sumSessions)
	return t.text(rel, kindSession, x.ID, x.Date, sessionTexts(x))
}

// deleteSession removes a session and the links to it (roadmap items,
// follow-ups).
func (t *txn) deleteSession(id model.ID) error {
	var x model.Session
	if _, err := t.record(kindSession, id, &x); err != nil {
		return err
	}
	rel, err := t.remove(kindSession, id)
	if err != nil {
		return err
	}
	// What its review closed is open again (model.ReviewGone).
	for _, r := range x.Reviewed {
		var fu model.FollowUp
		found, err := t.record(kindFollowUp, r.FollowUpID, &fu)
		if err != nil {
			return err
		}
		if found && fu.RelID == x.RelID && model.ReviewGone(&fu, x) {
			if err := t.putFollowUp(fu); err != nil {
				return err
			}
		}
	}
	if err := unlink(t.tx, t.st, kindRoadmap, rel, id, t.now, func(r *model.RoadmapItem) (*model.ID, *time.Time) {
		model.SessionGone(r, id)
		return &r.SessionID, &r.Updated
	}); err != nil {
		return err
	}
	if err := unlink(t.tx, t.st, kindFollowUp, rel, id, t.now, func(f *model.FollowUp) (*model.ID, *time.Time) {
		return &f.SessionID, &f.Updated
	}); err != nil {
		return err
	}
	d := t.sessionsOf(rel)
	d.added--
	d.moved = true
	t.touch(rel, sumSessions|sumRoadmap) // a topic it held is planned again: the next topic
	return nil
}

// ---------------------------------------------------------------- follow-ups

// putFollowUp creates or updates a follow-up. A follow-up closed without a
// DoneAt gets the current time.
func (t *txn) putFollowUp(f model.FollowUp) error {
	if err := f.Validate(); err != nil {
		return err
	}
	rel, id, _ := ids(f.RelID, f.ID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	if err := linked(t.tx, kindSession, rel, f.SessionID, "session_id"); err != nil {
		return err
	}
	if f.Created.IsZero() {
		c, err := createdOf(t.tx, kindFollowUp, id, t.now)
		if err != nil {
			return err
		}
		f.Created = c
	}
	if f.Status != model.FollowUpOpen && f.DoneAt.IsZero() {
		f.DoneAt = t.now
	}
	f.Updated = t.now
	if err := t.wrote(); err != nil {
		return err
	}
	st, err := t.stamp()
	if err != nil {
		return err
	}
	if _, err := putFollowUp(t.tx, rel, id, f, nil, st); err != nil {
		return err
	}
	t.touch(rel, sumFollowUps)
	return t.text(rel, kindFollowUp, f.ID, f.Due, followUpTexts(f))
}

func (t *txn) deleteFollowUp(id model.ID) error {
	rel, err := t.remove(kindFollowUp, id)
	if err != nil {
		return err
	}
	t.touch(rel, sumFollowUps)
	return nil
}

// ---------------------------------------------------------------- health

func (t *txn) putHealth(h model.HealthCheck) error {
	if err := h.Validate(); err != nil {
		return err
	}
	rel, id, _ := ids(h.RelID, h.ID)
	if err := relExists(t.tx, rel); err != nil {
		return err
	}
	if h.Created.IsZero() {
		c, err := createdOf(t.tx, kindHealth, id, t.now)
		if err != nil {
			return err
		}
		h.Created = c
	}
	if err := t.put(kindHealth, id, key3(rel, timeKey(h.Date), id), h); err != nil {
		return err
	}
	t.touch(rel, sumHealth)
	return t.text(rel, kindHealth, h.ID, h.Date, healthTexts(h))
}

func (t *txn) deleteHealth(id model.ID) error {
	rel, err := t.remove(kindHealth, id)
	if err != nil {
		return err
	}
	t.touch(rel, sumHealth)
	return nil
}
