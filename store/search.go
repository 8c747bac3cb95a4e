package store

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// Search reads the texts the text bucket keeps for every record (text.go),
// lower-cased when they were written, so a search lower-cases only the
// query and never builds an index: for each relationship whose trigram
// bits may hold the query, its texts are laid end to end in one arena
// (each field followed by a 0 byte) and one bytes.Index call at a time
// scans it. Lower-casing keeps byte lengths (a letter whose lower case is
// longer stays as it is), so offsets in the arena are offsets in the
// original text; the original case comes back from one bit per byte
// (ASCII upper case), and from the original text of the rare fields
// where that is not enough.

const kindPlan byte = 'P'

type docEntry struct {
	id   model.ID
	kind byte
	date time.Time
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
	caps       []byte // bit i: byte start+i was an upper-case ASCII letter
	orig       string // the original text, when caps cannot rebuild it
}

// relIndex holds the texts of one relationship while it is searched.
type relIndex struct {
	id     model.ID
	with   string // the other person's name
	arena  []byte
	fields []fieldRef
	docs   []docEntry
}

// searchIndex holds what one search shares across relationships: the
// names of fields.
type searchIndex struct {
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

func (x *searchIndex) name(n string) uint16 {
	if x.nameAt == nil {
		x.nameAt = map[string]uint16{}
	}
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

func roadmapTexts(r model.RoadmapItem) []text { return []text{{name: "topic", s: r.Topic}} }
func followUpTexts(f model.FollowUp) []text   { return []text{{name: "text", s: f.Text}} }
func healthTexts(h model.HealthCheck) []text  { return []text{{name: "comment", s: h.Comment}} }

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
// the search early; one whose trigram bits lack a trigram of the query is
// not read at all. Everything is read in one transaction, from the text
// bucket: nothing is kept in memory between searches.
func (s *Store) Search(ctx context.Context, query string, opt model.SearchOptions) ([]model.Hit, error) {
	q := lowerQuery(strings.TrimSpace(query))
	if len(q) == 0 {
		return nil, nil
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 500
	}
	var hits []model.Hit
	err := s.read(ctx, func(tx *bolt.Tx) error {
		order, err := searchOrder(tx, opt.RelID)
		if err != nil {
			return err
		}
		x := &searchIndex{}
		var r relIndex
		var ms []match
		for i, o := range order {
			if i%16 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			sig, err := get(tx, bTextSig, o.rel)
			if err != nil {
				return err
			}
			if !mayHold(sig, q) {
				continue
			}
			if err := x.load(tx, &r, o); err != nil {
				return err
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
				hits = append(hits, x.hit(&r, m, len(q)))
				if len(hits) == limit {
					return nil
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// searchRel is a relationship to search, in the order hits are shown.
type searchRel struct {
	rel  []byte
	with string
}

// searchOrder lists the relationships to search (one, when rel is set) by
// the other person's name, from the summaries.
func searchOrder(tx *bolt.Tx, rel model.ID) ([]searchRel, error) {
	sums, err := summariesInTx(tx)
	if err != nil {
		return nil, err
	}
	var out []searchRel
	for _, s := range sums {
		if rel != "" && s.Rel.ID != rel {
			continue
		}
		raw, ok := idBytes(s.Rel.ID)
		if !ok {
			return nil, notFound("relationship", s.Rel.ID)
		}
		out = append(out, searchRel{rel: raw, with: s.Rel.Other()})
	}
	return out, nil
}

// load lays the texts of relationship o end to end in r, reusing r's
// memory. The fields' caps and originals point into the transaction's
// pages.
func (x *searchIndex) load(tx *bolt.Tx, r *relIndex, o searchRel) error {
	r.id, r.with = idOf(o.rel), o.with
	r.arena, r.fields, r.docs = r.arena[:0], r.fields[:0], r.docs[:0]
	c := tx.Bucket(bText).Cursor()
	for k, v := c.Seek(o.rel); k != nil && bytes.HasPrefix(k, o.rel); k, v = c.Next() {
		if len(k) != 33 {
			return damagedValue(bText, k)
		}
		p, err := unwrap(bText, k, v)
		if err != nil {
			return err
		}
		d := uint32(len(r.docs))
		date, err := readTextValue(k, p, func(f storedField) {
			start := uint32(len(r.arena))
			r.arena = append(r.arena, f.lower...)
			r.fields = append(r.fields, fieldRef{start: start, end: uint32(len(r.arena)), doc: d,
				name: x.name(f.name), flags: f.flags, layer: f.layer, caps: f.caps, orig: f.orig})
			r.arena = append(r.arena, 0)
		})
		if err != nil {
			return err
		}
		r.docs = append(r.docs, docEntry{id: idOf(k[17:]), kind: k[16], date: date})
	}
	return nil
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
		if noPrivate && f.flags&fPrivate != 0 {
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
		return f.orig[from-int(f.start) : to-int(f.start)]
	}
	b := make([]byte, to-from)
	copy(b, r.arena[from:to])
	for i := from; i < to; i++ {
		if j := i - int(f.start); f.caps[j>>3]&(1<<(j&7)) != 0 {
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
