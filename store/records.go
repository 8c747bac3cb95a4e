package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// decode checks the value v read from bucket under key and reads its
// payload into x.
func decode(tx *bolt.Tx, bucket, key, v []byte, x any) error {
	p, err := unwrap(tx, bucket, key, v)
	if err != nil {
		return err
	}
	return decodeJSON(p, x)
}

// decodeJSON reads a payload already taken out of its envelope into x.
func decodeJSON(p []byte, x any) error {
	if err := jsonv2.Unmarshal(p, x); err != nil {
		return fail(ErrDamaged, err, "a record in the journal cannot be read (%v): restore the journal from a backup", err)
	}
	return nil
}

func encode(x any) ([]byte, error) { return json.Marshal(x) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// loc says where a record lives: its kind and its key in that kind's
// bucket. The zero loc (kind 0) is no record.
type loc struct {
	kind byte
	key  []byte
}

// locate looks id up in the record index.
func locate(tx *bolt.Tx, id []byte) (loc, error) {
	v, err := get(tx, bRecords, id)
	if err != nil || len(v) < 1 {
		return loc{}, err
	}
	if len(v) < 17 || kindBucket(v[0]) == nil {
		return loc{}, damagedValue(bRecords, id)
	}
	return loc{kind: v[0], key: clone(v[1:])}, nil
}

// putRecord stores val under key in kind's bucket and records where it is.
// An id used by another kind, or by a record of another relationship, is
// refused. A record whose key changed (a new date or position) is moved.
// It reports whether anything was written.
func putRecord(tx *bolt.Tx, kind byte, id, key, val []byte, st *stamp) (bool, error) {
	return putRecordTo(tx, kind, id, key, val, nil, st)
}

// pendingIndex collects record index entries to write at the end of a
// bulk transaction, sorted: bbolt inserts into one big in-memory node per
// bucket, and inserting ids out of order moves the whole node every time.
type pendingIndex [][2][]byte

func (p pendingIndex) flush(tx *bolt.Tx) error {
	sort.Slice(p, func(i, j int) bool { return bytes.Compare(p[i][0], p[j][0]) < 0 })
	for _, kv := range p {
		if err := put(tx, bRecords, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// putRecordTo is putRecord; with pending, the record index entry is added
// to pending instead of written (the caller flushes it in the same tx).
// With st, the fields that changed get its revision (stampRecord).
func putRecordTo(tx *bolt.Tx, kind byte, id, key, val []byte, pending *pendingIndex, st *stamp) (bool, error) {
	name := kindBucket(kind)
	b := tx.Bucket(name)
	l, err := locate(tx, id)
	if err != nil {
		return false, err
	}
	var old []byte
	if l.kind != 0 {
		if l.kind != kind {
			return false, fmt.Errorf("id %s is already used by a %s in this journal: every record needs its own id", idOf(id), kindName(l.kind))
		}
		if kind != kindRel && !bytes.Equal(l.key[:16], key[:16]) {
			return false, fmt.Errorf("%s %s belongs to another relationship (%s): a record cannot move between relationships", kindName(kind), idOf(id), idOf(l.key[:16]))
		}
		if l.kind == kind {
			if old, err = unwrap(tx, name, l.key, b.Get(l.key)); err != nil {
				return false, err
			}
		}
		if bytes.Equal(l.key, key) {
			if bytes.Equal(old, val) {
				return false, nil
			}
		} else if err := b.Delete(l.key); err != nil {
			return false, err
		}
	}
	if err := put(tx, name, key, val); err != nil {
		return false, err
	}
	if err := stampRecord(tx, st, kind, key[:16], id, old, val); err != nil {
		return false, err
	}
	if pending != nil {
		*pending = append(*pending, [2][]byte{id, append([]byte{kind}, key...)})
		return true, nil
	}
	return true, put(tx, bRecords, id, append([]byte{kind}, key...))
}

func deleteRecord(tx *bolt.Tx, kind byte, id model.ID, st *stamp) (rel []byte, err error) {
	raw, ok := idBytes(id)
	if !ok {
		return nil, notFound(kindName(kind), id)
	}
	l, err := locate(tx, raw)
	if err != nil {
		return nil, err
	}
	if l.kind != kind {
		return nil, notFound(kindName(kind), id)
	}
	old, err := unwrap(tx, kindBucket(kind), l.key, tx.Bucket(kindBucket(kind)).Get(l.key))
	if err != nil {
		return nil, err
	}
	if err := stampRecord(tx, st, kind, l.key[:16], raw, clone(old), nil); err != nil {
		return nil, err
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
		l, err := locate(tx, raw)
		if err != nil {
			return err
		}
		if l.kind == kind && bytes.Equal(l.key[:16], rel) {
			return nil
		}
	}
	return fail(ErrNotFound, nil, "%s: no %s %s in this relationship: pick one that exists", field, kindName(kind), id)
}

// reviewsOwn checks that each follow-up session x reviewed is, if the
// journal holds a record with its id, a follow-up of x's own relationship
// rel. An id the journal does not hold is allowed: the follow-up may have
// been deleted since, and the review keeps its text.
func reviewsOwn(tx *bolt.Tx, rel []byte, x model.Session) error {
	for i, rv := range x.Reviewed {
		raw, ok := idBytes(rv.FollowUpID)
		if !ok {
			continue
		}
		l, err := locate(tx, raw)
		if err != nil {
			return err
		}
		if l.kind == 0 {
			continue
		}
		field := fmt.Sprintf("reviewed[%d].follow_up_id", i)
		if l.kind != kindFollowUp {
			return &model.FieldError{Field: field, Reason: fmt.Sprintf("%s is not a follow-up: it is a %s in this journal", rv.FollowUpID, kindName(l.kind))}
		}
		if !bytes.Equal(l.key[:16], rel) {
			return &model.FieldError{Field: field, Reason: fmt.Sprintf("follow-up %s belongs to another relationship in this journal (%s): a session reviews only its own relationship's follow-ups", rv.FollowUpID, idOf(l.key[:16]))}
		}
	}
	return nil
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
// A stored record that cannot be read is reported, not replaced.
func createdOf(tx *bolt.Tx, kind byte, id []byte, now time.Time) (time.Time, error) {
	l, err := locate(tx, id)
	if err != nil || l.kind != kind {
		return now, err
	}
	var c struct {
		Created time.Time `json:"created"`
	}
	if err := decode(tx, kindBucket(kind), l.key, tx.Bucket(kindBucket(kind)).Get(l.key), &c); err != nil {
		return now, err
	}
	if c.Created.IsZero() {
		return now, nil
	}
	return c.Created, nil
}

// Summary parts, for refreshSummary.
const (
	sumRel = 1 << iota
	sumPlan
	sumGoals
	sumSessions
	sumFollowUps
	sumRoadmap
	sumHealth
	sumAll = sumRel | sumPlan | sumGoals | sumSessions | sumFollowUps | sumRoadmap | sumHealth
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

// backward is every key and value of c's bucket that starts with p, the
// last first.
func backward(c *bolt.Cursor, p []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
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
		for ; k != nil && bytes.HasPrefix(k, p); k, v = c.Prev() {
			if !yield(k, v) {
				return
			}
		}
	}
}

// refreshSummary recomputes the parts of rel's summary named by what, from
// compact sources only: the relationship, the plan, goal statuses, the
// newest sessions, and the open follow-ups. Unless the whole summary is
// made anew (sumAll), its count of sessions is the stored one plus what
// the action added less what it deleted (d, nil when it changed no
// session), and so is its count of sessions since the last health check
// unless the action changed that check, deleted a session or moved one:
// a save counts neither again.
func refreshSummary(tx *bolt.Tx, rel []byte, what int, d *sessionDelta) error {
	if d == nil {
		d = &sessionDelta{}
	}
	var s model.Summary
	if what != sumAll {
		var found bool
		var err error
		if s, found, err = summaryOf(tx, rel); err != nil {
			return err
		}
		if !found {
			what = sumAll
		}
	}
	if what&sumRel != 0 {
		v := tx.Bucket(bRels).Get(rel)
		if v == nil {
			return notFound("relationship", idOf(rel))
		}
		s.Rel = model.Relationship{}
		if err := decode(tx, bRels, rel, v, &s.Rel); err != nil {
			return err
		}
	}
	if what&sumPlan != 0 {
		p, err := loadPlan(tx, rel)
		if err != nil {
			return err
		}
		s.Completion = p.Completion()
		s.HasProblem = p.Problem.Statement != ""
		s.SignedChanged = p.Foundation.ChangedSinceSigned()
	}
	if what&sumGoals != 0 {
		s.Goals, s.OpenGoals = 0, 0
		c := tx.Bucket(bGoals).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			var g struct {
				Status model.GoalStatus `json:"status"`
			}
			if err := decode(tx, bGoals, k, v, &g); err != nil {
				return err
			}
			s.Goals++
			if g.Status == model.GoalOpen {
				s.OpenGoals++
			}
		}
	}
	if what&sumSessions != 0 {
		s.LastSession, s.NextMeeting = time.Time{}, time.Time{}
		c := tx.Bucket(bSessions).Cursor()
		if what == sumAll {
			s.Sessions = 0
			for k, _ := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, _ = c.Next() {
				s.Sessions++
			}
		} else {
			s.Sessions += d.added
		}
		// One walk back from the newest key finds both the newest session
		// held (model.Full.LastSession: keys sort as model.NewestFirst
		// does, so it is the first one held) and the layers of the latest
		// sessions held (model.RecentLayers). Sessions started and left
		// empty are walked past. Of an ended session, which was held, only
		// its head is read (sessionHead).
		var recent []model.Session
		for k, v := range backward(c, rel) {
			if len(recent) == model.RecentSessions {
				break
			}
			p, err := unwrap(tx, bSessions, k, v)
			if err != nil {
				return err
			}
			x, err := sessionHead(p)
			if err != nil {
				return err
			}
			if !x.Held() {
				continue
			}
			recent = append(recent, x)
		}
		if len(recent) > 0 {
			s.LastSession = recent[0].Date
			s.NextMeeting = recent[0].NextMeeting
		}
		s.Recent, s.RecentMarked = model.RecentLayers(recent)
	}
	switch {
	case what&sumHealth == 0 && what&sumSessions != 0 && !d.moved:
		// The same health check: the sessions added on later days count.
		for _, date := range d.dates {
			if model.SinceCheck(date, s.LastHealth) {
				s.SinceHealth++
			}
		}
	case what&(sumSessions|sumHealth) != 0:
		// The newest health check and the sessions on later days
		// (model.SessionsSinceHealth), from the keys alone.
		s.LastHealth, s.SinceHealth = time.Time{}, 0
		hc := tx.Bucket(bHealth).Cursor()
		for k, v := range backward(hc, rel) {
			var h struct {
				Date time.Time `json:"date"`
			}
			if err := decode(tx, bHealth, k, v, &h); err != nil {
				return err
			}
			s.LastHealth = h.Date
			break
		}
		// A session counts when its own calendar day is after the
		// check's; without a check, every session counts.
		s.SinceHealth = s.Sessions
		if !s.LastHealth.IsZero() {
			var err error
			if s.SinceHealth, err = countSince(tx, rel, s.LastHealth); err != nil {
				return err
			}
		}
	}
	if what&sumRoadmap != 0 {
		s.NextTopic = ""
		rc := tx.Bucket(bRoadmap).Cursor()
		for k, v := rc.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = rc.Next() {
			var it struct {
				Topic  string            `json:"topic"`
				Status model.TopicStatus `json:"status"`
			}
			if err := decode(tx, bRoadmap, k, v, &it); err != nil {
				return err
			}
			if it.Status == model.TopicPlanned {
				s.NextTopic = it.Topic
				break
			}
		}
	}
	if what&sumFollowUps != 0 {
		s.OpenFollowUps, s.OpenDue = 0, nil
		err := eachOpen(tx, rel, func(key, v []byte) error {
			var f struct {
				Due time.Time `json:"due"`
			}
			if err := decode(tx, bFollowUps, key, v, &f); err != nil {
				return err
			}
			s.OpenFollowUps++
			if !f.Due.IsZero() {
				s.OpenDue = append(s.OpenDue, f.Due)
			}
			return nil
		})
		if err != nil {
			return err
		}
		sort.SliceStable(s.OpenDue, func(i, j int) bool { return s.OpenDue[i].Before(s.OpenDue[j]) })
	}
	val, err := encode(s)
	if err != nil {
		return err
	}
	return put(tx, bSummaries, rel, val)
}

// sessionHead reads what a summary needs of a stored session: its date,
// next meeting, layers and whether it ended; one still running is read
// whole, as Held needs its texts. It stops at the last of date, ended and
// next meeting, so a session encoded in model.Session's field order, where
// they come before the texts, is read without its texts. Layers, left out
// when there are none, come before ended in that order and in the order
// of earlier builds, so stopping there never misses them.
func sessionHead(p []byte) (model.Session, error) {
	var x model.Session
	bad := func(err error) (model.Session, error) {
		return x, fail(ErrDamaged, err, "a session in the journal cannot be read (%v): restore the journal from a backup", err)
	}
	d := jsontext.NewDecoder(bytes.NewBuffer(p))
	if t, err := d.ReadToken(); err != nil || t.Kind() != '{' {
		return bad(fmt.Errorf("not an object: %v", err))
	}
	var date, ended, next bool
	for !(date && ended && next) && d.PeekKind() != '}' {
		t, err := d.ReadToken()
		if err != nil {
			return bad(err)
		}
		var into any
		switch t.String() {
		case "date":
			into, date = &x.Date, true
		case "ended":
			into, ended = &x.Ended, true
		case "next_meeting":
			into, next = &x.NextMeeting, true
		case "layers":
			into = &x.Layers
		default:
			if err := d.SkipValue(); err != nil {
				return bad(err)
			}
			continue
		}
		if err := jsonv2.UnmarshalDecode(d, into); err != nil {
			return bad(err)
		}
	}
	if !x.Ended {
		x = model.Session{}
		if err := decodeJSON(p, &x); err != nil {
			return x, err
		}
	}
	return x, nil
}

// eachOpen calls fn with the key and the stored value of every open
// follow-up whose open index key starts with prefix (a relationship's id,
// or nil for the whole journal).
func eachOpen(tx *bolt.Tx, prefix []byte, fn func(key, val []byte) error) error {
	fb := tx.Bucket(bFollowUps)
	c := tx.Bucket(bOpen).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		fk, err := unwrap(tx, bOpen, k, v)
		if err != nil {
			return err
		}
		if len(fk) < openKeyLen {
			return damagedValue(bOpen, k)
		}
		fv := fb.Get(fk[:openKeyLen])
		if fv == nil {
			return fail(ErrDamaged, nil, "the open follow-up index points at a missing follow-up %s: restore the journal from a backup", idOf(k[16:]))
		}
		if err := fn(fk[:openKeyLen], fv); err != nil {
			return err
		}
	}
	return nil
}

// countSince counts rel's sessions on a later calendar day than last.
// Keys sort by instant: a session from 12 hours into the next day on is
// on a later day in any time zone and one before the next day less 14
// hours is not, so only those in between are read.
func countSince(tx *bolt.Tx, rel []byte, last time.Time) (int, error) {
	next := model.Day(last).AddDate(0, 0, 1)
	lo, hi := timeKey(next.Add(-14*time.Hour)), timeKey(next.Add(12*time.Hour))
	from, sure := key2(rel, lo[:]), key2(rel, hi[:])
	n := 0
	sc := tx.Bucket(bSessions).Cursor()
	for k, v := sc.Seek(from); k != nil && bytes.HasPrefix(k, rel); k, v = sc.Next() {
		if bytes.Compare(k, sure) < 0 {
			var x struct {
				Date time.Time `json:"date"`
			}
			if err := decode(tx, bSessions, k, v, &x); err != nil {
				return 0, err
			}
			if !model.SinceCheck(x.Date, last) {
				continue
			}
		}
		n++
	}
	return n, nil
}

// write runs fn in one write transaction.
func (s *Store) write(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.update(fn)
}

func (s *Store) read(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.view(fn)
}

// ---------------------------------------------------------------- helpers

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
		return decode(tx, bRels, rel, v, &r)
	})
	return r, err
}

// loadPlan reads rel's plan. Every relationship is created with one, so a
// relationship without one is damage, never an empty agreement.
func loadPlan(tx *bolt.Tx, rel []byte) (model.Plan, error) {
	p := model.Plan{RelID: idOf(rel)}
	v, err := get(tx, bPlans, rel)
	if err == nil && v == nil {
		err = noPlan(rel)
	}
	if err != nil {
		return p, err
	}
	return p, decodeJSON(v, &p)
}

func noPlan(rel []byte) error {
	return fail(ErrDamaged, nil, "the journal is damaged: the relationship %s has no agreement and layers record; restore the journal from a backup (nothing was changed)", idOf(rel))
}

// unlink rewrites the records of rel in bucket b whose link (named by ref,
// with the record's Updated field) points at id: the link is cleared and
// Updated set to now. Other records are left alone. Keys stay.
func unlink[T any](tx *bolt.Tx, st *stamp, kind byte, rel []byte, id model.ID, now time.Time, ref func(x *T) (link *model.ID, updated *time.Time)) error {
	b := kindBucket(kind)
	bk := tx.Bucket(b)
	needle := []byte(`"` + string(id) + `"`)
	type kv struct{ k, old, v []byte }
	var todo []kv
	c := bk.Cursor()
	sealed := ringOf(tx) != nil
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		// The id is looked for in the record as written, out of its
		// envelope: in an encrypted journal the value as stored is
		// sealed (a plain one's holds it as written, and is looked
		// through first).
		if !sealed && !bytes.Contains(v, needle) {
			continue
		}
		old, err := unwrap(tx, b, k, v)
		if err != nil {
			return err
		}
		if !bytes.Contains(old, needle) {
			continue
		}
		var x T
		if err := decodeJSON(old, &x); err != nil {
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
		todo = append(todo, kv{clone(k), clone(old), nv})
	}
	for _, x := range todo {
		if err := put(tx, b, x.k, x.v); err != nil {
			return err
		}
		if err := stampRecord(tx, st, kind, rel, x.k[len(x.k)-16:], x.old, x.v); err != nil {
			return err
		}
	}
	return nil
}

func putFollowUp(tx *bolt.Tx, rel, id []byte, f model.FollowUp, pending *pendingIndex, st *stamp) (bool, error) {
	val, err := encode(f)
	if err != nil {
		return false, err
	}
	return putFollowUpVal(tx, rel, id, f, val, pending, st)
}

// putFollowUpVal is putFollowUp with f already encoded as val.
func putFollowUpVal(tx *bolt.Tx, rel, id []byte, f model.FollowUp, val []byte, pending *pendingIndex, st *stamp) (bool, error) {
	key := key3(rel, timeKey(f.Due), id)
	changed, err := putRecordTo(tx, kindFollowUp, id, key, val, pending, st)
	if err != nil {
		return false, err
	}
	open := tx.Bucket(bOpen)
	ok := key2(rel, id)
	if f.Status == model.FollowUpOpen {
		old, err := unwrap(tx, bOpen, ok, open.Get(ok))
		if err != nil {
			return false, err
		}
		if ov := openValue(key, f.Owner, f.Due, f.Text); !bytes.Equal(old, ov) {
			return true, put(tx, bOpen, ok, ov)
		}
	} else if open.Get(ok) != nil {
		return true, open.Delete(ok)
	}
	return changed, nil
}

// ---------------------------------------------------------------- reading

// relAt reads the relationship stored under k (its id).
func relAt(tx *bolt.Tx, k []byte) (model.Relationship, error) {
	var r model.Relationship
	return r, decode(tx, bRels, k, tx.Bucket(bRels).Get(k), &r)
}

// ListSummaries returns every relationship's dashboard summary, by the
// other person's name. It reads one small record per relationship.
func (s *Store) ListSummaries(ctx context.Context) ([]model.Summary, error) {
	var out []model.Summary
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		if out, err = summariesInTx(tx); err != nil {
			return err
		}
		return withConflicts(tx, out)
	})
	return out, err
}

// withConflicts fills in the conflicts of the relationships of sums that
// were exchanged, for the dashboard; the other readers of the summaries
// (search, due) have no use for them.
func withConflicts(tx *bolt.Tx, sums []model.Summary) error {
	at := make(map[model.ID]int, len(sums))
	for i, x := range sums {
		at[x.Rel.ID] = i
	}
	return tx.Bucket(bPartners).ForEach(func(k, _ []byte) error {
		i, ok := at[idOf(k)]
		if !ok {
			return nil
		}
		p, _, err := partnerOf(tx, k)
		sums[i].Conflicts = p.Conflicts
		return err
	})
}

func summariesInTx(tx *bolt.Tx) ([]model.Summary, error) {
	var kvs [][2][]byte
	_ = tx.Bucket(bSummaries).ForEach(func(k, v []byte) error {
		kvs = append(kvs, [2][]byte{k, v})
		return nil
	})
	ps, err := unwrapAll(tx, bSummaries, kvs)
	if err != nil {
		return nil, err
	}
	// Decoded on every core: the dashboard of a journal of a thousand
	// relationships waits for all of them. Sorted by the other person's
	// name, lowered once, as small keys put in their order once: a
	// summary is too big to move at every step of a sort.
	sums := make([]model.Summary, len(ps))
	type key struct {
		lower string
		id    model.ID
		at    int
	}
	keys := make([]key, len(ps))
	errs := make([]error, len(ps))
	eachOnCores(len(ps), func(i int) {
		errs[i] = decodeJSON(ps[i], &sums[i])
		keys[i] = key{model.FoldName(sums[i].Rel.Other()), sums[i].Rel.ID, i}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.lower, b.lower); c != 0 {
			return c
		}
		return strings.Compare(string(a.id), string(b.id))
	})
	out := make([]model.Summary, len(keys))
	for i, k := range keys {
		out[i] = sums[k.at]
	}
	return out, nil
}

// LoadFull reads one relationship with all its parts: goals by creation,
// roadmap by position, sessions newest first, follow-ups by due date
// (undated last), health checks oldest first.
func (s *Store) LoadFull(ctx context.Context, id model.ID) (model.Full, error) {
	return s.LoadWindow(ctx, id, model.Window{})
}

// LoadWindow is LoadFull with only the newest part of the history that w
// asks for (model.Window): what it reads does not grow with the history.
// When it leaves sessions or follow-ups out, f.History.More is set and
// f.History.Summary is the relationship's stored summary.
func (s *Store) LoadWindow(ctx context.Context, id model.ID, w model.Window) (model.Full, error) {
	var f model.Full
	err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		f, err = loadFullInTx(tx, id, w)
		return err
	})
	return f, err
}

// SessionsAt reads the run of a relationship's sessions that p asks for
// (model.Page), and how many it has: a list pages through a long history
// reading the sessions it shows, not those before them. To get there it
// walks keys only, never values, from the newest or the oldest, whichever
// is nearer, and no further than the run.
func (s *Store) SessionsAt(ctx context.Context, id model.ID, p model.Page) (model.SessionPage, error) {
	var out model.SessionPage
	err := s.read(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(id)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", id)
		}
		n := max(1, p.N)
		out.From = max(0, p.From)
		c := tx.Bucket(bSessions).Cursor()
		if raw, ok := idBytes(p.Around); ok {
			l, err := locate(tx, raw)
			if err != nil {
				return err
			}
			if l.kind == kindSession && bytes.HasPrefix(l.key, rel) {
				i := 0
				for k := range backward(c, rel) {
					if bytes.Equal(k, l.key) {
						out.From = model.PageStart(i, n)
						break
					}
					i++
				}
			}
		}
		// How many it has is the summary's count, as the screens show it;
		// without a summary, the keys are counted to the oldest.
		sum, counted, err := summaryOf(tx, rel)
		if err != nil {
			return err
		}
		var kvs [][2][]byte
		i := 0
		if total := sum.Sessions; counted && out.From >= total/2 {
			// Nearer the oldest: walked to from the oldest, and the run
			// turned newest first.
			older := max(0, total-out.From-n) // the sessions older than the run
			for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel) && i < total-out.From; k, v = c.Next() {
				if i >= older {
					kvs = append(kvs, [2][]byte{k, v})
				}
				i++
			}
			slices.Reverse(kvs)
		} else {
			for k, v := range backward(c, rel) {
				if i >= out.From+n && counted {
					break
				}
				if i >= out.From && i < out.From+n {
					kvs = append(kvs, [2][]byte{k, v})
				}
				i++
			}
		}
		out.Total = i
		if counted {
			out.Total = sum.Sessions
		}
		out.Sessions, err = decodeAll[model.Session](tx, bSessions, kvs) // keys sort as model.NewestFirst does
		return err
	})
	return out, err
}

func loadFullInTx(tx *bolt.Tx, id model.ID, w model.Window) (model.Full, error) {
	var f model.Full
	rel, ok := idBytes(id)
	if !ok {
		return f, notFound("relationship", id)
	}
	v := tx.Bucket(bRels).Get(rel)
	if v == nil {
		return f, notFound("relationship", id)
	}
	if err := decode(tx, bRels, rel, v, &f.Rel); err != nil {
		return f, err
	}
	var err error
	if f.Plan, err = loadPlan(tx, rel); err != nil {
		return f, err
	}
	if f.Goals, err = decodeAll[model.Goal](tx, bGoals, recordsOf(tx, bGoals, rel)); err != nil {
		return f, err
	}
	if f.Roadmap, err = decodeAll[model.RoadmapItem](tx, bRoadmap, recordsOf(tx, bRoadmap, rel)); err != nil {
		return f, err
	}
	sessions, more := newestSessions(tx, rel, w)
	read := len(sessions)
	oldest := w.Since // the day the follow-ups read are due from, of the newest sessions alone
	if read > 0 && (oldest.IsZero() || bytes.Compare(sessions[read-1][0], key2(rel, timeKeyBytes(oldest))) < 0) {
		var x struct {
			Date time.Time `json:"date"`
		}
		if err := decode(tx, bSessions, sessions[read-1][0], sessions[read-1][1], &x); err != nil {
			return f, err
		}
		oldest = x.Date
	}
	if n := len(sessions); more && len(w.Keep) > 0 {
		if sessions, err = kept(tx, rel, kindSession, w.Keep, sessions); err != nil {
			return f, err
		}
		if len(sessions) > n {
			slices.SortFunc(sessions, func(a, b [2][]byte) int { return bytes.Compare(b[0], a[0]) }) // newest first
		}
	}
	if f.Sessions, err = decodeAll[model.Session](tx, bSessions, sessions); err != nil {
		return f, err
	}
	var follow [][2][]byte
	if !more {
		follow = recordsOf(tx, bFollowUps, rel)
	} else {
		// The follow-ups of the time since the day of the oldest session
		// read, or of Since if earlier, and every open one.
		if follow, err = followUpsOf(tx, rel, model.Day(oldest)); err != nil {
			return f, err
		}
		if n := len(follow); len(w.Keep) > 0 {
			if follow, err = kept(tx, rel, kindFollowUp, w.Keep, follow); err != nil {
				return f, err
			}
			if len(follow) > n {
				slices.SortFunc(follow, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
			}
		}
		var found bool
		if f.History.Summary, found, err = summaryOf(tx, rel); err != nil {
			return f, err
		}
		if !found {
			return f, fail(ErrDamaged, nil, "relationship %s has no summary: restore the journal from a backup", idOf(rel))
		}
		f.History.More, f.History.Read = true, read
	}
	if f.FollowUps, err = decodeAll[model.FollowUp](tx, bFollowUps, follow); err != nil {
		return f, err
	}
	if more {
		if f.History.HeldOn, err = heldOn(tx, f); err != nil {
			return f, err
		}
	}
	if f.Health, err = decodeAll[model.HealthCheck](tx, bHealth, recordsOf(tx, bHealth, rel)); err != nil {
		return f, err
	}
	if f.Partner, _, err = partnerOf(tx, rel); err != nil {
		return f, err
	}
	return f, nil
}

// kept adds to kvs the records of kind in rel that ids name and kvs lacks
// (model.Window.Keep).
func kept(tx *bolt.Tx, rel []byte, kind byte, ids []model.ID, kvs [][2][]byte) ([][2][]byte, error) {
	for _, id := range ids {
		raw, ok := idBytes(id)
		if !ok {
			continue
		}
		l, err := locate(tx, raw)
		if err != nil {
			return nil, err
		}
		if l.kind != kind || !bytes.HasPrefix(l.key, rel) || slices.ContainsFunc(kvs, func(kv [2][]byte) bool { return bytes.Equal(kv[0], l.key) }) {
			continue
		}
		kvs = append(kvs, [2][]byte{l.key, tx.Bucket(kindBucket(kind)).Get(l.key)})
	}
	return kvs, nil
}

// heldOn is the date of each session a held roadmap topic of f names
// that f's window left out (model.Full.HeldOn).
func heldOn(tx *bolt.Tx, f model.Full) (map[model.ID]time.Time, error) {
	read := map[model.ID]bool{}
	for _, x := range f.Sessions {
		read[x.ID] = true
	}
	var out map[model.ID]time.Time
	for _, it := range f.Roadmap {
		if it.Status != model.TopicHeld || it.SessionID == "" || read[it.SessionID] {
			continue
		}
		raw, ok := idBytes(it.SessionID)
		if !ok {
			continue
		}
		l, err := locate(tx, raw)
		if err != nil {
			return nil, err
		}
		if l.kind != kindSession {
			continue // a link to a session deleted: no date, as in a whole read
		}
		var x struct {
			Date time.Time `json:"date"`
		}
		if err := decode(tx, bSessions, l.key, tx.Bucket(bSessions).Get(l.key), &x); err != nil {
			return nil, err
		}
		if out == nil {
			out = map[model.ID]time.Time{}
		}
		out[it.SessionID] = x.Date
	}
	return out, nil
}

// recordsOf is every key and value of bucket under the prefix rel, in key
// order.
func recordsOf(tx *bolt.Tx, bucket, rel []byte) [][2][]byte {
	var kvs [][2][]byte
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		kvs = append(kvs, [2][]byte{k, v})
	}
	return kvs
}

// newestSessions is rel's sessions newest first, as many as w asks for,
// and with Since the one before too (a session shows what the one before
// it said); more says whether older ones were left out.
func newestSessions(tx *bolt.Tx, rel []byte, w model.Window) (kvs [][2][]byte, more bool) {
	whole := w.Whole()
	since := key2(rel, timeKeyBytes(w.Since))
	before := w.Since.IsZero() // the one before Since is read
	c := tx.Bucket(bSessions).Cursor()
	for k, v := range backward(c, rel) {
		if !whole && len(kvs) >= w.Sessions && (w.Since.IsZero() || bytes.Compare(k, since) < 0) {
			if before {
				return kvs, true
			}
			before = true
		}
		kvs = append(kvs, [2][]byte{k, v})
	}
	return kvs, false
}

// followUpsOf is the follow-ups of rel a window from day keeps, in key
// order (by due date, undated last): those due from day on, the undated
// ones made from day on (ids sort by when they were made), and every
// open one.
func followUpsOf(tx *bolt.Tx, rel []byte, day time.Time) ([][2][]byte, error) {
	from := key2(rel, timeKeyBytes(day))
	undated := key2(rel, timeKeyBytes(time.Time{}))
	first, _ := idBytes(model.FirstIDAt(day))
	undatedFrom := key2(undated, first)
	var kvs [][2][]byte
	c := tx.Bucket(bFollowUps).Cursor()
	for k, v := c.Seek(from); k != nil && bytes.Compare(k, undated) < 0; k, v = c.Next() {
		kvs = append(kvs, [2][]byte{k, v})
	}
	for k, v := c.Seek(undatedFrom); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		kvs = append(kvs, [2][]byte{k, v})
	}
	read := func(k []byte) bool {
		return bytes.Compare(k, from) >= 0 && (bytes.Compare(k, undated) < 0 || bytes.Compare(k, undatedFrom) >= 0)
	}
	if err := eachOpen(tx, rel, func(key, v []byte) error {
		if !read(key) {
			kvs = append(kvs, [2][]byte{clone(key), v})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(kvs, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
	return kvs, nil
}

// timeKeyBytes is timeKey as a slice.
func timeKeyBytes(t time.Time) []byte {
	k := timeKey(t)
	return k[:]
}

// summaryOf reads rel's stored summary; found is false when it has none.
func summaryOf(tx *bolt.Tx, rel []byte) (sum model.Summary, found bool, err error) {
	v, err := get(tx, bSummaries, rel)
	if err != nil || v == nil {
		return sum, false, err
	}
	return sum, true, decodeJSON(v, &sum)
}

// decodeAll decodes the records kvs of bucket (keys and values as
// stored), in their order, on every core: a relationship of a thousand
// sessions is mostly the decoding of their JSON.
func decodeAll[T any](tx *bolt.Tx, bucket []byte, kvs [][2][]byte) ([]T, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	ps, err := unwrapAll(tx, bucket, kvs)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(ps))
	errs := make([]error, len(ps))
	eachOnCores(len(ps), func(i int) { errs[i] = decodeJSON(ps[i], &out[i]) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
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
	var out []model.FollowUp
	err := eachOpen(tx, nil, func(key, v []byte) error {
		var f model.FollowUp
		if err := decode(tx, bFollowUps, key, v, &f); err != nil {
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
			v, err := unwrap(tx, bOpen, k, v)
			if err != nil {
				return err
			}
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
