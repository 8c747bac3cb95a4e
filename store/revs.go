package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// Revisions (issue 10). Every shared record has, beside its value, the
// revisions of its fields (model.Record): which journal wrote each field
// and knowing of which writes. They are kept in one bucket:
//
//	revs      rel | kind(1) | id    -> revisions (encodeRev)
//	partners  rel                  -> model.Partner: the other journal of the relationship
//
// A record without revisions (written before version 6, or imported)
// has every field at the empty clock: any write knows of it. A deleted
// record keeps its revisions and its last value (a tombstone), so that a
// delete travels and an edit made meanwhile on the other side shows as a
// conflict. meta holds the journal's id, its clock and its identity.
var (
	bRevs     = []byte("revs")
	bPartners = []byte("partners")

	kJournal  = []byte("journal")  // this journal's id: 16 hex digits
	kClock    = []byte("clock")    // the last clock reading, 8 bytes
	kIdentity = []byte("identity") // the age X25519 identity, AGE-SECRET-KEY-1…
)

// sharedBuckets hold what two journals exchange besides the records.
var sharedBuckets = [][]byte{bRevs, bPartners}

// stamp is the clock reading of one write transaction: every field it
// writes carries it.
type stamp struct {
	peer string
	at   uint64
	// changesOnly stamps only records that were there before (an import:
	// the records it adds are as old as its file, at the empty clock).
	changesOnly bool
}

// newStamp reads this journal's id (making one the first time) and
// advances its clock.
func newStamp(tx *bolt.Tx, now time.Time) (*stamp, error) {
	peer, err := journalID(tx)
	if err != nil {
		return nil, err
	}
	m := tx.Bucket(bMeta)
	var last uint64
	if v := m.Get(kClock); len(v) == 8 {
		last = binary.BigEndian.Uint64(v)
	}
	at := model.HLC(last, now.UnixMilli())
	return &stamp{peer: peer, at: at}, putClock(tx, at)
}

func putClock(tx *bolt.Tx, at uint64) error {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], at)
	return tx.Bucket(bMeta).Put(kClock, b[:])
}

// seen moves the clock past readings received from another journal.
func seen(tx *bolt.Tx, at uint64) error {
	if v := tx.Bucket(bMeta).Get(kClock); len(v) == 8 && binary.BigEndian.Uint64(v) >= at {
		return nil
	}
	return putClock(tx, at)
}

// journalID returns this journal's id, making it in a write transaction
// the first time.
func journalID(tx *bolt.Tx) (string, error) {
	m := tx.Bucket(bMeta)
	if v := m.Get(kJournal); v != nil {
		if !model.ValidPeer(string(v)) {
			return "", fail(ErrDamaged, nil, "the journal is damaged: its id %q is not 16 hex digits; restore the journal from a backup", v)
		}
		return string(v), nil
	}
	if !tx.Writable() {
		return "", nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b[:])
	return id, m.Put(kJournal, []byte(id))
}

func mustHex(p string) []byte { b, _ := hex.DecodeString(p); return b }

// modelKind names a store kind as bundles and model.Record do.
func modelKind(k byte) string {
	switch k {
	case kindRel:
		return model.KindRel
	case kindPlan:
		return model.KindPlan
	case kindGoal:
		return model.KindGoal
	case kindRoadmap:
		return model.KindRoadmap
	case kindSession:
		return model.KindSession
	case kindFollowUp:
		return model.KindFollowUp
	case kindHealth:
		return model.KindHealth
	}
	return ""
}

func storeKind(k string) byte {
	for _, b := range []byte{kindRel, kindPlan, kindGoal, kindRoadmap, kindSession, kindFollowUp, kindHealth} {
		if modelKind(b) == k {
			return b
		}
	}
	return 0
}

func revKey(rel []byte, kind byte, id []byte) []byte {
	k := make([]byte, 0, 33)
	k = append(k, rel...)
	k = append(k, kind)
	return append(k, id...)
}

// stampRecord writes the revisions of a record written (old → val) by a
// user action: val nil deletes it. With st nil (migrations, import, a
// merge that writes its revisions itself) nothing is stamped.
func stampRecord(tx *bolt.Tx, st *stamp, kind byte, rel, id, old, val []byte) error {
	if st == nil || bytes.Equal(old, val) {
		return nil
	}
	key := revKey(rel, kind, id)
	raw, err := get(tx, bRevs, key)
	if err != nil {
		return err
	}
	if st.changesOnly && old == nil && raw == nil {
		return nil // new to the journal, never deleted here: as old as the file
	}
	rec, _, err := decodeRev(kind, id, raw, old)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if val != nil {
		if fields, err = model.Flatten(modelKind(kind), val); err != nil {
			return err
		}
	}
	// A screen shows one version of a field in conflict: writing over it
	// would drop the other without anyone choosing. Choosing is done on
	// the conflict screen (Resolve).
	for p, reg := range rec.Fields {
		if v, ok := fields[p]; reg.Conflict() && p != "" && !strings.HasSuffix(p, "]") && ok && !bytes.Equal(reg.Shown(), v) {
			c := model.Conflict{Kind: rec.Kind, ID: rec.ID, Path: p, Versions: reg}
			return fmt.Errorf("%s is in conflict: you and your partner changed it without seeing each other's change, and both versions are kept; choose or combine them first (E on the relationship, then enter): nothing was saved", c.Place(model.Full{}))
		}
	}
	next := rec.Edit(fields, st.peer, st.at)
	if err := putRev(tx, key, next, val, old, fields); err != nil {
		return err
	}
	// Writing a field in conflict ends the conflict: keep the count the
	// relationship screen shows.
	if n := len(rec.Conflicts()) - len(next.Conflicts()); n != 0 {
		p, ok, err := partnerOf(tx, rel)
		if err != nil || !ok {
			return err
		}
		p.Conflicts = max(0, p.Conflicts-n)
		return putPartner(tx, rel, p)
	}
	return nil
}

// putRev stores the revisions of rec under key (encodeRev), or none when
// every field is at the empty clock.
func putRev(tx *bolt.Tx, key []byte, rec model.Record, val, last []byte, flat map[string]json.RawMessage) error {
	v, err := encodeRev(rec, val, last, flat)
	if err != nil {
		return err
	}
	if v == nil {
		return tx.Bucket(bRevs).Delete(key)
	}
	return put(tx, bRevs, key, v)
}

// multi reports whether stored revisions hold a field with two versions
// or more: the only place a conflict can be. It reads no value.
func multi(rev []byte) bool {
	if len(rev) < 2 || rev[0] != revFormat {
		return len(rev) > 0 // damaged: let the full read say so
	}
	r := bytes.NewReader(rev[2:])
	if rev[1]&revTombstone != 0 {
		if _, ok := readBytes(r); !ok {
			return true
		}
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return true
	}
	for i := uint64(0); i < n; i++ {
		nd, err := binary.ReadUvarint(r)
		if err != nil {
			return true
		}
		for j := uint64(0); j < nd; j++ {
			if _, err := r.Seek(8, 1); err != nil {
				return true
			}
			if _, err := binary.ReadUvarint(r); err != nil {
				return true
			}
		}
	}
	n, err = binary.ReadUvarint(r)
	if err != nil {
		return true
	}
	for i := uint64(0); i < n; i++ {
		if _, ok := readBytes(r); !ok {
			return true
		}
		nv, err := binary.ReadUvarint(r)
		if err != nil || nv >= 2 {
			return true
		}
		for j := uint64(0); j < nv; j++ {
			if _, err := binary.ReadUvarint(r); err != nil {
				return true
			}
			how, err := r.ReadByte()
			if err != nil {
				return true
			}
			if how == howGiven {
				if _, ok := readBytes(r); !ok {
					return true
				}
			}
		}
	}
	return false
}

// Stored revisions:
//
//	1 | flags(1) | [len | last value, when flags&1: a tombstone]
//	  | clocks: n | each: dots n | each: peer(8) | reading (uvarint)
//	  | fields: n | each: len | path | versions n | each: clock index | how(1) [| len | value]
//
// A field of the record's value (or a tombstone's last value) that is not
// listed has one version: that value, at clock 0. how is 0 for the
// value's own, 1 for empty, 2 for a value given here. Numbers are uvarints.
const (
	// Bounds on what a record's revisions may hold. Two or three journals
	// never come near them; a forged bundle past them is refused rather
	// than merged in quadratic time.
	maxDots     = 32 // journals in one clock
	maxVersions = 32 // concurrent versions of one field

	revFormat    = 1
	revTombstone = 1
	howValue     = 0
	howEmpty     = 1
	howGiven     = 2
)

// encodeRev stores rec's revisions beside the record's value val; a record
// no longer alive is stored with last, its last value, as a tombstone.
// flat, when not nil, is val's fields (model.Flatten) already at hand.
func encodeRev(rec model.Record, val, last []byte, flat map[string]json.RawMessage) ([]byte, error) {
	flags := byte(0)
	base := val
	if !rec.Alive() || val == nil {
		flags |= revTombstone
		if val != nil {
			last = val
		}
		// A tombstone keeps only what the pair shares of its last value:
		// it travels in bundles, and a private note deleted is gone.
		if last != nil {
			var err error
			if last, err = model.StripLocal(rec.Kind, last); err != nil {
				return nil, err
			}
		}
		base, flat = last, nil
	}
	if base != nil && flat == nil {
		var err error
		if flat, err = model.Flatten(rec.Kind, base); err != nil {
			return nil, err
		}
	}
	// Clock 0 is the most common clock of a field that needs no listing.
	clocks := []model.Clock{}
	index := map[string]int{}
	count := map[string]int{}
	for p, reg := range rec.Fields {
		if v, ok := flat[p]; ok && len(reg) == 1 && bytes.Equal(reg[0].Value, v) {
			count[reg[0].Clock.String()]++
		}
	}
	best, bestN := "", -1
	for c, n := range count {
		if n > bestN || n == bestN && c < best {
			best, bestN = c, n
		}
	}
	clockOf := func(c model.Clock) int {
		s := c.String()
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = len(clocks)
		clocks = append(clocks, c)
		return index[s]
	}
	for _, reg := range rec.Fields {
		for _, v := range reg {
			if v.Clock.String() == best {
				clockOf(v.Clock)
			}
		}
	}
	if len(clocks) == 0 {
		clockOf(nil)
	}
	type listed struct {
		path string
		reg  model.Register
	}
	var list []listed
	first := clocks[0].String()
	for p, reg := range rec.Fields {
		// Only the sorted list below adds clocks: the same record always
		// encodes to the same bytes, whatever the map's order.
		if v, ok := flat[p]; ok && len(reg) == 1 && bytes.Equal(reg[0].Value, v) && reg[0].Clock.String() == first {
			continue
		}
		list = append(list, listed{p, reg})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].path < list[j].path })
	for _, l := range list {
		for _, v := range l.reg {
			clockOf(v.Clock)
		}
	}
	for p := range flat {
		if _, ok := rec.Fields[p]; !ok {
			return nil, fmt.Errorf("revisions of %s %s: field %q has no revision", rec.Kind, rec.ID, p)
		}
	}
	if flags == 0 && len(list) == 0 && len(clocks) == 1 && len(clocks[0]) == 0 {
		return nil, nil // every field at the empty clock: as if none were stored
	}
	var b []byte
	b = append(b, revFormat, flags)
	if flags&revTombstone != 0 {
		b = binary.AppendUvarint(b, uint64(len(base)))
		b = append(b, base...)
	}
	b = binary.AppendUvarint(b, uint64(len(clocks)))
	for _, c := range clocks {
		b = binary.AppendUvarint(b, uint64(len(c)))
		for _, d := range c {
			b = append(b, mustHex(d.Peer)...)
			b = binary.AppendUvarint(b, d.At)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, l := range list {
		b = binary.AppendUvarint(b, uint64(len(l.path)))
		b = append(b, l.path...)
		b = binary.AppendUvarint(b, uint64(len(l.reg)))
		for _, v := range l.reg {
			b = binary.AppendUvarint(b, uint64(clockOf(v.Clock)))
			switch fv, ok := flat[l.path]; {
			case v.Value == nil:
				b = append(b, howEmpty)
			case ok && bytes.Equal(fv, v.Value):
				b = append(b, howValue)
			default:
				b = append(b, howGiven)
				b = binary.AppendUvarint(b, uint64(len(v.Value)))
				b = append(b, v.Value...)
			}
		}
	}
	return b, nil
}

// decodeRev reads stored revisions raw of the record with value val (nil
// when the record is gone: then raw holds its last value). With no
// revisions, every field of val is at the empty clock. It also returns
// the value the fields are read against: val, or a tombstone's last one.
func decodeRev(kind byte, id, raw, val []byte) (model.Record, []byte, error) {
	rec := model.Record{Kind: modelKind(kind), ID: idOf(id), Fields: map[string]model.Register{}}
	bad := func() (model.Record, []byte, error) {
		return model.Record{}, nil, fail(ErrDamaged, nil, "the journal is damaged: the revisions of %s %s cannot be read; restore the journal from a backup", kindName(kind), idOf(id))
	}
	r := bytes.NewReader(raw)
	base := val
	if raw != nil {
		if len(raw) < 2 || raw[0] != revFormat {
			return bad()
		}
		r.Seek(2, 0)
		if raw[1]&revTombstone != 0 {
			last, ok := readBytes(r)
			if !ok {
				return bad()
			}
			if val == nil {
				base = last
			}
		}
	}
	var flat map[string]json.RawMessage
	if base != nil {
		var err error
		if flat, err = model.Flatten(rec.Kind, base); err != nil {
			return bad()
		}
	}
	var clocks []model.Clock
	if raw != nil {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > uint64(r.Len()) {
			return bad()
		}
		for i := uint64(0); i < n; i++ {
			nd, err := binary.ReadUvarint(r)
			if err != nil || nd > uint64(r.Len()) {
				return bad()
			}
			if nd > maxDots {
				return bad()
			}
			c := make(model.Clock, 0, nd)
			for j := uint64(0); j < nd; j++ {
				var p [8]byte
				if k, err := r.Read(p[:]); err != nil || k != 8 {
					return bad()
				}
				at, err := binary.ReadUvarint(r)
				if err != nil {
					return bad()
				}
				d := model.Dot{Peer: hex.EncodeToString(p[:]), At: at}
				if j > 0 && c[j-1].Peer >= d.Peer {
					return bad() // a clock is sorted by peer, one dot each
				}
				c = append(c, d)
			}
			clocks = append(clocks, c)
		}
	}
	clock0 := model.Clock(nil)
	if len(clocks) > 0 {
		clock0 = clocks[0]
	}
	for p, v := range flat {
		rec.Fields[p] = model.Register{{Value: v, Clock: clock0}}
	}
	if raw != nil {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > uint64(r.Len()) {
			return bad()
		}
		for i := uint64(0); i < n; i++ {
			path, ok := readBytes(r)
			if !ok || !model.ValidPath(string(path)) {
				return bad()
			}
			nv, err := binary.ReadUvarint(r)
			if err != nil || nv == 0 || nv > maxVersions || nv > uint64(r.Len()) {
				return bad()
			}
			reg := make(model.Register, 0, nv)
			for j := uint64(0); j < nv; j++ {
				ci, err := binary.ReadUvarint(r)
				how, err2 := r.ReadByte()
				if err != nil || err2 != nil || ci >= uint64(len(clocks)) {
					return bad()
				}
				v := model.Version{Clock: clocks[ci]}
				switch how {
				case howEmpty:
				case howValue:
					fv, ok := flat[string(path)]
					if !ok {
						return bad()
					}
					v.Value = fv
				case howGiven:
					b, ok := readBytes(r)
					if !ok || !json.Valid(b) {
						return bad()
					}
					v.Value = b
				default:
					return bad()
				}
				reg = append(reg, v)
			}
			rec.Fields[string(path)] = reg
		}
		if r.Len() != 0 {
			return bad()
		}
	}
	return rec, base, nil
}

func readBytes(r *bytes.Reader) ([]byte, bool) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()) {
		return nil, false
	}
	b := make([]byte, n)
	_, err = r.Read(b)
	return b, err == nil
}
