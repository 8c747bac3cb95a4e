package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// Search reads the texts the text bucket keeps for every record (text.go),
// lower-cased when they were written, so a search lower-cases only the
// query and never builds an index: in each part of a relationship whose
// bits may hold the query, each text is scanned where it is stored (in
// the transaction's pages: nothing is copied). Lower-casing keeps byte
// lengths (a letter whose lower case is longer stays as it is), so offsets
// in the lower-cased text are offsets in the original text; the original
// case comes back from one bit per byte (ASCII upper case), and from the
// original text of the rare fields where that is not enough. A text with
// accents is also kept without them (foldLower), and that is what is
// scanned, for a query without accents too: with the places where the
// two differ, a match found there is shown in the lower-cased text.

const kindPlan byte = 'P'

type docEntry struct {
	raw  []byte // the record's id, in the transaction's pages
	kind byte
	date time.Time
	id   model.ID // the id and date of its hits, made for its first
	day  string
}

// fieldRef is a stored text where the query was found, with its record.
type fieldRef struct {
	storedField
	doc uint32
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

// foldLower is lower without accents (model.FoldRune), or nil when it
// has none, and points: where each letter folded starts and ends, in
// folded and in lower, as pairs of uvarints, each from the one before.
// Outside the letters folded the bytes of both are the same.
func foldLower(lower []byte) (folded, points []byte) {
	i := 0
	for i < len(lower) && lower[i] < utf8.RuneSelf {
		i++
	}
	if i == len(lower) {
		return nil, nil
	}
	pf, pl := 0, 0 // the last point
	for i < len(lower) {
		if lower[i] < utf8.RuneSelf {
			if folded != nil {
				folded = append(folded, lower[i])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(lower[i:])
		f, ok := model.FoldRune(r)
		if !ok {
			if folded != nil {
				folded = append(folded, lower[i:i+size]...)
			}
			i += size
			continue
		}
		if folded == nil {
			folded = append(make([]byte, 0, len(lower)), lower[:i]...)
		}
		point := func() {
			points = binary.AppendUvarint(points, uint64(len(folded)-pf))
			points = binary.AppendUvarint(points, uint64(i-pl))
			pf, pl = len(folded), i
		}
		point() // where the letter starts
		folded = append(folded, f...)
		i += size
		point() // where it ends
	}
	return folded, points
}

// lowerQuery lower-cases a query the way lowerAppend does, and drops its
// accents as foldLower does.
func lowerQuery(q string) []byte {
	b, _, _ := lowerAppend(nil, nil, q)
	b = bytes.ReplaceAll(b, []byte{0}, nil)
	if f, _ := foldLower(b); f != nil {
		return f
	}
	return b
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
	pos   uint32 // where the match starts and ends in the field's lower
	end   uint32
	date  int64 // UnixNano
	dated bool
	rank  int8
}

// Search finds query (case-insensitive, plain text) in every text of the
// journal: one hit per matching line, ordered by the other person's name,
// then newest record first (undated parts, like the plan, first), then by
// field. Relationships are searched in that order, so a common word stops
// the search early; a part of a relationship whose bits lack a feature of
// the query is not read at all. Everything is read from the text bucket,
// in read transactions on one state of the file: nothing is kept in memory
// between searches.
func (s *Store) Search(ctx context.Context, query string, opt model.SearchOptions) ([]model.Hit, error) {
	var hits []model.Hit
	err := s.SearchEach(ctx, query, opt, func(h model.Hit) error {
		hits = append(hits, h)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// SearchEach is Search handing each hit to each as it is found, so that
// the hits of the whole journal are never held together (those of a few
// relationships are, while their workers run ahead). each is called inside
// the read transactions: it must not wait on anything (a terminal, a
// pipe) nor call the Store, or a writer growing the file would wait on it
// and it on the writer. An error from each ends the search with that
// error.
//
// Relationships are searched on every core, each worker in a read
// transaction of its own on the same state of the file (viewMany): reading
// pages the first time is much of a search. This goroutine takes their
// hits back in order; the workers are done before the transactions end.
func (s *Store) SearchEach(ctx context.Context, query string, opt model.SearchOptions, each func(model.Hit) error) error {
	q := lowerQuery(strings.TrimSpace(query))
	if len(q) == 0 {
		return nil
	}
	limit := opt.Limit
	if limit == 0 {
		limit = 500
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.viewMany(runtime.GOMAXPROCS(0), func(txs []*bolt.Tx) error {
		order, err := searchOrder(txs[0], opt.RelID)
		if err != nil {
			return err
		}
		find, qf := newFinder(q), queryFeatures(q)
		jobs := make(chan *relScan, 2*len(txs))
		var stop atomic.Bool
		var wg sync.WaitGroup
		for _, wtx := range txs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					if !stop.Load() {
						j.run(wtx, s.path, find, qf, opt.NoPrivate, limit)
					}
					close(j.done)
				}
			}()
		}
		defer func() {
			stop.Store(true)
			close(jobs)
			wg.Wait()
		}()
		var queue []*relScan
		next, n := 0, 0
		for {
			for len(queue) < cap(jobs) && next < len(order) {
				j := &relScan{o: order[next], done: make(chan struct{})}
				next++
				queue = append(queue, j)
				jobs <- j
			}
			if len(queue) == 0 {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			j := queue[0]
			queue = queue[1:]
			<-j.done
			if j.err != nil {
				return j.err
			}
			for _, h := range j.hits {
				if err := each(h); err != nil {
					return err
				}
				if n++; n == limit {
					return nil
				}
			}
		}
	})
}

// searchRel is a relationship to search, in the order hits are shown:
// its id and the other person's name, as its hits have them.
type searchRel struct {
	rel  []byte
	id   model.ID
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
		out = append(out, searchRel{rel: raw, id: s.Rel.ID, with: model.SanitizeLine(s.Rel.Other())})
	}
	return out, nil
}

// relScan is the search of one relationship: the fields where the query
// was found (fields, docs) and every matching line of them (ms), which
// point into the transaction's pages, then the hits, in the order they
// are shown.
type relScan struct {
	o      searchRel
	names  map[string]string // field names, made once for all hits
	fields []fieldRef
	docs   []docEntry
	ms     []match
	hits   []model.Hit
	err    error
	done   chan struct{} // closed when the scan is over
}

// storedText is a record's text value: its key, the value as stored (in a
// plain journal, checked only once it holds a match) and what it holds.
type storedText struct {
	k, v, p []byte
}

// run searches the relationship in tx, turning a fault in reading the
// file into the error it stands for, as every read does (guard).
func (j *relScan) run(tx *bolt.Tx, path string, q finder, qf features, noPrivate bool, limit int) {
	defer guard(&j.err, path)()
	if j.err = j.read(tx, q, qf, noPrivate); j.err == nil {
		j.order(limit)
	}
	j.fields, j.docs, j.ms = nil, nil, nil // the hits are what is left
}

// read looks for q in the texts of the relationship in the parts whose
// bits hold the query's features qf. In a plain journal the bits and texts
// are read without their checksums (computing them was most of a search):
// bits that were damaged could only hide a hit or cost a wasted read, and
// the text of a record with a hit is checked before the hit is kept; each
// text is looked through as it is read. Check (a backup's) reads every
// value whole. An encrypted journal's texts are opened first, on every
// core.
func (j *relScan) read(tx *bolt.Tx, q finder, qf features, noPrivate bool) error {
	o, sealed := j.o, ringOf(tx) != nil
	var kvs [][2][]byte
	text := tx.Bucket(bText).Cursor()
	sigs := tx.Bucket(bTextSig).Cursor()
	// The key prefixes to read: every part that may hold the query, or the
	// whole relationship for a query without features (shorter than a
	// trigram), which may be in a part too short to have bits.
	var prefixes [][]byte
	if len(qf) == 0 {
		prefixes = [][]byte{o.rel}
	}
	for sk, sv := sigs.Seek(o.rel); len(qf) > 0 && sk != nil && bytes.HasPrefix(sk, o.rel); sk, sv = sigs.Next() {
		sig, err := peek(tx, bTextSig, sk, sv)
		if err != nil {
			return err
		}
		if mayHold(sig, qf) {
			prefixes = append(prefixes, sk)
		}
	}
	for _, prefix := range prefixes {
		for k, v := text.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = text.Next() {
			if len(k) != textKeyLen || hitKinds[k[17]] == "" {
				return damagedValue(bText, k)
			}
			if sealed {
				kvs = append(kvs, [2][]byte{k, v})
				continue
			}
			p, err := peek(tx, bText, k, v)
			if err != nil {
				return err
			}
			if err := j.scanText(storedText{k: k, v: v, p: p}, q, noPrivate); err != nil {
				return err
			}
		}
	}
	payloads, err := unwrapAll(tx, bText, kvs)
	if err != nil {
		return err
	}
	for i, kv := range kvs {
		if err := j.scanText(storedText{k: kv[0], p: payloads[i]}, q, noPrivate); err != nil {
			return err
		}
	}
	return nil
}

// order makes the hits of the first limit matching lines found (every
// one, when limit is less than 0), in the order they are shown.
func (j *relScan) order(limit int) {
	ms := j.ms
	sort.Slice(ms, func(a, b int) bool {
		x, y := ms[a], ms[b]
		if x.dated != y.dated {
			return !x.dated
		}
		if x.date != y.date {
			return x.date > y.date
		}
		if x.rank != y.rank {
			return x.rank < y.rank
		}
		dx, dy := j.fields[x.field].doc, j.fields[y.field].doc
		if dx != dy {
			return bytes.Compare(j.docs[dx].raw, j.docs[dy].raw) < 0
		}
		if x.field != y.field {
			return x.field < y.field
		}
		return x.pos < y.pos
	})
	if limit >= 0 && len(ms) > limit {
		ms = ms[:limit]
	}
	j.hits = make([]model.Hit, len(ms))
	for i, m := range ms {
		j.hits[i] = j.hit(m)
	}
}

func (j *relScan) scanText(t storedText, q finder, noPrivate bool) error {
	k, p := t.k, t.p
	// Most records hold no match: one look through the whole value (its
	// names and case bits too, which can only cost a read) passes over
	// them without reading their fields. The fields that end before the
	// first place found hold no match, and are not looked through again.
	at := -1
	if len(p) >= textHeader {
		if at = q.index(p[textHeader:]); at < 0 {
			return nil
		}
		at += textHeader
	}
	d, first := -1, len(j.ms)
	date, err := readTextValue(k, p, func(f storedField) {
		if f.end <= at || noPrivate && f.flags&fPrivate != 0 {
			return
		}
		in := f.searched()
		i := q.index(in)
		if i < 0 {
			return
		}
		if d < 0 {
			d = len(j.docs)
			j.docs = append(j.docs, docEntry{raw: k[18:], kind: k[17]})
		}
		fi := uint32(len(j.fields))
		j.fields = append(j.fields, fieldRef{storedField: f, doc: uint32(d)})
		// One hit per line: after a match, go on after the end of its line.
		lo := f.lowerOf()
		for pos := 0; i >= 0; {
			at := pos + i
			j.ms = append(j.ms, match{field: fi, pos: uint32(lo.start(at)), end: uint32(lo.end(at + len(q.q))), rank: kindRank(k[17])})
			end := len(in)
			if nl := bytes.IndexByte(in[at+len(q.q):], '\n'); nl >= 0 {
				end = at + len(q.q) + nl
			}
			if pos = end + 1; pos >= len(in) {
				break
			}
			i = q.index(in[pos:])
		}
	})
	if err != nil {
		return err
	}
	if d < 0 {
		return nil
	}
	if t.v != nil && !plainIntact(bText, k, t.v) { // plain: checked now it matters
		return damagedValue(bText, k)
	}
	j.docs[d].date = date
	for i := first; i < len(j.ms); i++ {
		if j.ms[i].dated = !date.IsZero(); j.ms[i].dated {
			j.ms[i].date = date.UnixNano()
		}
	}
	return nil
}

// original returns the original text of bytes from to to of field fi.
func (j *relScan) original(fi uint32, from, to int) string {
	f := j.fields[fi]
	if f.flags&fOrig != 0 {
		return f.orig[from:to]
	}
	b := make([]byte, to-from)
	copy(b, f.lower[from:to])
	for i := from; i < to; i++ {
		if f.caps[i>>3]&(1<<(i&7)) != 0 {
			b[i-from] -= 'a' - 'A'
		}
	}
	return string(b)
}

const hitWidth = 200

// name returns the field name b as a string, made once per search of a
// relationship.
func (j *relScan) name(b []byte) string {
	if s, ok := j.names[string(b)]; ok {
		return s
	}
	if j.names == nil {
		j.names = map[string]string{}
	}
	s := string(b)
	j.names[s] = s
	return s
}

func (j *relScan) hit(m match) model.Hit {
	f := j.fields[m.field]
	d := &j.docs[f.doc]
	p, qlen, lower := int(m.pos), int(m.end-m.pos), f.lower
	ls := 0
	if i := bytes.LastIndexByte(lower[:p], '\n'); i >= 0 {
		ls = i + 1
	}
	le := len(lower)
	if i := bytes.IndexByte(lower[p+qlen:], '\n'); i >= 0 {
		le = p + qlen + i
	}
	ws, we := ls, le
	if we-ws > hitWidth {
		ws = max(ls, p-hitWidth/3)
		we = min(le, max(ws+hitWidth, p+qlen))
		for ws > ls && !utf8.RuneStart(lower[ws]) {
			ws--
		}
		for we < le && !utf8.RuneStart(lower[we]) {
			we++
		}
	}
	// The line is made from its three parts when the text holds what
	// must be stripped, which would move the match.
	var line string
	start, end := p-ws, p-ws+qlen
	if w := j.original(m.field, ws, we); model.SanitizeLine(w) == w {
		line = w
	} else {
		pre := model.SanitizeLine(j.original(m.field, ws, p))
		mid := model.SanitizeLine(j.original(m.field, p, p+qlen))
		line, start, end = pre+mid+model.SanitizeLine(j.original(m.field, p+qlen, we)), len(pre), len(pre)+len(mid)
	}
	if ws > ls {
		line, start, end = "…"+line, start+len("…"), end+len("…")
	}
	if we < le {
		line += "…"
	}
	if d.id == "" {
		d.id, d.day = idOf(d.raw), model.FormatDate(d.date)
	}
	h := model.Hit{
		RelID:    j.o.id,
		With:     j.o.with,
		Kind:     hitKinds[d.kind],
		RecordID: d.id,
		Field:    j.name(f.name),
		Date:     d.day,
		Line:     line,
		Start:    start,
		End:      end,
		Row:      bytes.Count(lower[:p], []byte{'\n'}),
		Col:      utf8.RuneCount(lower[ls:p]),
		Private:  f.flags&fPrivate != 0,
	}
	if d.kind == kindPlan {
		h.Layer = model.Layer(f.layer)
	}
	return h
}
