package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	bolt "go.etcd.io/bbolt"

	"mentorlog/bundle"
	"mentorlog/model"
	"mentorlog/outfile"
)

// Exchanges between the two journals of a relationship (issue 10): Share
// writes the relationship's shared state as a sealed bundle, Receive
// merges one (model.Shared.Merge) in one transaction.

// ErrWhichRelationship is returned by Receive when a bundle's relationship
// is not linked to one of this journal's, but one has the same names: the
// caller asks the person and receives again with ReceiveOptions.
var ErrWhichRelationship = errors.New("which relationship")

// Identity returns this journal's id and age recipient, making its key
// pair the first time.
func (s *Store) Identity(ctx context.Context) (journal, recipient string, err error) {
	get := func(tx *bolt.Tx) error {
		secret, err := metaSecret(tx, kIdentity)
		if err != nil {
			return err
		}
		if secret == "" && !tx.Writable() {
			return nil // made below, in a write
		}
		if secret, err = identity(tx); err != nil {
			return err
		}
		if recipient, err = bundle.RecipientOf(secret); err != nil {
			return fail(ErrDamaged, err, "the journal is damaged: its identity cannot be read (%v); restore the journal from a backup", err)
		}
		journal, err = journalID(tx)
		return err
	}
	if err = s.read(ctx, get); err != nil || recipient != "" {
		return journal, recipient, err
	}
	err = s.write(ctx, get)
	return journal, recipient, err
}

// identity returns the journal's secret key, making it in a write
// transaction the first time.
func identity(tx *bolt.Tx) (string, error) {
	if v, err := metaSecret(tx, kIdentity); err != nil || v != "" {
		return v, err
	}
	if !tx.Writable() {
		return "", fmt.Errorf("this journal has no identity yet: run `mentorlog id` once")
	}
	secret, _, err := bundle.NewIdentity()
	if err != nil {
		return "", err
	}
	return secret, putMetaSecret(tx, kIdentity, secret)
}

// Partner returns what this journal knows of the other journal of a
// relationship; ok is false before the first exchange.
func (s *Store) Partner(ctx context.Context, relID model.ID) (p model.Partner, ok bool, err error) {
	err = s.read(ctx, func(tx *bolt.Tx) error {
		rel, found := idBytes(relID)
		if !found {
			return notFound("relationship", relID)
		}
		p, ok, err = partnerOf(tx, rel)
		return err
	})
	return p, ok, err
}

func partnerOf(tx *bolt.Tx, rel []byte) (model.Partner, bool, error) {
	var p model.Partner
	v, err := get(tx, bPartners, rel)
	if err != nil || v == nil {
		return p, false, err
	}
	return p, true, decodeJSON(v, &p)
}

func putPartner(tx *bolt.Tx, rel []byte, p model.Partner) error {
	v, err := encode(p)
	if err != nil {
		return err
	}
	return put(tx, bPartners, rel, v)
}

// raw is a record as this journal stores it, read without decoding.
type raw struct {
	kind byte
	id   []byte // the record's id; the relationship's for it and its plan
	key  []byte // in its kind's bucket; nil for a tombstone
	val  []byte // the record's value (nil for a tombstone)
	rev  []byte // its revisions (nil: every field at the empty clock)
}

func (r raw) dead() bool { return r.key == nil }

// record is r as fields with their registers.
func (r raw) record(sharedID model.ID) (model.Record, error) {
	rec, _, err := decodeRev(r.kind, r.id, r.rev, r.val)
	if r.kind == kindRel || r.kind == kindPlan {
		rec.ID = sharedID
	}
	return rec, err
}

// rawsOf reads the records of relationship rel and its tombstones, by
// model.Key, naming the relationship and its plan by sharedID.
func rawsOf(tx *bolt.Tx, rel []byte, sharedID model.ID) (map[string]raw, error) {
	out := map[string]raw{}
	name := func(kind byte, id []byte) string {
		if kind == kindRel || kind == kindPlan {
			return model.Key(modelKind(kind), sharedID)
		}
		return model.Key(modelKind(kind), idOf(id))
	}
	add := func(kind byte, id, key, val []byte) error {
		rv, err := get(tx, bRevs, revKey(rel, kind, id))
		if err != nil {
			return err
		}
		out[name(kind, id)] = raw{kind: kind, id: clone(id), key: clone(key), val: clone(val), rev: clone(rv)}
		return nil
	}
	for _, kind := range []byte{kindRel, kindPlan} {
		name := kindBucket(kind)
		if kind == kindPlan {
			name = bPlans
		}
		v, err := get(tx, name, rel)
		if err != nil {
			return nil, err
		}
		if v != nil {
			if err := add(kind, rel, rel, v); err != nil {
				return nil, err
			}
		}
	}
	for _, kind := range []byte{kindGoal, kindRoadmap, kindSession, kindFollowUp, kindHealth} {
		name := kindBucket(kind)
		c := tx.Bucket(name).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			p, err := unwrap(tx, name, k, v)
			if err != nil {
				return nil, err
			}
			if err := add(kind, k[len(k)-16:], k, p); err != nil {
				return nil, err
			}
		}
	}
	// Tombstones: revisions of records no longer stored.
	c := tx.Bucket(bRevs).Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		if len(k) != 33 || modelKind(k[16]) == "" {
			return nil, damagedValue(bRevs, k)
		}
		key := name(k[16], k[17:])
		if _, ok := out[key]; ok {
			continue
		}
		rv, err := unwrap(tx, bRevs, k, v)
		if err != nil {
			return nil, err
		}
		out[key] = raw{kind: k[16], id: clone(k[17:]), rev: clone(rv)}
	}
	return out, nil
}

// Share writes the shared state of a relationship as a bundle sealed to
// its partner, through write (which writes the file), and notes the time
// it was sent. to is the partner's recipient; it is needed only until the
// first exchange, and is remembered. A to other than the partner's known
// recipient, or the recipient of another relationship's partner, is
// refused unless replace says the partner has a new journal.
func (s *Store) Share(ctx context.Context, relID model.ID, to string, replace bool, write func(sealed io.Reader) error) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(relID)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", relID)
		}
		r, err := relAt(tx, rel)
		if err != nil {
			return err
		}
		p, _, err := partnerOf(tx, rel)
		if err != nil {
			return err
		}
		if to = strings.TrimSpace(to); to != "" {
			if err := bundle.CheckRecipient(to); err != nil {
				return err
			}
			if secret, err := metaSecret(tx, kIdentity); err != nil {
				return err
			} else if mine, err := bundle.RecipientOf(secret); err == nil && mine == to {
				return fmt.Errorf("%s is this journal's own recipient: give %s's, which `mentorlog id` prints on their laptop", to, model.SanitizeLine(r.Other()))
			}
			if to != p.Recipient && !replace {
				if p.Recipient != "" {
					return fmt.Errorf("this journal already shares with %s's journal, at another recipient: check the one you gave; if %s has moved to a new laptop, add --replace", model.SanitizeLine(r.Other()), model.SanitizeLine(r.Other()))
				}
				if other, err := partnerAt(tx, to, rel); err != nil || other != "" {
					if err == nil {
						err = fmt.Errorf("%s is the recipient of your partner in the relationship with %s: check the one you gave (add --replace if it is right)", to, model.SanitizeLine(other))
					}
					return err
				}
			}
			if to != p.Recipient {
				// Another journal (a new laptop): its id comes with its
				// first bundle.
				p.Recipient, p.Journal = to, ""
			}
		}
		if p.Recipient == "" {
			return fmt.Errorf("this journal does not know %s's recipient yet: ask them to run `mentorlog id` and give what it prints with --to age1…; after the first exchange it is remembered", model.SanitizeLine(r.Other()))
		}
		if p.SharedID == "" {
			p.SharedID = relID
		}
		secret, err := identity(tx)
		if err != nil {
			return err
		}
		me, err := journalID(tx)
		if err != nil {
			return err
		}
		from, err := bundle.RecipientOf(secret)
		if err != nil {
			return err
		}
		raws, err := rawsOf(tx, rel, p.SharedID)
		if err != nil {
			return err
		}
		now := s.now()
		b := model.Bundle{Format: model.BundleFormat, Version: model.BundleVersion, From: me, Recipient: from,
			Party: r.OwnerRole, To: p.Journal, RelID: p.SharedID, Written: now.UTC()}
		if !b.Party.ValidParty() {
			b.Party = model.RoleMentor // a peer relationship: the owner writes as the mentor side
		}
		keys := make([]string, 0, len(raws))
		for k := range raws {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.Records = make([]model.BundleRecord, 0, len(keys))
		for _, k := range keys {
			x := raws[k]
			br := model.BundleRecord{Kind: modelKind(x.kind), ID: idOf(x.id), Rev: x.rev}
			if x.kind == kindRel || x.kind == kindPlan {
				br.ID = p.SharedID
			}
			if !x.dead() {
				if br.Value, err = model.StripLocal(br.Kind, x.val); err != nil {
					return fail(ErrDamaged, err, "the journal is damaged: %s %s cannot be read (%v); restore the journal from a backup", kindName(x.kind), idOf(x.id), err)
				}
			}
			b.Records = append(b.Records, br)
		}
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(bundle.Seal(pw, b, p.Recipient)) }()
		sum := sha256.New()
		err = write(io.TeeReader(pr, sum))
		pr.CloseWithError(err)
		if err != nil {
			return err
		}
		p.Sent, p.SentSum = now, hex.EncodeToString(sum.Sum(nil))
		return putPartner(tx, rel, p)
	})
}

// partnerAt names the other person of a relationship other than rel
// whose partner has recipient to ("" when none).
func partnerAt(tx *bolt.Tx, to string, rel []byte) (string, error) {
	c := tx.Bucket(bPartners).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var p model.Partner
		if err := decode(tx, bPartners, k, v, &p); err != nil {
			return "", err
		}
		if p.Recipient == to && !bytes.Equal(k, rel) {
			r, err := relAt(tx, k)
			return r.Other(), err
		}
	}
	return "", nil
}

// ShareFile writes the relationship's bundle to path (replaced whole,
// mode 0600), as Share.
func (s *Store) ShareFile(ctx context.Context, relID model.ID, to string, replace bool, path string) error {
	return s.Share(ctx, relID, to, replace, func(sealed io.Reader) error {
		return outfile.WriteFile(path, func(w io.Writer) error {
			_, err := io.Copy(w, sealed)
			return err
		})
	})
}

// ReceiveFile merges the bundle at path, as Receive.
func (s *Store) ReceiveFile(ctx context.Context, path string, opt ReceiveOptions) (ReceiveResult, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return ReceiveResult{}, fmt.Errorf("%s is a folder: give the bundle file in it; nothing was changed", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return ReceiveResult{}, fmt.Errorf("cannot read the bundle: %w; nothing was changed", err)
	}
	defer f.Close()
	res, err := s.Receive(ctx, bufio.NewReader(f), opt)
	if errors.Is(err, bundle.ErrNotForUs) {
		if own := s.sentHere(ctx, path); own != nil {
			return res, own
		}
	}
	return res, err
}

// sentHere says so when the bundle at path is one this journal wrote (it
// is sealed to the partner, so it cannot be opened here); nil otherwise.
func (s *Store) sentHere(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	sum := hex.EncodeToString(h.Sum(nil))
	var found error
	_ = s.read(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bPartners).ForEach(func(k, _ []byte) error {
			p, _, err := partnerOf(tx, k)
			if err != nil || p.SentSum != sum {
				return err
			}
			r, err := relAt(tx, k)
			if err != nil {
				return err
			}
			name := model.SanitizeLine(r.Other())
			found = fmt.Errorf("%w: this is the bundle this journal wrote for %s on %s: send it to them (only their journal opens it), and receive the one they send you; nothing was changed", bundle.ErrNotForUs, name, model.FormatDate(p.Sent))
			return nil
		})
	})
	return found
}

// ReceiveOptions and ReceiveResult are model's, named here for callers
// of the store.
type (
	ReceiveOptions = model.ReceiveOptions
	ReceiveResult  = model.Received
)

// Receive opens a sealed bundle from r and merges it into the journal in
// one transaction: all of it or, on any problem, nothing.
func (s *Store) Receive(ctx context.Context, r io.Reader, opt ReceiveOptions) (ReceiveResult, error) {
	var res ReceiveResult
	var secret string
	if err := s.read(ctx, func(tx *bolt.Tx) (err error) {
		secret, err = metaSecret(tx, kIdentity)
		return err
	}); err != nil {
		return res, err
	}
	if secret == "" {
		return res, fmt.Errorf("this journal has no recipient yet, so no bundle can be sealed to it: run `mentorlog id` and give what it prints to your partner; nothing was changed")
	}
	b, err := bundle.Open(r, secret)
	if err != nil {
		return res, fmt.Errorf("%w; nothing was changed", err)
	}
	err = s.write(ctx, func(tx *bolt.Tx) error {
		res = ReceiveResult{Party: b.Party, Written: b.Written}
		return s.receive(tx, b, opt, &res)
	})
	if err != nil {
		if errors.Is(err, ErrWhichRelationship) {
			return res, err
		}
		return ReceiveResult{}, fmt.Errorf("%w; nothing was changed", err)
	}
	return res, nil
}

func (s *Store) receive(tx *bolt.Tx, b model.Bundle, opt ReceiveOptions, res *ReceiveResult) error {
	me, err := journalID(tx)
	if err != nil {
		return err
	}
	switch {
	case b.From == me:
		return fmt.Errorf("this bundle was written by this journal: receive it on the other laptop")
	case b.To != "" && b.To != me:
		return fmt.Errorf("this bundle was written for another journal (%s), not this one (%s): ask your partner to share again with the recipient `mentorlog id` prints here", b.To, me)
	}
	now := s.now()
	rel, created, err := s.relFor(tx, b, opt, res)
	if err != nil {
		return err
	}
	p, _, err := partnerOf(tx, rel)
	if err != nil {
		return err
	}
	if !created && p.Journal == "" {
		mine, err := relAt(tx, rel)
		if err != nil {
			return err
		}
		res.SameRole = mine.OwnerRole.ValidParty() && mine.OwnerRole == b.Party
	}
	p.SharedID = b.RelID
	// A bundle's own word never replaces a recipient already known: age
	// does not prove who wrote it. A partner on a new laptop is given
	// with share --to. The partner's journal id goes with its recipient.
	if p.Recipient == "" && bundle.CheckRecipient(b.Recipient) == nil {
		p.Recipient = b.Recipient
	}
	if p.Journal == "" && b.Recipient == p.Recipient {
		p.Journal = b.From
	}
	raws, err := rawsOf(tx, rel, b.RelID)
	if err != nil {
		return err
	}
	if created {
		// A whole relationship arrives: fill pages as an import does.
		for _, name := range append(append([][]byte{}, recordBuckets...), derivedBuckets...) {
			tx.Bucket(name).FillPercent = 0.9
		}
		tx.Bucket(bRevs).FillPercent = 0.9
	}
	// What differs from what the journal holds, merged.
	changed := map[string]change{}
	var newest uint64
	for _, br := range b.Records {
		key := model.Key(br.Kind, br.ID)
		kind := storeKind(br.Kind)
		id, _ := idBytes(br.ID)
		local, had := raws[key]
		if had && bytes.Equal(local.rev, br.Rev) && local.dead() == (br.Value == nil) {
			if local.dead() {
				continue
			}
			if mine, err := model.StripLocal(br.Kind, local.val); err == nil && bytes.Equal(mine, br.Value) {
				continue // as the journal holds it
			}
		}
		if !had && len(br.Rev) == 0 {
			// New here, every field at the empty clock: the value is the
			// record (apply checks it).
			changed[key] = change{rec: model.Record{Kind: br.Kind, ID: br.ID, Fields: map[string]model.Register{"": {{Value: model.Alive}}}}, plain: br.Value}
			continue
		}
		remote, _, err := decodeRev(kind, id, br.Rev, br.Value)
		if err != nil {
			return fmt.Errorf("the bundle's %s %s cannot be read: it is damaged or was not written by mentorlog", kindName(kind), br.ID)
		}
		remote.ID = br.ID
		remote = model.Record{Kind: remote.Kind, ID: remote.ID}.Merge(remote) // as merging would keep it
		if !had {
			changed[key] = change{rec: remote}
			continue
		}
		mine, err := local.record(b.RelID)
		if err != nil {
			return err
		}
		if merged := mine.Merge(remote); !merged.Equal(mine) {
			changed[key] = change{rec: merged}
		}
		newest = max(newest, clockMax(remote))
	}
	for _, c := range changed {
		newest = max(newest, clockMax(c.rec))
	}
	if err := seenBefore(tx, newest, now, "the bundle", "share"); err != nil {
		return err
	}
	if !created {
		ex, err := conflictsOf(raws, b.RelID)
		if err != nil {
			return err
		}
		res.ConflictsBefore = len(ex)
	}
	if err := apply(tx, rel, b.RelID, raws, changed, b.Party.Opposite(), now, res); err != nil {
		return err
	}
	res.Resolved = max(0, res.ConflictsBefore-res.Conflicts)
	res.Created = created
	p.Received = now
	p.Conflicts = res.Conflicts
	p.Brought = res.Counts() // "nothing new" for a bundle received again
	return putPartner(tx, rel, p)
}

// change is a record a merge changed: its fields, or, for a record new to
// the journal with every field at the empty clock, just its value as the
// bundle holds it (rebuilt strips any local field from it).
type change struct {
	rec   model.Record
	plain []byte
	whole bool   // plain is the record as an archive holds it, local fields and dates included
	local []byte // a copy whose local fields replace the journal's (an import's newer copy)
}

// conflictsOf lists the open conflicts among raws.
func conflictsOf(raws map[string]raw, sharedID model.ID) ([]model.Conflict, error) {
	var out []model.Conflict
	for _, r := range raws {
		if !multi(r.rev) {
			continue // no field with two versions
		}
		rec, err := r.record(sharedID)
		if err != nil {
			return nil, err
		}
		out = append(out, rec.Conflicts()...)
	}
	return out, nil
}

// apply writes the records of relationship rel that changed (by
// model.Key; raws is what the journal held) in the transaction: each
// rebuilt from its fields with the journal's own local fields (role for
// a relationship new to it), then the whole relationship is checked, its
// links to records no longer there cleared, and its texts and summary
// brought up to date. A record no longer alive is deleted and kept as a
// tombstone.
func apply(tx *bolt.Tx, rel []byte, sharedID model.ID, raws map[string]raw, changed map[string]change, role model.Role, now time.Time, res *ReceiveResult) error {
	localRel := idOf(rel)
	keys := make([]string, 0, len(changed))
	for k := range changed {
		keys = append(keys, k)
	}
	// The relationship first (a new one must be there for the rest), then
	// by kind as SharedKinds orders them.
	sort.Slice(keys, func(i, j int) bool {
		a, b := changed[keys[i]].rec, changed[keys[j]].rec
		if a.Kind != b.Kind {
			return model.KindRank(a.Kind) < model.KindRank(b.Kind)
		}
		return a.ID < b.ID
	})
	// Rebuild the records that stay, on every core: decoding and
	// checking is most of the work, and none of it touches the file.
	type built struct {
		val, key []byte
		typed    any
		text     []byte   // its search texts (textValue)
		feats    features // and their features
		err      error
	}
	out := make([]built, len(keys))
	ready := make([]chan struct{}, len(keys)) // closed when out[i] is there
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	work := make(chan int)
	var wg sync.WaitGroup
	defer wg.Wait() // an early return leaves no worker reading
	workers := max(1, runtime.GOMAXPROCS(0))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				b := &out[i]
				b.val, b.key, b.typed, b.err = rebuilt(changed[keys[i]], raws[keys[i]].val, role, localRel, rel, now)
				if b.err == nil {
					date, texts := textOf(b.typed)
					b.text = textValue(date, texts, &b.feats)
				}
				close(ready[i])
			}
		}()
	}
	// The writes below take each record as soon as it is rebuilt, while
	// the workers go on with the next ones.
	go func() {
		for i, k := range keys {
			if changed[k].rec.Alive() {
				work <- i
			} else {
				close(ready[i])
			}
		}
		close(work)
	}()

	var delta model.Full       // the records written, for their texts
	add := map[byte]features{} // the features of the texts written, by part
	for i, k := range keys {
		rec := changed[k].rec
		local, had := raws[k]
		kind := storeKind(rec.Kind)
		id := local.id
		if !had {
			if kind == kindRel || kind == kindPlan {
				id = rel
			} else {
				id, _ = idBytes(rec.ID)
			}
		}
		if !rec.Alive() {
			var last []byte
			if had && !local.dead() {
				res.Deleted++
				countKind(res, rec.Kind)
				last = local.val
				if _, err := deleteRecord(tx, kind, idOf(id), nil); err != nil {
					return err
				}
				if err := deleteText(tx, rel, kind, id); err != nil {
					return err
				}
			} else if shared, err := model.Unflatten(rec.Shown()); err == nil {
				last = shared
			}
			if err := putRev(tx, revKey(rel, kind, id), rec, nil, last, nil); err != nil {
				return err
			}
			continue
		}
		<-ready[i]
		val, key, typed, err := out[i].val, out[i].key, out[i].typed, out[i].err
		if err != nil {
			return fmt.Errorf("the bundle's %s %s is not valid: %w", kindName(kind), rec.ID, err)
		}
		if had && !local.dead() {
			res.Updated++
		} else {
			res.New++
		}
		countKind(res, rec.Kind)
		if kind == kindPlan {
			err = put(tx, bPlans, rel, val)
		} else if kind == kindFollowUp {
			_, err = putFollowUpVal(tx, rel, id, typed.(model.FollowUp), val, nil, nil)
		} else {
			_, err = putRecord(tx, kind, id, key, val, nil)
		}
		if err != nil {
			return err
		}
		if changed[k].plain == nil || changed[k].whole {
			if err := putRev(tx, revKey(rel, kind, id), rec, val, nil, nil); err != nil {
				return err
			}
		}
		if _, err := putTextValue(tx, textKey(rel, kind, id), out[i].text); err != nil {
			return err
		}
		add[partOf(id)] = append(add[partOf(id)], out[i].feats...)
		addTyped(&delta, typed)
	}
	if err := addFeatures(tx, rel, add); err != nil {
		return err
	}
	res.NothingNew = len(changed) == 0
	// The whole relationship, as the app will load it: links to records
	// deleted on one side are cleared, then it must be valid.
	f := delta // a relationship new here: every record is in delta
	if len(raws) > 0 {
		var err error
		if f, err = loadFullInTx(tx, localRel, model.Window{}); err != nil {
			return err
		}
	}
	fixed := withoutDangling(f)
	if err := relinked(tx, rel, f, fixed, &delta); err != nil {
		return err
	}
	if err := fixed.Validate(); err != nil {
		return fmt.Errorf("the bundle's records do not make a valid relationship: %w", err)
	}
	res.RelID, res.Name = fixed.Rel.ID, fixed.Rel.Other()
	// The conflicts now: those of the records left as they were, and of
	// the changed ones.
	kept := map[string]raw{}
	for k, r := range raws {
		if _, ok := changed[k]; !ok {
			kept[k] = r
		}
	}
	cs, err := conflictsOf(kept, sharedID)
	if err != nil {
		return err
	}
	res.Conflicts = len(cs)
	for _, c := range changed {
		res.Conflicts += len(c.rec.Conflicts())
	}
	if res.NothingNew {
		return nil
	}
	return refreshSummary(tx, rel, sumAll, nil)
}

// rebuilt is the record a change leaves, as stored: its shared fields
// (or value) with the local fields of mine, the journal's copy (nil: new
// here; a relationship new here gets role).
func rebuilt(c change, mine []byte, role model.Role, localRel model.ID, rel []byte, now time.Time) (val, key []byte, typed any, err error) {
	if c.whole {
		return rebuild(storeKind(c.rec.Kind), c.plain, rel, time.Time{})
	}
	if c.local != nil {
		mine = c.local
	}
	shared := c.plain
	if shared != nil {
		// A bundle never sets a local field (private notes, archived).
		if shared, err = model.StripLocal(c.rec.Kind, shared); err != nil {
			return nil, nil, nil, err
		}
	} else {
		if shared, err = model.Unflatten(c.rec.Shown()); err != nil {
			return nil, nil, nil, err
		}
	}
	if c.rec.Kind == model.KindRel && mine == nil {
		if mine, err = encode(model.Relationship{OwnerRole: role}); err != nil {
			return nil, nil, nil, err
		}
	}
	v, err := model.WithLocal(c.rec.Kind, shared, mine, c.rec.ID, localRel)
	if err != nil {
		return nil, nil, nil, err
	}
	return rebuild(storeKind(c.rec.Kind), v, rel, now)
}

// rebuild decodes a rebuilt record of kind, stamps its Updated (and its
// Created, for a record new here), checks it and encodes it as stored,
// with its key in its kind's bucket. With now zero (a record an import
// writes whole) it keeps the dates it has.
func rebuild(kind byte, v []byte, rel []byte, now time.Time) (val, key []byte, typed any, err error) {
	decodeJSON := func(v []byte, x any) error {
		if err := jsonv2.Unmarshal(v, x); err != nil {
			return fmt.Errorf("a value does not fit its field (%v)", err)
		}
		return nil
	}
	created := func(t *time.Time) {
		if t.IsZero() {
			*t = now
		}
	}
	touch := func(t *time.Time) {
		if !now.IsZero() {
			*t = now
		}
	}
	switch kind {
	case kindRel:
		var x model.Relationship
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			created(&x.Created)
			err, typed, key = x.Validate(), x, rel
		}
	case kindPlan:
		var x model.Plan
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			err, typed, key = x.Validate(), x, rel
		}
	case kindGoal:
		var x model.Goal
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			created(&x.Created)
			id, _ := idBytes(x.ID)
			err, typed, key = x.Validate(), x, key2(rel, id)
		}
	case kindRoadmap:
		var x model.RoadmapItem
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			created(&x.Created)
			id, _ := idBytes(x.ID)
			err, typed, key = x.Validate(), x, key3(rel, posKey(x.Position), id)
		}
	case kindSession:
		var x model.Session
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			created(&x.Created)
			id, _ := idBytes(x.ID)
			err, typed, key = x.Validate(), x, key3(rel, timeKey(x.Date), id)
		}
	case kindFollowUp:
		var x model.FollowUp
		if err = decodeJSON(v, &x); err == nil {
			touch(&x.Updated)
			created(&x.Created)
			id, _ := idBytes(x.ID)
			err, typed, key = x.Validate(), x, key3(rel, timeKey(x.Due), id)
		}
	case kindHealth:
		var x model.HealthCheck
		if err = decodeJSON(v, &x); err == nil {
			created(&x.Created)
			id, _ := idBytes(x.ID)
			err, typed, key = x.Validate(), x, key3(rel, timeKey(x.Date), id)
		}
	default:
		return nil, nil, nil, fmt.Errorf("unknown kind")
	}
	if err != nil {
		return nil, nil, nil, err
	}
	val, err = encode(typed)
	return val, key, typed, err
}

// textOf is the date and the search texts of a rebuilt record.
func textOf(x any) (time.Time, []text) {
	switch x := x.(type) {
	case model.Relationship:
		return time.Time{}, relTexts(x)
	case model.Plan:
		return time.Time{}, planTexts(x)
	case model.Goal:
		return x.Due, goalTexts(x)
	case model.RoadmapItem:
		return x.Date, roadmapTexts(x)
	case model.Session:
		return x.Date, sessionTexts(x)
	case model.FollowUp:
		return x.Due, followUpTexts(x)
	case model.HealthCheck:
		return x.Date, healthTexts(x)
	}
	return time.Time{}, nil
}

// addTyped puts a rebuilt record in its place in f.
func addTyped(f *model.Full, x any) {
	switch x := x.(type) {
	case model.Relationship:
		f.Rel = x
	case model.Plan:
		f.Plan = x
	case model.Goal:
		f.Goals = append(f.Goals, x)
	case model.RoadmapItem:
		f.Roadmap = append(f.Roadmap, x)
	case model.Session:
		f.Sessions = append(f.Sessions, x)
	case model.FollowUp:
		f.FollowUps = append(f.FollowUps, x)
	case model.HealthCheck:
		f.Health = append(f.Health, x)
	}
}

// withoutDangling is f with its links to records it does not hold
// cleared (model.Full.DropDanglingLinks), f itself left as it is.
func withoutDangling(f model.Full) model.Full {
	fixed := f
	fixed.Roadmap = slices.Clone(f.Roadmap)
	fixed.Sessions = slices.Clone(f.Sessions)
	fixed.FollowUps = slices.Clone(f.FollowUps)
	fixed.Plan.Closure.Evaluations = slices.Clone(f.Plan.Closure.Evaluations)
	fixed.DropDanglingLinks()
	return fixed
}

// relinked writes the records whose links DropDanglingLinks cleared (from
// f to fixed); their revisions keep the link, so both journals show it
// cleared alike until someone writes the field.
func relinked(tx *bolt.Tx, rel []byte, f, fixed model.Full, delta *model.Full) error {
	write := func(kind byte, id model.ID, key []byte, x any) error {
		raw, _ := idBytes(id)
		name := kindBucket(kind)
		if kind == kindPlan {
			raw, name = rel, bPlans
		}
		val, err := encode(x)
		if err != nil {
			return err
		}
		rv, err := get(tx, bRevs, revKey(rel, kind, raw))
		if err != nil {
			return err
		}
		old, err := unwrap(tx, name, key, tx.Bucket(name).Get(key))
		if err != nil {
			return err
		}
		rec, _, err := decodeRev(kind, raw, clone(rv), clone(old))
		if err != nil {
			return err
		}
		if kind == kindPlan {
			err = put(tx, bPlans, rel, val)
		} else {
			_, err = putRecord(tx, kind, raw, key, val, nil)
		}
		if err != nil {
			return err
		}
		return putRev(tx, revKey(rel, kind, raw), rec, val, nil, nil)
	}
	for i, x := range fixed.Roadmap {
		if x != f.Roadmap[i] {
			raw, _ := idBytes(x.ID)
			if err := write(kindRoadmap, x.ID, key3(rel, posKey(x.Position), raw), x); err != nil {
				return err
			}
		}
	}
	for i, x := range fixed.Sessions {
		if x.RoadmapID != f.Sessions[i].RoadmapID {
			raw, _ := idBytes(x.ID)
			if err := write(kindSession, x.ID, key3(rel, timeKey(x.Date), raw), x); err != nil {
				return err
			}
		}
	}
	for i, x := range fixed.FollowUps {
		if x.SessionID != f.FollowUps[i].SessionID {
			raw, _ := idBytes(x.ID)
			if err := write(kindFollowUp, x.ID, key3(rel, timeKey(x.Due), raw), x); err != nil {
				return err
			}
		}
	}
	if len(fixed.Plan.Closure.Evaluations) != len(f.Plan.Closure.Evaluations) {
		return write(kindPlan, "", rel, fixed.Plan)
	}
	return nil
}

// countKind counts a record of kind (model.Kind…) that a receive wrote
// or deleted.
func countKind(res *ReceiveResult, kind string) {
	if res.Kinds == nil {
		res.Kinds = map[string]int{}
	}
	res.Kinds[kind]++
}

// relFor finds the relationship of this journal a bundle is for, or makes
// room for a new one: the one an earlier exchange linked, or the one with
// the bundle's id, or the caller's (opt.Into: its names must match the
// bundle's unless the person chose it, opt.Chosen). With neither, when
// names match one not yet linked, it returns ErrWhichRelationship, with
// the candidates in res.
func (s *Store) relFor(tx *bolt.Tx, b model.Bundle, opt ReceiveOptions, res *ReceiveResult) (rel []byte, created bool, err error) {
	shared, _ := idBytes(b.RelID)
	var linked []byte
	c := tx.Bucket(bPartners).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var p model.Partner
		if err := decode(tx, bPartners, k, v, &p); err != nil {
			return nil, false, err
		}
		if p.SharedID == b.RelID {
			linked = clone(k)
		}
	}
	if linked == nil && tx.Bucket(bRels).Get(shared) != nil {
		linked = shared
	}
	var names struct {
		Mentor string `json:"mentor_name"`
		Mentee string `json:"mentee_name"`
	}
	for _, r := range b.Records {
		if r.Kind == model.KindRel && r.Value != nil {
			_ = json.Unmarshal(r.Value, &names)
		}
	}
	sameNames := func(r model.Relationship) bool {
		return model.SameName(r.MentorName, names.Mentor) && model.SameName(r.MenteeName, names.Mentee)
	}
	about := fmt.Sprintf("%s (mentor) and %s (mentee)", model.SanitizeLine(names.Mentor), model.SanitizeLine(names.Mentee))
	if opt.Into != "" {
		into, ok := idBytes(opt.Into)
		if !ok || tx.Bucket(bRels).Get(into) == nil {
			return nil, false, notFound("relationship", opt.Into)
		}
		r, err := relAt(tx, into)
		if err != nil {
			return nil, false, err
		}
		if linked != nil && !bytes.Equal(into, linked) {
			other, err := relAt(tx, linked)
			if err != nil {
				return nil, false, err
			}
			return nil, false, fmt.Errorf("this bundle is about your relationship with %s (an earlier exchange linked them), not the one with %s: receive it there", model.SanitizeLine(other.Other()), model.SanitizeLine(r.Other()))
		}
		if linked == nil {
			p, _, err := partnerOf(tx, into)
			if err != nil {
				return nil, false, err
			}
			if p.SharedID != "" && p.SharedID != b.RelID {
				return nil, false, fmt.Errorf("this bundle is about %s, not your relationship with %s, which already exchanges with its own partner", about, model.SanitizeLine(r.Other()))
			}
			if !opt.Chosen && !sameNames(r) {
				return nil, false, fmt.Errorf("this bundle is about %s, not your relationship with %s: receive it with `mentorlog receive FILE`, which adds it or asks which one it is", about, model.SanitizeLine(r.Other()))
			}
		}
		return into, false, nil
	}
	if linked != nil {
		if opt.New {
			r, err := relAt(tx, linked)
			if err != nil {
				return nil, false, err
			}
			return nil, false, fmt.Errorf("this bundle is about your relationship with %s, linked by an earlier exchange: --new cannot make a second copy of it; receive it without --new", model.SanitizeLine(r.Other()))
		}
		return linked, false, nil
	}
	if l, err := locate(tx, shared); err != nil {
		return nil, false, err
	} else if l.kind != 0 {
		return nil, false, fmt.Errorf("the bundle's relationship id %s is used by a %s in this journal", b.RelID, kindName(l.kind))
	}
	if !opt.New {
		rc := tx.Bucket(bRels).Cursor()
		for k, v := rc.First(); k != nil; k, v = rc.Next() {
			var r model.Relationship
			if err := decode(tx, bRels, k, v, &r); err != nil {
				return nil, false, err
			}
			if sameNames(r) {
				res.Candidates = append(res.Candidates, r)
			}
		}
		if len(res.Candidates) > 0 {
			return nil, false, fmt.Errorf("%w: this journal has a relationship of %s that no exchange has linked yet: say which one it is, or that it is a new one", ErrWhichRelationship, about)
		}
	}
	return shared, true, nil
}

// sharedIDOf is the id bundles give relationship rel.
func sharedIDOf(tx *bolt.Tx, rel []byte) (model.ID, error) {
	p, ok, err := partnerOf(tx, rel)
	if err != nil || !ok || p.SharedID == "" {
		return idOf(rel), err
	}
	return p.SharedID, nil
}

// Exchange tells what the journal knows of a relationship's exchanges:
// this journal's id, the partner, and the open conflicts (fields two
// journals wrote without knowing of each other, and records edited on one
// side while deleted on the other). The relationship and plan are named
// by the relationship's own id.
func (s *Store) Exchange(ctx context.Context, relID model.ID) (model.Exchange, error) {
	var ex model.Exchange
	err := s.read(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(relID)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", relID)
		}
		var err error
		if ex.Me, err = journalID(tx); err != nil {
			return err
		}
		if ex.Partner, ex.Known, err = partnerOf(tx, rel); err != nil {
			return err
		}
		sid := idOf(rel)
		if ex.Partner.SharedID != "" {
			sid = ex.Partner.SharedID
		}
		raws, err := rawsOf(tx, rel, sid)
		if err != nil {
			return err
		}
		cs, err := conflictsOf(raws, sid)
		for _, c := range cs {
			if c.Kind == model.KindRel || c.Kind == model.KindPlan {
				c.ID = relID
			}
			ex.Conflicts = append(ex.Conflicts, c)
		}
		return err
	})
	model.SortConflicts(ex.Conflicts)
	return ex, err
}

// Resolve ends a conflict with value: one of its versions' values, or a
// value combining them (for a record or list item, model.Alive keeps it
// and model.Deleted deletes it). The choice is an edit made knowing of
// every version, so it travels with the next exchange and ends the
// conflict on the other side too.
func (s *Store) Resolve(ctx context.Context, relID model.ID, c model.Conflict, value json.RawMessage) error {
	if value != nil && !json.Valid(value) {
		return fmt.Errorf("the value chosen is not valid: nothing was changed")
	}
	return s.change(ctx, func(t *txn) error {
		rel, ok := idBytes(relID)
		if !ok || t.tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", relID)
		}
		sid, err := sharedIDOf(t.tx, rel)
		if err != nil {
			return err
		}
		raws, err := rawsOf(t.tx, rel, sid)
		if err != nil {
			return err
		}
		id := c.ID
		if c.Kind == model.KindRel || c.Kind == model.KindPlan {
			id = sid
		}
		key := model.Key(c.Kind, id)
		x, ok := raws[key]
		var rec model.Record
		if ok {
			if rec, err = x.record(sid); err != nil {
				return err
			}
		}
		if !ok || !rec.Fields[c.Path].Conflict() || !model.SameVersions(rec.Fields[c.Path], c.Versions) {
			return fmt.Errorf("that conflict was resolved or changed meanwhile (a bundle came in): look at it again; nothing was changed")
		}
		st, err := t.stamp()
		if err != nil {
			return err
		}
		rec.Fields[c.Path] = rec.Fields[c.Path].Write(value, st.peer, st.at)
		var res ReceiveResult
		if err := apply(t.tx, rel, sid, raws, map[string]change{key: {rec: rec}}, "", t.now, &res); err != nil {
			return err
		}
		p, ok, err := partnerOf(t.tx, rel)
		if err != nil || !ok {
			return err
		}
		p.Conflicts = res.Conflicts
		return putPartner(t.tx, rel, p)
	})
}

// importMerged writes relationship f of an archive that carries its
// records' revisions (version 2) as receive merges a bundle: a record the
// journal holds is merged with the archive's copy field by field, so an
// older copy changes nothing (Kept) and edits made apart are all kept, as
// a conflict when two are of one field; a record new here is written as
// the archive holds it, with its revisions. The local fields (private
// notes, archived) of a record the journal holds come from the copy
// updated last (keepPrivate first keeps the journal's private notes where
// the archive has none).
//
// A record deleted here comes back, as an edit of this journal (st), so
// the next exchange brings it back on the other side too: an export holds
// no deletions, and the person importing it chose to.
func importMerged(tx *bolt.Tx, f *model.Full, shared bool, res *ImportResult, pending *pendingIndex, st *stamp, now time.Time) error {
	rel, _ := idBytes(f.Rel.ID)
	raws, err := rawsOf(tx, rel, f.Rel.ID)
	if err != nil {
		return err
	}
	revs := make(map[string][]byte, len(f.Revisions))
	for _, r := range f.Revisions {
		revs[model.Key(r.Kind, r.ID)] = r.Rev
	}
	if len(raws) == 0 {
		return importNew(tx, f, shared, res, pending, revs, now)
	}
	if err := keepPrivate(tx, f, shared); err != nil {
		return err
	}
	// Nor does it change this journal's role in a relationship it holds
	// (a full export from the partner's journal has theirs).
	if old := tx.Bucket(bRels).Get(rel); old != nil {
		var r model.Relationship
		if err := decode(tx, bRels, rel, old, &r); err != nil {
			return err
		}
		f.Rel.OwnerRole = r.OwnerRole
	}
	changed := map[string]change{}
	var newest uint64
	err = eachRecord(f, func(kind string, id model.ID, val []byte, updated time.Time) error {
		key := model.Key(kind, id)
		rv := revs[key]
		local, had := raws[key]
		if had && !local.dead() && bytes.Equal(local.val, val) && bytes.Equal(local.rev, rv) {
			res.Unchanged++
			return nil
		}
		sk := storeKind(kind)
		idb, _ := idBytes(id)
		remote, err := archiveRev(sk, idb, rv, val)
		if err != nil {
			return err
		}
		newest = max(newest, clockMax(remote))
		if !had {
			changed[key] = change{rec: remote, plain: val, whole: true}
			return nil
		}
		mine, err := local.record(f.Rel.ID)
		if err != nil {
			return err
		}
		merged := mine.Merge(remote)
		if local.dead() {
			fields, err := model.Flatten(kind, val)
			if err != nil {
				return err
			}
			changed[key] = change{rec: merged.Edit(fields, st.peer, st.at), plain: val, whole: true}
			return nil
		}
		var keep []byte // the copy whose local fields stay: nil, the journal's
		if !shared {
			newer, err := keptNewer(tx, sk, idb, updated)
			if err != nil {
				return err
			}
			if !newer {
				keep = val
			}
		}
		if merged.Equal(mine) && keep != nil {
			// The archive's copy would only bring its local fields: none
			// to bring when they are the journal's already (a record in
			// conflict differs in its shared fields at every import).
			same, err := sameLocal(kind, local.val, keep, id, f.Rel.ID)
			if err != nil {
				return err
			}
			if same {
				keep = nil
			}
		}
		if merged.Equal(mine) && keep == nil {
			res.Kept++ // the journal holds all the archive's copy knew
			return nil
		}
		changed[key] = change{rec: merged, local: keep}
		return nil
	}, func(i int, x model.Session) error {
		if err := reviewsOwn(tx, rel, x); err != nil {
			return model.Prefixed(fmt.Sprintf("sessions[%d]", i), err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := seenBefore(tx, newest, now, "the export", "export"); err != nil {
		return err
	}
	for k := range changed {
		if strings.HasPrefix(k, model.KindRel+"/") {
			res.Relationships++
		} else {
			res.Records++
		}
	}
	var got ReceiveResult
	if err := apply(tx, rel, f.Rel.ID, raws, changed, f.Rel.OwnerRole, now, &got); err != nil {
		return err
	}
	res.Conflicts += got.Conflicts
	return nil
}

// sameLocal reports whether a and b, two copies of a record of kind, have
// the same local fields (model.WithLocal), the times it was made and
// changed aside: a write stamps those anew anyway.
func sameLocal(kind string, a, b []byte, id, rel model.ID) (bool, error) {
	shared, err := model.StripLocal(kind, a)
	if err != nil {
		return false, err
	}
	var fields [2]map[string]jsontext.Value
	for i, v := range [][]byte{a, b} {
		x, err := model.WithLocal(kind, shared, v, id, rel)
		if err != nil {
			return false, err
		}
		if err := jsonv2.Unmarshal(x, &fields[i]); err != nil {
			return false, err
		}
		delete(fields[i], "created")
		delete(fields[i], "updated")
	}
	return maps.EqualFunc(fields[0], fields[1], func(x, y jsontext.Value) bool { return bytes.Equal(x, y) }), nil
}

// importNew writes relationship f, of which the journal holds nothing (no
// record, no tombstone), as an archive without revisions is written, and
// then the archive's revisions as they are: no merge is needed, and this
// way is as fast as a version 1 import (a merge of every record costs
// 2.5 times as much). From a shared export (the partner's) it takes the
// other party's role; from a full one (this person's, moving journals),
// the file's.
func importNew(tx *bolt.Tx, f *model.Full, shared bool, res *ImportResult, pending *pendingIndex, revs map[string][]byte, now time.Time) error {
	rel, _ := idBytes(f.Rel.ID)
	var newest uint64
	var puts [][2][]byte
	if len(revs) > 0 {
		if err := eachRecord(f, func(kind string, id model.ID, val []byte, _ time.Time) error {
			rv := revs[model.Key(kind, id)]
			if rv == nil {
				return nil
			}
			sk := storeKind(kind)
			idb, _ := idBytes(id)
			rec, err := archiveRev(sk, idb, rv, val)
			if err != nil {
				return err
			}
			newest = max(newest, clockMax(rec))
			puts = append(puts, [2][]byte{revKey(rel, sk, idb), rv})
			return nil
		}, nil); err != nil {
			return err
		}
	}
	if err := seenBefore(tx, newest, now, "the export", "export"); err != nil {
		return err
	}
	if shared && f.Rel.OwnerRole.ValidParty() {
		// A shared export is for the partner: as a first receive does,
		// the relationship comes in with the other party's role.
		f.Rel.OwnerRole = f.Rel.OwnerRole.Opposite()
	}
	changed, err := importFull(tx, f, shared, res, pending, nil)
	if err != nil {
		return err
	}
	if changed {
		if err := textsOfFull(tx, *f); err != nil {
			return err
		}
	}
	slices.SortFunc(puts, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
	for _, kv := range puts {
		if err := put(tx, bRevs, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// archiveRev reads the revisions rv an archive gives a record whose value
// is val (none: the record as old as the file).
func archiveRev(kind byte, id, rv, val []byte) (model.Record, error) {
	rec, _, err := decodeRev(kind, id, rv, val)
	if err != nil {
		return model.Record{}, fmt.Errorf("the revisions of %s %s do not fit it: the export is damaged or was changed after it was written; export it again", kindName(kind), idOf(id))
	}
	return rec, nil
}

// eachRecord calls fn with every record of f, in LoadFull's order, as
// stored (the items of plans and goals named), and session, when not nil,
// with each session first.
func eachRecord(f *model.Full, fn func(kind string, id model.ID, val []byte, updated time.Time) error, session func(i int, x model.Session) error) error {
	add := func(kind string, id model.ID, x any, updated time.Time) error {
		val, err := encode(x)
		if err != nil {
			return err
		}
		return fn(kind, id, val, updated)
	}
	f.Plan.NameItems(time.Time{}, true)
	if err := add(model.KindRel, f.Rel.ID, f.Rel, f.Rel.Updated); err != nil {
		return err
	}
	if err := add(model.KindPlan, f.Rel.ID, f.Plan, f.Plan.Updated); err != nil {
		return err
	}
	for _, x := range f.Goals {
		x.NameItems(time.Time{}, true)
		if err := add(model.KindGoal, x.ID, x, x.Updated); err != nil {
			return err
		}
	}
	for _, x := range f.Roadmap {
		if err := add(model.KindRoadmap, x.ID, x, x.Updated); err != nil {
			return err
		}
	}
	for i, x := range f.Sessions {
		if session != nil {
			if err := session(i, x); err != nil {
				return err
			}
		}
		if err := add(model.KindSession, x.ID, x, x.Updated); err != nil {
			return err
		}
	}
	for _, x := range f.FollowUps {
		if err := add(model.KindFollowUp, x.ID, x, x.Updated); err != nil {
			return err
		}
	}
	for _, x := range f.Health {
		if err := add(model.KindHealth, x.ID, x, x.Created); err != nil {
			return err
		}
	}
	return nil
}

// clockMax is the newest clock reading in rec.
func clockMax(rec model.Record) uint64 {
	var at uint64
	for _, reg := range rec.Fields {
		for _, v := range reg {
			at = max(at, v.Clock.Max())
		}
	}
	return at
}

// seenBefore moves the journal's clock past newest, a reading from what
// another journal wrote, unless it is more than a day ahead of now: then
// that laptop's clock is wrong, and taking it would stamp every later
// edit ahead of both.
func seenBefore(tx *bolt.Tx, newest uint64, now time.Time, what, again string) error {
	if newest > model.HLC(0, now.Add(24*time.Hour).UnixMilli()) {
		return fmt.Errorf("%s was written with a clock more than a day ahead of this laptop's: check the date and time on both laptops, then %s again", what, again)
	}
	return seen(tx, newest)
}
