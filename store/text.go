package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// The search text of the journal lives on disk, written in the same
// transaction as the record it comes from, like the summaries: no app run
// builds an index, and memory does not grow with the journal.
//
//	text     rel | kind(1) | id -> the record's texts, lower-cased (textValue)
//	textsig  rel             -> the trigrams of the relationship's texts, as bits
//
// Keys hold ids only, never a word, and values are in envelopes like every
// other value, so an encrypted journal can seal them. A search reads a
// relationship's texts only when its trigram bits hold every trigram of
// the query; the bits only ever gain (a text edited or deleted leaves its
// bits, which costs a wasted read, never a missed hit) and are rebuilt
// with the derived buckets.
var (
	bText    = []byte("text")
	bTextSig = []byte("textsig")
)

// Field flags, as stored in a text value.
const (
	fPrivate = 1 // private notes: left out of pair view and shared searches
	fOrig    = 2 // the original text follows: the case bits cannot rebuild it
)

// sigBits is the size of a relationship's trigram bits: one page.
const sigBits = 1 << 15

// textKey is where a record's texts are kept.
func textKey(rel []byte, kind byte, id []byte) []byte {
	k := make([]byte, 0, 33)
	k = append(k, rel...)
	k = append(k, kind)
	return append(k, id...)
}

// textHeader is the size of a text value's date.
const textHeader = 13

// textValue encodes a record's texts for the text bucket:
//
//	dated(1) | date(8, UnixNano) | zone offset(4, seconds east of UTC) | fields…
//	field: len(name) name | flags(1) | layer(1) | len(lower) lower | caps (len(lower)+7)/8 | [len(orig) orig if fOrig]
//
// lower is the text lower-cased by lowerAppend (the same byte length as
// the original); caps has a bit for each byte that was an ASCII upper-case
// letter; orig is the original where caps cannot rebuild it. Blank texts
// are left out. sig gains the trigrams of every text.
func textValue(date time.Time, texts []text, sig []byte) []byte {
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
		v = append(v, flags, byte(t.layer))
		v = binary.AppendUvarint(v, uint64(len(lower)))
		v = append(v, lower...)
		v = append(v, caps...)
		if lossy {
			v = binary.AppendUvarint(v, uint64(len(t.s)))
			v = append(v, t.s...)
		}
		addTrigrams(sig, lower)
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
		each(f)
	}
	return date, nil
}

// trigramBit is the bit of a trigram in a relationship's bits.
func trigramBit(a, b, c byte) uint32 {
	h := (uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761
	return h >> (32 - 15)
}

func addTrigrams(sig, lower []byte) {
	for i := 0; i+3 <= len(lower); i++ {
		b := trigramBit(lower[i], lower[i+1], lower[i+2])
		sig[b>>3] |= 1 << (b & 7)
	}
}

// mayHold reports whether bits hold every trigram of q (a q shorter than
// a trigram may be anywhere).
func mayHold(sig, q []byte) bool {
	if len(sig) != sigBits/8 {
		return true
	}
	for i := 0; i+3 <= len(q); i++ {
		b := trigramBit(q[i], q[i+1], q[i+2])
		if sig[b>>3]&(1<<(b&7)) == 0 {
			return false
		}
	}
	return true
}

// putText writes the texts of one record and adds their trigrams to its
// relationship's bits.
func putText(tx *bolt.Tx, rel []byte, kind byte, id []byte, date time.Time, texts []text) error {
	sig, err := get(tx, bTextSig, rel)
	if err != nil {
		return err
	}
	bits := make([]byte, sigBits/8)
	copy(bits, sig)
	if err := putTextValue(tx, textKey(rel, kind, id), textValue(date, texts, bits)); err != nil {
		return err
	}
	if bytes.Equal(bits, sig) {
		return nil
	}
	return put(tx, bTextSig, rel, bits)
}

// putTextValue stores a record's text value, unless it is stored as it is
// (an edit that changed no text writes no text page).
func putTextValue(tx *bolt.Tx, k, v []byte) error {
	if stored, err := get(tx, bText, k); err != nil || bytes.Equal(stored, v) {
		return err
	}
	return put(tx, bText, k, v)
}

// deleteText removes the texts of one record.
func deleteText(tx *bolt.Tx, rel []byte, kind byte, id []byte) error {
	return tx.Bucket(bText).Delete(textKey(rel, kind, id))
}

// textsOfFull writes the texts of a whole relationship (an import, a
// rebuild), adding to its bits; a text stored as it is stays untouched.
func textsOfFull(tx *bolt.Tx, f model.Full) error {
	rel, ok := idBytes(f.Rel.ID)
	if !ok {
		return fmt.Errorf("relationship id %q is not valid", f.Rel.ID)
	}
	old, err := get(tx, bTextSig, rel)
	if err != nil {
		return err
	}
	bits := make([]byte, sigBits/8)
	copy(bits, old)
	w := func(kind byte, id model.ID, date time.Time, texts []text) error {
		raw, ok := idBytes(id)
		if !ok {
			return fmt.Errorf("%s id %q is not valid", kindName(kind), id)
		}
		return putTextValue(tx, textKey(rel, kind, raw), textValue(date, texts, bits))
	}
	if err := w(kindRel, f.Rel.ID, time.Time{}, relTexts(f.Rel)); err != nil {
		return err
	}
	if err := w(kindPlan, f.Rel.ID, time.Time{}, planTexts(f.Plan)); err != nil {
		return err
	}
	for _, g := range f.Goals {
		if err := w(kindGoal, g.ID, g.Due, goalTexts(g)); err != nil {
			return err
		}
	}
	for _, r := range f.Roadmap {
		if err := w(kindRoadmap, r.ID, r.Date, roadmapTexts(r)); err != nil {
			return err
		}
	}
	for _, s := range f.Sessions {
		if err := w(kindSession, s.ID, s.Date, sessionTexts(s)); err != nil {
			return err
		}
	}
	for _, fu := range f.FollowUps {
		if err := w(kindFollowUp, fu.ID, fu.Due, followUpTexts(fu)); err != nil {
			return err
		}
	}
	for _, h := range f.Health {
		if err := w(kindHealth, h.ID, h.Date, healthTexts(h)); err != nil {
			return err
		}
	}
	if bytes.Equal(bits, old) {
		return nil
	}
	return put(tx, bTextSig, rel, bits)
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
