// Package store keeps a mentorlog journal in one bbolt file.
//
// # Layout (schema version 9)
//
// Every value but meta's is kept in an envelope (envelope.go): a format
// byte and a CRC-32C of the bucket, key and payload, so that a damaged or
// moved value is found on the read that meets it. A record's payload is
// the canonical JSON of a model struct (json.Marshal), so an export can
// copy it without decoding it. Ids are model.ID (32
// hex digits); keys hold their 16 raw bytes. "date" in a key is 8 bytes,
// big-endian, of the time's UnixNano with the sign bit flipped, so keys sort
// by time; an undated follow-up sorts last (all 0xff).
//
//	meta                     app    -> "mentorlog journal"      (the marker; a bbolt file without it is refused)
//	                         schema -> "8"                      (decimal; newer than this build is refused)
//	                         crypt  -> cryptHeader, JSON        (an encrypted journal only: crypt.go)
//	keys         rel -> its data key, sealed with the journal key (an encrypted journal only)
//
//	rels         rel                       -> model.Relationship
//	summaries    rel                       -> model.Summary       derived, rewritten in every write tx of rel
//	plans        rel                       -> model.Plan          one per relationship
//	goals        rel | goal                -> model.Goal          creation order
//	roadmap      rel | position(8) | item   -> model.RoadmapItem   by position
//	sessions     rel | date | session      -> model.Session       walk backwards for newest first
//	followups    rel | due | followup      -> model.FollowUp      by due date, undated last
//	health       rel | date | check        -> model.HealthCheck   oldest first
//
//	records      id -> kind(1) | key       derived: where each record lives (kinds: R G M S F H)
//	open         rel | followup -> key | owner | due | text   derived: the open follow-ups only; Due reads nothing else
//	text         rel | part | kind(1) | id -> the record's texts, lower-cased, and without accents   derived: what search reads (text.go)
//	textsig      rel | part             -> features of the part's texts, as bits   derived: which parts a search reads
//
//	revs         rel | kind(1) | id     -> the revisions of a record's fields, and tombstones (revs.go)
//	partners     rel                    -> the other journal of the relationship (exchange.go)
//
//	drafts       screen key -> model.Draft   what was typed on a screen and not saved yet (made by the first draft)
//	             (encrypted: rel | HMAC(screen key) -> screen key | model.Draft)
//	templates    template   -> model.AgendaTemplate   meeting topics kept to reuse across relationships (made by the first template)
//
//	  +------+     +-----------+     +-----------------------------------------+
//	  | rels |-----| summaries |     | goals / roadmap / sessions / followups / |
//	  +------+     +-----------+     | health   (keys start with the rel id)    |
//	     |  \------| plans     |     +-----------------------------------------+
//	     |         +-----------+          ^                    ^
//	     |                                |                    |
//	  records: any id -> (kind, key) -----+        open: rel|fu -> followups key
//
// Derived buckets (summaries, records, open) are written in the same
// transaction as the record they describe, so they can never disagree with
// it after a crash. Positions, dates and due dates are part of the keys, so
// changing one moves the record to a new key in the same transaction.
//
// # Schema versions and migrations
//
// Version 1 was the pre-release layout: the record buckets above with the
// same keys, but no derived buckets. Version 2 had the same buckets as
// version 3, with summaries that did not yet hold the layers of the latest
// sessions, the health-check count, the agreement's signing state and the
// next topic; version 3 had no envelopes. Version 4 puts every value in
// its envelope and rebuilds the derived buckets, so the earlier steps only
// drop them. Version 5 adds the search texts (text, textsig) to the
// derived buckets and rebuilds them. Version 6 names the list items of plans
// and goals and adds the buckets of exchanges (revs, partners). Version 7
// keeps a relationship's search texts in parts, each with its own bits,
// and rebuilds the derived buckets. Version 8 keeps each text with
// accents also without them, and rebuilds the derived buckets. Version 9
// clears the links to deleted records that an encrypted journal kept
// (clearDangling); its layout is version 8's. Migrations (see migrations) run in one
// write transaction after a copy of the file is written to
// "<path>.pre-v<N>.bak".
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

// SchemaVersion is the layout this build writes.
const SchemaVersion = 9

// appMarker is stored under meta/app in every journal.
const appMarker = "mentorlog journal"

var (
	bMeta      = []byte("meta")
	bRels      = []byte("rels")
	bSummaries = []byte("summaries")
	bPlans     = []byte("plans")
	bGoals     = []byte("goals")
	bRoadmap   = []byte("roadmap")
	bSessions  = []byte("sessions")
	bFollowUps = []byte("followups")
	bHealth    = []byte("health")
	bRecords   = []byte("records")
	bOpen      = []byte("open")

	kApp    = []byte("app")
	kSchema = []byte("schema")
)

// recordBuckets hold the journal's own data; derivedBuckets can be rebuilt
// from them.
var (
	recordBuckets  = [][]byte{bRels, bPlans, bGoals, bRoadmap, bSessions, bFollowUps, bHealth}
	derivedBuckets = [][]byte{bSummaries, bRecords, bOpen, bText, bTextSig}
)

// Record kinds, as stored in the records bucket.
const (
	kindRel      byte = 'R'
	kindGoal     byte = 'G'
	kindRoadmap  byte = 'M'
	kindSession  byte = 'S'
	kindFollowUp byte = 'F'
	kindHealth   byte = 'H'
)

func kindBucket(k byte) []byte {
	switch k {
	case kindRel:
		return bRels
	case kindGoal:
		return bGoals
	case kindRoadmap:
		return bRoadmap
	case kindSession:
		return bSessions
	case kindFollowUp:
		return bFollowUps
	case kindHealth:
		return bHealth
	}
	return nil
}

func kindName(k byte) string {
	switch k {
	case kindRel:
		return "relationship"
	case kindGoal:
		return "goal"
	case kindRoadmap:
		return "roadmap item"
	case kindSession:
		return "session"
	case kindFollowUp:
		return "follow-up"
	case kindHealth:
		return "health check"
	case kindPlan:
		return "plan"
	}
	return "record"
}

// idBytes returns the 16 raw bytes of a valid id.
func idBytes(id model.ID) ([]byte, bool) {
	if !id.Valid() {
		return nil, false
	}
	b, err := hex.DecodeString(string(id))
	if err != nil {
		return nil, false
	}
	return b, true
}

func idOf(b []byte) model.ID { return model.ID(hex.EncodeToString(b)) }

// timeKey encodes t so that keys sort by time; the zero time sorts last.
func timeKey(t time.Time) [8]byte {
	var k [8]byte
	if t.IsZero() {
		binary.BigEndian.PutUint64(k[:], ^uint64(0))
		return k
	}
	binary.BigEndian.PutUint64(k[:], uint64(t.UnixNano())^(1<<63))
	return k
}

func posKey(p int) [8]byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(p))
	return k
}

func key2(a, b []byte) []byte {
	k := make([]byte, 0, len(a)+len(b))
	return append(append(k, a...), b...)
}

func key3(a []byte, mid [8]byte, b []byte) []byte {
	k := make([]byte, 0, len(a)+8+len(b))
	k = append(k, a...)
	k = append(k, mid[:]...)
	return append(k, b...)
}

// migration moves a journal from version To-1 to To.
type migration struct {
	To   int
	What string
	Run  func(tx *bolt.Tx) error
}

// migrations is the upgrade plan, oldest first.
var migrations = []migration{
	{To: 2, What: "set aside the derived buckets (version 4 rebuilds them)", Run: dropDerived},
	{To: 3, What: "set aside the derived buckets (version 4 rebuilds them)", Run: dropDerived},
	{To: 4, What: "give every stored value a checksum", Run: checksumAll},
	{To: 5, What: "keep the search texts on disk", Run: rebuildDerived},
	{To: 6, What: "name list items and keep revisions for exchanges", Run: nameItems},
	{To: 7, What: "keep the search texts in parts, for a faster search", Run: rebuildDerived},
	{To: 8, What: "find words whatever their accents", Run: rebuildDerived},
	{To: 9, What: "clear links to deleted records", Run: clearDangling},
}

// clearDangling clears, in every relationship, the links to records that
// are not there (model.Full.DropDanglingLinks), as a receive does. Up to
// version 8, deleting a record in an encrypted journal left the links to
// it (unlink looked for them in the sealed values): a follow-up of a
// deleted session could not be saved, and the relationship did not
// validate.
func clearDangling(tx *bolt.Tx) error {
	var rels []model.ID
	c := tx.Bucket(bRels).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		rels = append(rels, idOf(k))
	}
	for _, id := range rels {
		f, err := loadFullInTx(tx, id, model.Window{})
		if err != nil {
			return err
		}
		rel, _ := idBytes(id)
		if err := relinked(tx, rel, f, withoutDangling(f), nil); err != nil {
			return err
		}
		if err := refreshSummary(tx, rel, sumAll, nil); err != nil { // a topic planned again is the next one
			return err
		}
	}
	return nil
}

// nameItems makes the buckets of exchanges (revs, partners) and gives the
// list items of every plan and goal their ids (model.Plan.NameItems).
func nameItems(tx *bolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	type named interface{ NameItems(time.Time, bool) }
	each := func(bucket []byte, x func() named) error {
		b := tx.Bucket(bucket)
		var keys, vals [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			p, err := unwrap(tx, bucket, k, v)
			if err != nil {
				return err
			}
			it := x()
			if err := decodeJSON(p, it); err != nil {
				return err
			}
			it.NameItems(time.Time{}, true)
			nv, err := encode(it)
			if err != nil {
				return err
			}
			if !bytes.Equal(nv, p) {
				keys, vals = append(keys, clone(k)), append(vals, nv)
			}
		}
		for i, k := range keys {
			if err := put(tx, bucket, k, vals[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := each(bPlans, func() named { return &model.Plan{} }); err != nil {
		return err
	}
	return each(bGoals, func() named { return &model.Goal{} })
}

// dropDerived removes the derived buckets; version 4's migration, which
// follows every earlier one in the same transaction, rebuilds them.
func dropDerived(tx *bolt.Tx) error {
	for _, name := range derivedBuckets {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
	}
	return nil
}

// checksumAll puts every value of the record buckets, drafts and templates
// in its envelope, gives a relationship without a plan (which no version
// wrote, but reads now call damage) an empty one, then rebuilds the
// derived buckets.
func checksumAll(tx *bolt.Tx) error {
	if err := dropDerived(tx); err != nil {
		return err
	}
	for _, name := range append(append([][]byte{}, recordBuckets...), bDrafts, bTemplates) {
		if err := wrapAll(tx, name); err != nil {
			return err
		}
	}
	var missing [][]byte
	c := tx.Bucket(bRels).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if tx.Bucket(bPlans).Get(k) == nil {
			missing = append(missing, clone(k))
		}
	}
	for _, rel := range missing {
		p, err := encode(model.Plan{RelID: idOf(rel)})
		if err != nil {
			return err
		}
		if err := put(tx, bPlans, rel, p); err != nil {
			return err
		}
	}
	return rebuildDerived(tx)
}

// createBuckets makes every bucket of the current layout.
func createBuckets(tx *bolt.Tx) error {
	for _, name := range append(append(append([][]byte{bMeta}, recordBuckets...), derivedBuckets...), sharedBuckets...) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

func setSchema(tx *bolt.Tx, v int) error {
	m := tx.Bucket(bMeta)
	if err := m.Put(kApp, []byte(appMarker)); err != nil {
		return err
	}
	return m.Put(kSchema, []byte(strconv.Itoa(v)))
}

// rebuildDerived drops and rebuilds the derived buckets (summaries, the
// record index, the open follow-ups, the search texts and their bits) from
// the record buckets.
func rebuildDerived(tx *bolt.Tx) error {
	if err := dropDerived(tx); err != nil {
		return err
	}
	if err := createBuckets(tx); err != nil {
		return err
	}
	for _, kb := range []byte{kindRel, kindGoal, kindRoadmap, kindSession, kindFollowUp, kindHealth} {
		c := tx.Bucket(kindBucket(kb)).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			id := k[len(k)-16:]
			if err := put(tx, bRecords, id, append([]byte{kb}, k...)); err != nil {
				return err
			}
			if kb == kindFollowUp {
				var f struct {
					Status model.FollowUpStatus `json:"status"`
					Owner  model.Role           `json:"owner"`
					Text   string               `json:"text"`
					Due    time.Time            `json:"due"`
				}
				if err := decode(tx, bFollowUps, k, v, &f); err != nil {
					return err
				}
				if f.Status == model.FollowUpOpen {
					if err := put(tx, bOpen, key2(k[:16], id), openValue(k, f.Owner, f.Due, f.Text)); err != nil {
						return err
					}
				}
			}
		}
	}
	c := tx.Bucket(bRels).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if err := refreshSummary(tx, k, sumAll, nil); err != nil {
			return err
		}
		f, err := loadFullInTx(tx, idOf(k), model.Window{})
		if err != nil {
			return err
		}
		if err := textsOfFull(tx, f); err != nil {
			return err
		}
	}
	return nil
}
