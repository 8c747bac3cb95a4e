package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// What a pair shares, kept by two journals on two laptops (issue 10).
//
// Every record of a relationship is seen, for merging, as a set of fields
// (Flatten): the leaves of its JSON at the grain a person edits, each item
// of the lists that people add to one by one (stories, options, supporters,
// resources, reviews, signatures, progress entries) with fields of its own,
// and the record itself. Each field is a Register: the value last written,
// with the Clock of the write. Two writes made without knowing of each other
// (neither clock is below the other) are both kept, and the field is in
// conflict until someone writes it again knowing both. Merging registers is
// commutative, associative and idempotent, so two or three journals that
// exchange what they have, in any order, end with the same state.

// Dot is one journal's reading of its hybrid logical clock: the Unix time
// in milliseconds shifted left 16 bits, plus a counter, so readings grow
// even when the wall clock stands still or steps back.
type Dot struct {
	Peer string `json:"p"` // the journal's id (JournalID)
	At   uint64 `json:"t"`
}

// Clock is a version vector: per journal, the newest of its writes that a
// value was written knowing of. Sorted by peer, one dot per peer.
type Clock []Dot

// HLC returns the clock reading after last at wall time ms.
func HLC(last uint64, ms int64) uint64 {
	now := uint64(ms) << 16
	if now > last {
		return now
	}
	if last == ^uint64(0) {
		return last // never wraps to zero
	}
	return last + 1
}

func (c Clock) at(peer string) uint64 {
	for _, d := range c {
		if d.Peer == peer {
			return d.At
		}
	}
	return 0
}

// LessEq reports whether every write c knows of, d knows of too.
func (c Clock) LessEq(d Clock) bool {
	for _, x := range c {
		if x.At > d.at(x.Peer) {
			return false
		}
	}
	return true
}

// Equal reports whether c and d know of the same writes.
func (c Clock) Equal(d Clock) bool { return c.LessEq(d) && d.LessEq(c) }

// Join is the clock that knows of what c and d know of.
func (c Clock) Join(d Clock) Clock {
	out := make(Clock, 0, len(c)+len(d))
	i, j := 0, 0
	for i < len(c) || j < len(d) {
		switch {
		case j == len(d) || i < len(c) && c[i].Peer < d[j].Peer:
			out = append(out, c[i])
			i++
		case i == len(c) || d[j].Peer < c[i].Peer:
			out = append(out, d[j])
			j++
		default:
			out = append(out, Dot{c[i].Peer, max(c[i].At, d[j].At)})
			i++
			j++
		}
	}
	return out
}

// With is c advanced by a write of peer at at.
func (c Clock) With(peer string, at uint64) Clock { return c.Join(Clock{{peer, at}}) }

// Newest is the latest dot of c; ties go to the greater peer id.
func (c Clock) Newest() Dot {
	var n Dot
	for _, d := range c {
		if d.At > n.At || d.At == n.At && d.Peer > n.Peer {
			n = d
		}
	}
	return n
}

// Max is the greatest reading in c.
func (c Clock) Max() uint64 { return c.Newest().At }

// Version is one value of a field and the clock it was written with. A nil
// Value is a field left empty.
type Version struct {
	Value json.RawMessage `json:"v,omitempty"`
	Clock Clock           `json:"c"`
}

// Register is a field's value, or its values while two writes are in
// conflict: none of its versions knows of another. The first is the one
// shown.
type Register []Version

// Values of the roots of records and list items: alive or deleted.
var (
	Alive   = json.RawMessage(`1`)
	Deleted = json.RawMessage(`0`)
)

// MergeRegisters keeps the versions of a and b that no other version
// knows of.
func MergeRegisters(a, b Register) Register {
	all := make(Register, 0, len(a)+len(b))
	all = append(all, a...)
	all = append(all, b...)
	var out Register
	for i, v := range all {
		keep := true
		for j, w := range all {
			if i == j {
				continue
			}
			if v.Clock.LessEq(w.Clock) {
				if !w.Clock.LessEq(v.Clock) {
					keep = false // w was written knowing of v
					break
				}
				// The same write twice: keep the first copy.
				if j < i && bytes.Equal(v.Value, w.Value) {
					keep = false
					break
				}
			}
		}
		if keep {
			out = append(out, v)
		}
	}
	out.sort()
	return out
}

// sort puts the version to show first: the newest write, then the greater
// value, so every journal shows the same one.
func (r Register) sort() {
	sort.SliceStable(r, func(i, j int) bool {
		a, b := r[i].Clock.Newest(), r[j].Clock.Newest()
		if a.At != b.At {
			return a.At > b.At
		}
		if a.Peer != b.Peer {
			return a.Peer > b.Peer
		}
		if c := bytes.Compare(r[i].Value, r[j].Value); c != 0 {
			return c > 0
		}
		return r[i].Clock.String() > r[j].Clock.String()
	})
}

// String writes c as peer:reading pairs, for messages and a total order.
func (c Clock) String() string {
	var b strings.Builder
	for i, d := range c {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d", d.Peer, d.At)
	}
	return b.String()
}

// Write is the register after a write of v, made knowing of every version
// in r, by peer at at.
func (r Register) Write(v json.RawMessage, peer string, at uint64) Register {
	var c Clock
	for _, x := range r {
		c = c.Join(x.Clock)
	}
	return Register{{Value: v, Clock: c.With(peer, at)}}
}

// Shown is the value shown: the first version's.
func (r Register) Shown() json.RawMessage {
	if len(r) == 0 {
		return nil
	}
	return r[0].Value
}

// Conflict reports whether the register holds two different values.
func (r Register) Conflict() bool {
	for _, v := range r[min(1, len(r)):] {
		if !bytes.Equal(v.Value, r[0].Value) {
			return true
		}
	}
	return false
}

// live reports whether a root register says alive: an edit concurrent
// with a delete keeps the record (and the conflict says so).
func (r Register) live() bool {
	for _, v := range r {
		if bytes.Equal(v.Value, Alive) {
			return true
		}
	}
	return false
}

func (r Register) equal(o Register) bool {
	if len(r) != len(o) {
		return false
	}
	for i := range r {
		if !bytes.Equal(r[i].Value, o[i].Value) || !r[i].Clock.Equal(o[i].Clock) {
			return false
		}
	}
	return true
}

// Kinds of shared records, as bundles name them.
const (
	KindRel      = "relationship"
	KindPlan     = "plan"
	KindGoal     = "goal"
	KindRoadmap  = "roadmap"
	KindSession  = "session"
	KindFollowUp = "follow_up"
	KindHealth   = "health"
)

// SharedKinds lists the kinds in the order a relationship is rebuilt.
var SharedKinds = []string{KindRel, KindPlan, KindGoal, KindRoadmap, KindSession, KindFollowUp, KindHealth}

// localKeys are the fields of each kind that stay in one journal: its
// owner's role and private notes (the fields Full.Shared clears, and a
// test holds the two rules together), when a record was made and last changed
// there, and what is derived from the rest. They are left out of Flatten and kept from
// the journal's own copy when records merge.
var localKeys = map[string][]string{
	KindRel:      {"id", "owner_role", "archived", "private_notes", "created", "updated"},
	KindPlan:     {"rel_id", "updated", "layer_edited"},
	KindGoal:     {"id", "rel_id", "created", "updated"},
	KindRoadmap:  {"id", "rel_id", "created", "updated"},
	KindSession:  {"id", "rel_id", "private_notes", "created", "updated"},
	KindFollowUp: {"id", "rel_id", "created", "updated"},
	KindHealth:   {"id", "rel_id", "created"},
}

// itemLists are the lists whose items are fields of their own, by kind:
// each item has an id (Plan.NameItems, Goal.NameItems).
var itemLists = map[string]map[string]bool{
	KindPlan: {"foundation.signatures": true, "trust.stories": true, "commitment.options": true,
		"support.people": true, "support.resources": true, "review.reviews": true},
	KindGoal: {"progress": true},
}

// KindRank is k's place in SharedKinds.
func KindRank(k string) int { return slices.Index(SharedKinds, k) }

// KnownKind reports whether k is a kind of shared record.
func KnownKind(k string) bool { _, ok := localKeys[k]; return ok }

// Flatten turns a record's JSON into its shared fields: path → value. The
// record itself is the path "" and each list item its path ("trust.stories
// [id]"), with the value Alive. Local fields (localKeys) are left out.
func Flatten(kind string, v []byte) (map[string]json.RawMessage, error) {
	out := make(map[string]json.RawMessage, 24)
	out[""] = Alive
	skip := map[string]bool{}
	for _, k := range localKeys[kind] {
		skip[k] = true
	}
	if err := flattenObject(out, kind, "", "", v, skip); err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	return out, nil
}

// flattenObject adds the fields of the JSON object v under path. Leaves
// are slices of v, not copies.
func flattenObject(out map[string]json.RawMessage, kind, path, schema string, v []byte, skip map[string]bool) error {
	if strings.Count(path, ".") >= 5 {
		return fmt.Errorf("%s is nested deeper than any record", path)
	}
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if t, err := dec.ReadToken(); err != nil {
		return err
	} else if t.Kind() != '{' {
		return fmt.Errorf("%s is not an object", orRoot(path))
	}
	for dec.PeekKind() != '}' {
		t, err := dec.ReadToken()
		if err != nil {
			return err
		}
		k := t.String()
		if skip[k] {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		x, err := dec.ReadValue()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		x = v[end-len(x) : end : end]
		p, s := join(path, k), join(schema, k)
		switch x[0] {
		case 'n':
		case '{':
			if err := flattenObject(out, kind, p, s, x, nil); err != nil {
				return err
			}
		case '[':
			if !itemLists[kind][s] {
				out[p] = json.RawMessage(x)
				continue
			}
			if err := flattenItems(out, kind, p, s, x); err != nil {
				return err
			}
		default:
			out[p] = json.RawMessage(x)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if dec.PeekKind() != 0 {
		return fmt.Errorf("%s has data after its end", orRoot(path))
	}
	return nil
}

// flattenItems adds the items of the list v at path: each item's root
// (path[id]) and fields.
func flattenItems(out map[string]json.RawMessage, kind, path, schema string, v []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for i := 0; dec.PeekKind() != ']'; i++ {
		it, err := dec.ReadValue()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		it = v[end-len(it) : end : end]
		if it[0] != '{' {
			return fmt.Errorf("%s[%d] is not an object", path, i)
		}
		var id struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(it, &id); err != nil {
			return err
		}
		if id.ID == "" || strings.ContainsAny(id.ID, ".[]") {
			id.ID = fmt.Sprintf("#%d", i)
		}
		ip := path + "[" + id.ID + "]"
		out[ip] = Alive
		if err := flattenObject(out, kind, ip, schema, it, map[string]bool{"id": true}); err != nil {
			return err
		}
	}
	return nil
}

func orRoot(p string) string {
	if p == "" {
		return "the record"
	}
	return p
}

// ValidPath reports whether p has the shape of a field's path: at most
// six names of lower-case letters and underscores, each optionally naming
// a list item by its id ("trust.stories[0190…]"); "" is the record.
func ValidPath(p string) bool {
	if p == "" {
		return true
	}
	if len(p) > 200 {
		return false
	}
	segs := splitPath(p)
	if len(segs) > 6 {
		return false
	}
	for _, seg := range segs {
		name, item, isItem := strings.Cut(seg, "[")
		if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz_") != "" {
			return false
		}
		if isItem {
			id, ok := strings.CutSuffix(item, "]")
			if !ok || id == "" || strings.Trim(id, "0123456789abcdef#") != "" {
				return false
			}
		}
	}
	return true
}

// StripLocal returns the record's JSON v without its local fields (the
// shared form a bundle carries).
func StripLocal(kind string, v []byte) ([]byte, error) {
	skip := localKeys[kind]
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if t, err := dec.ReadToken(); err != nil {
		return nil, err
	} else if t.Kind() != '{' {
		return nil, fmt.Errorf("%s: the record is not an object", kind)
	}
	out := make([]byte, 0, len(v))
	out = append(out, '{')
	for dec.PeekKind() != '}' {
		start := int(dec.InputOffset())
		t, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		name := t.String()
		if _, err := dec.ReadValue(); err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())
		if slices.Contains(skip, name) {
			continue
		}
		member := bytes.TrimLeft(v[start:end], " \t\r\n,")
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, member...)
	}
	return append(out, '}'), nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// Record is one shared record as fields with their registers.
type Record struct {
	Kind   string              `json:"kind"`
	ID     ID                  `json:"id"`
	Fields map[string]Register `json:"fields"`
}

// Alive reports whether the record is there (not deleted, or edited on
// one side while deleted on the other).
func (r Record) Alive() bool { return r.Fields[""].live() }

// Edit is the record after its owner's journal wrote fields (nil: deleted
// it), as peer at at. A field whose value changed is written; so are the
// roots of its record and list item, so that an edit made while the other
// side deleted the record or item shows as a conflict. A field of an item
// that was removed keeps its value, for that conflict.
func (r Record) Edit(fields map[string]json.RawMessage, peer string, at uint64) Record {
	out := Record{Kind: r.Kind, ID: r.ID, Fields: make(map[string]Register, len(r.Fields)+len(fields))}
	for p, reg := range r.Fields {
		out.Fields[p] = reg
	}
	if fields == nil {
		if r.Alive() {
			out.Fields[""] = out.Fields[""].Write(Deleted, peer, at)
		}
		return out
	}
	roots := map[string]bool{}
	write := func(p string, v json.RawMessage) {
		out.Fields[p] = out.Fields[p].Write(v, peer, at)
		for _, root := range rootsOf(p) {
			roots[root] = true
		}
	}
	for p, v := range fields {
		if p == "" || isItemRoot(p) {
			if !out.Fields[p].live() || out.Fields[p].Conflict() {
				write(p, Alive)
			}
			continue
		}
		if len(out.Fields[p]) == 0 && zeroValue(v) {
			// A field a record starts with empty was not written by
			// anyone: it gets no clock, and any value the other side
			// gives it wins without a conflict (two journals that each
			// made the relationship before the first exchange).
			out.Fields[p] = Register{{Value: v}}
			continue
		}
		if !bytes.Equal(out.Fields[p].Shown(), v) {
			write(p, v)
		}
	}
	for p, reg := range r.Fields {
		if _, still := fields[p]; still || reg.Shown() == nil {
			continue
		}
		if isItemRoot(p) {
			if reg.live() {
				out.Fields[p] = reg.Write(Deleted, peer, at)
				roots[""] = true
			}
			continue
		}
		if itemGone(p, fields) {
			continue // its item was removed: the value stays with it
		}
		write(p, nil)
	}
	for root := range roots {
		if _, ok := fields[root]; ok {
			out.Fields[root] = out.Fields[root].Write(Alive, peer, at)
		}
	}
	return out
}

// zeroValue tells whether v is a field's value before anyone wrote it:
// empty, zero, false or the zero time.
func zeroValue(v json.RawMessage) bool {
	switch string(v) {
	case `""`, `null`, `[]`, `{}`, `0`, `false`, `"0001-01-01T00:00:00Z"`:
		return true
	}
	return false
}

// rootsOf lists the record root and the item roots a field is under.
func rootsOf(p string) []string {
	out := []string{""}
	for i := 0; i < len(p); i++ {
		if p[i] == ']' && i+1 < len(p) {
			out = append(out, p[:i+1])
		}
	}
	return out
}

func isItemRoot(p string) bool { return strings.HasSuffix(p, "]") }

// itemGone reports whether p is a field of a list item not in fields.
func itemGone(p string, fields map[string]json.RawMessage) bool {
	for _, root := range rootsOf(p)[1:] {
		if _, ok := fields[root]; !ok {
			return true
		}
	}
	return false
}

// Merge is what r and o hold together.
func (r Record) Merge(o Record) Record {
	out := Record{Kind: r.Kind, ID: r.ID, Fields: make(map[string]Register, len(r.Fields))}
	if out.Kind == "" {
		out.Kind, out.ID = o.Kind, o.ID
	}
	for p, reg := range r.Fields {
		out.Fields[p] = reg
	}
	for p, reg := range o.Fields {
		out.Fields[p] = MergeRegisters(out.Fields[p], reg)
	}
	return out
}

// Equal reports whether r and o hold the same versions.
func (r Record) Equal(o Record) bool {
	if r.Kind != o.Kind || r.ID != o.ID || len(r.Fields) != len(o.Fields) {
		return false
	}
	for p, reg := range r.Fields {
		if !reg.equal(o.Fields[p]) {
			return false
		}
	}
	return true
}

// Shown returns the fields shown, leaving out empty ones and those of
// removed list items.
func (r Record) Shown() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for p, reg := range r.Fields {
		if isItemRoot(p) || p == "" {
			if reg.live() {
				out[p] = Alive
			}
			continue
		}
		if v := reg.Shown(); v != nil {
			out[p] = v
		}
	}
	for p := range out {
		if itemGone(p, out) {
			delete(out, p)
		}
	}
	return out
}

// Unflatten builds the shared JSON of a record from its fields: the
// inverse of Flatten. Items of a list are in the order of their ids.
func Unflatten(fields map[string]json.RawMessage) (json.RawMessage, error) {
	root := node{}
	paths := make([]string, 0, len(fields))
	for p := range fields {
		if p != "" {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		root.set(splitPath(p), fields[p])
	}
	return json.Marshal(root.value())
}

// node is one object of a record being rebuilt; a key holding items maps
// each id to its object.
type node struct {
	leaves map[string]json.RawMessage
	kids   map[string]*node
	items  map[string]map[string]*node
}

func splitPath(p string) []string {
	var out []string
	for p != "" {
		i := 0
		depth := 0
		for i < len(p) && (p[i] != '.' || depth > 0) {
			switch p[i] {
			case '[':
				depth++
			case ']':
				depth--
			}
			i++
		}
		out = append(out, p[:i])
		if i < len(p) {
			i++
		}
		p = p[i:]
	}
	return out
}

func (n *node) set(segs []string, v json.RawMessage) {
	seg := segs[0]
	if b := strings.IndexByte(seg, '['); b > 0 && strings.HasSuffix(seg, "]") {
		key, id := seg[:b], seg[b+1:len(seg)-1]
		if n.items == nil {
			n.items = map[string]map[string]*node{}
		}
		if n.items[key] == nil {
			n.items[key] = map[string]*node{}
		}
		it := n.items[key][id]
		if it == nil {
			it = &node{}
			n.items[key][id] = it
		}
		if len(segs) > 1 {
			it.set(segs[1:], v)
		}
		return
	}
	if len(segs) == 1 {
		if n.leaves == nil {
			n.leaves = map[string]json.RawMessage{}
		}
		n.leaves[seg] = v
		return
	}
	if n.kids == nil {
		n.kids = map[string]*node{}
	}
	k := n.kids[seg]
	if k == nil {
		k = &node{}
		n.kids[seg] = k
	}
	k.set(segs[1:], v)
}

func (n *node) value() map[string]any {
	out := map[string]any{}
	for k, v := range n.leaves {
		out[k] = v
	}
	for k, kid := range n.kids {
		out[k] = kid.value()
	}
	for k, items := range n.items {
		ids := make([]string, 0, len(items))
		for id := range items {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		list := make([]any, 0, len(ids))
		for _, id := range ids {
			o := items[id].value()
			if !strings.HasPrefix(id, "#") {
				o["id"] = id
			}
			list = append(list, o)
		}
		out[k] = list
	}
	return out
}

// WithLocal is the record's JSON rebuilt from shared (an object of shared
// fields only), with the local fields of kind taken from local (the
// journal's own copy; nil for a record new to it) and the ids set. A
// shared object that holds a local field gives a duplicate name, which
// decoding refuses.
func WithLocal(kind string, shared, local []byte, id, rel ID) (json.RawMessage, error) {
	shared = bytes.TrimSpace(shared)
	if len(shared) < 2 || shared[0] != '{' || shared[len(shared)-1] != '}' {
		return nil, fmt.Errorf("%s: the shared record is not an object", kind)
	}
	out := make([]byte, 0, len(shared)+len(local)/4+96)
	out = append(out, shared[:len(shared)-1]...)
	empty := len(bytes.TrimSpace(shared[1:len(shared)-1])) == 0
	member := func(name string, v []byte) {
		if !empty {
			out = append(out, ',')
		}
		empty = false
		out = strconv.AppendQuote(out, name)
		out = append(out, ':')
		out = append(out, v...)
	}
	if local != nil {
		dec := jsontext.NewDecoder(bytes.NewReader(local))
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		for dec.PeekKind() == '"' {
			t, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			name := t.String()
			v, err := dec.ReadValue()
			if err != nil {
				return nil, err
			}
			if name != "id" && name != "rel_id" && slices.Contains(localKeys[kind], name) {
				member(name, v)
			}
		}
	}
	q := func(x ID) []byte { return strconv.AppendQuote(nil, string(x)) }
	switch kind {
	case KindRel:
		member("id", q(rel))
	case KindPlan:
		member("rel_id", q(rel))
	default:
		member("id", q(id))
		member("rel_id", q(rel))
	}
	return append(out, '}'), nil
}

// Shared is one relationship's shared state: its records, deleted ones
// included, by Key.
type Shared map[string]Record

// Key names a record in a Shared.
func Key(kind string, id ID) string { return kind + "/" + string(id) }

// Merge is what s and o hold together.
func (s Shared) Merge(o Shared) Shared {
	out := make(Shared, len(s)+len(o))
	for k, r := range s {
		out[k] = r
	}
	for k, r := range o {
		if mine, ok := out[k]; ok {
			out[k] = mine.Merge(r)
		} else {
			out[k] = r
		}
	}
	return out
}

// Equal reports whether s and o hold the same records and versions.
func (s Shared) Equal(o Shared) bool {
	if len(s) != len(o) {
		return false
	}
	for k, r := range s {
		if !r.Equal(o[k]) {
			return false
		}
	}
	return true
}

// Conflict is a field two journals wrote without knowing of each other.
type Conflict struct {
	Kind, Path string
	ID         ID
	Versions   Register
}

// Deleted reports whether the conflict is a delete on one side against an
// edit on the other.
func (c Conflict) Deleted() bool { return c.Path == "" || isItemRoot(c.Path) }

// SameVersions reports whether a and b hold the same versions, in any
// order.
func SameVersions(a, b Register) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if bytes.Equal(x.Value, y.Value) && x.Clock.Equal(y.Clock) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Conflicts lists r's open conflicts, in path order: none in a record
// that is deleted, or in a list item that is.
func (r Record) Conflicts() []Conflict {
	if !r.Alive() {
		return nil
	}
	var out []Conflict
	for p, reg := range r.Fields {
		dead := false
		for _, root := range rootsOf(p)[1:] {
			if !r.Fields[root].live() {
				dead = true
			}
		}
		if !dead && reg.Conflict() {
			out = append(out, Conflict{Kind: r.Kind, ID: r.ID, Path: p, Versions: reg})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// NameItems gives every list item of p without an id one: new ones (made
// after now's journal learnt to name them) a fresh id after now, and, with
// legacy, the items of a journal or export from before, an id made from
// the relationship, the list and the place, so that two journals holding
// copies of the same plan name its items alike. Ids of one list sort in
// its order either way.
func (p *Plan) NameItems(now time.Time, legacy bool) {
	n := 0
	name := func(list string, i int, id *ID) {
		if *id != "" {
			return
		}
		if legacy {
			*id = legacyID(p.RelID, list, i)
		} else {
			*id = NewID(now.Add(time.Duration(n) * time.Millisecond))
			n++
		}
	}
	for i := range p.Foundation.Signatures {
		name("signatures", i, &p.Foundation.Signatures[i].ID)
	}
	for i := range p.Trust.Stories {
		name("stories", i, &p.Trust.Stories[i].ID)
	}
	for i := range p.Commitment.Options {
		name("options", i, &p.Commitment.Options[i].ID)
	}
	for i := range p.Support.People {
		name("people", i, &p.Support.People[i].ID)
	}
	for i := range p.Support.Resources {
		name("resources", i, &p.Support.Resources[i].ID)
	}
	for i := range p.Review.Reviews {
		name("reviews", i, &p.Review.Reviews[i].ID)
	}
}

// NameItems gives the goal's progress entries without an id one, as
// Plan.NameItems does.
func (g *Goal) NameItems(now time.Time, legacy bool) {
	for i := range g.Progress {
		if g.Progress[i].ID != "" {
			continue
		}
		if legacy {
			g.Progress[i].ID = legacyID(g.ID, "progress", i)
		} else {
			g.Progress[i].ID = NewID(now.Add(time.Duration(i) * time.Millisecond))
		}
	}
}

// legacyID is the id of item i of a list made before items had ids: its
// place where the time goes, so that legacy items sort first and in order,
// then a digest of the record and the list.
func legacyID(owner ID, list string, i int) ID {
	sum := sha256.Sum256([]byte(string(owner) + "/" + list))
	var b [16]byte
	binary.BigEndian.PutUint16(b[4:6], uint16(i))
	copy(b[6:], sum[:10])
	return ID(hex.EncodeToString(b[:]))
}

// DropDanglingLinks clears links to records that are not in f, and a
// topic held by a session that is not there is planned again
// (SessionGone). Merging can leave one (a roadmap item deleted on one side
// while the other held it in a session); the link stays in the field's
// revisions, and both journals show it cleared alike. So could deleting a
// record in an encrypted journal, before layout version 9.
func (f *Full) DropDanglingLinks() {
	goals, sessions, roadmap := map[ID]bool{}, map[ID]bool{}, map[ID]bool{}
	for _, g := range f.Goals {
		goals[g.ID] = true
	}
	for _, s := range f.Sessions {
		sessions[s.ID] = true
	}
	for _, r := range f.Roadmap {
		roadmap[r.ID] = true
	}
	for i := range f.Roadmap {
		if r := &f.Roadmap[i]; !goals[r.GoalID] {
			r.GoalID = ""
		}
		if r := &f.Roadmap[i]; r.SessionID != "" && !sessions[r.SessionID] {
			SessionGone(r, r.SessionID) // the topic it held is planned again
			r.SessionID = ""
		}
	}
	for i := range f.Sessions {
		if s := &f.Sessions[i]; !roadmap[s.RoadmapID] {
			s.RoadmapID = ""
		}
	}
	for i := range f.FollowUps {
		if x := &f.FollowUps[i]; !sessions[x.SessionID] {
			x.SessionID = ""
		}
	}
	kept := f.Plan.Closure.Evaluations[:0:0]
	for _, e := range f.Plan.Closure.Evaluations {
		if e.GoalID == "" || goals[e.GoalID] {
			kept = append(kept, e)
		}
	}
	if len(kept) != len(f.Plan.Closure.Evaluations) {
		f.Plan.Closure.Evaluations = kept
	}
}

// BundleName is the file a share writes by default: who it is from and
// for, and the day, in names a file system and a person typing take
// (Slug): mentorlog-sam-okafor-to-priya-raman-2026-12-07.bundle. Both
// names are in it, so that a mentor's bundles from several mentees, all
// for the mentor, differ.
func BundleName(from, to string, day time.Time) string {
	return bundlePrefix(from, to) + day.Format(time.DateOnly) + ".bundle"
}

// IsBundleName reports whether a file's name is a BundleName from from
// to to, of any day.
func IsBundleName(name, from, to string) bool {
	rest, ok := strings.CutPrefix(name, bundlePrefix(from, to))
	if !ok {
		return false
	}
	day, ok := strings.CutSuffix(rest, ".bundle")
	if !ok {
		return false
	}
	_, err := time.Parse(time.DateOnly, day)
	return err == nil
}

func bundlePrefix(from, to string) string { return "mentorlog-" + Slug(from) + "-to-" + Slug(to) + "-" }

// BundleFormat and BundleVersion head every bundle.
const (
	BundleFormat  = "mentorlog-bundle"
	BundleVersion = 1
)

// Bundle is what one journal sends the other of a relationship: the
// shared state of its records, deleted ones included, with their
// revisions. It names parties, never "you", and holds no private notes.
type Bundle struct {
	Format    string         `json:"format"`
	Version   int            `json:"version"`
	From      string         `json:"from"`      // the sending journal's id
	Recipient string         `json:"recipient"` // the sender's age recipient, to answer
	Party     Role           `json:"party"`     // the sender's side
	To        string         `json:"to,omitempty"`
	RelID     ID             `json:"relationship"`
	Written   time.Time      `json:"written"`
	Records   []BundleRecord `json:"records"`
}

// BundleRecord is one record in a bundle, as the sending journal stores
// it: its shared JSON (StripLocal) and its revisions, in the store's
// encoding (nil: every field at the empty clock). A deleted record has no
// Value; its revisions hold its last one.
type BundleRecord struct {
	Kind  string          `json:"kind"`
	ID    ID              `json:"id"`
	Value json.RawMessage `json:"value,omitempty"`
	Rev   []byte          `json:"rev,omitempty"`
}

// Revision is the revisions of one record in an archive, in the store's
// encoding, as a bundle carries them (BundleRecord.Rev).
type Revision struct {
	Kind string `json:"kind"`
	ID   ID     `json:"id"`
	Rev  []byte `json:"rev"`
}

// Partner is what a journal knows of the other journal of a relationship.
type Partner struct {
	SharedID  ID        `json:"shared_id"`           // the relationship's id in bundles
	Journal   string    `json:"journal,omitempty"`   // the other journal's id
	Recipient string    `json:"recipient,omitempty"` // its age recipient (age1…)
	Sent      time.Time `json:"sent,omitempty"`      // last bundle written
	SentSum   string    `json:"sent_sum,omitempty"`  // its SHA-256, hex: to know it if it is received here
	Received  time.Time `json:"received,omitempty"`  // last bundle merged
	Brought   string    `json:"brought,omitempty"`   // what it brought, in words
	Conflicts int       `json:"conflicts,omitempty"` // open conflicts in the relationship
}

// LastExchange is the later of the last bundle sent and received.
func (p Partner) LastExchange() time.Time {
	if p.Sent.After(p.Received) {
		return p.Sent
	}
	return p.Received
}

// ValidPeer reports whether p has the shape of a journal id: 16 lower-case
// hex digits.
func ValidPeer(p string) bool {
	if len(p) != 16 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Validate checks a bundle's shape; what its records hold is checked when
// they are rebuilt.
func (b Bundle) Validate() error {
	var c checker
	if b.Format != BundleFormat {
		c.add("format", "must be %q: this is not a mentorlog bundle", BundleFormat)
		return c.p.Err()
	}
	if b.Version < 1 || b.Version > BundleVersion {
		c.add("version", "%d is not supported: this mentorlog reads bundles of version 1 to %d; update mentorlog", b.Version, BundleVersion)
		return c.p.Err()
	}
	if !ValidPeer(b.From) {
		c.add("from", "is not a journal id")
	}
	if b.To != "" && !ValidPeer(b.To) {
		c.add("to", "is not a journal id")
	}
	if !b.Party.ValidParty() {
		c.add("party", "must be mentor or mentee")
	}
	if !b.RelID.Valid() {
		c.add("relationship", "is not an id")
	}
	seen := map[string]bool{}
	for i, r := range b.Records {
		p := fmt.Sprintf("records[%d]", i)
		if !KnownKind(r.Kind) {
			c.add(p+".kind", "%q is not a kind of record", r.Kind)
			continue
		}
		if !r.ID.Valid() {
			c.add(p+".id", "is not an id")
		}
		if (r.Kind == KindRel || r.Kind == KindPlan) && r.ID != b.RelID {
			c.add(p+".id", "must be the relationship's id")
		}
		if k := Key(r.Kind, r.ID); seen[k] {
			c.add(p, "%s is in the bundle twice", k)
		} else {
			seen[k] = true
		}
		if r.Value != nil && (len(r.Value) == 0 || r.Value[0] != '{') {
			c.add(p+".value", "is not a record")
		}
		if r.Value == nil && len(r.Rev) == 0 {
			c.add(p, "has neither a value nor revisions")
		}
	}
	return c.p.Err()
}

// SortConflicts puts conflicts in the order a screen lists them: by kind
// (as SharedKinds), record and field.
func SortConflicts(cs []Conflict) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Kind != b.Kind {
			return KindRank(a.Kind) < KindRank(b.Kind)
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Path < b.Path
	})
}
