package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
	"mentorlog/outfile"
)

// ExportOptions choose what ExportJSON writes.
type ExportOptions struct {
	RelIDs []model.ID // these relationships only; nil means all
	Shared bool       // leave out private notes (model.Full.Shared)
	Now    time.Time  // the "exported" time; zero means now
}

// ExportJSON writes a model.Archive as JSON: relationships in id order,
// each with its parts in LoadFull's order, one record per line. Stored
// values are already canonical JSON, so they are copied as they are,
// except that DEL and the C1 controls (U+0080 to U+009F) in them are
// written as \u escapes (writeValue); only a shared export decodes the
// records that hold private notes. If w can Sync (an *os.File), it is
// synced before ExportJSON returns.
func (s *Store) ExportJSON(ctx context.Context, w io.Writer, opt ExportOptions) error {
	now := opt.Now
	if now.IsZero() {
		now = s.now()
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	err := s.read(ctx, func(tx *bolt.Tx) error {
		rels, err := relKeys(tx, opt.RelIDs)
		if err != nil {
			return err
		}
		if opt.RelIDs == nil {
			if err := verifyTx(tx); err != nil {
				return err
			}
		}
		stamp, err := json.Marshal(now.UTC())
		if err != nil {
			return err
		}
		bw.WriteString(`{"format":`)
		writeJSONString(bw, model.ArchiveFormat)
		fmt.Fprintf(bw, `,"version":%d,"exported":%s`, model.ArchiveVersion, stamp)
		if opt.Shared {
			bw.WriteString(`,"shared":true`)
		}
		bw.WriteString(`,"relationships":[`)
		for i, rel := range rels {
			if err := ctx.Err(); err != nil {
				return err
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
			if err := exportRel(tx, bw, rel, opt.Shared); err != nil {
				return err
			}
		}
		bw.WriteString("\n]}\n")
		return nil
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the export failed: %w", err)
	}
	if f, ok := w.(interface{ Sync() error }); ok {
		if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !isNotSyncable(err) {
			return fmt.Errorf("syncing the export to disk failed: %w", err)
		}
	}
	return nil
}

// isNotSyncable reports errors from syncing a pipe or a terminal.
func isNotSyncable(err error) bool {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error() == "invalid argument" || pe.Err.Error() == "operation not supported"
	}
	return false
}

// writeValue writes one JSON value, stored or just encoded, with DEL and
// the C1 controls escaped: encoding/json escapes the C0 controls but
// copies these as they are, and a terminal or a pager showing the export
// would act on them (U+009B is CSI). They can only be inside strings, and
// in UTF-8 a C1 control is 0xC2 followed by 0x80 to 0x9F, a byte pair that
// is part of no other character, so each is replaced where it stands.
// Import reads the escapes back as the same characters. A stored value
// that is not JSON (a damaged page) is reported, never copied.
func writeValue(w *bufio.Writer, v []byte) error {
	if !jsontext.Value(v).IsValid() {
		return fail(ErrDamaged, nil, "a record in the journal is damaged (it is not valid JSON): restore the journal from a backup; nothing was exported")
	}
	if bytes.IndexByte(v, 0x7f) < 0 && bytes.IndexByte(v, 0xc2) < 0 {
		w.Write(v)
		return nil
	}
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(v); i++ {
		var c byte
		switch {
		case v[i] == 0x7f:
			c = 0x7f
		case v[i] == 0xc2 && i+1 < len(v) && v[i+1] >= 0x80 && v[i+1] <= 0x9f:
			c = v[i+1]
		default:
			continue
		}
		w.Write(v[start:i])
		w.WriteString(`\u00`)
		w.WriteByte(hex[c>>4])
		w.WriteByte(hex[c&0xf])
		if c != 0x7f {
			i++
		}
		start = i + 1
	}
	w.Write(v[start:])
	return nil
}

func writeJSONString(w *bufio.Writer, s string) {
	b, _ := json.Marshal(s)
	w.Write(b)
}

// relKeys returns the keys of the chosen relationships, in key order.
func relKeys(tx *bolt.Tx, ids []model.ID) ([][]byte, error) {
	b := tx.Bucket(bRels)
	var out [][]byte
	if ids == nil {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			out = append(out, clone(k))
		}
		return out, nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		raw, ok := idBytes(id)
		if !ok || b.Get(raw) == nil {
			return nil, notFound("relationship", id)
		}
		want[string(raw)] = true
	}
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if want[string(k)] {
			out = append(out, clone(k))
		}
	}
	return out, nil
}

func exportRel(tx *bolt.Tx, w *bufio.Writer, rel []byte, shared bool) error {
	v, err := get(tx, bRels, rel)
	if err != nil {
		return err
	}
	if shared {
		var r model.Relationship
		if err := decodeJSON(v, &r); err != nil {
			return err
		}
		if v, err = encode(r.Shared()); err != nil {
			return err
		}
	}
	w.WriteString(`{"relationship":`)
	if err := writeValue(w, v); err != nil {
		return err
	}
	w.WriteString(",\n\"plan\":")
	// Every relationship is created with its plan.
	p, err := get(tx, bPlans, rel)
	if err == nil && p == nil {
		err = noPlan(rel)
	}
	if err != nil {
		return err
	}
	if err := writeValue(w, p); err != nil {
		return err
	}
	list := func(name string, b []byte, reverse bool, fix func([]byte) ([]byte, error)) error {
		w.WriteString(",\n\"" + name + "\":[")
		c := tx.Bucket(b).Cursor()
		n := 0
		emit := func(k, v []byte) error {
			v, err := unwrap(tx, b, k, v)
			if err != nil {
				return err
			}
			if fix != nil {
				if v, err = fix(v); err != nil {
					return err
				}
			}
			if n > 0 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
			n++
			return writeValue(w, v)
		}
		if reverse {
			for k, v := range backward(c, rel) {
				if err := emit(k, v); err != nil {
					return err
				}
			}
		} else {
			for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
				if err := emit(k, v); err != nil {
					return err
				}
			}
		}
		w.WriteByte(']')
		return nil
	}
	var noPrivate func([]byte) ([]byte, error)
	if shared {
		noPrivate = func(v []byte) ([]byte, error) {
			var x model.Session
			if err := decodeJSON(v, &x); err != nil {
				return nil, err
			}
			sh := x.Shared()
			if sh.PrivateNotes == x.PrivateNotes {
				return v, nil // nothing private in it: the stored bytes as they are
			}
			return encode(sh)
		}
	}
	for _, l := range []struct {
		name    string
		b       []byte
		reverse bool
		fix     func([]byte) ([]byte, error)
	}{
		{"goals", bGoals, false, nil},
		{"roadmap", bRoadmap, false, nil},
		{"sessions", bSessions, true, noPrivate},
		{"follow_ups", bFollowUps, false, nil},
		{"health", bHealth, false, nil},
	} {
		if err := list(l.name, l.b, l.reverse, l.fix); err != nil {
			return err
		}
	}
	// The revisions of the records written (not the tombstones: a
	// deleted record is not in the export), so an import merges as
	// receive does.
	n := 0
	c := tx.Bucket(bRevs).Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		if len(k) != 33 || modelKind(k[16]) == "" {
			return damagedValue(bRevs, k)
		}
		rv, err := unwrap(tx, bRevs, k, v)
		if err != nil {
			return err
		}
		if len(rv) > 1 && rv[1]&revTombstone != 0 {
			continue
		}
		if n == 0 {
			w.WriteString(",\n\"revisions\":[")
		} else {
			w.WriteByte(',')
		}
		n++
		w.WriteString("\n{\"kind\":")
		writeJSONString(w, modelKind(k[16]))
		w.WriteString(`,"id":"`)
		w.WriteString(string(idOf(k[17:])))
		w.WriteString(`","rev":"`)
		w.WriteString(base64.StdEncoding.EncodeToString(rv))
		w.WriteString(`"}`)
	}
	if n > 0 {
		w.WriteByte(']')
	}
	w.WriteByte('}')
	return nil
}

// EachFull calls fn with each chosen relationship (nil ids: all, in id
// order), loading one at a time so that memory stays small. fn runs
// outside any transaction.
func (s *Store) EachFull(ctx context.Context, ids []model.ID, fn func(model.Full) error) error {
	var keys [][]byte
	if err := s.read(ctx, func(tx *bolt.Tx) error {
		var err error
		keys, err = relKeys(tx, ids)
		return err
	}); err != nil {
		return err
	}
	for _, k := range keys {
		f, err := s.LoadFull(ctx, idOf(k))
		if errors.Is(err, ErrNotFound) && ids == nil {
			continue // deleted meanwhile
		}
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// ImportResult counts what an import did.
type ImportResult struct {
	Relationships int // relationship records written
	Records       int // other records written (plans, goals, roadmap items, sessions, follow-ups, health checks)
	Unchanged     int // records already in the journal exactly as in the archive
	Kept          int // records the journal holds in a newer version than the archive's, kept
	Conflicts     int // open conflicts in the relationships imported, after it
	// Rewritten: the journal is a new file (a staged import); other names
	// of the old one (hard links) still name the journal as it was.
	Rewritten bool
}

// NothingNew reports whether the import wrote no record.
func (r ImportResult) NothingNew() bool { return r.Relationships+r.Records == 0 }

// keepPrivate gives f the journal's private notes where the archive has
// none: a private note missing from the archive is not a note deleted: a
// shared export leaves them out, and one that went through another
// journal and came back (or lost its "shared" mark) has them empty.
func keepPrivate(tx *bolt.Tx, f *model.Full, shared bool) error {
	rel, _ := idBytes(f.Rel.ID)
	if shared || absent(f.Rel.PrivateNotes) {
		if old := tx.Bucket(bRels).Get(rel); old != nil {
			var r model.Relationship
			if err := decode(tx, bRels, rel, old, &r); err != nil {
				return err
			}
			f.Rel.PrivateNotes = r.PrivateNotes
		}
	}
	for i := range f.Sessions {
		x := &f.Sessions[i]
		if !shared && !absent(x.PrivateNotes) {
			continue
		}
		id, _ := idBytes(x.ID)
		l, err := locate(tx, id)
		if err != nil {
			return err
		}
		if l.kind == kindSession {
			var old struct {
				PrivateNotes string `json:"private_notes"`
			}
			if err := decode(tx, bSessions, l.key, tx.Bucket(bSessions).Get(l.key), &old); err != nil {
				return err
			}
			x.PrivateNotes = old.PrivateNotes
		}
	}
	return nil
}

func importFull(tx *bolt.Tx, f *model.Full, shared bool, res *ImportResult, pending *pendingIndex, st *stamp) (bool, error) {
	rel, _ := idBytes(f.Rel.ID)
	wrote := false
	count := func(changed bool, isRel bool) {
		switch {
		case !changed:
			res.Unchanged++
		case isRel:
			res.Relationships++
			wrote = true
		default:
			res.Records++
			wrote = true
		}
	}
	if err := keepPrivate(tx, f, shared); err != nil {
		return false, err
	}
	var kerr error // from newer, reported at the end
	newer := func(kind byte, id []byte, updated time.Time) bool {
		n, e := keptNewer(tx, kind, id, updated)
		if e != nil {
			kerr = e
		}
		if n {
			res.Kept++
		}
		return n
	}
	if !newer(kindRel, rel, f.Rel.Updated) {
		val, err := encode(f.Rel)
		if err != nil {
			return false, err
		}
		changed, err := putRecord(tx, kindRel, rel, rel, val, st)
		if err != nil {
			return false, err
		}
		count(changed, true)
	}

	f.Plan.NameItems(time.Time{}, true)
	if val, err := encode(f.Plan); err != nil {
		return false, err
	} else if old, err := get(tx, bPlans, rel); err != nil {
		return false, err
	} else if bytes.Equal(old, val) {
		count(false, false)
	} else if !newer(kindPlan, rel, f.Plan.Updated) {
		old = clone(old)
		if err := put(tx, bPlans, rel, val); err != nil {
			return false, err
		}
		if err := stampRecord(tx, st, kindPlan, rel, rel, old, val); err != nil {
			return false, err
		}
		count(true, false)
	}
	for _, g := range f.Goals {
		g.NameItems(time.Time{}, true)
		id, _ := idBytes(g.ID)
		if newer(kindGoal, id, g.Updated) {
			continue
		}
		val, err := encode(g)
		if err != nil {
			return false, err
		}
		changed, err := putRecordTo(tx, kindGoal, id, key2(rel, id), val, pending, st)
		if err != nil {
			return false, err
		}
		count(changed, false)
	}
	for _, r := range f.Roadmap {
		id, _ := idBytes(r.ID)
		if newer(kindRoadmap, id, r.Updated) {
			continue
		}
		val, err := encode(r)
		if err != nil {
			return false, err
		}
		changed, err := putRecordTo(tx, kindRoadmap, id, key3(rel, posKey(r.Position), id), val, pending, st)
		if err != nil {
			return false, err
		}
		count(changed, false)
	}
	for i := range f.Sessions {
		x := &f.Sessions[i]
		id, _ := idBytes(x.ID)
		if newer(kindSession, id, x.Updated) {
			continue
		}
		if err := reviewsOwn(tx, rel, *x); err != nil {
			return false, model.Prefixed(fmt.Sprintf("sessions[%d]", i), err)
		}
		val, err := encode(*x)
		if err != nil {
			return false, err
		}
		changed, err := putRecordTo(tx, kindSession, id, key3(rel, timeKey(x.Date), id), val, pending, st)
		if err != nil {
			return false, err
		}
		count(changed, false)
	}
	for _, x := range f.FollowUps {
		id, _ := idBytes(x.ID)
		if newer(kindFollowUp, id, x.Updated) {
			continue
		}
		changed, err := putFollowUp(tx, rel, id, x, pending, st)
		if err != nil {
			return false, err
		}
		count(changed, false)
	}
	for _, h := range f.Health {
		id, _ := idBytes(h.ID)
		val, err := encode(h)
		if err != nil {
			return false, err
		}
		changed, err := putRecordTo(tx, kindHealth, id, key3(rel, timeKey(h.Date), id), val, pending, st)
		if err != nil {
			return false, err
		}
		count(changed, false)
	}
	if kerr != nil {
		return false, kerr
	}
	if wrote {
		if err := refreshSummary(tx, rel, sumAll, nil); err != nil {
			return false, err
		}
	}
	return wrote, nil
}

// keptNewer reports whether the journal holds record id of kind (a plan:
// the relationship's) updated after updated.
func keptNewer(tx *bolt.Tx, kind byte, id []byte, updated time.Time) (bool, error) {
	var name, key []byte
	switch kind {
	case kindPlan:
		name, key = bPlans, id
	default:
		l, err := locate(tx, id)
		if err != nil || l.kind != kind {
			return false, err
		}
		name, key = kindBucket(kind), l.key
	}
	v := tx.Bucket(name).Get(key)
	if v == nil {
		return false, nil
	}
	var x struct {
		Updated time.Time `json:"updated"`
	}
	if err := decode(tx, name, key, v, &x); err != nil {
		return false, err
	}
	return x.Updated.After(updated), nil
}

// absent reports whether an imported private note says nothing: an import
// keeps the journal's note then.
func absent(note string) bool { return strings.TrimSpace(note) == "" }

// Backup writes a consistent copy of the journal to path while it stays
// open: to path+".tmp" first, synced, then renamed over path, then the
// folder synced. The copy has mode 0600.
func (s *Store) Backup(ctx context.Context, path string) error {
	if outfile.SameFile(path, s.path) {
		return fmt.Errorf("the backup %s would overwrite the journal itself: choose another file", path)
	}
	t, err := outfile.Resolve(path)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(t.Path); !t.Special {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return fmt.Errorf("cannot create the backup folder %s: %w", dir, err)
			}
		}
	}
	err = s.read(ctx, func(tx *bolt.Tx) error {
		// A damaged journal is reported, never copied over a good backup.
		if err := checkTx(tx, s.path); err != nil {
			return err
		}
		return t.Write(writeTx(tx))
	})
	if errors.Is(err, ErrDamaged) {
		return fmt.Errorf("%w; the backup %s was not written", err, path)
	}
	if err != nil {
		return fmt.Errorf("backup to %s failed (%w): check the folder exists and has space; the journal is unchanged", path, err)
	}
	return nil
}

// writeTx writes the journal as tx sees it.
func writeTx(tx *bolt.Tx) func(w io.Writer) error {
	return func(w io.Writer) error {
		_, err := tx.WriteTo(w)
		return err
	}
}
