package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// The search text of the journal lives on disk, written in the same
// transaction as the record it comes from, like the summaries: no app run
// builds an index, and memory does not grow with the journal.
//
//	text     rel | part(1) | kind(1) | id -> the record's texts, lower-cased (textValue)
//	textsig  rel | part(1)                -> the features of the part's texts, as bits
//
// A relationship's records are spread over textParts parts by a hash of
// their ids, so a record stays in its part for life. A search reads the
// texts of a part only when the part's bits hold every feature of the
// query (features): most parts of most relationships are never read, even
// for a phrase whose every word is common. Keys hold ids only, never a
// word, and values are in envelopes like every other value, so an
// encrypted journal seals them. Writes only ever add bits (a text edited
// or deleted leaves its bits, which costs a wasted read, never a missed
// hit); a part whose bits fill up is rebuilt from the texts it holds, at
// the size they need, and every part is rebuilt with the derived buckets.
// A part whose texts are all shorter than a trigram has no bits: only a
// query as short (which has no features) can be in it, and such a query
// reads every part.
var (
	bText    = []byte("text")
	bTextSig = []byte("textsig")
)

// Field flags, as stored in a text value.
const (
	fPrivate = 1 // private notes: left out of pair view and shared searches
	fOrig    = 2 // the original text follows: the case bits cannot rebuild it
	fFold    = 4 // the text without accents follows, where it differs (foldLower)
)

// textParts is the number of parts of a relationship's texts.
const textParts = 16

// partOf is the part of a relationship's texts that holds a record's.
func partOf(id []byte) byte { return byte(fnv64a(id) % textParts) }

// fnv64a is the 64-bit FNV-1a hash of b (as hash/fnv has it, without its
// allocation): record parts, search windows, bbolt's meta checksum.
func fnv64a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// textKey is where a record's texts are kept.
func textKey(rel []byte, kind byte, id []byte) []byte {
	k := make([]byte, 0, textKeyLen)
	k = append(k, rel...)
	k = append(k, partOf(id), kind)
	return append(k, id...)
}

// textKeyLen is the length of a text key: rel, part, kind, id.
const textKeyLen = 34

func sigKey(rel []byte, part byte) []byte {
	return append(append(make([]byte, 0, 17), rel...), part)
}

// textHeader is the size of a text value's date.
const textHeader = 13

// textValue encodes a record's texts for the text bucket:
//
//	dated(1) | date(8, UnixNano) | zone offset(4, seconds east of UTC) | fields…
//	field: len(name) name | flags(1) | layer(1) | len(lower) lower | caps (len(lower)+7)/8 | [len(orig) orig if fOrig]
//	       [len(folded) folded | len(points) points if fFold]
//
// lower is the text lower-cased by lowerAppend (the same byte length as
// the original); caps has a bit for each byte that was an ASCII upper-case
// letter; orig is the original where caps cannot rebuild it; folded is
// lower without accents, and points where its bytes stand in lower
// (foldLower), for a text that has accents. A search looks through folded
// where there is one, else lower. Blank texts are left out. fs, when not
// nil, gains the features of every text as it is searched.
func textValue(date time.Time, texts []text, fs *features) []byte {
	v := make([]byte, textHeader, 64)
	if !date.IsZero() {
		_, off := date.Zone()
		v[0] = 1
		binary.BigEndian.PutUint64(v[1:9], uint64(date.UnixNano()))
		binary.BigEndian.PutUint32(v[9:13], uint32(int32(off)))
	}
	for _, t := range texts {
		if len(bytes.TrimSpace([]byte(t.s))) == 0 {
			continue
		}
		lower, caps, lossy := lowerAppend(nil, nil, t.s)
		caps = caps[:(len(lower)+7)/8]
		var flags byte
		if t.private {
			flags |= fPrivate
		}
		if lossy {
			flags |= fOrig
		}
		v = binary.AppendUvarint(v, uint64(len(t.name)))
		v = append(v, t.name...)
		flagsAt := len(v)
		v = append(v, flags, byte(t.layer))
		v = binary.AppendUvarint(v, uint64(len(lower)))
		v = append(v, lower...)
		v = append(v, caps...)
		if lossy {
			v = binary.AppendUvarint(v, uint64(len(t.s)))
			v = append(v, t.s...)
		}
		searched := lower
		if folded, points := foldLower(lower); folded != nil {
			v[flagsAt] |= fFold
			v = binary.AppendUvarint(v, uint64(len(folded)))
			v = append(v, folded...)
			v = binary.AppendUvarint(v, uint64(len(points)))
			v = append(v, points...)
			searched = folded
		}
		if fs != nil {
			fs.add(searched)
		}
	}
	return v
}

// storedField is one text of a record as the text bucket holds it. Its
// slices point into the stored value: valid only in its transaction.
type storedField struct {
	name  []byte
	flags uint8
	layer int8
	lower []byte // the text lower-cased
	caps  []byte // bit i: byte i was an upper-case ASCII letter
	orig  string // the original text, when caps cannot rebuild it
	// folded is lower without accents, when it has any, and points
	// where its bytes stand in lower (foldLower).
	folded, points []byte
	end            int // where the field ends in the value
}

// searched is the text a search looks through: without accents.
func (f storedField) searched() []byte {
	if f.folded != nil {
		return f.folded
	}
	return f.lower
}

// lowerOf maps places in a field's searched text to its lower-cased text
// (the points of foldLower), for places that only go forward, as a
// field's matches do: the points are read once a field, not once a match.
// A match that starts or ends inside a letter folded to more than one (ß
// is ss) takes in the whole letter.
type lowerOf struct {
	points []byte // those not passed yet
	at, in int    // the last point passed: in the searched text, in lower
	inside bool   // it is where a letter folded starts
}

func (f storedField) lowerOf() lowerOf { return lowerOf{points: f.points} }

// pass passes the points at or before byte i of the searched text.
func (m *lowerOf) pass(i int) {
	for len(m.points) > 0 {
		df, w1 := binary.Uvarint(m.points)
		dl, w2 := binary.Uvarint(m.points[w1:]) // readTextValue checked them
		if m.at+int(df) > i {
			return
		}
		m.at, m.in, m.points, m.inside = m.at+int(df), m.in+int(dl), m.points[w1+w2:], !m.inside
	}
}

// start is where a match that starts at byte i of the searched text
// starts in lower. i never goes back.
func (m *lowerOf) start(i int) int {
	if m.pass(i); m.inside {
		return m.in
	}
	return i - m.at + m.in
}

// end is where a match that ends at byte i of the searched text ends in
// lower. i never goes back.
func (m *lowerOf) end(i int) int {
	if m.pass(i); m.inside && i > m.at {
		_, w1 := binary.Uvarint(m.points) // where the letter ends
		dl, _ := binary.Uvarint(m.points[w1:])
		return m.in + int(dl)
	}
	return i - m.at + m.in
}

// validPoints reports whether points (foldLower) are pairs of uvarints,
// a start and an end for each letter folded, that stay within a folded
// text and its lower-cased one and map every place of the one within the
// other: the bytes before a letter are the same in both, and a letter is
// at least a byte and folds to no more bytes than it had (model.FoldRune).
func validPoints(points []byte, folded, lower int) bool {
	at, in, n := 0, 0, 0
	for p := points; len(p) > 0; n++ {
		df, w1 := binary.Uvarint(p)
		if w1 <= 0 {
			return false
		}
		dl, w2 := binary.Uvarint(p[w1:])
		if w2 <= 0 || df > uint64(folded-at) || dl > uint64(lower-in) {
			return false
		}
		if n%2 == 0 && df != dl || n%2 == 1 && (dl == 0 || df > dl) {
			return false
		}
		p = p[w1+w2:]
		at, in = at+int(df), in+int(dl)
	}
	return n%2 == 0 && folded-at == lower-in // the same bytes after the last letter
}

// readTextValue decodes a textValue; damage (a value that does not parse)
// is reported.
func readTextValue(key, v []byte, each func(storedField)) (date time.Time, err error) {
	bad := func() error { return damagedValue(bText, key) }
	if len(v) < textHeader || v[0] > 1 {
		return date, bad()
	}
	if v[0] == 1 {
		// In the date's own zone, as the record holds it: a day is read
		// the same in a hit as everywhere else.
		off := int(int32(binary.BigEndian.Uint32(v[9:13])))
		date = time.Unix(0, int64(binary.BigEndian.Uint64(v[1:9]))).In(time.FixedZone("", off))
		if off == 0 {
			date = date.UTC()
		}
	}
	rest := v[textHeader:]
	take := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		b := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return b, true
	}
	for len(rest) > 0 {
		var f storedField
		name, ok := take()
		if !ok || len(rest) < 2 {
			return date, bad()
		}
		f.name, f.flags, f.layer = name, rest[0], int8(rest[1])
		rest = rest[2:]
		if f.lower, ok = take(); !ok {
			return date, bad()
		}
		nc := (len(f.lower) + 7) / 8
		if len(rest) < nc {
			return date, bad()
		}
		f.caps, rest = rest[:nc], rest[nc:]
		if f.flags&fOrig != 0 {
			o, ok := take()
			if !ok || len(o) != len(f.lower) {
				return date, bad()
			}
			f.orig = string(o)
		}
		if f.flags&fFold != 0 {
			if f.folded, ok = take(); !ok {
				return date, bad()
			}
			if f.points, ok = take(); !ok || !validPoints(f.points, len(f.folded), len(f.lower)) {
				return date, bad()
			}
		}
		f.end = len(v) - len(rest)
		each(f)
	}
	return date, nil
}

// features are the hashes a part's bits are made of: every trigram of its
// lower-cased texts, and around every space the bytes of the spans below
// (the end of one word and the start of the next), which tell a phrase of
// common words from the same words apart. Every feature of a query is a
// feature of any text that holds it.
type features []uint32

// spans are the windows around a space: bytes before it, bytes after.
// Short ones serve a query that starts or ends in a short word ("q3
// budget"), long ones a phrase of longer words.
var spans = [...][2]int{{3, 3}, {1, 4}, {4, 1}, {5, 5}}

func trigramHash(a, b, c byte) uint32 {
	return (uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761
}

func windowHash(w []byte) uint32 {
	h := fnv64a(w)
	return uint32(h>>32) ^ uint32(h)
}

// add appends the features of lower.
func (fs *features) add(lower []byte) {
	*fs = slices.Grow(*fs, len(lower)*5/3) // a trigram a byte, four windows a space (one in six bytes)
	for i := 0; i+3 <= len(lower); i++ {
		*fs = append(*fs, trigramHash(lower[i], lower[i+1], lower[i+2]))
	}
	for i, c := range lower {
		if c == ' ' {
			fs.windows(lower, i)
		}
	}
}

// windows appends the windows around the space at s that fit in b.
func (fs *features) windows(b []byte, s int) {
	for _, sp := range spans {
		if s >= sp[0] && s+1+sp[1] <= len(b) {
			*fs = append(*fs, windowHash(b[s-sp[0]:s+1+sp[1]]))
		}
	}
}

// queryFeatures are the features of a lower-cased query, the rarer kind
// (the windows) first, so a part that lacks one is passed over soonest.
func queryFeatures(q []byte) features {
	var fs features
	for i, c := range q {
		if c == ' ' {
			fs.windows(q, i)
		}
	}
	for i := 0; i+3 <= len(q); i++ {
		fs = append(fs, trigramHash(q[i], q[i+1], q[i+2]))
	}
	return fs
}

// The bits of a part (a Bloom filter) are a power of two bytes long, from
// minSig to maxSig; a feature sets sigK bits, taken from a mix of its hash
// by masking, so bits of any size are read the same way. New bits get
// four for each distinct feature (about half of them set, and one part in
// seven passes for a feature it lacks); bits more than fullSig set are
// rebuilt bigger.
const (
	sigK    = 3
	minSig  = 64
	maxSig  = 32 << 10
	fullSig = 0.65
)

// sigMask is the mask that takes a mixed hash to a bit of sig, or 0 when
// sig is not bits this build writes.
func sigMask(sig []byte) uint64 {
	n := len(sig)
	if n < minSig || n > maxSig || n&(n-1) != 0 {
		return 0
	}
	return uint64(n*8 - 1)
}

// sigMix spreads a feature's hash over the 64 bits its sigK bits are
// taken from, 21 bits apart.
func sigMix(h uint32) uint64 {
	x := uint64(h) * 0x9e3779b97f4a7c15
	x ^= x >> 29
	x *= 0xbf58476d1ce4e5b9
	return x ^ x>>32
}

func setBits(sig []byte, fs features) {
	mask := sigMask(sig)
	for _, h := range fs {
		x := sigMix(h)
		for range sigK {
			b := x & mask
			sig[b>>3] |= 1 << (b & 7)
			x >>= 21
		}
	}
}

// newSig makes bits for fs, sized to four bits for each distinct feature.
// Their number is estimated by linear counting on 2^16 bits, which is
// exact enough up to the largest bits (maxSig holds 65,536 features at
// four bits each); sorting them to count them was most of an import.
func newSig(fs features) []byte {
	const lb = 16
	var seen [1 << lb / 64]uint64
	for _, h := range fs {
		b := sigMix(h) >> (64 - lb)
		seen[b>>6] |= 1 << (b & 63)
	}
	zeros := 0
	for _, w := range seen {
		zeros += 64 - bits.OnesCount64(w)
	}
	distinct := len(fs)
	if zeros > 0 {
		m := float64(1 << lb)
		distinct = min(distinct, int(math.Ceil(-m*math.Log(float64(zeros)/m))))
	}
	n := minSig
	for n < maxSig && n*8 < 4*distinct {
		n *= 2
	}
	sig := make([]byte, n)
	setBits(sig, fs)
	return sig
}

// tooFull reports whether more than fullSig of sig's bits are set, when
// it could be bigger.
func tooFull(sig []byte) bool {
	if len(sig) >= maxSig {
		return false
	}
	ones := 0
	for i := 0; i+8 <= len(sig); i += 8 {
		ones += bits.OnesCount64(binary.LittleEndian.Uint64(sig[i:]))
	}
	return float64(ones) > fullSig*float64(len(sig)*8)
}

// mayHold reports whether bits hold every feature of a query (a query
// without features, shorter than a trigram, may be anywhere).
func mayHold(sig []byte, q features) bool {
	mask := sigMask(sig)
	if mask == 0 {
		return true
	}
	for _, h := range q {
		x := sigMix(h)
		for range sigK {
			b := x & mask
			if sig[b>>3]&(1<<(b&7)) == 0 {
				return false
			}
			x >>= 21
		}
	}
	return true
}

// putText writes the texts of one record and adds their features to the
// bits of its part.
func putText(tx *bolt.Tx, rel []byte, kind byte, id []byte, date time.Time, texts []text) error {
	var fs features
	if wrote, err := putTextValue(tx, textKey(rel, kind, id), textValue(date, texts, &fs)); err != nil || !wrote {
		return err // texts stored as they were have their features in the bits
	}
	return addFeatures(tx, rel, map[byte]features{partOf(id): fs})
}

// addFeatures adds features to the bits of parts of rel. A part without
// bits gets new ones; one whose bits are too full after adding is rebuilt
// from the texts it holds now (those written in this transaction
// included).
func addFeatures(tx *bolt.Tx, rel []byte, add map[byte]features) error {
	// The stored bits are read first, the new bits made on every core
	// (an import's are many), then written in order.
	type part struct {
		key, old, sig []byte
		fs            features
		rebuild       bool
	}
	var ps []part
	for p, fs := range add {
		if len(fs) == 0 {
			continue
		}
		k := sigKey(rel, p)
		old, err := get(tx, bTextSig, k)
		if err != nil {
			return err
		}
		ps = append(ps, part{key: k, old: old, fs: fs})
	}
	eachOnCores(len(ps), func(i int) {
		p := &ps[i]
		switch {
		case p.old == nil:
			p.sig = newSig(p.fs)
		case sigMask(p.old) == 0: // not bits this build writes: made anew from every text
			p.rebuild = true
		default:
			p.sig = slices.Clone(p.old)
			setBits(p.sig, p.fs)
			p.rebuild = tooFull(p.sig)
		}
	})
	for _, p := range ps {
		var err error
		switch {
		case p.rebuild:
			err = rebuildSig(tx, rel, p.key[len(p.key)-1])
		case !bytes.Equal(p.sig, p.old):
			err = put(tx, bTextSig, p.key, p.sig)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// rebuildSig makes the bits of a part anew from the texts it holds.
func rebuildSig(tx *bolt.Tx, rel []byte, part byte) error {
	prefix := sigKey(rel, part)
	var fs features
	c := tx.Bucket(bText).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		p, err := unwrap(tx, bText, k, v)
		if err != nil {
			return err
		}
		if _, err := readTextValue(k, p, func(f storedField) { fs.add(f.searched()) }); err != nil {
			return err
		}
	}
	if len(fs) == 0 {
		return tx.Bucket(bTextSig).Delete(prefix)
	}
	return put(tx, bTextSig, prefix, newSig(fs))
}

// putTextValue stores a record's text value, unless it is stored as it is
// (an edit that changed no text writes no text page); it reports whether
// it wrote.
func putTextValue(tx *bolt.Tx, k, v []byte) (bool, error) {
	if stored, err := get(tx, bText, k); err != nil || bytes.Equal(stored, v) {
		return false, err
	}
	return true, put(tx, bText, k, v)
}

// deleteText removes the texts of one record.
func deleteText(tx *bolt.Tx, rel []byte, kind byte, id []byte) error {
	return tx.Bucket(bText).Delete(textKey(rel, kind, id))
}

// textsOfFull writes the texts of a whole relationship (an import, a
// rebuild), adding to the bits of its parts; a text stored as it is stays
// untouched.
func textsOfFull(tx *bolt.Tx, f model.Full) error {
	rel, ok := idBytes(f.Rel.ID)
	if !ok {
		return fmt.Errorf("relationship id %q is not valid", f.Rel.ID)
	}
	type record struct {
		kind  byte
		id    model.ID
		date  time.Time
		texts []text
		v     []byte
		fs    features
	}
	rs := []record{{kind: kindRel, id: f.Rel.ID, texts: relTexts(f.Rel)}, {kind: kindPlan, id: f.Rel.ID, texts: planTexts(f.Plan)}}
	for _, g := range f.Goals {
		rs = append(rs, record{kind: kindGoal, id: g.ID, date: g.Due, texts: goalTexts(g)})
	}
	for _, r := range f.Roadmap {
		rs = append(rs, record{kind: kindRoadmap, id: r.ID, date: r.Date, texts: roadmapTexts(r)})
	}
	for _, s := range f.Sessions {
		rs = append(rs, record{kind: kindSession, id: s.ID, date: s.Date, texts: sessionTexts(s)})
	}
	for _, fu := range f.FollowUps {
		rs = append(rs, record{kind: kindFollowUp, id: fu.ID, date: fu.Due, texts: followUpTexts(fu)})
	}
	for _, h := range f.Health {
		rs = append(rs, record{kind: kindHealth, id: h.ID, date: h.Date, texts: healthTexts(h)})
	}
	// Lowering the texts and taking their features is most of the work
	// (of an import above all): on every core, then written in order.
	eachOnCores(len(rs), func(i int) { rs[i].v = textValue(rs[i].date, rs[i].texts, &rs[i].fs) })
	add := map[byte]features{}
	for _, r := range rs {
		raw, ok := idBytes(r.id)
		if !ok {
			return fmt.Errorf("%s id %q is not valid", kindName(r.kind), r.id)
		}
		part := partOf(raw)
		add[part] = append(add[part], r.fs...)
		if _, err := putTextValue(tx, textKey(rel, r.kind, raw), r.v); err != nil {
			return err
		}
	}
	return addFeatures(tx, rel, add)
}

// finder finds a query in lower-cased text by its rarest byte: it looks
// for that byte (bytes.IndexByte, which runs many bytes a step) and checks
// the query around each one found. With the first byte, as bytes.Index
// does, a query starting with a common letter stops at every word.
type finder struct {
	q  []byte
	at int  // where the rarest byte is in q
	c  byte // the rarest byte
}

// byteRank orders bytes by how often they come in text: lower is rarer.
// Letters follow their frequency in English; space, the commonest, last;
// a byte of a multi-byte character is rarer than any letter.
var byteRank = func() [256]uint8 {
	var r [256]uint8
	for i := range r {
		r[i] = 1
	}
	for i := '0'; i <= '9'; i++ {
		r[i] = 20
	}
	for i, c := range "zqxjkvbpygfwmucldrhsnioate " {
		r[c] = uint8(30 + i)
	}
	return r
}()

func newFinder(q []byte) finder {
	f := finder{q: q}
	for i, c := range q {
		if byteRank[c] < byteRank[f.c] || i == 0 {
			f.at, f.c = i, c
		}
	}
	return f
}

// index is bytes.Index(s, f.q).
func (f finder) index(s []byte) int {
	if len(f.q) < 3 {
		return bytes.Index(s, f.q)
	}
	tail := len(f.q) - 1 - f.at
	for i := f.at; i < len(s)-tail; {
		j := bytes.IndexByte(s[i:len(s)-tail], f.c)
		if j < 0 {
			return -1
		}
		start := i + j - f.at
		if bytes.Equal(s[start:start+len(f.q)], f.q) {
			return start
		}
		i += j + 1
	}
	return -1
}
