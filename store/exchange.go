package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/bundle"
	"mentorlog/model"
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
	err = s.write(ctx, func(tx *bolt.Tx) error {
		secret, err := identity(tx)
		if err != nil {
			return err
		}
		if recipient, err = bundle.RecipientOf(secret); err != nil {
			return fail(ErrDamaged, err, "the journal is damaged: its identity cannot be read (%v); restore the journal from a backup", err)
		}
		journal, err = journalID(tx)
		return err
	})
	return journal, recipient, err
}

// identity returns the journal's secret key, making it in a write
// transaction the first time.
func identity(tx *bolt.Tx) (string, error) {
	m := tx.Bucket(bMeta)
	if v := m.Get(kIdentity); v != nil {
		return string(v), nil
	}
	if !tx.Writable() {
		return "", fmt.Errorf("this journal has no identity yet: run `mentorlog id` once")
	}
	secret, _, err := bundle.NewIdentity()
	if err != nil {
		return "", err
	}
	return secret, m.Put(kIdentity, []byte(secret))
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

// held is a record as this journal holds it: its value (nil for a
// tombstone) and where it is stored.
type held struct {
	kind byte
	id   []byte
	key  []byte // in its kind's bucket; nil for a tombstone
	val  []byte // the record's value, or a tombstone's last value
	dead bool
}

// sharedOf reads the shared state of relationship rel, naming the
// relationship and its plan by sharedID.
func sharedOf(tx *bolt.Tx, rel []byte, sharedID model.ID) (model.Shared, map[string]held, error) {
	state := model.Shared{}
	hold := map[string]held{}
	revs := tx.Bucket(bRevs)
	add := func(kind byte, id, key, val []byte) error {
		raw, err := get(tx, bRevs, revKey(rel, kind, id))
		if err != nil {
			return err
		}
		rec, _, err := decodeRev(kind, id, raw, val)
		if err != nil {
			return err
		}
		if kind == kindRel || kind == kindPlan {
			rec.ID = sharedID
		}
		k := model.Key(rec.Kind, rec.ID)
		state[k] = rec
		hold[k] = held{kind: kind, id: clone(id), key: clone(key), val: clone(val)}
		return nil
	}
	if v, err := get(tx, bRels, rel); err != nil {
		return nil, nil, err
	} else if v != nil {
		if err := add(kindRel, rel, rel, v); err != nil {
			return nil, nil, err
		}
	}
	if v, err := get(tx, bPlans, rel); err != nil {
		return nil, nil, err
	} else if v != nil {
		if err := add(kindPlan, rel, rel, v); err != nil {
			return nil, nil, err
		}
	}
	for _, kind := range []byte{kindGoal, kindRoadmap, kindSession, kindFollowUp, kindHealth} {
		name := kindBucket(kind)
		c := tx.Bucket(name).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			p, err := unwrap(name, k, v)
			if err != nil {
				return nil, nil, err
			}
			if err := add(kind, k[len(k)-16:], k, p); err != nil {
				return nil, nil, err
			}
		}
	}
	// Tombstones: revisions of records no longer stored.
	c := revs.Cursor()
	for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
		if len(k) != 33 {
			return nil, nil, damagedValue(bRevs, k)
		}
		kind, id := k[16], k[17:]
		mk := modelKind(kind)
		if mk == "" {
			return nil, nil, damagedValue(bRevs, k)
		}
		rid := idOf(id)
		if kind == kindRel || kind == kindPlan {
			rid = sharedID
		}
		if _, ok := state[model.Key(mk, rid)]; ok {
			continue
		}
		raw, err := unwrap(bRevs, k, v)
		if err != nil {
			return nil, nil, err
		}
		rec, last, err := decodeRev(kind, id, raw, nil)
		if err != nil {
			return nil, nil, err
		}
		rec.ID = rid
		key := model.Key(mk, rid)
		state[key] = rec
		hold[key] = held{kind: kind, id: clone(id), val: last, dead: true}
	}
	return state, hold, nil
}

// Share writes the shared state of a relationship as a bundle sealed to
// its partner, through write (which writes the file), and notes the time
// it was sent. to is the partner's recipient; it is needed only until the
// first exchange, and is remembered.
func (s *Store) Share(ctx context.Context, relID model.ID, to string, write func(sealed io.Reader) error) error {
	return s.write(ctx, func(tx *bolt.Tx) error {
		rel, ok := idBytes(relID)
		if !ok || tx.Bucket(bRels).Get(rel) == nil {
			return notFound("relationship", relID)
		}
		var r model.Relationship
		if err := decode(bRels, rel, tx.Bucket(bRels).Get(rel), &r); err != nil {
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
			p.Recipient = to
		}
		if p.Recipient == "" {
			return fmt.Errorf("this journal does not know %s's recipient yet: ask them to run `mentorlog id` and share with --to age1…; after the first exchange it is remembered", model.SanitizeLine(r.Other()))
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
		state, _, err := sharedOf(tx, rel, p.SharedID)
		if err != nil {
			return err
		}
		now := s.now()
		b := model.Bundle{Format: model.BundleFormat, Version: model.BundleVersion, From: me, Recipient: from,
			Party: r.OwnerRole, To: p.Journal, RelID: p.SharedID, Written: now.UTC()}
		keys := make([]string, 0, len(state))
		for k := range state {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.Records = append(b.Records, state[k])
		}
		if !b.Party.ValidParty() {
			b.Party = model.RoleMentor // a peer relationship: the owner writes as the mentor side
		}
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(bundle.Seal(pw, b, p.Recipient)) }()
		err = write(pr)
		pr.CloseWithError(err)
		if err != nil {
			return err
		}
		p.Sent = now
		return putPartner(tx, rel, p)
	})
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
	if err := s.write(ctx, func(tx *bolt.Tx) error {
		var err error
		secret, err = identity(tx)
		return err
	}); err != nil {
		return res, err
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
		return fmt.Errorf("this bundle was written for another journal (%s), not this one (%s)", b.To, me)
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
	p.SharedID = b.RelID
	if p.Journal == "" {
		p.Journal = b.From
	}
	if p.Recipient == "" || p.Journal == b.From {
		p.Recipient = b.Recipient
	}
	local, hold, err := sharedOf(tx, rel, b.RelID)
	if err != nil {
		return err
	}
	remote := model.Shared{}
	for _, r := range b.Records {
		remote[model.Key(r.Kind, r.ID)] = model.Record{Kind: r.Kind, ID: r.ID}.Merge(r)
	}
	for _, r := range local {
		res.ConflictsBefore += len(r.Conflicts())
	}
	merged := local.Merge(remote)
	f, err := apply(tx, rel, b.RelID, local, hold, merged, other(b.Party), now, res)
	if err != nil {
		return err
	}
	res.Resolved = max(0, res.ConflictsBefore-res.Conflicts)
	if err := seen(tx, merged.Newest()); err != nil {
		return err
	}
	res.RelID, res.Name, res.Created = f.Rel.ID, f.Rel.Other(), created
	p.Received = now
	p.Conflicts = res.Conflicts
	p.Brought = "nothing new"
	if !res.NothingNew {
		p.Brought = fmt.Sprintf("%d new, %d updated, %d deleted", res.New, res.Updated, res.Deleted)
	}
	return putPartner(tx, rel, p)
}

// apply writes merged, the new shared state of relationship rel (local is
// what the journal held, hold where), in the transaction: every record
// rebuilt with the journal's own local fields (role for a relationship
// new to it), checked as a whole, and what changed written with its
// revisions; records no longer alive are deleted and kept as tombstones.
func apply(tx *bolt.Tx, rel []byte, sharedID model.ID, local model.Shared, hold map[string]held, merged model.Shared, role model.Role, now time.Time, res *ReceiveResult) (model.Full, error) {
	var f model.Full

	// Rebuild every record that is alive, as the app would load it.
	localRel := idOf(rel)
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rec := merged[k]
		if !rec.Alive() {
			continue
		}
		shared, err := model.Unflatten(rec.Shown())
		if err != nil {
			return f, err
		}
		mine := hold[k].val
		if hold[k].dead {
			mine = nil
		}
		if rec.Kind == model.KindRel && mine == nil {
			stub := model.Relationship{OwnerRole: role, Updated: now}
			if mine, err = encode(stub); err != nil {
				return f, err
			}
		}
		v, err := model.WithLocal(rec.Kind, shared, mine, rec.ID, localRel)
		if err != nil {
			return f, err
		}
		if err := addTo(&f, rec.Kind, v); err != nil {
			return f, fmt.Errorf("the bundle's %s %s cannot be read: %v", rec.Kind, rec.ID, err)
		}
	}
	if f.Rel.ID == "" {
		return f, fmt.Errorf("the bundle holds no relationship record")
	}
	if f.Plan.RelID == "" {
		f.Plan = model.Plan{RelID: f.Rel.ID}
	}
	f.DropDanglingLinks()
	if err := f.Validate(); err != nil {
		return f, fmt.Errorf("the bundle's records do not make a valid relationship: %w", err)
	}
	vals, err := encodeFull(f, rel, sharedID)
	if err != nil {
		return f, err
	}

	// Write what changed: records, their revisions, tombstones.
	for _, k := range keys {
		rec := merged[k]
		h, had := hold[k]
		changed := !had || !rec.Equal(local[k])
		kind := storeKind(rec.Kind)
		id := h.id
		if !had {
			if kind == kindRel || kind == kindPlan {
				id = rel
			} else {
				id, _ = idBytes(rec.ID)
			}
		}
		rb, alive := vals[k]
		val := rb.val
		wasAlive := had && !h.dead
		switch {
		case alive && wasAlive && bytes.Equal(val, h.val) && !changed:
			continue
		case alive:
			if !wasAlive {
				res.New++
			} else if changed {
				res.Updated++
			}
			if err := writeMerged(tx, kind, rel, id, rb); err != nil {
				return f, err
			}
			rv, err := encodeRev(rec, val, nil)
			if err != nil {
				return f, err
			}
			if err := put(tx, bRevs, revKey(rel, kind, id), rv); err != nil {
				return f, err
			}
		default: // not alive now
			last := h.val
			if wasAlive {
				res.Deleted++
				if _, err := deleteRecord(tx, kind, idOf(id), nil); err != nil {
					return f, err
				}
				if err := deleteText(tx, rel, kind, id); err != nil {
					return f, err
				}
			} else if !changed {
				continue
			}
			if shared, err := model.Unflatten(rec.Shown()); err == nil && (last == nil || changed) {
				if last, err = model.WithLocal(rec.Kind, shared, last, rec.ID, localRel); err != nil {
					return f, err
				}
			}
			rv, err := encodeRev(rec, nil, last)
			if err != nil {
				return f, err
			}
			if err := put(tx, bRevs, revKey(rel, kind, id), rv); err != nil {
				return f, err
			}
		}
	}
	for _, r := range merged {
		res.Conflicts += len(r.Conflicts())
	}
	res.NothingNew = res.New == 0 && res.Updated == 0 && res.Deleted == 0 && merged.Equal(local)
	if !res.NothingNew {
		if err := refreshSummary(tx, rel, sumAll); err != nil {
			return f, err
		}
		if err := textsOfFull(tx, f); err != nil {
			return f, err
		}
	}
	return f, nil
}

// relFor finds the relationship of this journal a bundle is for, or makes
// room for a new one: by the link of an earlier exchange, by id, by the
// caller's choice, or, when names match one not yet linked, not at all
// (ErrWhichRelationship, with the candidates in res).
func (s *Store) relFor(tx *bolt.Tx, b model.Bundle, opt ReceiveOptions, res *ReceiveResult) (rel []byte, created bool, err error) {
	shared, _ := idBytes(b.RelID)
	var linked []byte
	c := tx.Bucket(bPartners).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var p model.Partner
		if err := decode(bPartners, k, v, &p); err != nil {
			return nil, false, err
		}
		if p.SharedID == b.RelID {
			linked = clone(k)
		}
	}
	switch {
	case linked != nil:
		return linked, false, nil
	case tx.Bucket(bRels).Get(shared) != nil:
		return shared, false, nil
	case opt.Into != "":
		into, ok := idBytes(opt.Into)
		if !ok || tx.Bucket(bRels).Get(into) == nil {
			return nil, false, notFound("relationship", opt.Into)
		}
		return into, false, nil
	}
	if l, err := locate(tx, shared); err != nil {
		return nil, false, err
	} else if l.kind != 0 {
		return nil, false, fmt.Errorf("the bundle's relationship id %s is used by a %s in this journal", b.RelID, kindName(l.kind))
	}
	if !opt.New {
		var names struct {
			Mentor string `json:"mentor_name"`
			Mentee string `json:"mentee_name"`
		}
		for _, r := range b.Records {
			if r.Kind == model.KindRel {
				shown := r.Shown()
				_ = json.Unmarshal(shown["mentor_name"], &names.Mentor)
				_ = json.Unmarshal(shown["mentee_name"], &names.Mentee)
			}
		}
		rc := tx.Bucket(bRels).Cursor()
		for k, v := rc.First(); k != nil; k, v = rc.Next() {
			var r model.Relationship
			if err := decode(bRels, k, v, &r); err != nil {
				return nil, false, err
			}
			if strings.EqualFold(r.MentorName, names.Mentor) && strings.EqualFold(r.MenteeName, names.Mentee) {
				res.Candidates = append(res.Candidates, r)
			}
		}
		if len(res.Candidates) > 0 {
			return nil, false, fmt.Errorf("%w: this journal has a relationship of %s and %s that no exchange has linked yet: say which one it is, or that it is a new one", ErrWhichRelationship, model.SanitizeLine(names.Mentor), model.SanitizeLine(names.Mentee))
		}
	}
	return shared, true, nil
}

func other(r model.Role) model.Role {
	if r == model.RoleMentee {
		return model.RoleMentor
	}
	return model.RoleMentee
}

// addTo decodes a rebuilt record of kind into its place in f.
func addTo(f *model.Full, kind string, v []byte) error {
	switch kind {
	case model.KindRel:
		return json.Unmarshal(v, &f.Rel)
	case model.KindPlan:
		return json.Unmarshal(v, &f.Plan)
	case model.KindGoal:
		return appendJSON(&f.Goals, v)
	case model.KindRoadmap:
		return appendJSON(&f.Roadmap, v)
	case model.KindSession:
		return appendJSON(&f.Sessions, v)
	case model.KindFollowUp:
		return appendJSON(&f.FollowUps, v)
	case model.KindHealth:
		return appendJSON(&f.Health, v)
	}
	return fmt.Errorf("unknown kind %q", kind)
}

func appendJSON[T any](dst *[]T, v []byte) error {
	var x T
	if err := json.Unmarshal(v, &x); err != nil {
		return err
	}
	*dst = append(*dst, x)
	return nil
}

// rebuilt is a record of a merged relationship as the store keeps it.
type rebuilt struct {
	val []byte
	key []byte          // in its kind's bucket
	fu  *model.FollowUp // a follow-up, for its open index
}

// encodeFull encodes every record of f as the store keeps it, by
// model.Key, the relationship and plan under sharedID.
func encodeFull(f model.Full, rel []byte, sharedID model.ID) (map[string]rebuilt, error) {
	out := map[string]rebuilt{}
	var err error
	add := func(kind string, id model.ID, key func(id []byte) []byte, x any) {
		if err != nil {
			return
		}
		var r rebuilt
		if r.val, err = encode(x); err != nil {
			return
		}
		raw, _ := idBytes(id)
		r.key = key(raw)
		if fu, ok := x.(model.FollowUp); ok {
			r.fu = &fu
		}
		if kind == model.KindRel || kind == model.KindPlan {
			id = sharedID
		}
		out[model.Key(kind, id)] = r
	}
	add(model.KindRel, f.Rel.ID, func([]byte) []byte { return rel }, f.Rel)
	add(model.KindPlan, f.Rel.ID, func([]byte) []byte { return rel }, f.Plan)
	for _, x := range f.Goals {
		add(model.KindGoal, x.ID, func(id []byte) []byte { return key2(rel, id) }, x)
	}
	for _, x := range f.Roadmap {
		add(model.KindRoadmap, x.ID, func(id []byte) []byte { return key3(rel, posKey(x.Position), id) }, x)
	}
	for _, x := range f.Sessions {
		add(model.KindSession, x.ID, func(id []byte) []byte { return key3(rel, timeKey(x.Date), id) }, x)
	}
	for _, x := range f.FollowUps {
		add(model.KindFollowUp, x.ID, func(id []byte) []byte { return key3(rel, timeKey(x.Due), id) }, x)
	}
	for _, x := range f.Health {
		add(model.KindHealth, x.ID, func(id []byte) []byte { return key3(rel, timeKey(x.Date), id) }, x)
	}
	return out, err
}

// writeMerged stores one rebuilt record.
func writeMerged(tx *bolt.Tx, kind byte, rel, id []byte, r rebuilt) error {
	switch kind {
	case kindPlan:
		return put(tx, bPlans, rel, r.val)
	case kindFollowUp:
		_, err := putFollowUp(tx, rel, id, *r.fu, nil, nil)
		return err
	}
	_, err := putRecord(tx, kind, id, r.key, r.val, nil)
	return err
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
		state, _, err := sharedOf(tx, rel, sid)
		if err != nil {
			return err
		}
		for _, r := range state {
			for _, c := range r.Conflicts() {
				if c.Kind == model.KindRel || c.Kind == model.KindPlan {
					c.ID = relID
				}
				ex.Conflicts = append(ex.Conflicts, c)
			}
		}
		return nil
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
		local, hold, err := sharedOf(t.tx, rel, sid)
		if err != nil {
			return err
		}
		id := c.ID
		if c.Kind == model.KindRel || c.Kind == model.KindPlan {
			id = sid
		}
		key := model.Key(c.Kind, id)
		rec, ok := local[key]
		if !ok || !rec.Fields[c.Path].Conflict() {
			return fmt.Errorf("that conflict is no longer open (it was resolved or changed meanwhile): nothing was changed")
		}
		st, err := t.stamp()
		if err != nil {
			return err
		}
		next := model.Record{Kind: rec.Kind, ID: rec.ID, Fields: map[string]model.Register{}}
		for p, reg := range rec.Fields {
			next.Fields[p] = reg
		}
		next.Fields[c.Path] = rec.Fields[c.Path].Write(value, st.peer, st.at)
		merged := model.Shared{}
		for k, r := range local {
			merged[k] = r
		}
		merged[key] = next
		var res ReceiveResult
		if _, err = apply(t.tx, rel, sid, local, hold, merged, "", t.now, &res); err != nil {
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
