package store

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// The search index is an in-memory, lower-cased copy of every text field
// of the journal, in one byte arena where each field ends with a 0 byte,
// so one bytes.Index call scans the whole journal. It is built on the first
// Search (or by WarmSearch) from one read transaction and kept current by
// every write after its transaction commits. Lower-casing keeps byte
// lengths (a letter whose lower case is longer stays as it is), so offsets
// in the arena are offsets in the original text; the original case is
// kept as one bit per byte (ASCII upper case), and the original text of
// the rare fields where that is not enough.

const kindPlan byte = 'P'

type docKey struct {
	kind byte
	id   model.ID
}

type docEntry struct {
	id    model.ID
	kind  byte
	date  time.Time
	alive bool
}

const (
	fPrivate = 1 << iota
	fOrig
)

type fieldRef struct {
	start, end uint32 // arena offsets; arena[end] is the 0 separator
	doc        uint32
	name       uint16
	flags      uint8
	layer      int8
}

// relIndex holds the text of one relationship, so that a search can take
// relationships in display order and stop once it has enough hits.
type relIndex struct {
	id     model.ID
	with   string // the other person's name
	lower  string // with, lower-cased, for ordering
	arena  []byte
	caps   []byte // bit i set: arena[i] was an upper-case ASCII letter
	fields []fieldRef
	docs   []docEntry
	byKey  map[docKey]uint32
	orig   map[uint32]string
	dead   int
}

type searchIndex struct {
	mu     sync.RWMutex
	built  bool
	rels   map[model.ID]*relIndex
	order  []*relIndex // by lower, then id
	names  []string
	nameAt map[string]uint16
}

type text struct {
	name    string
	s       string
	private bool
	layer   int8
}

// lowerAppend appends s lower-cased to dst, setting caps bits; it reports
// whether the original cannot be rebuilt from the bits alone.
func lowerAppend(dst, caps []byte, s string) ([]byte, []byte, bool) {
	base := len(dst)
	need := (base + len(s) + 8) / 8
	for len(caps) < need {
		caps = append(caps, 0)
	}
	lossy := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'A' && c <= 'Z':
				p := base + i
				caps[p>>3] |= 1 << (p & 7)
				c += 'a' - 'A'
			case c == 0:
				c, lossy = ' ', true
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if lr := unicode.ToLower(r); lr != r && r != utf8.RuneError && utf8.RuneLen(lr) == size {
			dst = utf8.AppendRune(dst, lr)
			lossy = true
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst, caps, lossy
}

// lowerQuery lower-cases a query the way lowerAppend does.
func lowerQuery(q string) []byte {
	b, _, _ := lowerAppend(nil, nil, q)
	return bytes.ReplaceAll(b, []byte{0}, nil)
}

func (x *searchIndex) reset() {
	x.rels = map[model.ID]*relIndex{}
	x.order = nil
	x.names = nil
	x.nameAt = map[string]uint16{}
}

func (x *searchIndex) name(n string) uint16 {
	if i, ok := x.nameAt[n]; ok {
		return i
	}
	if len(x.names) >= 1<<16-1 {
		return 0
	}
	i := uint16(len(x.names))
	x.names = append(x.names, n)
	x.nameAt[n] = i
	return i
}

func (x *searchIndex) rel(id model.ID) *relIndex {
	r := x.rels[id]
	if r == nil {
		r = &relIndex{id: id, byKey: map[docKey]uint32{}, orig: map[uint32]string{}}
		x.rels[id] = r
		x.order = nil
	}
	return r
}

func (x *searchIndex) sortRels() {
	x.order = x.order[:0]
	for _, r := range x.rels {
		x.order = append(x.order, r)
	}
	sort.Slice(x.order, func(i, j int) bool {
		a, b := x.order[i], x.order[j]
		if a.lower != b.lower {
			return a.lower < b.lower
		}
		return a.id < b.id
	})
}

// put replaces the document of (kind, id). Call with mu held for writing.
func (x *searchIndex) put(kind byte, id, rel model.ID, date time.Time, texts []text) {
	r := x.rel(rel)
	r.remove(kind, id)
	d := uint32(len(r.docs))
	r.docs = append(r.docs, docEntry{id: id, kind: kind, date: date, alive: true})
	r.byKey[docKey{kind, id}] = d
	for _, t := range texts {
		if strings.TrimSpace(t.s) == "" {
			continue
		}
		start := len(r.arena)
		var lossy bool
		r.arena, r.caps, lossy = lowerAppend(r.arena, r.caps, t.s)
		f := fieldRef{start: uint32(start), end: uint32(len(r.arena)), doc: d, name: x.name(t.name), layer: t.layer}
		if t.private {
			f.flags |= fPrivate
		}
		if lossy {
			f.flags |= fOrig
			r.orig[uint32(len(r.fields))] = t.s
		}
		r.fields = append(r.fields, f)
		r.arena = append(r.arena, 0)
	}
}

func (r *relIndex) remove(kind byte, id model.ID) {
	if d, ok := r.byKey[docKey{kind, id}]; ok {
		r.docs[d].alive = false
		delete(r.byKey, docKey{kind, id})
		r.dead++
	}
}

// compact drops dead documents once they are half of all.
func (r *relIndex) compact() {
	if r.dead < 64 || r.dead*2 < len(r.docs) {
		return
	}
	oldArena, oldCaps, oldFields, oldDocs, oldOrig := r.arena, r.caps, r.fields, r.docs, r.orig
	r.arena, r.caps, r.fields, r.docs = make([]byte, 0, len(oldArena)), make([]byte, 0, len(oldCaps)), nil, nil
	r.byKey, r.orig, r.dead = map[docKey]uint32{}, map[uint32]string{}, 0
	remap := map[uint32]uint32{}
	keep := func(od uint32) uint32 {
		nd, ok := remap[od]
		if !ok {
			nd = uint32(len(r.docs))
			remap[od] = nd
			d := oldDocs[od]
			r.docs = append(r.docs, d)
			r.byKey[docKey{d.kind, d.id}] = nd
		}
		return nd
	}
	for fi, f := range oldFields {
		if !oldDocs[f.doc].alive {
			continue
		}
		nd := keep(f.doc)
		start := uint32(len(r.arena))
		r.arena = append(r.arena, oldArena[f.start:f.end+1]...)
		for len(r.caps) < (len(r.arena)+8)/8 {
			r.caps = append(r.caps, 0)
		}
		for i := f.start; i < f.end; i++ {
			if oldCaps[i>>3]&(1<<(i&7)) != 0 {
				p := start + (i - f.start)
				r.caps[p>>3] |= 1 << (p & 7)
			}
		}
		nf := f
		nf.start, nf.end, nf.doc = start, start+(f.end-f.start), nd
		if f.flags&fOrig != 0 {
			r.orig[uint32(len(r.fields))] = oldOrig[uint32(fi)]
		}
		r.fields = append(r.fields, nf)
	}
	for od, d := range oldDocs { // documents without any text
		if d.alive {
			keep(uint32(od))
		}
	}
}

// ---------------------------------------------------------------- texts of each record

// relTexts are the relationship's own texts: the two names (so a person
// is found by name, in any script) and the private notes.
func relTexts(r model.Relationship) []text {
	return []text{{name: "mentor_name", s: r.MentorName}, {name: "mentee_name", s: r.MenteeName},
		{name: "private_notes", s: r.PrivateNotes, private: true}}
}

func planTexts(p model.Plan) []text {
	var t []text
	add := func(layer model.Layer, name, s string) {
		t = append(t, text{name: name, s: s, layer: int8(layer)})
	}
	f := p.Foundation
	for i, v := range f.SharedValues {
		add(0, fmt.Sprintf("foundation.shared_values[%d]", i), v)
	}
	for i, v := range f.KeyGoals {
		add(0, fmt.Sprintf("foundation.key_goals[%d]", i), v)
	}
	r := f.Rules
	for _, kv := range [][2]string{{"frequency", r.Frequency}, {"when", r.When}, {"where", r.Where},
		{"contact", r.Contact}, {"no_contact", r.NoContact}, {"confidentiality", r.Confidentiality},
		{"scope", r.Scope}, {"limits", r.Limits}} {
		add(0, "foundation.rules."+kv[0], kv[1])
	}
	add(0, "foundation.mentor_wants", f.MentorWants)
	add(0, "foundation.mentor_brings", f.MentorBrings)
	add(0, "foundation.mentee_wants", f.MenteeWants)
	add(0, "foundation.mentee_brings", f.MenteeBrings)
	add(0, "foundation.expectations", f.Expectations)
	add(0, "foundation.schedule", f.Schedule)
	for _, pr := range []struct {
		n string
		p model.Profile
	}{{"mentor", p.Trust.Mentor}, {"mentee", p.Trust.Mentee}} {
		add(1, "trust."+pr.n+".background", pr.p.Background)
		add(1, "trust."+pr.n+".years_in_field", pr.p.YearsInField)
		add(1, "trust."+pr.n+".skills", pr.p.Skills)
		add(1, "trust."+pr.n+".common_ground", pr.p.CommonGround)
	}
	for i, s := range p.Trust.Stories {
		add(1, fmt.Sprintf("trust.stories[%d].story", i), s.Story)
		add(1, fmt.Sprintf("trust.stories[%d].lesson", i), s.Lesson)
	}
	pb := p.Problem
	add(2, "problem.statement", pb.Statement)
	for i, v := range pb.Parts {
		add(2, fmt.Sprintf("problem.parts[%d]", i), v)
	}
	add(2, "problem.current", pb.Current)
	add(2, "problem.achieved", pb.Achieved)
	m := p.Meaning
	add(3, "meaning.person", m.Person)
	add(3, "meaning.team", m.Team)
	add(3, "meaning.department", m.Department)
	add(3, "meaning.organisation", m.Organisation)
	cm := p.Commitment
	for i, o := range cm.Options {
		k := fmt.Sprintf("commitment.options[%d].", i)
		add(4, k+"title", o.Title)
		add(4, k+"pros", o.Pros)
		add(4, k+"cons", o.Cons)
		add(4, k+"obstacles", o.Obstacles)
		add(4, k+"overcome", o.Overcome)
	}
	add(4, "commitment.chosen", cm.Chosen)
	add(4, "commitment.commitment", cm.Commitment)
	sp := p.Support
	for i, x := range sp.People {
		k := fmt.Sprintf("support.people[%d].", i)
		add(5, k+"who", x.Who)
		add(5, k+"what", x.What)
		add(5, k+"how", x.How)
	}
	for i, x := range sp.Resources {
		k := fmt.Sprintf("support.resources[%d].", i)
		add(5, k+"what", x.What)
		add(5, k+"fallback", x.Fallback)
	}
	add(5, "support.ask_of_mentor", sp.AskOfMentor)
	rv := p.Review
	add(6, "review.check_in_when", rv.CheckInWhen)
	add(6, "review.check_in_how", rv.CheckInHow)
	for i, v := range rv.Measures {
		add(6, fmt.Sprintf("review.measures[%d]", i), v)
	}
	for i, x := range rv.Reviews {
		k := fmt.Sprintf("review.reviews[%d].", i)
		add(6, k+"what_happened", x.WhatHappened)
		add(6, k+"why", x.Why)
		add(6, k+"correction", x.Correction)
	}
	cl := p.Closure
	add(-1, "closure.accomplishments", cl.Accomplishments)
	for i, e := range cl.Evaluations {
		add(-1, fmt.Sprintf("closure.evaluations[%d].outcome", i), e.Outcome)
	}
	add(-1, "closure.next", cl.Next)
	return t
}

func goalTexts(g model.Goal) []text {
	t := []text{{name: "title", s: g.Title}, {name: "specific", s: g.Specific}, {name: "measure", s: g.Measure},
		{name: "achievable", s: g.Achievable}, {name: "relevant", s: g.Relevant}}
	for i, p := range g.Progress {
		t = append(t, text{name: fmt.Sprintf("progress[%d].value", i), s: p.Value}, text{name: fmt.Sprintf("progress[%d].note", i), s: p.Note})
	}
	return t
}

func sessionTexts(x model.Session) []text {
	return []text{{name: "topic", s: x.Topic}, {name: "agenda", s: x.Agenda}, {name: "notes", s: x.Notes},
		{name: "recap", s: x.Recap}, {name: "private_notes", s: x.PrivateNotes, private: true},
		{name: "reflection.useful", s: x.Reflection.Useful}, {name: "reflection.next_steps", s: x.Reflection.NextSteps},
		{name: "reflection.before_next", s: x.Reflection.BeforeNext}, {name: "reflection.change", s: x.Reflection.Change}}
}

// ---------------------------------------------------------------- updates after a commit

// locked runs fn with the index held for writing, if it is built; rel is
// the relationship whose text changed, to compact afterwards.
func (x *searchIndex) locked(rel model.ID, fn func()) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.built {
		return
	}
	fn()
	if r := x.rels[rel]; r != nil {
		r.compact()
	}
	if x.order == nil {
		x.sortRels()
	}
}

func (x *searchIndex) putRel(r model.Relationship) {
	x.locked(r.ID, func() { x.putRelL(r) })
}

func (x *searchIndex) putRelL(r model.Relationship) {
	ri := x.rel(r.ID)
	if w := r.Other(); w != ri.with {
		ri.with, ri.lower = w, strings.ToLower(w)
		x.order = nil
	}
	x.put(kindRel, r.ID, r.ID, time.Time{}, relTexts(r))
}

func (x *searchIndex) putPlan(p model.Plan) {
	x.locked(p.RelID, func() { x.put(kindPlan, p.RelID, p.RelID, time.Time{}, planTexts(p)) })
}

func (x *searchIndex) putGoal(g model.Goal) {
	x.locked(g.RelID, func() { x.put(kindGoal, g.ID, g.RelID, g.Due, goalTexts(g)) })
}

func (x *searchIndex) putRoadmap(r model.RoadmapItem) {
	x.locked(r.RelID, func() { x.put(kindRoadmap, r.ID, r.RelID, r.Date, []text{{name: "topic", s: r.Topic}}) })
}

func (x *searchIndex) putSession(s model.Session) {
	x.locked(s.RelID, func() { x.put(kindSession, s.ID, s.RelID, s.Date, sessionTexts(s)) })
}

func (x *searchIndex) putFollowUp(f model.FollowUp) {
	x.locked(f.RelID, func() { x.put(kindFollowUp, f.ID, f.RelID, f.Due, []text{{name: "text", s: f.Text}}) })
}

func (x *searchIndex) putHealth(h model.HealthCheck) {
	x.locked(h.RelID, func() { x.put(kindHealth, h.ID, h.RelID, h.Date, []text{{name: "comment", s: h.Comment}}) })
}

func (x *searchIndex) drop(kind byte, id, rel model.ID) {
	x.locked(rel, func() {
		if r := x.rels[rel]; r != nil {
			r.remove(kind, id)
		}
	})
}

func (x *searchIndex) dropRel(rel model.ID) {
	x.locked(rel, func() {
		delete(x.rels, rel)
		x.order = nil
	})
}

func (x *searchIndex) putFull(f model.Full) {
	x.locked(f.Rel.ID, func() { x.putFullL(f) })
}

func (x *searchIndex) putFullL(f model.Full) {
	x.putRelL(f.Rel)
	x.put(kindPlan, f.Rel.ID, f.Rel.ID, time.Time{}, planTexts(f.Plan))
	for _, g := range f.Goals {
		x.put(kindGoal, g.ID, g.RelID, g.Due, goalTexts(g))
	}
	for _, r := range f.Roadmap {
		x.put(kindRoadmap, r.ID, r.RelID, r.Date, []text{{name: "topic", s: r.Topic}})
	}
	for _, s := range f.Sessions {
		x.put(kindSession, s.ID, s.RelID, s.Date, sessionTexts(s))
	}
	for _, fu := range f.FollowUps {
		x.put(kindFollowUp, fu.ID, fu.RelID, fu.Due, []text{{name: "text", s: fu.Text}})
	}
	for _, h := range f.Health {
		x.put(kindHealth, h.ID, h.RelID, h.Date, []text{{name: "comment", s: h.Comment}})
	}
}

// ---------------------------------------------------------------- building

// WarmSearch builds the search index now, so that the first Search is
// fast. The app may call it in the background after start-up.
func (s *Store) WarmSearch(ctx context.Context) error {
	return s.ensureIndex(ctx)
}

func (s *Store) ensureIndex(ctx context.Context) error {
	s.idx.mu.RLock()
	built := s.idx.built
	s.idx.mu.RUnlock()
	if built {
		return nil
	}
	x := &s.idx
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.built {
		return nil
	}
	x.reset()
	err := s.read(ctx, func(tx *bolt.Tx) error {
		n := 0
		each := func(b []byte, fn func(v []byte) error) error {
			c := tx.Bucket(b).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if n++; n%1024 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				p, err := unwrap(b, k, v)
				if err != nil {
					return err
				}
				if err := fn(p); err != nil {
					return err
				}
			}
			return nil
		}
		steps := []struct {
			b  []byte
			fn func(v []byte) error
		}{
			{bRels, func(v []byte) error {
				var r model.Relationship
				err := decodeJSON(v, &r)
				x.putRelL(r)
				return err
			}},
			{bPlans, func(v []byte) error {
				var p model.Plan
				err := decodeJSON(v, &p)
				x.put(kindPlan, p.RelID, p.RelID, time.Time{}, planTexts(p))
				return err
			}},
			{bGoals, func(v []byte) error {
				var g model.Goal
				err := decodeJSON(v, &g)
				x.put(kindGoal, g.ID, g.RelID, g.Due, goalTexts(g))
				return err
			}},
			{bRoadmap, func(v []byte) error {
				var r model.RoadmapItem
				err := decodeJSON(v, &r)
				x.put(kindRoadmap, r.ID, r.RelID, r.Date, []text{{name: "topic", s: r.Topic}})
				return err
			}},
			{bSessions, func(v []byte) error {
				var r model.Session
				err := decodeJSON(v, &r)
				x.put(kindSession, r.ID, r.RelID, r.Date, sessionTexts(r))
				return err
			}},
			{bFollowUps, func(v []byte) error {
				var r model.FollowUp
				err := decodeJSON(v, &r)
				x.put(kindFollowUp, r.ID, r.RelID, r.Due, []text{{name: "text", s: r.Text}})
				return err
			}},
			{bHealth, func(v []byte) error {
				var r model.HealthCheck
				err := decodeJSON(v, &r)
				x.put(kindHealth, r.ID, r.RelID, r.Date, []text{{name: "comment", s: r.Comment}})
				return err
			}},
		}
		for _, st := range steps {
			if err := each(st.b, st.fn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		x.reset()
		return err
	}
	x.sortRels()
	x.built = true
	return nil
}

// ---------------------------------------------------------------- searching

var hitKinds = map[byte]model.HitKind{
	kindRel: model.HitRelationship, kindPlan: model.HitPlan, kindGoal: model.HitGoal, kindRoadmap: model.HitRoadmap,
	kindSession: model.HitSession, kindFollowUp: model.HitFollowUp, kindHealth: model.HitHealth,
}

// kindRank orders records of one relationship with the same date.
func kindRank(k byte) int8 {
	switch k {
	case kindRel:
		return 0
	case kindPlan:
		return 1
	case kindGoal:
		return 2
	case kindRoadmap:
		return 3
	case kindSession:
		return 4
	case kindFollowUp:
		return 5
	}
	return 6
}

type match struct {
	field uint32
	pos   uint32
	date  int64 // UnixNano
	dated bool
	rank  int8
}

// Search finds query (case-insensitive, plain text) in every text of the
// journal: one hit per matching line, ordered by the other person's name,
// then newest record first (undated parts, like the plan, first), then by
// field. Relationships are searched in that order, so a common word stops
// the search early.
func (s *Store) Search(ctx context.Context, query string, opt model.SearchOptions) ([]model.Hit, error) {
	q := lowerQuery(strings.TrimSpace(query))
	if len(q) == 0 {
		return nil, nil
	}
	if err := s.ensureIndex(ctx); err != nil {
		return nil, err
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 500
	}
	x := &s.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	var hits []model.Hit
	var ms []match
	for i, r := range x.order {
		if opt.RelID != "" && r.id != opt.RelID {
			continue
		}
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ms = r.scan(q, opt.NoPrivate, ms[:0])
		sort.Slice(ms, func(i, j int) bool {
			a, b := ms[i], ms[j]
			if a.dated != b.dated {
				return !a.dated
			}
			if a.date != b.date {
				return a.date > b.date
			}
			if a.rank != b.rank {
				return a.rank < b.rank
			}
			da, db := r.fields[a.field].doc, r.fields[b.field].doc
			if da != db {
				return r.docs[da].id < r.docs[db].id
			}
			if a.field != b.field {
				return a.field < b.field
			}
			return a.pos < b.pos
		})
		for _, m := range ms {
			hits = append(hits, x.hit(r, m, len(q)))
			if len(hits) == limit {
				return hits, nil
			}
		}
	}
	return hits, nil
}

// scan appends every matching line of r to ms.
func (r *relIndex) scan(q []byte, noPrivate bool, ms []match) []match {
	arena := r.arena
	pos, fi := 0, 0
	for pos < len(arena) {
		i := bytes.Index(arena[pos:], q)
		if i < 0 {
			break
		}
		p := pos + i
		// Fields are in arena order and p only grows: move forward.
		for fi+1 < len(r.fields) && r.fields[fi+1].start <= uint32(p) {
			fi++
		}
		f := r.fields[fi]
		d := &r.docs[f.doc]
		if !d.alive || (noPrivate && f.flags&fPrivate != 0) {
			pos = int(f.end) + 1
			continue
		}
		m := match{field: uint32(fi), pos: uint32(p), dated: !d.date.IsZero(), rank: kindRank(d.kind)}
		if m.dated {
			m.date = d.date.UnixNano()
		}
		ms = append(ms, m)
		// One hit per line: go on after the end of this line.
		end := int(f.end)
		if nl := bytes.IndexByte(arena[p+len(q):end], '\n'); nl >= 0 {
			end = p + len(q) + nl
		}
		pos = end + 1
	}
	return ms
}

// original returns the original text of arena[from:to] inside field fi.
func (r *relIndex) original(fi uint32, from, to int) string {
	f := r.fields[fi]
	if f.flags&fOrig != 0 {
		o := r.orig[fi]
		return o[from-int(f.start) : to-int(f.start)]
	}
	b := make([]byte, to-from)
	copy(b, r.arena[from:to])
	for i := from; i < to; i++ {
		if r.caps[i>>3]&(1<<(i&7)) != 0 {
			b[i-from] -= 'a' - 'A'
		}
	}
	return string(b)
}

const hitWidth = 200

func (x *searchIndex) hit(r *relIndex, m match, qlen int) model.Hit {
	f := r.fields[m.field]
	d := r.docs[f.doc]
	p := int(m.pos)
	start, end := int(f.start), int(f.end)
	ls := start
	if i := bytes.LastIndexByte(r.arena[start:p], '\n'); i >= 0 {
		ls = start + i + 1
	}
	le := end
	if i := bytes.IndexByte(r.arena[p+qlen:end], '\n'); i >= 0 {
		le = p + qlen + i
	}
	ws, we := ls, le
	if we-ws > hitWidth {
		ws = max(ls, p-hitWidth/3)
		we = min(le, max(ws+hitWidth, p+qlen))
		for ws > ls && !utf8.RuneStart(r.arena[ws]) {
			ws--
		}
		for we < le && !utf8.RuneStart(r.arena[we]) {
			we++
		}
	}
	pre := model.SanitizeLine(r.original(m.field, ws, p))
	mid := model.SanitizeLine(r.original(m.field, p, p+qlen))
	post := model.SanitizeLine(r.original(m.field, p+qlen, we))
	if ws > ls {
		pre = "…" + pre
	}
	if we < le {
		post += "…"
	}
	h := model.Hit{
		RelID:    r.id,
		With:     model.SanitizeLine(r.with),
		Kind:     hitKinds[d.kind],
		RecordID: d.id,
		Field:    x.names[f.name],
		Date:     model.FormatDate(d.date),
		Line:     pre + mid + post,
		Start:    len(pre),
		End:      len(pre) + len(mid),
		Private:  f.flags&fPrivate != 0,
	}
	if d.kind == kindPlan {
		h.Layer = model.Layer(f.layer)
	}
	return h
}
