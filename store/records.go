package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

func decode(v []byte, x any) error {
	if err := jsonv2.Unmarshal(v, x); err != nil {
		return fail(ErrDamaged, err, "a record in the journal cannot be read (%v): restore the journal from a backup", err)
	}
	return nil
}

func encode(x any) ([]byte, error) { return json.Marshal(x) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// loc says where a record lives: its kind and its key in that kind's bucket.
type loc struct {
	kind byte
	key  []byte
}

func locate(tx *bolt.Tx, id []byte) (loc, bool) {
	v := tx.Bucket(bRecords).Get(id)
	if len(v) < 1 {
		return loc{}, false
	}
	return loc{kind: v[0], key: clone(v[1:])}, true
}

// putRecord stores val under key in kind's bucket and records where it is.
// An id used by another kind, or by a record of another relationship, is
// refused. A record whose key changed (a new date or position) is moved.
// It reports whether anything was written.
func putRecord(tx *bolt.Tx, kind byte, id, key, val []byte) (bool, error) {
	return putRecordTo(tx, kind, id, key, val, nil)
}

// pendingIndex collects record index entries to write at the end of a
// bulk transaction, sorted: bbolt inserts into one big in-memory node per
// bucket, and inserting ids out of order moves the whole node every time.
type pendingIndex [][2][]byte

func (p pendingIndex) flush(tx *bolt.Tx) error {
	sort.Slice(p, func(i, j int) bool { return bytes.Compare(p[i][0], p[j][0]) < 0 })
	b := tx.Bucket(bRecords)
	for _, kv := range p {
		if err := b.Put(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// putRecordTo is putRecord; with pending, the record index entry is added
// to pending instead of written (the caller flushes it in the same tx).
func putRecordTo(tx *bolt.Tx, kind byte, id, key, val []byte, pending *pendingIndex) (bool, error) {
	b := tx.Bucket(kindBucket(kind))
	if l, ok := locate(tx, id); ok {
		if l.kind != kind {
			return false, fmt.Errorf("id %s is already used by a %s in this journal: every record needs its own id", idOf(id), kindName(l.kind))
		}
		if kind != kindRel && !bytes.Equal(l.key[:16], key[:16]) {
			return false, fmt.Errorf("%s %s belongs to another relationship (%s): a record cannot move between relationships", kindName(kind), idOf(id), idOf(l.key[:16]))
		}
		if bytes.Equal(l.key, key) {
			if bytes.Equal(b.Get(key), val) {
				return false, nil
			}
		} else if err := b.Delete(l.key); err != nil {
			return false, err
		}
	}
	if err := b.Put(key, val); err != nil {
		return false, err
	}
	if pending != nil {
		*pending = append(*pending, [2][]byte{id, append([]byte{kind}, key...)})
		return true, nil
	}
	return true, tx.Bucket(bRecords).Put(id, append([]byte{kind}, key...))
}

func deleteRecord(tx *bolt.Tx, kind byte, id model.ID) (rel []byte, err error) {
	raw, ok := idBytes(id)
	if !ok {
		return nil, notFound(kindName(kind), id)
	}
	l, ok := locate(tx, raw)
	if !ok || l.kind != kind {
		return nil, notFound(kindName(kind), id)
	}
	if err := tx.Bucket(kindBucket(kind)).Delete(l.key); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bRecords).Delete(raw); err != nil {
		return nil, err
	}
	if kind == kindFollowUp {
		if err := tx.Bucket(bOpen).Delete(key2(l.key[:16], raw)); err != nil {
			return nil, err
		}
	}
	return l.key[:16], nil
}

// linked checks that id names a record of kind in relationship rel.
func linked(tx *bolt.Tx, kind byte, rel []byte, id model.ID, field string) error {
	if id == "" {
		return nil
	}
	raw, ok := idBytes(id)
	if ok {
		if l, found := locate(tx, raw); found && l.kind == kind && bytes.Equal(l.key[:16], rel) {
			return nil
		}
	}
	return fail(ErrNotFound, nil, "%s: no %s %s in this relationship: pick one that exists", field, kindName(kind), id)
}

func relExists(tx *bolt.Tx, rel []byte) error {
	if tx.Bucket(bRels).Get(rel) == nil {
		return notFound("relationship", idOf(rel))
	}
	return nil
}

// ids checks and converts a record's relationship id and own id.
func ids(relID, id model.ID) (rel, raw []byte, err error) {
	rel, ok := idBytes(relID)
	if !ok {
		return nil, nil, &model.FieldError{Field: "rel_id", Reason: fmt.Sprintf("%q is not a record id (32 hex digits)", string(relID))}
	}
	raw, ok = idBytes(id)
	if !ok {
		return nil, nil, &model.FieldError{Field: "id", Reason: fmt.Sprintf("%q is not a record id (32 hex digits)", string(id))}
	}
	return rel, raw, nil
}

// createdOf returns the stored record's Created, or now for a new record.
func createdOf(tx *bolt.Tx, kind byte, id []byte, now time.Time) time.Time {
	if l, ok := locate(tx, id); ok && l.kind == kind {
		var c struct {
			Created time.Time `json:"created"`
		}
		if json.Unmarshal(tx.Bucket(kindBucket(kind)).Get(l.key), &c) == nil && !c.Created.IsZero() {
			return c.Created
		}
	}
	return now
}

// Summary parts, for refreshSummary.
const (
	sumRel = 1 << iota
	sumPlan
	sumGoals
	sumSessions
	sumFollowUps
	sumAll = sumRel | sumPlan | sumGoals | sumSessions | sumFollowUps
)

// prefixEnd returns the first key after every key that starts with p, or
// nil if there is none.
func prefixEnd(p []byte) []byte {
	e := clone(p)
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] < 0xff {
			e[i]++
			return e[:i+1]
		}
	}
	return nil
}

// lastWithPrefix positions c on the last key starting with p.
func lastWithPrefix(c *bolt.Cursor, p []byte) ([]byte, []byte) {
	var k, v []byte
	if end := prefixEnd(p); end != nil {
		if k, _ = c.Seek(end); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	} else {
		k, v = c.Last()
	}
	if k != nil && bytes.HasPrefix(k, p) {
		return k, v
	}
	return nil, nil
}

// refreshSummary recomputes the parts of rel's summary named by what, from
// compact sources only: the relationship, the plan, goal statuses, the
// session keys (and the newest session), and the open follow-ups.
func refreshSummary(tx *bolt.Tx, rel []byte, what int) error {
	sb := tx.Bucket(bSummaries)
	var s model.Summary
	if what != sumAll {
		if v := sb.Get(rel); v != nil {
			if err := decode(v, &s); err != nil {
				return err
			}
		} else {
			what = sumAll
		}
	}
	if what&sumRel != 0 {
		v := tx.Bucket(bRels).Get(rel)
		if v == nil {
			return notFound("relationship", idOf(rel))
		}
		s.Rel = model.Relationship{}
		if err := decode(v, &s.Rel); err != nil {
			return err
		}
	}
	if what&sumPlan != 0 {
		var p model.Plan
		if v := tx.Bucket(bPlans).Get(rel); v != nil {
			if err := decode(v, &p); err != nil {
				return err
			}
		}
		s.Completion = p.Completion()
		s.HasProblem = p.Problem.Statement != ""
	}
	if what&sumGoals != 0 {
		s.Goals, s.OpenGoals = 0, 0
		c := tx.Bucket(bGoals).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			var g struct {
				Status model.GoalStatus `json:"status"`
			}
			if err := decode(v, &g); err != nil {
				return err
			}
			s.Goals++
			if g.Status == model.GoalOpen {
				s.OpenGoals++
			}
		}
	}
	if what&sumSessions != 0 {
		s.Sessions, s.LastSession, s.NextMeeting = 0, time.Time{}, time.Time{}
		c := tx.Bucket(bSessions).Cursor()
		for k, _ := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, _ = c.Next() {
			s.Sessions++
		}
		// The newest session: the latest date; among sessions of that date,
		// newest first by key, the first with the latest Created (the rule
		// of model.Summarize over LoadFull's order).
		k, v := lastWithPrefix(c, rel)
		if k != nil {
			date := clone(k[16:24])
			var best *model.Session
			for ; k != nil && bytes.HasPrefix(k, rel) && bytes.Equal(k[16:24], date); k, v = c.Prev() {
				var x model.Session
				if err := decode(v, &x); err != nil {
					return err
				}
				if best == nil || x.Created.After(best.Created) {
					best = &x
				}
			}
			s.LastSession = best.Date
			s.NextMeeting = best.NextMeeting
		}
	}
	if what&sumFollowUps != 0 {
		s.OpenFollowUps, s.OpenDue = 0, nil
		fb := tx.Bucket(bFollowUps)
		c := tx.Bucket(bOpen).Cursor()
		for k, fk := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, fk = c.Next() {
			var f struct {
				Due time.Time `json:"due"`
			}
			v := fb.Get(fk[:openKeyLen])
			if v == nil {
				return fail(ErrDamaged, nil, "the open follow-up index points at a missing follow-up %s: restore the journal from a backup", idOf(k[16:]))
			}
			if err := decode(v, &f); err != nil {
				return err
			}
			s.OpenFollowUps++
			if !f.Due.IsZero() {
				s.OpenDue = append(s.OpenDue, f.Due)
			}
		}
		sort.SliceStable(s.OpenDue, func(i, j int) bool { return s.OpenDue[i].Before(s.OpenDue[j]) })
	}
	val, err := encode(s)
	if err != nil {
		return err
	}
	return sb.Put(rel, val)
}

// write runs fn in one write transaction, then after (which updates the
// search index) once the transaction has committed.
func (s *Store) write(ctx context.Context, fn func(tx *bolt.Tx) error, after func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.update(fn); err != nil {
		return err
	}
	if after != nil {
		after()
	}
	return nil
}

func (s *Store) read(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.view(fn)
}

// ---------------------------------------------------------------- relationships

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
	err := s.write(ctx, func(tx *bolt.Tx) error {
		if err := r.Validate(); err != nil {
			return err
		}
		rel, _ := idBytes(r.ID)
		if l, ok := locate(tx, rel); ok {
			return fmt.Errorf("id %s is already used by a %s in this journal: leave the id empty to get a new one", r.ID, kindName(l.kind))
		}
		if err := putRel(tx, r); err != nil {
			return err
		}
		plan, err := encode(model.Plan{RelID: r.ID, Updated: now})
		if err != nil {
			return err
		}
		if err := tx.Bucket(bPlans).Put(rel, plan); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumAll)
	}, func() { s.idx.putRel(r) })
	if err != nil {
		return model.Relationship{}, err
	}
	return r, nil
}

func putRel(tx *bolt.Tx, r model.Relationship) error {
	rel, _ := idBytes(r.ID)
	val, err := encode(r)
	if err != nil {
		return err
	}
	_, err = putRecord(tx, kindRel, rel, rel, val)
	return err
}

// GetRelationship reads one relationship.
func (s *Store) GetRelationship(ctx context.Context, id model.ID) (model.Relationship, error) {
	var r model.Relationship
	err := s.read(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(id)
		if !ok {
			return notFound("relationship", id)
		}
		v := tx.Bucket(bRels).Get(rel)
		if v == nil {
			return notFound("relationship", id)
		}
		return decode(v, &r)
	})
	return r, err
}

// UpdateRelationship saves changes to an existing relationship.
func (s *Store) UpdateRelationship(ctx context.Context, r model.Relationship) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(r.ID)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", r.ID)
		}
		if r.Created.IsZero() {
			r.Created = createdOf(tx, kindRel, rel, now)
		}
		r.Updated = now
		if err := r.Validate(); err != nil {
			return err
		}
		if err := putRel(tx, r); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumRel)
	}, func() { s.idx.putRel(r) })
}

// DeleteRelationship removes a relationship and everything under it.
func (s *Store) DeleteRelationship(ctx context.Context, id model.ID) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(id)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", id)
		}
		return deleteRelInTx(tx, rel)
	}, func() { s.idx.dropRel(id) })
}

func deleteRelInTx(tx *bolt.Tx, rel []byte) error {
	recs := tx.Bucket(bRecords)
	for _, name := range [][]byte{bGoals, bRoadmap, bSessions, bFollowUps, bHealth, bOpen} {
		b := tx.Bucket(name)
		var keys [][]byte
		c := b.Cursor()
		for k, _ := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, _ = c.Next() {
			keys = append(keys, clone(k))
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
			if !bytes.Equal(name, bOpen) {
				if err := recs.Delete(k[len(k)-16:]); err != nil {
					return err
				}
			}
		}
	}
	for _, name := range [][]byte{bRels, bPlans, bSummaries, bRecords} {
		if err := tx.Bucket(name).Delete(rel); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------- plan

// SavePlan saves the foundation, the six layers and the closure of a
// relationship.
func (s *Store) SavePlan(ctx context.Context, p model.Plan) error {
	p.Updated = s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := p.Validate(); err != nil {
			return err
		}
		rel, _ := idBytes(p.RelID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		for i, e := range p.Closure.Evaluations {
			if err := linked(tx, kindGoal, rel, e.GoalID, fmt.Sprintf("closure.evaluations[%d].goal_id", i)); err != nil {
				return err
			}
		}
		val, err := encode(p)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bPlans).Put(rel, val); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumPlan)
	}, func() { s.idx.putPlan(p) })
}

func loadPlan(tx *bolt.Tx, rel []byte) (model.Plan, error) {
	p := model.Plan{RelID: idOf(rel)}
	if v := tx.Bucket(bPlans).Get(rel); v != nil {
		if err := decode(v, &p); err != nil {
			return p, err
		}
	}
	return p, nil
}

// ---------------------------------------------------------------- goals

// SaveGoal creates or updates a goal.
func (s *Store) SaveGoal(ctx context.Context, g model.Goal) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := g.Validate(); err != nil {
			return err
		}
		rel, id, _ := ids(g.RelID, g.ID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		if g.Created.IsZero() {
			g.Created = createdOf(tx, kindGoal, id, now)
		}
		g.Updated = now
		val, err := encode(g)
		if err != nil {
			return err
		}
		if _, err := putRecord(tx, kindGoal, id, key2(rel, id), val); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumGoals)
	}, func() { s.idx.putGoal(g) })
}

// DeleteGoal removes a goal and the links to it (roadmap items, closure
// evaluations).
func (s *Store) DeleteGoal(ctx context.Context, id model.ID) error {
	var plan model.Plan
	planChanged := false
	now := s.now()
	var relID model.ID
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, err := deleteRecord(tx, kindGoal, id)
		if err != nil {
			return err
		}
		relID = idOf(rel)
		if err := unlink(tx, bRoadmap, rel, id, now, func(r *model.RoadmapItem) (*model.ID, *time.Time) {
			return &r.GoalID, &r.Updated
		}); err != nil {
			return err
		}
		if plan, err = loadPlan(tx, rel); err != nil {
			return err
		}
		kept := plan.Closure.Evaluations[:0:0]
		for _, e := range plan.Closure.Evaluations {
			if e.GoalID != id {
				kept = append(kept, e)
			}
		}
		if len(kept) != len(plan.Closure.Evaluations) {
			plan.Closure.Evaluations, plan.Updated, planChanged = kept, now, true
			val, err := encode(plan)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bPlans).Put(rel, val); err != nil {
				return err
			}
		}
		return refreshSummary(tx, rel, sumGoals|sumPlan)
	}, func() {
		s.idx.drop(kindGoal, id, relID)
		if planChanged {
			s.idx.putPlan(plan)
		}
	})
}

// unlink rewrites the records of rel in bucket b whose link (named by ref,
// with the record's Updated field) points at id: the link is cleared and
// Updated set to now. Other records are left alone. Keys stay.
func unlink[T any](tx *bolt.Tx, b []byte, rel []byte, id model.ID, now time.Time, ref func(x *T) (link *model.ID, updated *time.Time)) error {
	bk := tx.Bucket(b)
	needle := []byte(`"` + string(id) + `"`)
	type kv struct{ k, v []byte }
	var todo []kv
	c := bk.Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		if !bytes.Contains(v, needle) {
			continue
		}
		var x T
		if err := decode(v, &x); err != nil {
			return err
		}
		link, updated := ref(&x)
		if *link != id {
			continue
		}
		*link, *updated = "", now
		nv, err := encode(x)
		if err != nil {
			return err
		}
		todo = append(todo, kv{clone(k), nv})
	}
	for _, x := range todo {
		if err := bk.Put(x.k, x.v); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------- roadmap

// SaveRoadmapItem creates or updates a roadmap item.
func (s *Store) SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := r.Validate(); err != nil {
			return err
		}
		rel, id, _ := ids(r.RelID, r.ID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		if err := linked(tx, kindGoal, rel, r.GoalID, "goal_id"); err != nil {
			return err
		}
		if err := linked(tx, kindSession, rel, r.SessionID, "session_id"); err != nil {
			return err
		}
		if r.Created.IsZero() {
			r.Created = createdOf(tx, kindRoadmap, id, now)
		}
		r.Updated = now
		return putRoadmap(tx, rel, id, r)
	}, func() { s.idx.putRoadmap(r) })
}

func putRoadmap(tx *bolt.Tx, rel, id []byte, r model.RoadmapItem) error {
	val, err := encode(r)
	if err != nil {
		return err
	}
	_, err = putRecord(tx, kindRoadmap, id, key3(rel, posKey(r.Position), id), val)
	return err
}

// DeleteRoadmapItem removes a roadmap item and the sessions' links to it.
func (s *Store) DeleteRoadmapItem(ctx context.Context, id model.ID) error {
	now := s.now()
	var relID model.ID
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, err := deleteRecord(tx, kindRoadmap, id)
		if err != nil {
			return err
		}
		relID = idOf(rel)
		return unlink(tx, bSessions, rel, id, now, func(x *model.Session) (*model.ID, *time.Time) {
			return &x.RoadmapID, &x.Updated
		})
	}, func() { s.idx.drop(kindRoadmap, id, relID) })
}

// ReorderRoadmap sets Position of each listed item to its index. Items of
// the relationship not listed keep their order after the listed ones.
func (s *Store) ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error {
	now := s.now()
	var changed []model.RoadmapItem
	return s.write(ctx, func(tx *bolt.Tx) error {
		changed = changed[:0]
		rel, ok := idBytes(relID)
		if !ok {
			return notFound("relationship", relID)
		}
		if err := relExists(tx, rel); err != nil {
			return err
		}
		var items []model.RoadmapItem
		at := map[model.ID]int{}
		c := tx.Bucket(bRoadmap).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			var r model.RoadmapItem
			if err := decode(v, &r); err != nil {
				return err
			}
			at[r.ID] = len(items)
			items = append(items, r)
		}
		pos := map[model.ID]int{}
		for i, id := range order {
			if _, ok := at[id]; !ok {
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
			r.Position, r.Updated = pos[r.ID], now
			_, id, _ := ids(r.RelID, r.ID)
			if err := putRoadmap(tx, rel, id, r); err != nil {
				return err
			}
			changed = append(changed, r)
		}
		return nil
	}, func() {
		for _, r := range changed {
			s.idx.putRoadmap(r)
		}
	})
}

// ---------------------------------------------------------------- sessions

// SaveSession creates or updates a session.
func (s *Store) SaveSession(ctx context.Context, x model.Session) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := x.Validate(); err != nil {
			return err
		}
		rel, id, _ := ids(x.RelID, x.ID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		if err := linked(tx, kindRoadmap, rel, x.RoadmapID, "roadmap_id"); err != nil {
			return err
		}
		if x.Created.IsZero() {
			x.Created = createdOf(tx, kindSession, id, now)
		}
		x.Updated = now
		val, err := encode(x)
		if err != nil {
			return err
		}
		if _, err := putRecord(tx, kindSession, id, key3(rel, timeKey(x.Date), id), val); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumSessions)
	}, func() { s.idx.putSession(x) })
}

// DeleteSession removes a session and the links to it (roadmap items,
// follow-ups).
func (s *Store) DeleteSession(ctx context.Context, id model.ID) error {
	now := s.now()
	var relID model.ID
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, err := deleteRecord(tx, kindSession, id)
		if err != nil {
			return err
		}
		relID = idOf(rel)
		if err := unlink(tx, bRoadmap, rel, id, now, func(r *model.RoadmapItem) (*model.ID, *time.Time) {
			return &r.SessionID, &r.Updated
		}); err != nil {
			return err
		}
		if err := unlink(tx, bFollowUps, rel, id, now, func(f *model.FollowUp) (*model.ID, *time.Time) {
			return &f.SessionID, &f.Updated
		}); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumSessions)
	}, func() { s.idx.drop(kindSession, id, relID) })
}

// ---------------------------------------------------------------- follow-ups

// SaveFollowUp creates or updates a follow-up. A follow-up closed without
// a DoneAt gets the current time.
func (s *Store) SaveFollowUp(ctx context.Context, f model.FollowUp) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := f.Validate(); err != nil {
			return err
		}
		rel, id, _ := ids(f.RelID, f.ID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		if err := linked(tx, kindSession, rel, f.SessionID, "session_id"); err != nil {
			return err
		}
		if f.Created.IsZero() {
			f.Created = createdOf(tx, kindFollowUp, id, now)
		}
		if f.Status != model.FollowUpOpen && f.DoneAt.IsZero() {
			f.DoneAt = now
		}
		f.Updated = now
		if _, err := putFollowUp(tx, rel, id, f, nil); err != nil {
			return err
		}
		return refreshSummary(tx, rel, sumFollowUps)
	}, func() { s.idx.putFollowUp(f) })
}

func putFollowUp(tx *bolt.Tx, rel, id []byte, f model.FollowUp, pending *pendingIndex) (bool, error) {
	val, err := encode(f)
	if err != nil {
		return false, err
	}
	key := key3(rel, timeKey(f.Due), id)
	changed, err := putRecordTo(tx, kindFollowUp, id, key, val, pending)
	if err != nil {
		return false, err
	}
	open := tx.Bucket(bOpen)
	ok := key2(rel, id)
	if f.Status == model.FollowUpOpen {
		if ov := openValue(key, f.Owner, f.Due, f.Text); !bytes.Equal(open.Get(ok), ov) {
			return true, open.Put(ok, ov)
		}
	} else if open.Get(ok) != nil {
		return true, open.Delete(ok)
	}
	return changed, nil
}

// DeleteFollowUp removes a follow-up.
func (s *Store) DeleteFollowUp(ctx context.Context, id model.ID) error {
	var relID model.ID
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, err := deleteRecord(tx, kindFollowUp, id)
		if err != nil {
			return err
		}
		relID = idOf(rel)
		return refreshSummary(tx, rel, sumFollowUps)
	}, func() { s.idx.drop(kindFollowUp, id, relID) })
}

// ---------------------------------------------------------------- health

// SaveHealthCheck creates or updates a health check.
func (s *Store) SaveHealthCheck(ctx context.Context, h model.HealthCheck) error {
	now := s.now()
	return s.write(ctx, func(tx *bolt.Tx) error {
		if err := h.Validate(); err != nil {
			return err
		}
		rel, id, _ := ids(h.RelID, h.ID)
		if err := relExists(tx, rel); err != nil {
			return err
		}
		if h.Created.IsZero() {
			h.Created = createdOf(tx, kindHealth, id, now)
		}
		val, err := encode(h)
		if err != nil {
			return err
		}
		_, err = putRecord(tx, kindHealth, id, key3(rel, timeKey(h.Date), id), val)
		return err
	}, func() { s.idx.putHealth(h) })
}

// DeleteHealthCheck removes a health check.
func (s *Store) DeleteHealthCheck(ctx context.Context, id model.ID) error {
	var relID model.ID
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, err := deleteRecord(tx, kindHealth, id)
		relID = idOf(rel)
		return err
	}, func() { s.idx.drop(kindHealth, id, relID) })
}

// ---------------------------------------------------------------- reading

// ListSummaries returns every relationship's dashboard summary, by the
// other person's name. It reads one small record per relationship.
func (s *Store) ListSummaries(ctx context.Context) ([]model.Summary, error) {
	var out []model.Summary
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = summariesInTx(tx)
		return err
	})
	return out, err
}

func summariesInTx(tx *bolt.Tx) ([]model.Summary, error) {
	b := tx.Bucket(bSummaries)
	var out []model.Summary
	err := b.ForEach(func(_, v []byte) error {
		var x model.Summary
		if err := decode(v, &x); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Rel.Other()), strings.ToLower(out[j].Rel.Other())
		if a != b {
			return a < b
		}
		return out[i].Rel.ID < out[j].Rel.ID
	})
	return out, err
}

// LoadFull reads one relationship with all its parts: goals by creation,
// roadmap by position, sessions newest first, follow-ups by due date
// (undated last), health checks oldest first.
func (s *Store) LoadFull(ctx context.Context, id model.ID) (model.Full, error) {
	var f model.Full
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		f, err = loadFullInTx(tx, id)
		return err
	})
	return f, err
}

func loadFullInTx(tx *bolt.Tx, id model.ID) (model.Full, error) {
	var f model.Full
	rel, ok := idBytes(id)
	if !ok {
		return f, notFound("relationship", id)
	}
	v := tx.Bucket(bRels).Get(rel)
	if v == nil {
		return f, notFound("relationship", id)
	}
	if err := decode(v, &f.Rel); err != nil {
		return f, err
	}
	var err error
	if f.Plan, err = loadPlan(tx, rel); err != nil {
		return f, err
	}
	each := func(b []byte, reverse bool, fn func(v []byte) error) error {
		c := tx.Bucket(b).Cursor()
		if reverse {
			for k, v := lastWithPrefix(c, rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Prev() {
				if err := fn(v); err != nil {
					return err
				}
			}
			return nil
		}
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	}
	for _, part := range []struct {
		bucket  []byte
		reverse bool
		add     func(v []byte) error
	}{
		{bGoals, false, appendDecoded(&f.Goals)},
		{bRoadmap, false, appendDecoded(&f.Roadmap)},
		{bSessions, true, appendDecoded(&f.Sessions)},
		{bFollowUps, false, appendDecoded(&f.FollowUps)},
		{bHealth, false, appendDecoded(&f.Health)},
	} {
		if err := each(part.bucket, part.reverse, part.add); err != nil {
			return f, err
		}
	}
	return f, nil
}

// appendDecoded returns a function that decodes a record value and appends
// it to *dst (even when decoding fails, as the caller stops at the error).
func appendDecoded[T any](dst *[]T) func(v []byte) error {
	return func(v []byte) error {
		var x T
		err := decode(v, &x)
		*dst = append(*dst, x)
		return err
	}
}

// OpenFollowUps returns every open follow-up of the journal, by due date
// (undated last). It reads the open index, never closed follow-ups.
func (s *Store) OpenFollowUps(ctx context.Context) ([]model.FollowUp, error) {
	var out []model.FollowUp
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = openInTx(tx)
		return err
	})
	return out, err
}

func openInTx(tx *bolt.Tx) ([]model.FollowUp, error) {
	fb := tx.Bucket(bFollowUps)
	ob := tx.Bucket(bOpen)
	var out []model.FollowUp
	err := ob.ForEach(func(k, fk []byte) error {
		v := fb.Get(fk[:openKeyLen])
		if v == nil {
			return fail(ErrDamaged, nil, "the open follow-up index points at a missing follow-up %s: restore the journal from a backup", idOf(k[16:]))
		}
		var f model.FollowUp
		if err := decode(v, &f); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Due, out[j].Due
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Before(b)
	})
	return out, err
}

// Due is model.Due over the whole journal. It reads the summaries and the
// open follow-up index only (which holds what Due needs).
func (s *Store) Due(ctx context.Context, today time.Time, horizon int) ([]model.DueItem, error) {
	var sums []model.Summary
	var open []model.FollowUp
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		if sums, err = summariesInTx(tx); err != nil {
			return err
		}
		return tx.Bucket(bOpen).ForEach(func(k, v []byte) error {
			f, ok := parseOpenValue(v)
			if !ok {
				return fail(ErrDamaged, nil, "the open follow-up index entry of %s is unreadable: restore the journal from a backup", idOf(k[16:]))
			}
			open = append(open, f)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return model.Due(today, sums, open, horizon), nil
}

// An open index value is the follow-up's key, owner, due date and text:
// what Due needs, so that Due reads no follow-up record.
//
//	key(40) | owner(1: r, e) | len(1) | due as RFC 3339 (len bytes) | text
const openKeyLen = 40

func openValue(key []byte, owner model.Role, due time.Time, text string) []byte {
	v := make([]byte, 0, len(key)+2+40+len(text))
	v = append(v, key...)
	o := byte('?')
	switch owner {
	case model.RoleMentor:
		o = 'r'
	case model.RoleMentee:
		o = 'e'
	}
	v = append(v, o, 0)
	if !due.IsZero() {
		v = due.AppendFormat(v, time.RFC3339Nano)
		v[openKeyLen+1] = byte(len(v) - openKeyLen - 2)
	}
	return append(v, text...)
}

func parseOpenValue(v []byte) (model.FollowUp, bool) {
	if len(v) < openKeyLen+2 {
		return model.FollowUp{}, false
	}
	n := int(v[openKeyLen+1])
	rest := v[openKeyLen+2:]
	if len(rest) < n {
		return model.FollowUp{}, false
	}
	f := model.FollowUp{RelID: idOf(v[:16]), ID: idOf(v[24:40]), Status: model.FollowUpOpen, Text: string(rest[n:])}
	if n > 0 {
		t, err := time.Parse(time.RFC3339Nano, string(rest[:n]))
		if err != nil {
			return f, false
		}
		f.Due = t
	}
	switch v[openKeyLen] {
	case 'r':
		f.Owner = model.RoleMentor
	case 'e':
		f.Owner = model.RoleMentee
	}
	return f, true
}
